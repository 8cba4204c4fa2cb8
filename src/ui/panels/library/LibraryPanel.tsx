// The user's own scenarios kept in this browser: open, rename, delete.
import { useState } from 'react';
import { useAppState, useController, useLoading } from '../../context.ts';
import type { LibraryEntry } from '../../persist/library.ts';

function scenarioName(text: string): string | null {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && 'name' in v && typeof v.name === 'string' ? v.name : null;
  } catch {
    return null;
  }
}

function Row({ e, current }: { e: LibraryEntry; current: boolean }) {
  const c = useController();
  const loading = useLoading();
  const [naming, setNaming] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  const slug = scenarioName(e.text);
  if (naming !== null)
    return (
      <li className="lib-row">
        <form
          className="save-as"
          onSubmit={(ev) => {
            ev.preventDefault();
            void c.library.rename(e.id, naming).then((p) => {
              setProblem(p);
              if (p === null) setNaming(null);
            });
          }}
        >
          <input aria-label={`New name for ${e.name}`} value={naming} autoFocus onChange={(ev) => setNaming(ev.target.value)} onKeyDown={(ev) => ev.key === 'Escape' && setNaming(null)} />
          <button type="submit" className="primary">
            Rename
          </button>
          <button type="button" onClick={() => setNaming(null)}>
            Cancel
          </button>
          {problem !== null && (
            <span className="err small" role="alert">
              {problem}
            </span>
          )}
        </form>
      </li>
    );
  return (
    <li className={`lib-row${current ? ' current' : ''}`}>
      <div className="lib-name">
        <b>{e.name}</b>
        <span className="muted small">
          {slug ?? 'not valid JSON'} · saved {new Date(e.updated).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' })}
          {current ? ' · in the editor' : ''}
        </span>
      </div>
      <div className="lib-actions">
        {deleting ? (
          <>
            <button type="button" className="danger" onClick={() => void c.library.remove(e.id)}>
              Delete {e.name}
            </button>
            <button type="button" onClick={() => setDeleting(false)}>
              Keep
            </button>
          </>
        ) : (
          <>
            <button type="button" className="primary" disabled={loading} onClick={() => void c.library.open(e.id)} aria-label={`Open ${e.name}`}>
              Open
            </button>
            <button type="button" onClick={() => setNaming(e.name)} aria-label={`Rename ${e.name}`}>
              Rename
            </button>
            <button type="button" onClick={() => setDeleting(true)} aria-label={`Delete ${e.name}`}>
              Delete
            </button>
          </>
        )}
      </div>
    </li>
  );
}

export function LibraryPanel() {
  const entries = useAppState((s) => s.library);
  const key = useAppState((s) => s.draftKey);
  return (
    <div className="library">
      <p className="muted small">Your own scenarios, kept in this browser (IndexedDB) and listed in the scenario picker. Save the editor's text with “Save as…” in the Editor tab.</p>
      {entries.length === 0 ? (
        <p className="muted">Nothing saved yet.</p>
      ) : (
        <ul className="lib-list" aria-label="Your scenarios">
          {entries.map((e) => (
            <Row key={e.id} e={e} current={key === `library:${e.id}`} />
          ))}
        </ul>
      )}
    </div>
  );
}
