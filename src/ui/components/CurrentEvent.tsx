// The event just applied: kind, step, cpu, task and the simulated time as printk shows it,
// with the findings and the subsystems' counters so far.
import { useRun } from '../context.ts';

/** "slab_errors" -> "slab errors", or "slab error" for one. */
export function counterText(name: string, n: number): string {
  const words = name.replace(/_/g, ' ');
  return `${n} ${n === 1 ? words.replace(/s$/, '') : words}`;
}

export function CurrentEvent() {
  const m = useRun((r) => r.moment);
  if (!m) return <span className="event muted">…</span>;
  const e = m.event;
  if (!e) return <span className="event muted">before boot {m.stamp}</span>;
  const detail = e.payload ? Object.entries(e.payload).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ') : '';
  return (
    <span className="event" aria-label="Current event">
      <span className="stamp">{m.stamp}</span> <span className="kind">{e.kind}</span> <span className="k">#</span>
      {e.index} <span className="k">step</span> {e.step < 0 ? 'boot' : e.step} <span className="k">cpu</span> {e.cpu} <span className="k">task</span> {e.task}
      {detail && (
        <span className="payload" title={detail}>
          {' '}
          {detail}
        </span>
      )}
      <span className="counts">
        {[`${m.findings} finding${m.findings === 1 ? '' : 's'}`, ...Object.entries(m.counters).map(([k, n]) => counterText(k, n))].join(' · ')}
      </span>
    </span>
  );
}
