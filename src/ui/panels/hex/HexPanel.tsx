// The hex view: target and length, pointers bound at the cursor, the object, the bytes.
import { useController, usePanel, useRun } from '../../context.ts';
import { ViewTabs } from '../../components/ViewTabs.tsx';
import { setHexTarget } from './actions.ts';
import { ByteInspector } from './ByteInspector.tsx';
import { HexGrid } from './HexGrid.tsx';
import { HexLegend } from './HexLegend.tsx';

const LENGTHS = [64, 128, 256, 512, 1024, 4096];

function TargetForm() {
  const c = useController();
  const target = usePanel('hex', (h) => h.target);
  const len = usePanel('hex', (h) => h.len);
  return (
    <form
      className="hex-form"
      onSubmit={(e) => {
        e.preventDefault();
        const d = new FormData(e.currentTarget);
        setHexTarget(c, String(d.get('target') ?? ''), Number(d.get('len')));
      }}
    >
      <input key={target} name="target" aria-label="Hex view target" placeholder="0x address or pointer name" defaultValue={target} spellCheck={false} />
      <select key={`l${len}`} name="len" aria-label="Length" defaultValue={String(len)} onChange={(e) => setHexTarget(c, target, Number(e.target.value))}>
        {[...new Set([...LENGTHS, len])].sort((a, b) => a - b).map((n) => (
          <option key={n} value={n}>
            {n} bytes
          </option>
        ))}
      </select>
      <button type="submit">Show</button>
    </form>
  );
}

function Pointers() {
  const c = useController();
  const pointers = useRun((r) => r.moment?.pointers);
  const target = usePanel('hex', (h) => h.target);
  if (!pointers || pointers.length === 0) return <div className="pointers muted">no pointers bound yet</div>;
  return (
    <div className="pointers" aria-label="Pointers">
      {pointers.map((p) => (
        <button key={p.name} type="button" className={`chip${p.name === target || p.addr === target ? ' on' : ''}`} onClick={() => setHexTarget(c, p.name)} title={`${p.addr} (${p.kind}${p.cache ? `, ${p.cache}` : ''})`}>
          {p.name}
        </button>
      ))}
    </div>
  );
}

function ObjectSummary() {
  const c = useController();
  const hex = usePanel('hex', (h) => h.answer);
  const len = usePanel('hex', (h) => h.len);
  const target = usePanel('hex', (h) => h.target);
  if (target === '') return <p className="muted">Pick a pointer or a finding, or type an address.</p>;
  if (!hex) return <p className="muted">…</p>;
  if (hex.error)
    return (
      <div className="hex-error">
        <p className="error-text" role="alert">
          {hex.error}
        </p>
        {hex.canonical && (
          <button type="button" onClick={() => setHexTarget(c, hex.canonical!, len)} title="Show the bytes at the canonical address">
            Show {hex.canonical}
          </button>
        )}
      </div>
    );
  const o = hex.object;
  return (
    <div className="object" aria-label="Object">
      <span className="addr">{hex.addr}</span>
      {hex.phys !== null && <span className="muted"> phys 0x{hex.phys.toString(16)}</span>}
      {hex.via && (
        <span className="via" aria-label="Translated" title={hex.via}>
          {' · '}
          {hex.via}
        </span>
      )}
      {o ? (
        <>
          {' · '}
          <b>{o.cache}</b> object <span className="addr">{o.addr}</span> <span className={o.allocated ? 'alloc' : 'free'}>{o.allocated ? 'allocated' : 'free'}</span> · object size {o.objectSize} · slot size {o.size}
        </>
      ) : (
        <span className="muted"> · {hex.owner ? `frame owner: ${hex.owner}` : 'no slab object here'}</span>
      )}
      {hex.note && (
        <div className="muted small" aria-label="View stops">
          {hex.note}
        </div>
      )}
    </div>
  );
}

export function HexPanel() {
  return (
    <section className="panel hexpanel" aria-label="Hex view">
      <div className="hex-head">
        <ViewTabs />
        <TargetForm />
        <Pointers />
      </div>
      <ObjectSummary />
      {/* a tab stop of its own: the arrows step the cursor, up/down and PageUp/PageDown scroll the bytes */}
      <div className="hex-body" tabIndex={0} role="group" aria-label="Hex dump">
        <HexGrid />
      </div>
      <ByteInspector />
      <HexLegend />
    </section>
  );
}
