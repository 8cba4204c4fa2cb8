// The page_pool view: per pool the alloc cache and the ptr_ring slot by slot, the pages the run
// handed out as cards (refcount, pagecnt_bias, pp_frag_count, pp_magic, dma_addr, owners), a page
// recycled twice or used after it left the pool in red, and beside them the picked page's history
// (the troubled page when none is picked); a history row goes to just after its event.
import { ViewTabs } from '../../components/ViewTabs.tsx';
import { useController, usePanel, useRun } from '../../context.ts';
import { pagesFirstTroubled, pageTrouble, pfnLabel, ringCells } from './model.ts';
import type { PagePoolAnswer, PpPage, PpPool } from './slice.ts';
import './page_pool.css';

function Slot({ page, pfn, twice, index, picked, onPick }: { page: string | null; pfn: number | null; twice: boolean; index: number; picked: boolean; onPick: (p: string) => void }) {
  if (page === null || pfn === null) return <span className="pp-slot free" title={`slot ${index}: free`} />;
  return (
    <button type="button" className={`pp-slot${twice ? ' twice' : ''}${picked ? ' picked' : ''}`} title={`slot ${index}: page ${page}${twice ? ' (twice in the ring)' : ''}`} data-page={page} onClick={() => onPick(page)}>
      {pfnLabel(pfn).slice(-3)}
    </button>
  );
}

function Pool({ pool, troubled, picked, onPick }: { pool: PpPool; troubled: ReadonlySet<string>; picked: string | null; onPick: (p: string) => void }) {
  const { cells, more } = ringCells(pool);
  const cache = pool.cache.slice(-16).reverse();
  return (
    <div className="pp-pool" aria-label={`pool ${pool.name}`} data-pool={pool.name}>
      <div className="pp-pool-head">
        <b className="mono">{pool.name}</b>
        {pool.destroyed && <span className="bad"> destroyed</span>}
        <span className="muted"> {pool.flags.join(' | ') || 'no flags'} · order {pool.order} · in flight {pool.holdCnt - pool.releaseCnt}</span>
        {pool.fragPage && (
          <span className="muted">
            {' '}
            · frag page <span className="mono">{pool.fragPage}</span> +{pool.fragOffset} ({pool.fragUsers} users)
          </span>
        )}
      </div>
      <div className="pp-row">
        <span className="pp-row-name" title="pool->alloc.cache, the top first">
          alloc cache <span className="muted">{pool.cache.length}/128</span>
        </span>
        <div className="pp-slots" aria-label={`${pool.name} alloc cache`}>
          {cache.map((s, i) => (
            <Slot key={i} page={s.page} pfn={s.pfn} twice={troubled.has(s.page)} index={pool.cache.length - 1 - i} picked={picked === s.page} onPick={onPick} />
          ))}
          {pool.cache.length > cache.length && <span className="muted pp-more">+{pool.cache.length - cache.length}</span>}
        </div>
      </div>
      <div className="pp-row">
        <span className="pp-row-name" title="pool->ring, the ptr_ring of recycled pages, in produce order">
          ptr_ring <span className="muted">
            {pool.ring.length}/{pool.poolSize}
          </span>
        </span>
        <div className="pp-slots" aria-label={`${pool.name} ptr_ring`}>
          {cells.map((c) => (
            <Slot key={c.index} page={c.page} pfn={c.pfn} twice={c.twice || (c.page !== null && troubled.has(c.page))} index={c.index} picked={c.page !== null && picked === c.page} onPick={onPick} />
          ))}
          {more > 0 && <span className="muted pp-more">+{more} free</span>}
        </div>
      </div>
    </div>
  );
}

