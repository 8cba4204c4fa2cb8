// The scenario the engine runs now and those queued behind it (opened meanwhile): a run is never
// in progress, or waiting, unseen.
import { useAppState } from '../context.ts';

export function RunProgress({ className }: { className?: string }) {
  const opening = useAppState((s) => s.opening);
  const [now, ...queued] = opening;
  if (!now) return null;
  return (
    <div className={className} role="status" aria-label="Run in progress">
      <span className="spinner" aria-hidden="true" /> Running <b>{now.label}</b> in the engine…
      {queued.length > 0 && <> · queued after it: {queued.map((q) => q.label).join(', ')}</>}
    </div>
  );
}
