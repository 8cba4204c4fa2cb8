// Every write into the frame picked on the map, oldest first: event, offset, byte before → after
// and the writer as the model recorded it (text_poke names its caller, site and module). Writes
// after the cursor stay listed, dimmed, so scrubbing across the pokes keeps the list in place.
// A click goes to just after the write and opens the hex view on its byte.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { FrameWrite } from '../../../worker/protocol.ts';
import { useController, usePanel, useRun } from '../../context.ts';
import { measureOr, observeRectOr } from '../../virtualRect.ts';
import { openFrameWrite, selectFrame } from './actions.ts';
import { directMapAddr, frameInfo, historyRows, hitFrames, type HistoryRow } from './frames.ts';
import { ownerColor } from './ownerColors.ts';

const FALLBACK = { width: 280, height: 400 };

function Row({ r, onOpen }: { r: HistoryRow; onOpen: () => void }) {
  return (
    <button
      type="button"
      className={`fh-row${r.later ? ' later' : ''}${r.stray ? ' stray' : ''}`}
      onClick={onOpen}
      title={r.later ? `later in the run: go to event ${r.event} and show the byte` : `go to event ${r.event} and show the byte`}
      data-event={r.event}
      data-offset={r.offset}
    >
      <span className="fev">ev {r.event}</span>
      <span className="fh-where">{r.where}</span>
      {r.change ? <span className="fh-change">{r.change}</span> : <span className="fh-len muted">{r.len} B</span>}
      {r.stray && <span className="fh-stray">stray</span>}
      <span className="fh-writer">{r.writer}</span>
    </button>
  );
}

function Rows({ pfn, writes }: { pfn: number; writes: readonly FrameWrite[] }) {
  const c = useController();
  const cursor = useRun((r) => r.cursor);
  const [pokesOnly, setPokesOnly] = useState(false);
  const all = useMemo(() => historyRows(writes, cursor), [writes, cursor]);
  const hasPokes = all.some((r) => r.poke);
  const rows = pokesOnly ? all.filter((r) => r.poke) : all;
  const list = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({
    count: rows.length,
    getScrollElement: () => list.current,
    estimateSize: () => 38,
    measureElement: measureOr(() => 38),
    overscan: 12,
    initialRect: FALLBACK,
    observeElementRect: observeRectOr(FALLBACK),
  });
  const before = all.filter((r) => !r.later).length;
  const pokes = all.filter((r) => r.poke).length;
  // a frame's list opens on the last write before the cursor: what the frame holds now
  const beforeShown = rows.filter((r) => !r.later).length;
  useEffect(() => {
    if (beforeShown > 0) v.scrollToIndex(beforeShown - 1, { align: 'center' });
    // only when the list is opened or filtered, not at every cursor move
  }, [pokesOnly]);
  return (
    <>
      <div className="fh-sub muted">
        {all.length} write{all.length === 1 ? '' : 's'} in the run · {before} before the cursor
        {hasPokes && all.length > pokes && (
          <label className="check fh-filter">
            <input type="checkbox" checked={pokesOnly} onChange={(e) => setPokesOnly(e.target.checked)} /> text_poke only ({pokes})
          </label>
        )}
      </div>
      <div className="fh-list" ref={list}>
        <ul aria-label="Frame history" style={{ height: v.getTotalSize() }}>
          {v.getVirtualItems().map((it) => {
            const r = rows[it.index]!;
            return (
              <li key={it.key} data-index={it.index} ref={v.measureElement} style={{ transform: `translateY(${it.start}px)` }}>
                <Row r={r} onOpen={() => openFrameWrite(c, pfn, writes.find((w) => w.event === r.event && w.offset === r.offset)!)} />
              </li>
            );
          })}
        </ul>
      </div>
    </>
  );
}

/** With no frame picked: the frames stray writes hit so far, to pick one. */
function HitList() {
  const c = useController();
  const findings = useRun((r) => r.info?.findings);
  const cursor = useRun((r) => r.cursor);
  const tile = usePanel('map', (m) => m.tile);
  const hits = useMemo(() => hitFrames(findings ?? [], cursor), [findings, cursor]);
  if (hits.length === 0) return <p className="muted empty">Click a frame to list the writes into it. No stray write has hit a frame before the cursor.</p>;
  const shown = hits.slice(0, 300);
  return (
    <>
      <p className="muted empty">Click a frame to list the writes into it. Frames hit by stray writes before the cursor:</p>
      <ul className="hit-list" aria-label="Frames hit by stray writes">
        {shown.map((pfn) => {
          const fi = tile ? frameInfo(tile, pfn) : null;
          return (
            <li key={pfn}>
              <button type="button" className="hit" onClick={() => selectFrame(c, pfn)} data-pfn={pfn}>
                <span className="mono">pfn 0x{pfn.toString(16)}</span>
                {fi && (
                  <>
                    <span className="swatch" style={{ background: ownerColor(fi.owner) }} />
                    <span className="hit-owner">{fi.owner}</span>
                    <span className="muted">×{fi.strayHits}</span>
                  </>
                )}
              </button>
            </li>
          );
        })}
      </ul>
      {hits.length > shown.length && <p className="muted empty">and {hits.length - shown.length} more (step with ◀ ▶ above)</p>}
    </>
  );
}

export function FrameHistory() {
  const c = useController();
  const pfn = usePanel('map', (m) => m.frame);
  const fw = usePanel('map', (m) => m.writes);
  const tile = usePanel('map', (m) => m.tile);
  const info = pfn !== null && tile ? frameInfo(tile, pfn) : null;
  return (
    <div className="frame-history" aria-label="Frame">
      {pfn === null ? (
        <HitList />
      ) : (
        <>
          <div className="fh-head">
            <b className="mono">frame 0x{pfn.toString(16)}</b>
            {info && (
              <span className="fh-owner">
                <span className="swatch" style={{ background: ownerColor(info.owner) }} /> {info.owner}
              </span>
            )}
            <button type="button" className="link fh-close" onClick={() => selectFrame(c, null)}>
              close
            </button>
          </div>
          {tile && <div className="fh-sub mono muted">{directMapAddr(tile.pageOffset, pfn)}</div>}
          {fw && fw.pfn === pfn ? <Rows key={pfn} pfn={pfn} writes={fw.writes} /> : <p className="muted empty">…</p>}
        </>
      )}
    </div>
  );
}
