// The import being read: bytes of the whole, reports found so far, and Cancel (what was
// recognised is kept and shown).
import { useController } from '../context.ts';
import { useImport } from './useImport.ts';
import { thousands } from '../thousands.ts';

function mib(n: number): string {
  return n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MiB` : `${Math.ceil(n / 1024)} KiB`;
}

export function ImportProgress() {
  const c = useController();
  const now = useImport((s) => s.importing);
  if (!now) return null;
  const p = now.progress;
  return (
    <div className="imp-progress" role="status" aria-label="Import in progress">
      <span className="spinner" aria-hidden="true" /> Importing <b>{now.label}</b>…
      <progress max={Math.max(1, p.total)} value={p.bytes} aria-label="Bytes read" />
      <span aria-label="Import progress">
        {mib(p.bytes)} of {mib(p.total)} · {thousands(p.lines)} lines · {p.findings} report{p.findings === 1 ? '' : 's'} found
      </span>
      <button type="button" className="run-cancel" disabled={now.cancelling} onClick={() => c.imports.cancel()} title="Stop reading and show what was recognised so far">
        {now.cancelling ? 'Cancelling…' : 'Cancel'}
      </button>
    </div>
  );
}
