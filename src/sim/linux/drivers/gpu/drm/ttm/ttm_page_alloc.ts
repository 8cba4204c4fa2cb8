// The page pools behind ttm_tt, drivers/gpu/drm/ttm/ttm_page_alloc.c 5.10: cached pages come
// straight from the page allocator; write-combined and uncached ones from a pool that
// ttm_page_pool_fill_locked() refills NUM_PAGES_TO_ALLOC at a time with ttm_alloc_new_pages(),
// which changes their caching with ttm_set_pages_caching() (set_pages_array_wc(), expensive).
// Every new page goes through post_alloc_hook(): with init_on_alloc (or __GFP_ZERO) it is
// cleared, and the clearing costs its time.
import { KERN_INFO } from '../../../../../engine/recorder.ts';
import { PAGE_SIZE } from '../../../../include/linux/mm_types.ts';
import type { Caching, TtmBo, TtmOperationCtx } from '../../../../include/drm/ttm/ttm_bo_api.ts';
import { ttmMemGlobalAllocPage, ttmMemGlobalFreePage } from './ttm_memory.ts';
import { ENOMEM, type Ttm } from './ttm_module.ts';

/** NUM_PAGES_TO_ALLOC: PAGE_SIZE / sizeof(struct page *). */
export const NUM_PAGES_TO_ALLOC = 512;

/** What the CPU spends per page: the buddy allocator, clear_page(), set_memory_wc() with its TLB flush. */
const ALLOC_NS = 300;
const CLEAR_NS = 520;
const SET_CACHING_NS = 7_900;

// ttm_page_alloc_init() and ttm_dma_page_alloc_init()
export function ttmPageAllocInit(t: Ttm): void {
  t.k.printk(KERN_INFO, '[TTM] Initializing pool allocator');
  t.k.printk(KERN_INFO, '[TTM] Initializing DMA pool allocator');
}

/** alloc_page(GFP_HIGHUSER [| __GFP_ZERO]) with post_alloc_hook()'s init_on_alloc clearing. */
function allocPage(t: Ttm, zero: boolean, owner: string): number {
  const k = t.k;
  const pfn = k.buddy.allocPages(0, false, k.pages.ownerId(owner));
  if (pfn === null) return -1;
  k.clock.advance(ALLOC_NS);
  if (t.mm.wantInitOnAlloc(zero)) {
    k.memFill(pfn * PAGE_SIZE, PAGE_SIZE, 0, zero && !t.mm.initOnAllocKey ? '__GFP_ZERO' : 'init_on_alloc (kernel_init_free_pages)');
    k.clock.advance(CLEAR_NS);
  }
  return pfn;
}

// ttm_alloc_new_pages(): count new pages, their caching changed in batches
function ttmAllocNewPages(t: Ttm, out: number[], count: number, caching: Caching, zero: boolean, owner: string): number {
  return t.fg.call('ttm_alloc_new_pages.isra.0', () => {
    const batch: number[] = [];
    for (let i = 0; i < count; i++) {
      const pfn = allocPage(t, zero, owner);
      if (pfn < 0) return -ENOMEM;
      out.push(pfn);
      if (caching !== 'cached') {
        batch.push(pfn);
        if (batch.length === NUM_PAGES_TO_ALLOC) ttmSetPagesCaching(t, batch.splice(0));
      }
    }
    if (batch.length > 0) ttmSetPagesCaching(t, batch);
    return 0;
  });
}

// ttm_set_pages_caching(): set_pages_array_wc()/_uc()
function ttmSetPagesCaching(t: Ttm, pages: number[]): void {
  t.fg.call('ttm_set_pages_caching', () => t.k.clock.advance(SET_CACHING_NS * pages.length));
}

// ttm_page_pool_get_pages(): refill the pool when short, then take from it
function ttmPagePoolGetPages(t: Ttm, pool: number[], out: number[], count: number, caching: Caching): number {
  return t.fg.call('ttm_page_pool_get_pages', () => {
    if (pool.length < count) {
      // ttm_page_pool_fill_locked(): one refill of alloc_size pages
      const fresh: number[] = [];
      const r = ttmAllocNewPages(t, fresh, NUM_PAGES_TO_ALLOC, caching, false, `ttm page pool (${caching})`);
      pool.push(...fresh);
      if (r) return r;
    }
    const n = Math.min(count, pool.length);
    // the pool hands out its most recently added pages first (list tail)
    out.push(...pool.splice(pool.length - n, n));
    return 0;
  });
}

// ttm_get_pages()
function ttmGetPages(t: Ttm, out: number[], npages: number, caching: Caching, zero: boolean, owner: string): number {
  if (caching === 'cached') {
    for (let i = 0; i < npages; i++) {
      const pfn = allocPage(t, zero, owner);
      if (pfn < 0) return -ENOMEM;
      out.push(pfn);
    }
    return 0;
  }
  const pool = caching === 'wc' ? t.glob.poolWc : t.glob.poolUc;
  const r = ttmPagePoolGetPages(t, pool, out, npages, caching);
  if (r) return r;
  // pages from the pool are cleared when the caller asked for zeroes
  if (zero)
    for (const pfn of out) {
      t.k.memFill(pfn * PAGE_SIZE, PAGE_SIZE, 0, 'clear_page (TTM_PAGE_FLAG_ZERO_ALLOC)');
      t.k.clock.advance(CLEAR_NS);
    }
  if (out.length < npages) return ttmAllocNewPages(t, out, npages - out.length, caching, zero, owner);
  return 0;
}

// ttm_pool_populate(): the pages of a ttm_tt, each accounted with ttm_mem_global_alloc_page()
export function ttmPoolPopulate(t: Ttm, bo: TtmBo, ctx: TtmOperationCtx): number {
  void ctx;
  return t.fg.call('ttm_pool_populate', () => {
    const tt = bo.ttm!;
    if (tt.state !== 'unpopulated') return 0;
    const owner = `ttm_tt: ${bo.name}`;
    const pages: number[] = [];
    let ret = ttmGetPages(t, pages, bo.numPages, tt.caching, tt.zeroAlloc, owner);
    const k = t.k;
    const id = k.pages.ownerId(owner);
    for (let i = 0; i < pages.length && ret === 0; i++) {
      k.pages.setOwner(pages[i]!, 1, id);
      tt.pages[i] = pages[i]!;
      ret = ttmMemGlobalAllocPage(t);
    }
    if (ret) {
      ttmPoolUnpopulate(t, bo);
      return -ENOMEM;
    }
    tt.state = 'unbound';
    return 0;
  });
}

// ttm_pool_unpopulate(): pages back to their pool (cached ones to the page allocator)
export function ttmPoolUnpopulate(t: Ttm, bo: TtmBo): void {
  const tt = bo.ttm;
  if (!tt) return;
  const k = t.k;
  const pool = tt.caching === 'wc' ? t.glob.poolWc : tt.caching === 'uncached' ? t.glob.poolUc : null;
  const poolOwner = k.pages.ownerId(`ttm page pool (${tt.caching})`);
  for (let i = 0; i < tt.pages.length; i++) {
    const pfn = tt.pages[i]!;
    if (pfn < 0) continue;
    ttmMemGlobalFreePage(t);
    if (pool) {
      k.pages.setOwner(pfn, 1, poolOwner);
      pool.push(pfn);
    } else {
      if (t.mm.wantInitOnFree()) k.memFill(pfn * PAGE_SIZE, PAGE_SIZE, 0, 'init_on_free (kernel_init_free_pages)');
      k.buddy.freeBlock(pfn, 0);
    }
    tt.pages[i] = -1;
  }
  tt.state = 'unpopulated';
}
