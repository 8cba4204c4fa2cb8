// The hex view: target and length, pointers bound at the cursor, the object, the bytes.
import { useAppState, useController } from '../context.ts';
import { ByteInspector } from './ByteInspector.tsx';
import { HexGrid } from './HexGrid.tsx';
import { HexLegend } from './HexLegend.tsx';
import { ViewTabs } from './ViewTabs.tsx';

const LENGTHS = [64, 128, 256, 512, 1024, 4096];

function TargetForm() {
  const c = useController();
  const target = useAppState((s) => s.hexTarget);
  const len = useAppState((s) => s.hexLen);
  return (
    <form
      className="hex-form"
      onSubmit={(e) => {
        e.preventDefault();
        const d = new FormData(e.currentTarget);
        c.setHexTarget(String(d.get('target') ?? ''), Number(d.get('len')));
      }}
    >
      <input key={target} name="target" aria-label="Hex view target" placeholder="0x address or pointer name" defaultValue={target} spellCheck={false} />
      <select key={`l${len}`} name="len" aria-label="Length" defaultValue={String(len)} onChange={(e) => c.setHexTarget(target, Number(e.target.value))}>
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
  const pointers = useAppState((s) => s.moment?.pointers);
  const target = useAppState((s) => s.hexTarget);
  if (!pointers || pointers.length === 0) return <div className="pointers muted">no pointers bound yet</div>;
  return (
    <div className="pointers" aria-label="Pointers">
      {pointers.map((p) => (
        <button key={p.name} type="button" className={`chip${p.name === target || p.addr === target ? ' on' : ''}`} onClick={() => c.setHexTarget(p.name)} title={`${p.addr} (${p.kind}${p.cache ? `, ${p.cache}` : ''})`}>
          {p.name}
        </button>
      ))}
    </div>
  );
}

function ObjectSummary() {
  const hex = useAppState((s) => s.hex);
  const target = useAppState((s) => s.hexTarget);
  if (target === '') return <p className="muted">Pick a pointer or a finding, or type an address.</p>;
  if (!hex) return <p className="muted">…</p>;
  if (hex.error) return <p className="error-text" role="alert">{hex.error}</p>;
  const o = hex.object;
  return (
    <div className="object" aria-label="Object">
      <span className="addr">{hex.addr}</span>
      {hex.phys !== null && <span className="muted"> phys 0x{hex.phys.toString(16)}</span>}
      {o ? (
        <>
          {' · '}
          <b>{o.cache}</b> object <span className="addr">{o.addr}</span> <span className={o.allocated ? 'alloc' : 'free'}>{o.allocated ? 'allocated' : 'free'}</span> · object size {o.objectSize} · slot size {o.size}
        </>
      ) : (
        <span className="muted"> · {hex.owner ? `frame owner: ${hex.owner}` : 'no slab object here'}</span>
      )}
    </div>
  );
}

/** `tabs`: the run has lock classes, so the title is the Memory/Locks switch. */
export function HexPanel({ tabs = false }: { tabs?: boolean }) {
  return (
    <section className="panel hexpanel" aria-label="Hex view">
      <div className="hex-head">
        {tabs ? <ViewTabs /> : <h2>Memory</h2>}
        <TargetForm />
        <Pointers />
      </div>
      <ObjectSummary />
      <div className="hex-body">
        <HexGrid />
      </div>
      <ByteInspector />
      <HexLegend />
    </section>
  );
}
