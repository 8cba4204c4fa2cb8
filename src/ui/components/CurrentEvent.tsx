// The event just applied: kind, step, cpu, task and the simulated time as printk shows it.
import { useAppState } from '../context.ts';
import { printkTime } from '../format/time.ts';

export function CurrentEvent() {
  const m = useAppState((s) => s.moment);
  if (!m) return <span className="event muted">…</span>;
  const e = m.event;
  if (!e) return <span className="event muted">before boot {printkTime(0)}</span>;
  const detail = e.payload ? Object.entries(e.payload).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ') : '';
  return (
    <span className="event" aria-label="Current event">
      <span className="stamp">{printkTime(e.ns)}</span> <span className="kind">{e.kind}</span> <span className="k">#</span>
      {e.index} <span className="k">step</span> {e.step < 0 ? 'boot' : e.step} <span className="k">cpu</span> {e.cpu} <span className="k">task</span> {e.task}
      {detail && (
        <span className="payload" title={detail}>
          {' '}
          {detail}
        </span>
      )}
      <span className="counts">
        {m.findings} finding{m.findings === 1 ? '' : 's'} · {m.slabErrors} slab error{m.slabErrors === 1 ? '' : 's'}
      </span>
    </span>
  );
}
