// The scenario's expect steps and whether they held, up to the cursor.
import { useController, useRun } from '../../context.ts';

export function Expectations() {
  const c = useController();
  const exps = useRun((r) => r.info?.expectations);
  const marks = useRun((r) => r.info?.marks);
  const cursor = useRun((r) => r.cursor);
  if (!exps || !marks) return null;
  return (
    <section className="panel expectations" aria-label="Expectations and marks">
      <h2>Expect &amp; marks</h2>
      {exps.length === 0 && marks.length === 0 && <p className="muted empty">No expect or mark steps.</p>}
      <ul className="list">
        {[...exps.map((e) => ({ event: e.event, node: <span className={e.pass ? 'pass' : 'fail'}>{e.pass ? '✓' : '✗'} {e.message}</span> })), ...marks.map((m) => ({ event: m.event, node: <span className="markl">⚑ {m.label}</span> }))]
          .sort((a, b) => a.event - b.event)
          .map((r, i) => (
            <li key={i}>
              <button type="button" className={`row${r.event >= cursor ? ' later' : ''}`} onClick={() => c.cursor.seekAfterEvent(r.event)}>
                <span className="fev">ev {r.event}</span> {r.node}
              </button>
            </li>
          ))}
      </ul>
    </section>
  );
}
