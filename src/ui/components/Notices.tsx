// Messages about what went wrong (or was done) and where, each dismissable.
import { useAppState, useController, useRun } from '../context.ts';
import { formatError } from '../errors.ts';
export function Notices() {
  const c = useController();
  const notices = useAppState((s) => s.notices);
  const runErrors = useRun((r) => r.info?.errors);
  const total = useRun((r) => r.info?.total ?? 0);
  return (
    <div className="notices">
      {runErrors && runErrors.length > 0 && (
        <div className="notice error" role="alert">
          <strong>The run stopped early</strong> after event {total}:
          <ul>
            {runErrors.map((e, i) => (
              <li key={i}>
                <code>{formatError(e)}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      {notices.map((n) => (
        <div key={n.title} className={`notice ${n.level}`} role={n.level === 'error' ? 'alert' : 'status'}>
          <strong>{n.title}:</strong> {n.lines.length === 1 ? n.lines[0] : null}
          {n.lines.length > 1 && (
            <ul>
              {n.lines.map((l, i) => (
                <li key={i}>{l}</li>
              ))}
            </ul>
          )}
          {n.action && (
            <button type="button" className="notice-action" onClick={() => c.notices.act(n.title)}>
              {n.action.label}
            </button>
          )}
          <button type="button" className="dismiss" aria-label={`Dismiss ${n.title} message`} onClick={() => c.notices.dismiss(n.title)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
