// What the page_pool view asks of a run at its cursor: each pool's alloc cache and ptr_ring slot by
// slot, every page a pool touched with its refcount, pagecnt_bias, pp_frag_count, pp_magic,
// dma_addr and owners, the skbs and their heads, and each page's history up to the cursor.
import type { Recorder } from '../engine/recorder.ts';
import { PAGE_SIZE } from '../engine/cow.ts';
import { ppFlagNames } from '../linux/include/net/page_pool.ts';
import { PagePool } from '../linux/net/core/page_pool.ts';
import type { Machine } from '../machine/machine.ts';

export interface PpSlot {
  index: number;
  pfn: number;
  /** The struct page address. */
  page: string;
}

export interface PpPoolView {
  name: string;
  flags: string[];
  order: number;
  poolSize: number;
  destroyed: boolean;
  cache: PpSlot[];
  ring: PpSlot[];
  /** The page fragments are being cut from (struct page address), or null. */
  fragPage: string | null;
  fragOffset: number;
  fragUsers: number;
  /** Pages allocated and released over the pool's life: hold_cnt - release_cnt are in flight. */
  holdCnt: number;
  releaseCnt: number;
}

export interface PpHistoryRow {
  event: number;
  kind: string;
  task: string;
  /** What changed, in words. */
  text: string;
}

export interface PpPageView {
  pfn: number;
  page: string;
  /** Physical address as hex. */
  phys: string;
  pool: string | null;
  refcount: number;
  pagecntBias: number;
  /** page->pp_frag_count, null on a kernel whose struct page has none (5.14-rc1 without the atomic count). */
  ppFragCount: string | null;
  ppMagic: string;
  dmaAddr: string;
  owners: string[];
  inRing: number;
  inCache: number;
  /** A page_pool.double_recycle finding names it before the cursor. */
  doubleRecycled: boolean;
  history: PpHistoryRow[];
}

export interface PpSkbView {
  name: string;
  ppRecycle: boolean;
  cloned: boolean;
  dataref: number;
  head: string;
  headFrag: boolean;
  frags: { page: string; off: number; size: number }[];
}

export interface PagePoolView {
  pools: PpPoolView[];
  pages: PpPageView[];
  skbs: PpSkbView[];
}

const PAGE_EVENTS = new Set(['page_pool.alloc', 'page_pool.frag', 'page_pool.put', 'page_pool.recycle', 'page_pool.release', 'page_pool.bias', 'page.ref', 'skb.build', 'skb.add_rx_frag']);

function describeEvent(kind: string, b: number, payload: Readonly<Record<string, unknown>> | null, off: number): string {
  const p = payload ?? {};
  switch (kind) {
    case 'page_pool.alloc':
      return `handed out by ${String(p.pool)}${p.reused ? ' (fragment page reused)' : ''}`;
    case 'page_pool.frag':
      return `fragment at +${off} (${b} bytes), frag_users ${String(p.users)}`;
    case 'page_pool.put':
      return `put by ${String(p.from)}: refcount ${b}, ${p.bias !== undefined ? `pagecnt_bias ${String(p.bias)}` : `pp_frag_count ${String(p.frag_count)}`}`;
    case 'page_pool.recycle':
      return `recycled into the ${String(p.where)} (slot ${b})`;
    case 'page_pool.release':
      return `released: unmapped, pp_magic cleared${Array.isArray(p.owners) && p.owners.length > 0 ? ` while ${p.owners.join(', ')} still use it` : ''}`;
    case 'page_pool.bias':
      return `pagecnt_bias ${b}`;
    case 'page.ref':
      return b >= 0 ? `page_ref_add(${b})` : b === -1 ? 'put_page()' : `page_ref_sub(${-b})`;
    case 'skb.build':
      return `head of ${String(p.skb)} at +${off}`;
    case 'skb.add_rx_frag':
      return `frag ${String(p.nr_frags)} of ${String(p.skb)} at +${off} (${b} bytes)`;
    default:
      return kind;
  }
}

