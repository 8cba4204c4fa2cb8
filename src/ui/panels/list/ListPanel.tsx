// The List view: the ring of a kernel list at the cursor, head at the top, next arrows outside and
// prev arrows inside, the arrow that breaks the ring in red to what it points at, and beside it
// every node's address, owner, pointers and who wrote them. A picker chooses among the run's heads.
import { useState } from 'react';
import { ViewTabs } from '../../components/ViewTabs.tsx';
import { useController, usePanel, useRun } from '../../context.ts';
import type { ListNodeView, ListRingView } from '../../../worker/protocol.ts';
import { NODE_H, NODE_W, ringLayout } from './ringLayout.ts';
import './list.css';

/** "bo1+0x90" / "kmalloc-512+0x90" / the address's tail. */
function ownerLabel(n: ListNodeView): string {
  if (n.offset === null) return 'no slab object';
  const off = `+0x${n.offset.toString(16)}`;
  return n.pointer !== null ? `${n.pointer}${off}` : `${n.cache ?? '?'}${off}`;
}

const tail = (addr: string): string => `…${addr.slice(-6)}`;

/** A pointer as the table shows it: poison values in full, others by their tail. */
const short = (v: string): string => (/^0xdead0000000001/.test(v) || /^0x0{13}/.test(v) ? v.replace(/^0x/, '') : tail(v));

function Ring({ ring, hover, onHover }: { ring: ListRingView; hover: number | null; onHover: (i: number | null) => void }) {
  const l = ringLayout(ring);
  return (
    <svg className="list-ring" role="group" aria-label="List ring" width={l.width} height={l.height} viewBox={`0 0 ${l.width} ${l.height}`}>
      <defs>
        {['next', 'prev', 'bad'].map((k) => (
          <marker key={k} id={`la-${k}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" className={`lhead ${k}`} />
          </marker>
        ))}
      </defs>
      {l.arrows.map((a, i) => (
        <path
          key={i}
          d={a.d}
          className={`larrow ${a.kind}${a.broken ? ' broken' : ''}${a.mismatch ? ' mismatch' : ''}`}
          data-from={a.from}
          data-to={a.to}
          data-kind={a.kind}
          data-broken={a.broken ? 'true' : 'false'}
          markerEnd={`url(#la-${a.broken || a.mismatch ? 'bad' : a.kind})`}
        />
      ))}
      {l.nodes.map((p) => {
        const n = ring.nodes[p.i]!;
        const bad = ring.break !== null && ring.break.from === p.i;
        return (
          <g
            key={p.i}
            className={`lnode${n.isHead ? ' head' : ''}${bad ? ' breaks' : ''}${!n.backOk ? ' nolink' : ''}${hover === p.i ? ' hover' : ''}`}
            data-addr={n.addr}
            data-index={p.i}
            transform={`translate(${(p.x - NODE_W / 2).toFixed(1)},${(p.y - NODE_H / 2).toFixed(1)})`}
            onMouseEnter={() => onHover(p.i)}
            onMouseLeave={() => onHover(null)}
          >
            <rect width={NODE_W} height={NODE_H} rx={6} />
            <text x={NODE_W / 2} y={18} className="lname">
              {n.isHead ? `${ring.head?.name ?? 'head'}` : ownerLabel(n)}
            </text>
            <text x={NODE_W / 2} y={35} className="laddr">
              {n.isHead ? `${ownerLabel(n)} ${tail(n.addr)}` : n.addr.replace(/^0x/, '')}
            </text>
          </g>
        );
      })}
      {l.marker && (
        <g className="lmarker" transform={`translate(${l.marker.x.toFixed(1)},${l.marker.y.toFixed(1)})`}>
          <rect x={-52} y={-14} width={104} height={28} rx={4} />
          <text y={5}>{l.marker.label}</text>
        </g>
      )}
    </svg>
  );
}

function Nodes({ ring, hover, onHover }: { ring: ListRingView; hover: number | null; onHover: (i: number | null) => void }) {
  return (
    <table className="list-nodes" aria-label="List nodes">
      <thead>
        <tr>
          <th>#</th>
          <th>owner</th>
          <th>next</th>
          <th>prev</th>
          <th title="next->prev points back here">back</th>
          <th>written by</th>
        </tr>
      </thead>
      <tbody>
        {ring.nodes.map((n, i) => (
          <tr key={i} className={`${hover === i ? 'hover' : ''}${ring.break?.from === i ? ' breaks' : ''}`} onMouseEnter={() => onHover(i)} onMouseLeave={() => onHover(null)}>
            <td>{n.isHead ? 'head' : i}</td>
            <td title={`${n.addr}${n.cache !== null ? ` in ${n.cache}` : ''}`}>
              {ownerLabel(n)}
              {n.allocated === false && <span className="bad"> freed</span>}
            </td>
            <td className="mono" title={n.next}>
              {short(n.next)}
            </td>
            <td className="mono" title={n.prev}>
              {short(n.prev)}
            </td>
            <td className={n.backOk ? 'ok' : 'bad'}>{n.backOk ? 'yes' : 'no'}</td>
            <td className="mono muted">{n.nextWriter ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ListPanel() {
  const c = useController();
  const now = usePanel('list', (l) => l.now);
  const cursor = useRun((r) => r.cursor);
  const [hover, setHover] = useState<number | null>(null);
  const ring = now?.ring ?? null;
  const status = ring === null ? '' : ring.error !== null ? ring.error : ring.break !== null ? ring.break.message : `${ring.nodes.length - 1} entries, back at the head`;
  return (
    <section className={`panel listpanel${now && now.cursor !== cursor ? ' stale' : ''}`} aria-label="List" data-cursor={now?.cursor ?? ''}>
      <div className="hex-head">
        <ViewTabs />
        {ring !== null && ring.heads.length > 0 && (
          <label className="list-pick">
            head{' '}
            <select aria-label="List head" value={ring.head?.name ?? ''} onChange={(e) => c.patchPanel('list', { head: e.target.value })}>
              {ring.heads.map((h) => (
                <option key={h.name} value={h.name}>
                  {h.name} ({tail(h.addr)})
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {ring === null ? (
        <p className="muted empty">…</p>
      ) : (
        <div className="list-body">
          <div className={`list-status${ring.break !== null || ring.error !== null ? ' bad' : ' ok'}`} aria-label="List status" data-break={ring.break?.kind ?? ''} aria-live="polite">
            {status}
          </div>
          {ring.nodes.length > 0 && (
            <div className="list-scroll">
              <Ring ring={ring} hover={hover} onHover={setHover} />
              <Nodes ring={ring} hover={hover} onHover={setHover} />
            </div>
          )}
        </div>
      )}
    </section>
  );
}
