// The comparison on the page: a bar with what differs in short (the first divergent event, the
// findings only one run has, a button to end it), then run a and run b side by side at the linked
// cursor (dmesg with the lines only one run printed marked, the same bytes with those that differ
// marked, the findings), and the function profiles of both when the runs traced functions.
import { memo, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import type { DmesgSide, Finding, HexAnswer, MapTile, ProfileDiffRow, RunComparison, SimEvent } from '../../worker/protocol.ts';
import { useAppState, useController } from '../context.ts';
import { formatError } from '../errors.ts';
import { findingColor } from '../findingColors.ts';
import { setHexTarget } from '../panels/hex/actions.ts';
import { patternClass } from '../panels/hex/byteInfo.ts';
import { asciiChar, hexByte, hexRows } from '../panels/hex/hexRows.ts';
import { ownerRgb } from '../panels/map/ownerColors.ts';
import type { RunSlot } from '../store.ts';
import { differingBytes } from './bytes.ts';
import { differingFrames, ownersOf, type FrameDiff } from './frames.ts';
import { overridesLabel } from './hint.ts';
import './compare.css';

type Side = 'a' | 'b';

/** How many of `events` (ascending) are before `cursor`: dmesg lines printed, findings reported. */
export function linesBefore(events: readonly number[], cursor: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (events[mid]! < cursor) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Findings compared as the worker does: by kind and title; `only` names the instances one run alone has. */
function onlyKeys(only: readonly { kind: string; title: string; event: number }[]): Set<string> {
  return new Set(only.map((f) => `${f.kind}\u0000${f.title}\u0000${f.event}`));
}

function eventText(e: SimEvent | null): string {
  return e === null ? '(the run has ended)' : `${e.kind} task=${e.task} cpu=${e.cpu} a=${e.a} b=${e.b}`;
}

/** Only the last lines before the cursor are drawn: the log can have thousands. */
const DMESG_SHOWN = 400;

function DmesgDiffView({ side, dmesg, cursor }: { side: Side; dmesg: DmesgSide; cursor: number }) {
  const n = linesBefore(dmesg.events, cursor);
  const from = Math.max(0, n - DMESG_SHOWN);
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [n]);
  const differing = useMemo(() => dmesg.differs.slice(0, n).filter(Boolean).length, [dmesg, n]);
  const next = useRef(0);
  /** Shows the next line only this run printed (from the first again after the last). */
  const showNext = () => {
    const lines = ref.current?.querySelectorAll<HTMLElement>('.dl.differs');
    if (!lines || lines.length === 0) return;
    const el = lines[next.current % lines.length]!;
    next.current = (next.current + 1) % lines.length;
    const box = ref.current!;
    box.scrollTop = el.offsetTop - box.clientHeight / 3;
  };
  return (
    <div className="cmp-block cmp-dmesg">
      <h3>
        dmesg <span className="muted">{n} lines</span>
        {differing > 0 && (
          <button type="button" className={`cmp-count side-${side}`} title="Show the next line only this run printed" onClick={showNext}>
            {differing} only here ↓
          </button>
        )}
      </h3>
      <div className="cmp-lines" ref={ref} role="log" aria-label={`dmesg of run ${side}`}>
        {from > 0 && <div className="muted small">… {from} earlier lines</div>}
        {dmesg.lines.slice(from, n).map((l, k) => {
          const i = from + k;
          const d = dmesg.differs[i] === true;
          return (
            <div key={i} className={`dl${d ? ' differs' : ''}`} title={d ? `only run ${side} printed this line here` : undefined}>
              <span className="gutter">{d ? (side === 'a' ? '-' : '+') : ' '}</span>
              {l}
            </div>
          );
        })}
      </div>
    </div>
  );
}

const HexDiff = memo(function HexDiff({ v, diff }: { v: HexAnswer; diff: Set<number> }) {
  return (
    <div className="hexgrid cmp-hexgrid">
      {hexRows(v.addr, v.len).map((row) => {
        const idx = Array.from({ length: row.count }, (_, k) => row.offset + k);
        const cls = (i: number) => `p-${patternClass(v.pattern[i] ?? null, v.bytes[i]!)}${diff.has(i) ? ' bdiff' : ''}`;
        return (
          <div className="hrow" key={row.offset}>
            <span className="haddr">{row.addr}:</span>
            <span className="hbytes">
              {idx.map((i) => (
                <span key={i} className={`b ${cls(i)}`}>
                  {hexByte(v.bytes[i]!)}
                </span>
              ))}
            </span>
            <span className="hascii">
              {idx.map((i) => (
                <span key={i} className={`a ${cls(i)}`}>
                  {asciiChar(v.bytes[i]!)}
                </span>
              ))}
            </span>
          </div>
        );
      })}
    </div>
  );
});

/** The bytes both runs show: a pointer bound in this run, or an address typed. */
function TargetPicker({ side }: { side: Side }) {
  const c = useController();
  const target = useAppState((s) => s.runs.a.panels.hex.target);
  const pointers = useAppState((s) => s.runs[side]?.moment?.pointers);
  return (
    <form
      className="cmp-target"
      onSubmit={(e) => {
        e.preventDefault();
        setHexTarget(c, String(new FormData(e.currentTarget).get('target') ?? ''));
      }}
    >
      <input key={target} name="target" aria-label={`Compared bytes (run ${side})`} placeholder="0x address or pointer" defaultValue={target} spellCheck={false} />
      {(pointers ?? []).slice(0, 8).map((p) => (
        <button key={p.name} type="button" className={`chip${p.name === target ? ' on' : ''}`} title={p.addr} onClick={() => setHexTarget(c, p.name)}>
          {p.name}
        </button>
      ))}
    </form>
  );
}

function BytesView({ side, hex, target, diff }: { side: Side; hex: HexAnswer | null; target: string; diff: Set<number> }) {
  let body;
  if (target === '') body = <p className="muted small">Pick a pointer or an address in the hex view: both runs show its bytes.</p>;
  else if (!hex) body = <p className="muted small">…</p>;
  else if (hex.error) body = <p className="error-text">{hex.error}</p>;
  else body = <HexDiff v={hex} diff={diff} />;
  const o = hex?.object;
  return (
    <div className="cmp-block cmp-hex" aria-label={`bytes of run ${side}`}>
      <TargetPicker side={side} />
      <h3>
        <code>{target || 'memory'}</code> {hex && !hex.error && hex.addr !== target && <span className="addr muted">{hex.addr}</span>}
        {o && (
          <span className="muted">
            {' '}
            · {o.cache} <span className={o.allocated ? 'alloc' : 'free'}>{o.allocated ? 'allocated' : 'free'}</span>
          </span>
        )}
        {diff.size > 0 && <span className={`cmp-count side-${side}`}>{diff.size} bytes differ</span>}
      </h3>
      <div className="cmp-scroll">{body}</div>
    </div>
  );
}

const STRIP_W = 512;
const STRIP_H = 40;

/** Every frame of the machine in a strip (a pixel holds several frames): by owner, those whose owner differs bright. */
function FrameStrip({ tile, diff }: { tile: MapTile; diff: FrameDiff }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const img = ctx.createImageData(STRIP_W, STRIP_H);
    const px = STRIP_W * STRIP_H;
    const per = Math.max(1, Math.ceil(tile.count / px));
    const owner = ownersOf(tile);
    const colors = new Map<string, [number, number, number]>();
    for (let p = 0; p < px; p++) {
      const from = p * per;
      if (from >= tile.count) break;
      let hit = false;
      for (let i = from; i < Math.min(tile.count, from + per); i++) if (diff.differs[i]) hit = true;
      const name = owner(from);
      let rgb: [number, number, number];
      if (hit) rgb = [255, 196, 0];
      else if (name === 'free') rgb = [22, 28, 36];
      else {
        let c = colors.get(name);
        if (!c) colors.set(name, (c = ownerRgb(name)));
        rgb = [c[0] * 0.45, c[1] * 0.45, c[2] * 0.45];
      }
      img.data.set([rgb[0], rgb[1], rgb[2], 255], p * 4);
    }
    ctx.putImageData(img, 0, 0);
  }, [tile, diff]);
  return <canvas ref={ref} width={STRIP_W} height={STRIP_H} className="cmp-strip" />;
}

