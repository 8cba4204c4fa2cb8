// The scenario the engine runs now and those queued behind it (opened meanwhile): a run is never
// in progress, or waiting, unseen. A long run shows how far it got and can be cancelled: what it
// recorded so far is then shown as its run.
import { useAppState, useController } from '../context.ts';
import { thousands } from '../thousands.ts';

export function RunProgress({ className }: { className?: string }) {
  const c = useController();
  const opening = useAppState((s) => s.opening);
  const [now, ...queued] = opening;
  if (!now) return null;
  const p = now.progress;
  return (
    <div className={className} role="status" aria-label="Run in progress">
      <span className="spinner" aria-hidden="true" /> Running <b>{now.label}</b> in the engine…
      {queued.length > 0 && <> · queued after it: {queued.map((q) => q.label).join(', ')}</>}
      {p && (
        <span className="run-progress">
          <progress max={p.steps} value={Math.min(p.steps, p.step + 1)} aria-label="Steps run" />
          <span aria-label="Events so far">
            {thousands(p.events)} events · step {Math.min(p.steps, p.step + 1)} of {p.steps}
          </span>
        </span>
      )}
      <button type="button" className="run-cancel" disabled={now.cancelling === true} onClick={() => c.loader.cancel()} title="Stop this run where it is and show what it recorded so far">
        {now.cancelling ? 'Cancelling…' : 'Cancel'}
      </button>
    </div>
  );
}
