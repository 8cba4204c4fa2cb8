// Findings before the cursor (and, dimmed, those later in the run); a click goes to one.
import { useAppState, useController } from '../context.ts';
import { findingColor } from '../findingColors.ts';
import type { Finding } from '../../worker/api.ts';

function Item({ f, later }: { f: Finding; later: boolean }) {
  const c = useController();
  const addr = typeof f.fields.addr === 'string' ? f.fields.addr : null;
  return (
    <li>
      <button type="button" className={`finding${later ? ' later' : ''}`} onClick={() => c.openFinding(f)} title={addr ? `go to event ${f.event} and show ${addr}` : `go to event ${f.event}`}>
        <span className="dot" style={{ background: findingColor(f.kind) }} />
        <span className="fkind">{f.kind}</span>
        <span className="fev">ev {f.event}</span>
        <span className="ftitle">{f.title}</span>
        {addr && <span className="faddr">{addr}</span>}
      </button>
    </li>
  );
}

export function Findings() {
  const findings = useAppState((s) => s.info?.findings);
  const cursor = useAppState((s) => s.cursor);
  const all = findings ?? [];
  const before = all.filter((f) => f.event < cursor);
  const later = all.filter((f) => f.event >= cursor);
  return (
    <section className="panel findings" aria-label="Findings">
      <h2>
        Findings <span className="count">{before.length}</span>
        {later.length > 0 && <span className="muted"> · {later.length} later</span>}
      </h2>
      {all.length === 0 && <p className="muted empty">This run reports no findings.</p>}
      {all.length > 0 && before.length === 0 && <p className="muted empty">None before the cursor.</p>}
      <ul className="list" aria-label="Findings before the cursor">
        {before.map((f, i) => (
          <Item key={i} f={f} later={false} />
        ))}
      </ul>
      {later.length > 0 && (
        <ul className="list" aria-label="Findings later in the run">
          {later.map((f, i) => (
            <Item key={i} f={f} later />
          ))}
        </ul>
      )}
    </section>
  );
}
