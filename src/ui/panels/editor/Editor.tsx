// The scenario text to paste, edit and run. Whatever happens, the text stays as typed.
import { lazy, Suspense } from 'react';
import { useAppState, useController, useRun } from '../../context.ts';
import { formatError } from '../../errors.ts';
import { SaveControls } from './SaveControls.tsx';

// CodeMirror stays out of the first bundle: the plain text box stands in while it loads
const CodeEditor = lazy(() => import('./CodeEditor.tsx'));

/** The plain text box: while the editor loads, and wherever it cannot. */
function PlainEditor() {
  const c = useController();
  const draft = useAppState((s) => s.draft);
  return (
    <textarea
      aria-label="Scenario JSON"
      spellCheck={false}
      value={draft}
      onChange={(e) => c.drafts.set(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          void c.loader.runDraft();
        }
      }}
      placeholder='{"format": "kernscope/1", "name": "...", "steps": [...]}'
    />
  );
}

export function Editor() {
  const c = useController();
  const draft = useAppState((s) => s.draft);
  const errors = useAppState((s) => s.inputErrors);
  const stashed = useAppState((s) => s.stashedDraft !== null);
  const loaded = useRun((r) => r.text);
  const opening = useAppState((s) => s.opening);
  const dirty = draft !== loaded;
  const [now, ...queued] = opening.map((o) => o.label);
  const status = now !== undefined ? `running ${now}…${queued.length > 0 ? ` (then ${queued.join(', ')})` : ''}` : errors.length > 0 ? 'not run: see the problems below' : dirty ? 'edited, not run yet' : 'this is the scenario shown';
  return (
    <div className="editor">
      <div className="editor-bar">
        <button type="button" className="primary" onClick={() => void c.loader.runDraft()} title="Run this scenario (Ctrl+Enter)">
          Run
        </button>
        <span className="muted small" aria-label="Editor status">
          {status}
        </span>
        {stashed && (
          <button type="button" onClick={() => c.drafts.restore()} title="Bring back the text you had before another scenario was opened">
            Restore previous text
          </button>
        )}
      </div>
      <SaveControls />
      <Suspense fallback={<PlainEditor />}>
        <CodeEditor />
      </Suspense>
      <p id="editor-help" className="sr-only">
        JSON of a kernscope scenario. Ctrl+Enter runs it, Ctrl+Space completes op and field names. Tab indents: press Escape, then Tab, to leave the editor.
      </p>
      {errors.length > 0 && (
        <div className="input-errors" role="alert" aria-label="Scenario errors">
          <b>
            Not run: {errors.length} problem{errors.length === 1 ? '' : 's'}
          </b>
          <ul>
            {errors.map((e, i) => (
              <li key={i}>
                <code>{formatError(e)}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

/** The number of problems of the last run attempt, on the Editor tab. */
export function EditorBadge() {
  const errors = useAppState((s) => s.inputErrors.length);
  return errors > 0 ? <span className="badge err">{errors}</span> : null;
}