function FramesView({ side }: { side: Side }) {
  const a = useAppState((s) => s.compare?.mapA ?? null);
  const b = useAppState((s) => s.compare?.mapB ?? null);
  const diff = useMemo(() => (a && b ? differingFrames(a, b) : null), [a, b]);
  const tile = side === 'a' ? a : b;
  return (
    <div className="cmp-block cmp-frames" aria-label={`memory map of run ${side}`}>
      <h3>
        memory map <span className="muted">{tile ? `${tile.nframes} frames` : '…'}</span>
        {diff && diff.n > 0 && (
          <span className={`cmp-count side-${side}`} title={diff.first ? `first: pfn 0x${diff.first.pfn.toString(16)}: ${diff.first.a} in A, ${diff.first.b} in B` : undefined}>
            {diff.n} frames owned otherwise
          </span>
        )}
        {diff && diff.n === 0 && <span className="muted cmp-same">same owners</span>}
      </h3>
      {tile && diff && <FrameStrip tile={tile} diff={diff} />}
    </div>
  );
}

/** Findings drawn around the cursor: a run can have thousands (every stray write). */
const FINDINGS_SHOWN = 200;

function FindingsView({ side, findings, only, cursor }: { side: Side; findings: readonly Finding[]; only: Set<string>; cursor: number }) {
  const before = linesBefore(findings.map((f) => f.event), cursor);
  const from = Math.max(0, before - FINDINGS_SHOWN);
  const shown = findings.slice(from, before + FINDINGS_SHOWN / 2);
  return (
    <div className="cmp-block cmp-findings">
      <h3>
        findings <span className="muted">{before} so far</span>
      </h3>
      <ul className="list" aria-label={`findings of run ${side}`}>
        {findings.length === 0 && <li className="muted small empty">none</li>}
        {from > 0 && <li className="muted small">… {from} earlier</li>}
        {shown.map((f, k) => {
          const i = from + k;
          const alone = only.has(`${f.kind}\u0000${f.title}\u0000${f.event}`);
          return (
            <li key={i} className={`cmp-finding${f.event < cursor ? '' : ' later'}${alone ? ' only' : ''}`}>
              <span className="dot" style={{ background: findingColor(f.kind) }} />
              <code className="fkind">{f.kind}</code>
              {alone && <span className={`cmp-only side-${side}`}>only in {side.toUpperCase()}</span>}
              <span className="fev">#{f.event}</span>
              <span className="ftitle">{f.title.split('\n')[0]}</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function Column({ side, run, diff }: { side: Side; run: RunSlot; diff: RunComparison }) {
  const target = useAppState((s) => s.runs.a.panels.hex.target);
  const hexA = useAppState((s) => s.compare?.hexA ?? null);
  const hexB = useAppState((s) => s.compare?.hexB ?? null);
  const bytes = useMemo(() => differingBytes(hexA, hexB), [hexA, hexB]);
  // an imported log has no machine: bytes and frames are compared between simulated runs only
  const machines = useAppState((s) => s.runs.a.info?.imported === undefined && s.runs.b?.info?.imported === undefined);
  const other = useAppState((s) => s.compare?.other !== undefined);
  const info = run.info;
  if (!info) return null;
  const only = onlyKeys(side === 'a' ? diff.onlyA : diff.onlyB);
  // run B of another scenario is named by it, an imported log by its file
  const label = info.imported !== undefined ? `imported ${info.imported.file}` : other && run.origin?.kind === 'bundled' ? run.origin.name : overridesLabel(run.overrides);
  return (
    <div className={`cmp-col side-${side}`} aria-label={`run ${side}`}>
      <div className="cmp-head">
        <b className={`cmp-tag side-${side}`}>{side.toUpperCase()}</b>
        <code className="cmp-label" title={label}>
          {label}
        </code>
        <span className="cmp-cursor mono" aria-label={`cursor of run ${side}`}>
          event <b>{run.cursor}</b> / {info.total}
          {run.moment?.cursor === run.cursor && <span className="muted"> {run.moment.stamp}</span>}
        </span>
      </div>
      {/* always there: the column's rows stay in place */}
      <p className="error-text cmp-stopped">{info.errors.length > 0 && `run ${side.toUpperCase()} stopped early: ${info.errors.map(formatError).join('; ')}`}</p>
      <DmesgDiffView side={side} dmesg={side === 'a' ? diff.dmesg.a : diff.dmesg.b} cursor={run.cursor} />
      {machines && <BytesView side={side} hex={side === 'a' ? hexA : hexB} target={target} diff={bytes} />}
      {machines && <FramesView side={side} />}
      <FindingsView side={side} findings={info.findings} only={only} cursor={run.cursor} />
    </div>
  );
}

function fmt(n: number): string {
  return n.toFixed(n !== 0 && Math.abs(n) < 10 ? 1 : 0);
}

function ProfileTable({ diff }: { diff: RunComparison }) {
  const p = diff.profile;
  const rows = useMemo(() => (p ? [...p.rows].sort((x, y) => Math.abs(y.dTime) - Math.abs(x.dTime) || Math.abs(y.dHits) - Math.abs(x.dHits)).slice(0, 40) : []), [p]);
  if (!p) return null;
  const cell = (r: ProfileDiffRow, s: Side, k: 'hits' | 'time') => {
    const v = r[s];
    return v === null ? '-' : k === 'hits' ? String(v.hits) : fmt(v.time);
  };
  return (
    <details className="cmp-profile" open>
      <summary>
        function profiles (trace_stat, {p.unit}) — {p.onlyA.length} functions only in A, {p.onlyB.length} only in B
        {p.divergesIn && (
          <span className="muted">
            {' '}
            · the flows part in <code>{p.divergesIn.fn}()</code>: <code>{p.divergesIn.call}()</code> returned {p.divergesIn.retA} in A, {p.divergesIn.retB} in B
          </span>
        )}
      </summary>
      <div className="cmp-scroll">
        <table aria-label="Profile diff">
          <thead>
            <tr>
              <th>Function</th>
              <th>hits A</th>
              <th>hits B</th>
              <th>Δhits</th>
              <th>time A</th>
              <th>time B</th>
              <th>Δtime</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.fn} className={r.a === null ? 'only side-b' : r.b === null ? 'only side-a' : ''}>
                <td>
                  <code>{r.fn}</code>
                </td>
                <td>{cell(r, 'a', 'hits')}</td>
                <td>{cell(r, 'b', 'hits')}</td>
                <td className={r.dHits > 0 ? 'up' : r.dHits < 0 ? 'down' : ''}>{r.dHits > 0 ? `+${r.dHits}` : r.dHits}</td>
                <td>{cell(r, 'a', 'time')}</td>
                <td>{cell(r, 'b', 'time')}</td>
                <td className={r.dTime > 0 ? 'up' : r.dTime < 0 ? 'down' : ''}>{r.dTime > 0 ? `+${fmt(r.dTime)}` : fmt(r.dTime)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

function OnlyList({ side, list }: { side: Side; list: RunComparison['onlyA'] }) {
  const c = useController();
  return (
    <div className="cmp-onlylist" aria-label={`findings only in ${side.toUpperCase()}`}>
      <span className={`cmp-tag side-${side}`}>only in {side.toUpperCase()}</span> <b>{list.length}</b>
      {list.slice(0, 6).map((f, i) => (
        <button
          key={i}
          type="button"
          className="chip"
          title={`${f.title}\n(event ${f.event})`}
          style={{ borderColor: findingColor(f.kind) }}
          // a's cursor: b's findings are shown where b reaches them by step
          onClick={side === 'a' ? () => c.cursor.seekAfterEvent(f.event) : undefined}
        >
          {f.kind}
        </button>
      ))}
      {list.length > 6 && <span className="muted small"> +{list.length - 6}</span>}
    </div>
  );
}

export function CompareBar() {
  const c = useController();
  const cmp = useAppState((s) => s.compare);
  const cursor = useAppState((s) => s.runs.a.cursor);
  if (!cmp) return null;
  const d = cmp.diff;
  const div = d?.divergence ?? null;
  return (
    <div className="compare-bar" role="region" aria-label="Compare bar">
      <b>Compare</b>
      <span className="muted">B:</span> <code>{cmp.label}</code>
      {cmp.status === 'opening' || !d ? (
        <span className="muted">running and comparing…</span>
      ) : (
        <>
          {div ? (
            <button type="button" className={`cmp-div${cursor === div.event + 1 ? ' here' : ''}`} aria-label="First divergent event" title={`a: ${eventText(div.a)}\nb: ${eventText(div.b)}`} onClick={() => c.cursor.seekAfterEvent(div.event)}>
              first divergent event <b>#{div.event}</b>: <code>{div.a?.kind ?? 'end'}</code> vs <code>{div.b?.kind ?? 'end'}</code>
            </button>
          ) : (
            <span className="ok">the runs are the same event for event</span>
          )}
          <OnlyList side="a" list={d.onlyA} />
          <OnlyList side="b" list={d.onlyB} />
        </>
      )}
      <button type="button" className="cmp-end" onClick={() => c.compare.end()}>
        End comparison
      </button>
    </div>
  );
}

export function CompareView() {
  const cmp = useAppState((s) => s.compare);
  const a = useAppState((s) => s.runs.a);
  const b = useAppState((s) => s.runs.b);
  if (!cmp) return null;
  const d = cmp.diff;
  return (
    <section className="panel compare" aria-label="Comparison">
      <CompareBar />
      {cmp.status !== 'ready' || !d || !b ? (
        <p className="muted empty">{cmp.other !== undefined ? `Opening ${cmp.label} and comparing the two runs…` : `Running the scenario again with ${cmp.label} and comparing the two runs…`}</p>
      ) : (
        <>
          <div className="cmp-cols">
            <Column side="a" run={a} diff={d} />
            <Column side="b" run={b} diff={d} />
          </div>
          <ProfileTable diff={d} />
        </>
      )}
    </section>
  );
}
