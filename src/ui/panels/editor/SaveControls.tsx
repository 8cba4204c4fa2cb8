// Save and Save as: the editor's text into the user's library (kept in this browser).
import { useState } from 'react';
import { useAppState, useController } from '../../context.ts';
import { libraryId } from '../../controller/library.ts';
import { MAX_LIBRARY_NAME } from '../../persist/library.ts';

export function SaveControls() {
  const c = useController();
  const id = useAppState((s) => libraryId(s.draftKey));
  const entry = useAppState((s) => s.library.find((e) => e.id === id) ?? null);
  const changed = useAppState((s) => entry !== null && s.draft !== entry.text);
  const [naming, setNaming] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async () => {
    if (naming === null) return;
    const p = await c.library.saveAs(naming);
    setProblem(p);
    if (p === null) setNaming(null);
  };
  if (naming !== null)
    return (
      <form
        className="save-as"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <input
          aria-label="Name in your library"
          placeholder="name in your library"
          value={naming}
          maxLength={MAX_LIBRARY_NAME}
          autoFocus
          onChange={(e) => setNaming(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setNaming(null);
          }}
          aria-invalid={problem !== null}
          aria-describedby={problem !== null ? 'save-as-problem' : undefined}
        />
        <button type="submit" className="primary">
          Save
        </button>
        <button type="button" onClick={() => setNaming(null)}>
          Cancel
        </button>
        {problem !== null && (
          <span id="save-as-problem" className="err small" role="alert">
            {problem}
          </span>
        )}
      </form>
    );
  return (
    <div className="save-bar">
      {entry && (
        <>
          <span className="muted small" title="The editor's text is this scenario of your library">
            your library: <b>{entry.name}</b>
            {changed ? ' · not saved' : ''}
          </span>
          <button type="button" disabled={!changed} onClick={() => void c.library.save()} title="Save the text into this scenario of your library">
            Save
          </button>
        </>
      )}
      <button
        type="button"
        onClick={() => {
          setProblem(null);
          setNaming('');
        }}
        title="Keep the editor's text in your library (this browser), listed in the scenario picker"
      >
        Save as…
      </button>
    </div>
  );
}