/** Every event before `at` about the page frames in `pfns`, by pfn. */
function histories(rec: Recorder, at: number, pfns: ReadonlySet<number>): Map<number, PpHistoryRow[]> {
  const out = new Map<number, PpHistoryRow[]>();
  const log = rec.log;
  const end = Math.min(at, log.length);
  for (let i = 0; i < end; i++) {
    const e = log.get(i);
    if (!PAGE_EVENTS.has(e.kind)) continue;
    const pfn = Math.floor(e.a / PAGE_SIZE);
    if (!pfns.has(pfn)) continue;
    let rows = out.get(pfn);
    if (!rows) out.set(pfn, (rows = []));
    rows.push({ event: e.index, kind: e.kind, task: e.task, text: describeEvent(e.kind, e.b, e.payload as Record<string, unknown> | null, e.a % PAGE_SIZE) });
  }
  return out;
}

export function pagePoolView(m: Machine, rec: Recorder, at: number): PagePoolView {
  const pp = m.page_pool;
  const st = pp.st;
  const slots = (pfns: number[]): PpSlot[] => pfns.map((pfn, index) => ({ index, pfn, page: pp.structPage(pfn) }));
  const pools: PpPoolView[] = st.pools.map((p) => ({
    name: p.name,
    flags: ppFlagNames(p.flags),
    order: p.order,
    poolSize: p.poolSize,
    destroyed: p.destroyed,
    cache: slots(p.cache),
    ring: slots(p.ring),
    fragPage: p.fragPage >= 0 ? pp.structPage(p.fragPage) : null,
    fragOffset: p.fragOffset,
    fragUsers: p.fragUsers,
    holdCnt: p.holdCnt,
    releaseCnt: p.releaseCnt,
  }));
  const doubled = new Set<string>();
  for (const f of rec.findings) if (f.event < at && f.kind === 'page_pool.double_recycle') doubled.add(String(f.fields.page));
  // the pages worth showing: handed out by a scenario step, or in a frag/skb; not the bulk that only sits in a cache
  const pfns = new Set<number>();
  for (const b of st.bufs) pfns.add(b.pfn);
  for (const p of st.pools) for (const pfn of p.ring) pfns.add(pfn);
  const hist = histories(rec, at, pfns);
  // the findings about a page, in its history where they were reported
  for (const f of rec.findings) {
    if (f.event >= at || !f.kind.startsWith('page_pool.')) continue;
    const pfn = Number.parseInt(String(f.fields.pfn), 16);
    const rows = hist.get(pfn);
    if (!rows) continue;
    const i = rows.findIndex((r) => r.event > f.event);
    rows.splice(i < 0 ? rows.length : i, 0, { event: f.event, kind: f.kind, task: '', text: f.kind === 'page_pool.double_recycle' ? `recycled twice: ${String(f.fields.reason)}` : f.title });
  }
  const pages: PpPageView[] = [...pfns]
    .sort((a, b) => a - b)
    .map((pfn) => {
      const pg = pp.page(pfn);
      const page = pp.structPage(pfn);
      return {
        pfn,
        page,
        phys: '0x' + (pfn * PAGE_SIZE).toString(16),
        pool: pg && pg.pool >= 0 ? st.pools[pg.pool]!.name : null,
        refcount: pp.refcount(pfn),
        // the driver's batch, or the RFC's pp_info->pagecnt_bias
        pagecntBias: pg ? pg.bias || pg.ppBias : 0,
        ppFragCount: pp.fragCountApi() ? (pg?.fragCount ?? '0') : null,
        ppMagic: PagePool.magicValue(pg),
        dmaAddr: '0x' + (pg?.dma ?? 0).toString(16).padStart(16, '0'),
        owners: pp.owners(pfn),
        inRing: st.pools.reduce((n, p) => n + p.ring.filter((x) => x === pfn).length, 0),
        inCache: st.pools.reduce((n, p) => n + p.cache.filter((x) => x === pfn).length, 0),
        doubleRecycled: doubled.has(page),
        history: hist.get(pfn) ?? [],
      };
    });
  const skbs: PpSkbView[] = st.skbs
    .filter((s) => !s.freed)
    .map((s) => {
      const sh = st.shinfos[s.shinfo]!;
      return {
        name: s.name,
        ppRecycle: s.ppRecycle,
        cloned: s.cloned,
        dataref: sh.dataref,
        head: m.k.va(sh.head),
        headFrag: sh.headFrag,
        frags: sh.frags.map((f) => ({ page: pp.structPage(f.pfn), off: f.off, size: f.size })),
      };
    });
  return { pools, pages, skbs };
}
