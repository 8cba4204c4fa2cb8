// Beside the VRAM map: the buffer object picked and every event of the run about it (the moves
// by default, every TTM event on request; those after the cursor dimmed, a click goes there), or
// with none picked the buffers worth a look (failed, evicting, evicted, pinned) and the LRU lists.
import { useMemo, useState } from 'react';
import { useController, usePanel, useRun } from '../../context.ts';
import { selectBo } from './actions.ts';
import { STATE_LABELS, errnoName, sizeText, type BoHistoryRow, type VramMap, type VramMapBo } from './gpu.ts';
import { attentionList, lruSummary } from './vramModel.ts';
import { StateChip } from './StateChip.tsx';

function Swatch({ bo }: { bo: VramMapBo }) {
  return <StateChip state={bo.state} />;
}

function where(bo: VramMapBo): string {
  if (bo.mem === 'VRAM' && bo.offset >= 0) return `VRAM 0x${bo.offset.toString(16)}`;
  return bo.mem;
}

function Facts({ bo }: { bo: VramMapBo }) {
  return (
    <dl className="bo-facts">
      <dt>state</dt>
      <dd>
        <Swatch bo={bo} /> {STATE_LABELS[bo.state]}
        {bo.error !== null && <span className="bad"> ({errnoName(bo.error)})</span>}
      </dd>
      <dt>where</dt>
      <dd className="mono">
        {where(bo)}
        {bo.beyondBar && <span className="bad" title="above the BAR1 window: the CPU cannot reach it, so memcpy_fromio() cannot copy it"> beyond BAR1</span>}
      </dd>
      {bo.evictedFrom && (
        <>
          <dt>evicted from</dt>
          <dd className="mono">
            {bo.evictedFrom.mem} 0x{bo.evictedFrom.offset.toString(16)}
          </dd>
        </>
      )}
      <dt>size</dt>
      <dd>
        {bo.pages} pages ({sizeText(bo.pages * 4096)})
      </dd>
      <dt>owner</dt>
      <dd>{bo.owner}</dd>
      <dt>LRU</dt>
      <dd>{bo.lru ? `${bo.lru[0]}, priority ${bo.lru[1]}` : bo.pinned ? 'none (pinned)' : 'none'}</dd>
    </dl>
  );
}

function History({ rows }: { rows: readonly BoHistoryRow[] }) {
  const c = useController();
  const cursor = useRun((r) => r.cursor);
  const [all, setAll] = useState(false);
  const shown = all ? rows : rows.filter((r) => r.major);
  const before = shown.filter((r) => r.event < cursor).length;
  return (
    <>
      <div className="bo-sub muted">
        {shown.length} event{shown.length === 1 ? '' : 's'} · {before} before the cursor
        <label className="check">
          <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> every TTM event
        </label>
      </div>
      <ol className="bo-history" aria-label="Buffer history">
        {shown.map((r, i) => (
          <li key={`${r.event}:${i}`}>
            <button
              type="button"
              className={`bh-row${r.event >= cursor ? ' later' : ''}${r.major ? '' : ' minor'}${r.bad ? ' bad' : ''}`}
              onClick={() => c.cursor.seekAfterEvent(r.event)}
              title={`go to event ${r.event} (${r.kind}, ${r.task})`}
              data-event={r.event}
              data-kind={r.kind}
            >
              <span className="fev">ev {r.event}</span> <span className="bh-text">{r.text}</span>
            </button>
          </li>
        ))}
      </ol>
    </>
  );
}

function Picked({ map, name }: { map: VramMap; name: string }) {
  const c = useController();
  const history = usePanel('vram', (v) => v.history);
  const bo = map.bos.find((b) => b.name === name) ?? null;
  return (
    <div className="bo-side" aria-label="Buffer">
      <div className="bo-head">
        <b className="mono">{name}</b>
        <button type="button" className="link" onClick={() => selectBo(c, null)}>
          close
        </button>
      </div>
      {bo ? <Facts bo={bo} /> : <p className="muted empty">Not a buffer at the cursor (created later, or released).</p>}
      {history && history.bo === name ? <History rows={history.rows} /> : <p className="muted empty">…</p>}
    </div>
  );
}

function Attention({ map }: { map: VramMap }) {
  const c = useController();
  const list = useMemo(() => attentionList(map), [map]);
  const lrus = useMemo(() => lruSummary(map), [map]);
  return (
    <div className="bo-side" aria-label="Buffers">
      <p className="muted empty">Click a block for the events that moved it.</p>
      {list.shown.length > 0 && (
        <ul className="bo-list" aria-label="Buffers to look at">
          {list.shown.map((b) => (
            <li key={b.id}>
              <button type="button" className="bo-item" data-bo={b.name} data-state={b.state} onClick={() => selectBo(c, b.name)} title={`${b.name}: ${STATE_LABELS[b.state]}, ${where(b)}`}>
                <Swatch bo={b} />
                <span className="bo-name">{b.name}</span>
                <span className="muted">{b.state === 'failed' && b.error !== null ? errnoName(b.error) : where(b)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {list.more > 0 && <p className="muted empty">and {list.more} more</p>}
      {lrus.length > 0 && (
        <div className="lru-lists" aria-label="LRU lists">
          {lrus.map((l) => (
            <div key={l.key} className="lru-line" title={l.head ? `${l.head} is at the head: ttm_mem_evict_first() takes it next` : undefined}>
              <span className="mono">{l.label}</span> <span className="muted">{l.count}</span>
              {l.head && (
                <>
                  {' '}
                  <span className="muted">next:</span>{' '}
                  <button type="button" className="link mono" onClick={() => selectBo(c, l.head!)}>
                    {l.head}
                  </button>
                </>
              )}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

export function BoSide({ map }: { map: VramMap }) {
  const bo = usePanel('vram', (v) => v.bo);
  return bo === null ? <Attention map={map} /> : <Picked map={map} name={bo} />;
}