function Card({ p, picked, onPick }: { p: PpPage; picked: boolean; onPick: (page: string) => void }) {
  const trouble = pageTrouble(p);
  return (
    <button type="button" className={`pp-card${trouble ? ' trouble' : ''}${picked ? ' picked' : ''}`} data-page={p.page} aria-label={`page ${p.page}`} onClick={() => onPick(p.page)}>
      <div className="pp-card-head">
        <span className="mono">{p.page}</span> <span className="muted">pfn {pfnLabel(p.pfn)}</span>
        {trouble && <span className="pp-badge">{trouble}</span>}
      </div>
      <dl className="pp-facts">
        <dt>where</dt>
        <dd>{p.pool === null ? 'not a pool page' : p.inRing + p.inCache === 0 ? `out of ${p.pool}` : `${p.pool}: ${p.inRing ? `ring ×${p.inRing}` : ''}${p.inRing && p.inCache ? ', ' : ''}${p.inCache ? `cache ×${p.inCache}` : ''}`}</dd>
        <dt>counts</dt>
        <dd className="mono">
          refcount <b>{p.refcount}</b> · pagecnt_bias <b>{p.pagecntBias}</b>
          {p.ppFragCount !== null && (
            <>
              {' '}
              · pp_frag_count <b>{p.ppFragCount}</b>
            </>
          )}
        </dd>
        <dt>pp_magic</dt>
        <dd className="mono">{p.ppMagic}</dd>
        <dt>dma_addr</dt>
        <dd className="mono">{p.dmaAddr}</dd>
        <dt>owners</dt>
        <dd className="mono">{p.owners.length ? p.owners.join(', ') : '—'}</dd>
      </dl>
    </button>
  );
}

function Side({ view, page }: { view: PagePoolAnswer; page: string | null }) {
  const c = useController();
  const cursor = useRun((r) => r.cursor);
  const p = view.pages.find((x) => x.page === page) ?? null;
  if (!p) return <div className="pp-side muted" aria-label="Page history">Click a page for the events that changed it.</div>;
  return (
    <div className="pp-side" aria-label="Page history">
      <div className="pp-side-head">
        <b className="mono">{p.page}</b> <span className="muted">{p.history.length} events</span>
      </div>
      <ol className="pp-history">
        {p.history.map((h, i) => (
          <li key={`${h.event}:${i}`}>
            <button type="button" className={`bh-row${h.event >= cursor ? ' later' : ''}${h.kind === 'page_pool.release' || h.kind === 'page_pool.double_recycle' ? ' bad' : ''}`} data-event={h.event} data-kind={h.kind} title={`go to event ${h.event} (${h.kind}, ${h.task})`} onClick={() => c.cursor.seekAfterEvent(h.event)}>
              <span className="fev">ev {h.event}</span> <span className="bh-text">{h.text}</span> <span className="muted">{h.task}</span>
            </button>
          </li>
        ))}
      </ol>
    </div>
  );
}

export function PagePoolPanel() {
  const c = useController();
  const now = usePanel('page_pool', (v) => v.now);
  const picked = usePanel('page_pool', (v) => v.page);
  const cursor = useRun((r) => r.cursor);
  const view = now?.view ?? null;
  const pick = (page: string) => c.patchPanel('page_pool', { page: picked === page ? null : page });
  const troubled = new Set((view?.pages ?? []).filter((p) => pageTrouble(p) !== null).map((p) => p.page));
  // with nothing picked, the side follows the page in trouble
  const shown = picked ?? view?.pages.find((p) => pageTrouble(p) !== null)?.page ?? null;
  return (
    <section className={`panel pppanel${now && now.cursor !== cursor ? ' stale' : ''}`} aria-label="page_pool" data-cursor={now?.cursor ?? ''}>
      <div className="hex-head">
        <ViewTabs />
      </div>
      {view === null ? (
        <p className="muted empty">…</p>
      ) : (
        <div className="pp-body">
          <div className="pp-main">
            {view.pools.map((pool) => (
              <Pool key={pool.name} pool={pool} troubled={troubled} picked={shown} onPick={pick} />
            ))}
            <div className="pp-cards" aria-label="Pages">
              {pagesFirstTroubled(view.pages).map((p) => (
                <Card key={p.page} p={p} picked={shown === p.page} onPick={pick} />
              ))}
            </div>
            {view.skbs.length > 0 && (
              <ul className="pp-skbs" aria-label="skbs">
                {view.skbs.map((s) => (
                  <li key={s.name} className="mono">
                    <b>{s.name}</b> head {s.head}
                    {s.headFrag ? ' (page frag)' : ''} · dataref {s.dataref} · pp_recycle {s.ppRecycle ? 1 : 0}
                    {s.cloned ? ' · cloned' : ''}
                    {s.frags.length > 0 && <> · frags {s.frags.map((f) => `${f.page}+${f.off}`).join(', ')}</>}
                  </li>
                ))}
              </ul>
            )}
          </div>
          <Side view={view} page={shown} />
        </div>
      )}
    </section>
  );
}
