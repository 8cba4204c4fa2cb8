// net/core/page_pool.c 5.15: page_pool_create(), the alloc cache and the ptr_ring of recycled pages,
// page_pool_alloc_pages(), the fragment API (page_pool_alloc_frag(), pp_frag_count),
// __page_pool_put_page() deciding recycle or release, page_pool_release_page(),
// page_pool_return_skb_page(), page_pool_destroy(). The skbs that carry its pages are in skbuff.ts.
// Machine kernel 5.14-rc1 follows 6a5bcd84e886 ("page_pool: Allow drivers to hint on SKB recycling")
// before 2cc3aeb5b8cc: no fragment API, recycling decided by page_ref_count() == 1 alone; patch
// page_pool_elevated_refcnt_rfc adds Yunsheng Lin's RFC v1 of 2021-06-30 on top of it.
import type { Hasher } from '../../../engine/hash.ts';
import { eventKind, KERN_ALERT, KERN_CRIT, KERN_WARNING } from '../../../engine/recorder.ts';
import type { Kernel } from '../../../machine/kernel.ts';
import type { PhysInfo, Subsystem } from '../../../machine/subsystem.ts';
import type { MmInit } from '../../mm/mm_init.ts';
import { F_MAPCOUNT, F_REFCOUNT, PAGE_SIZE } from '../../include/linux/mm_types.ts';
import { formatPageFlags } from '../../include/linux/page-flags-layout.ts';
import { pfnToPage } from '../../include/asm-generic/memory_model.ts';
import type { SkBuff, SkbShinfo } from '../../include/linux/skbuff.ts';
import {
  BIAS_MAX,
  PP_ALLOC_CACHE_REFILL,
  PP_ALLOC_CACHE_SIZE,
  PP_FLAG_DMA_MAP,
  PP_FLAG_PAGE_FRAG,
  PP_FLAG_PAGECNT_BIAS,
  PP_SIGNATURE,
  USHRT_MAX,
  type PagePoolState,
  type PpPageState,
} from '../../include/net/page_pool.ts';
import { clonePlain } from '../../../engine/clone.ts';

export const EV_PP_ALLOC = eventKind('page_pool.alloc');
export const EV_PP_FRAG = eventKind('page_pool.frag');
export const EV_PP_PUT = eventKind('page_pool.put');
export const EV_PP_RECYCLE = eventKind('page_pool.recycle');
export const EV_PP_RELEASE = eventKind('page_pool.release');
export const EV_PP_BIAS = eventKind('page_pool.bias');
export const EV_PAGE_REF = eventKind('page.ref');

export const PATCH_ATOMIC_FRAG_COUNT = 'page_pool_atomic_frag_count';
export const PATCH_ELEVATED_REFCNT_RFC = 'page_pool_elevated_refcnt_rfc';

/** The loads and stores of one CPU's page_pool_alloc_pages() in the RFC, in program order. */
export const RACE_STEPS = ['count_load', 'count_store', 'bias_load', 'bias_compute', 'bias_store'] as const;
export type RaceStep = (typeof RACE_STEPS)[number];
export interface RaceCpu {
  cpu: number;
  task: string;
}

/** One reference the pool handed out (a page or a fragment) and who returned it: kernscope's bookkeeping. */
export interface PpHandout {
  pfn: number;
  off: number;
  size: number;
  /** Event of the hand-out. */
  at: number;
  /** Event of the first return through the pool, -1 while out. */
  returned: number;
}

export interface NetState {
  pools: PagePoolState[];
  pages: PpPageState[];
  handouts: PpHandout[];
  skbs: SkBuff[];
  shinfos: SkbShinfo[];
  /** Next simulated IOVA (top-down below 4 GiB, as an IOMMU's 32-bit-first allocator gives them). */
  iovaNext: number;
  /** Pages already reported as double-recycled (one report per page). */
  reported: number[];
  /** Buffers named by scenario steps: a page or a fragment of one. */
  bufs: { name: string; pool: number; pfn: number; off: number; size: number; posted: boolean }[];
}

const EMPTY = (): NetState => ({ pools: [], pages: [], handouts: [], skbs: [], shinfos: [], iovaNext: 0x100000000, reported: [], bufs: [] });

export class PagePool implements Subsystem<NetState> {
  readonly name = 'page_pool';
  st: NetState = EMPTY();

  constructor(
    readonly k: Kernel,
    readonly mm: MmInit,
  ) {}

  snapshot(): NetState {
    return clonePlain(this.st);
  }

  restore(s: NetState): void {
    this.st = clonePlain(s);
  }

  unused(): boolean {
    return this.st.pools.length === 0 && this.st.skbs.length === 0;
  }

  hashInto(h: Hasher): void {
    h.str(JSON.stringify(this.st));
  }

  /** On machines that have any. */
  counters(): Record<string, number> {
    if (this.unused()) return {};
    return { page_pools: this.st.pools.length, skbs: this.st.skbs.filter((s) => !s.freed).length };
  }

  describe(phys: number): PhysInfo | null {
    const pfn = Math.floor(phys / PAGE_SIZE);
    const pg = this.page(pfn);
    if (!pg || pg.pool < 0) return null;
    return { owner: `page_pool ${this.st.pools[pg.pool]!.name}`, object: null, regions: [] };
  }

  poolIndex(name: string): number {
    return this.st.pools.findIndex((p) => p.name === name);
  }

  page(pfn: number): PpPageState | undefined {
    return this.st.pages.find((p) => p.pfn === pfn);
  }

  pageState(pfn: number): PpPageState {
    let pg = this.page(pfn);
    if (!pg) {
      pg = { pfn, magic: false, pool: -1, dma: 0, fragCount: '0', bias: 0, ppBias: 0 };
      this.st.pages.push(pg);
    }
    return pg;
  }

  /** The 5.15 fragment API (pp_frag_count): 5.15, or 5.14-rc1 with page_pool_atomic_frag_count. */
  fragCountApi(): boolean {
    return this.k.layout.kernel !== '5.14-rc1' || this.k.patch(PATCH_ATOMIC_FRAG_COUNT);
  }

  /** The elevated-refcnt RFC (pp_info, pagecnt_bias): 5.14-rc1 with the patch, unless the atomic count replaces it. */
  rfc(): boolean {
    return !this.fragCountApi() && this.k.patch(PATCH_ELEVATED_REFCNT_RFC);
  }

  /** 2cc3aeb5b8cc: skb_release_data() of a head still shared clears the copied pp_recycle. */
  clearsClonedRecycle(): boolean {
    return this.fragCountApi();
  }

  /** Before the fragment count every pool put drops a page reference: get_page() on a pool page is one more reference to return. */
  putsDropPageRefs(pfn: number): boolean {
    const pg = this.page(pfn);
    return !this.fragCountApi() && !!pg && pg.magic && pg.pool >= 0;
  }

  /** The struct page address of a pfn in vmemmap. */
  structPage(pfn: number): string {
    return '0x' + pfnToPage(this.k.layout, pfn).toString(16);
  }

  /** The skbs whose heads or fragments are in a page and that are not freed: who still uses it. */
  owners(pfn: number): string[] {
    const out: string[] = [];
    for (const s of this.st.skbs) {
      if (s.freed) continue;
      const sh = this.st.shinfos[s.shinfo]!;
      const inHead = Math.floor(sh.head / PAGE_SIZE) === pfn && sh.headFrag;
      if (inHead || sh.frags.some((f) => f.pfn === pfn)) out.push(s.name);
    }
    // buffers the driver posted to the NIC's RX ring and has not received into an skb yet
    for (const b of this.st.bufs) if (b.posted && b.pfn === pfn) out.push(`rx:${b.name}`);
    return out;
  }

  refcount(pfn: number): number {
    return this.k.pages.get(pfn, F_REFCOUNT);
  }

  // get_page() / page_ref_add()
  pageRefAdd(pfn: number, n: number): void {
    this.k.rec.emit(EV_PAGE_REF, pfn * PAGE_SIZE, n);
    this.k.pages.set(pfn, F_REFCOUNT, this.refcount(pfn) + n);
  }

  // put_page() (mm/swap.c 5.15) on an order-`order` page: __free_pages when the last reference goes
  putPage(pfn: number, order: number): void {
    const k = this.k;
    const p = k.pages;
    const ref = this.refcount(pfn);
    k.rec.emit(EV_PAGE_REF, pfn * PAGE_SIZE, -1);
    if (ref <= 0) {
      // VM_BUG_ON_PAGE(page_ref_count(page) == 0) in put_page_testzero(); without CONFIG_DEBUG_VM the count underflows silently
      if (k.kconfig('CONFIG_DEBUG_VM')) this.badPage(pfn, 'VM_BUG_ON_PAGE(page_ref_count(page) == 0)');
      p.set(pfn, F_REFCOUNT, ref - 1);
      return;
    }
    p.set(pfn, F_REFCOUNT, ref - 1);
    if (ref - 1 > 0) return;
    if (this.mm.wantInitOnFree()) k.memFill(pfn * PAGE_SIZE, PAGE_SIZE << order, 0, 'init_on_free (kernel_init_pages)');
    k.buddy.freeBlock(pfn, order);
  }

  // bad_page(), mm/page_alloc.c 5.15, with dump_page()'s first lines
  badPage(pfn: number, reason: string): void {
    const k = this.k;
    const title = `BUG: Bad page state in process ${k.rec.ctx.task}  pfn:${pfn.toString(16).padStart(5, '0')}`;
    k.printk(KERN_ALERT, title);
    k.printk(KERN_ALERT, `page:${this.structPage(pfn)} refcount:${this.refcount(pfn)} mapcount:${k.pages.get(pfn, F_MAPCOUNT)} mapping:0000000000000000 index:0x0 pfn:0x${pfn.toString(16)}`);
    k.printk(KERN_ALERT, `flags: ${formatPageFlags(k, pfn, 0n, [])}`);
    k.printk(KERN_ALERT, `page dumped because: ${reason}`);
    k.rec.finding('mm.bad_page', title, { addr: k.va(pfn * PAGE_SIZE), page: this.structPage(pfn), pfn: '0x' + pfn.toString(16), reason });
  }

  // page_pool_dma_map(): the IOVA the device writes to, in page->dma_addr
  dmaMap(pool: PagePoolState, pg: PpPageState): void {
    if ((pool.flags & PP_FLAG_DMA_MAP) === 0) return;
    this.st.iovaNext -= PAGE_SIZE << pool.order;
    pg.dma = this.st.iovaNext;
  }

  // page_pool_set_pp_info(); the RFC's takes USHRT_MAX references at once for PP_FLAG_PAGECNT_BIAS
  setPpInfo(pi: number, pg: PpPageState): void {
    pg.pool = pi;
    pg.magic = true;
    if (this.rfc() && this.st.pools[pi]!.flags & PP_FLAG_PAGECNT_BIAS) {
      this.pageRefAdd(pg.pfn, USHRT_MAX);
      pg.ppBias = USHRT_MAX;
      this.k.rec.emit(EV_PP_BIAS, pg.pfn * PAGE_SIZE, pg.ppBias);
    }
  }

  // page_pool_sub_bias(), the RFC: hand nr references out of the bias, recharging it before it would reach 0
  subBias(pfn: number, nr: number): void {
    const pg = this.pageState(pfn);
    // pagecnt_bias 0 means the pool has no PP_FLAG_PAGECNT_BIAS: nothing is counted
    if (pg.ppBias === 0) return;
    if (pg.ppBias <= nr) {
      this.pageRefAdd(pfn, USHRT_MAX);
      pg.ppBias += USHRT_MAX;
    }
    pg.ppBias -= nr;
    this.k.rec.emit(EV_PP_BIAS, pfn * PAGE_SIZE, pg.ppBias);
  }

  // __page_pool_alloc_pages_slow(): a bulk of PP_ALLOC_CACHE_REFILL order-0 pages into the cache (one page for order > 0)
  allocPagesSlow(pi: number): number | null {
    const k = this.k;
    const pool = this.st.pools[pi]!;
    const n = pool.order === 0 ? PP_ALLOC_CACHE_REFILL : 1;
    const owner = k.pages.ownerId(`page_pool ${pool.name}`);
    for (let i = 0; i < n; i++) {
      const pfn = k.buddy.allocPages(pool.order, pool.order > 0, owner);
      if (pfn === null) break;
      if (this.mm.wantInitOnAlloc()) k.memFill(pfn * PAGE_SIZE, PAGE_SIZE << pool.order, 0, 'init_on_alloc (kernel_init_pages)');
      const pg = this.pageState(pfn);
      this.dmaMap(pool, pg);
      this.setPpInfo(pi, pg);
      pool.cache.push(pfn);
      pool.holdCnt++;
    }
    return pool.cache.pop() ?? null;
  }

  // page_pool_refill_alloc_cache(): move up to PP_ALLOC_CACHE_REFILL pages from the ring; pages of another node are returned
  refillAllocCache(pi: number): number | null {
    const pool = this.st.pools[pi]!;
    while (pool.ring.length > 0 && pool.cache.length < PP_ALLOC_CACHE_REFILL) {
      const pfn = pool.ring.shift()!;
      // every page of this machine is on node 0: another preferred node returns it and stops
      if (pool.nid >= 0 && pool.nid !== 0) {
        this.returnPage(pi, pfn);
        break;
      }
      pool.cache.push(pfn);
    }
    return pool.cache.pop() ?? null;
  }

  // page_pool_alloc_pages(): the cache, then the ring, then the page allocator
  allocPages(pi: number): number | null {
    const pool = this.st.pools[pi]!;
    const pfn = pool.cache.length > 0 ? pool.cache.pop()! : (this.refillAllocCache(pi) ?? this.allocPagesSlow(pi));
    if (pfn === null) return null;
    this.k.rec.emit(EV_PP_ALLOC, pfn * PAGE_SIZE, pool.order, { pool: pool.name });
    this.checkShared(pi, pfn);
    // the RFC: the caller of page_pool_alloc_pages() is one user of the page
    if (this.rfc()) this.subBias(pfn, 1);
    return pfn;
  }

  /**
   * Two CPUs in the RFC's page_pool_alloc_pages() on one pool at once: the alloc cache pop
   * (pool->alloc.cache[--pool->alloc.count]) and page_pool_sub_bias(page, 1) are plain loads and
   * stores, run in the order `order` gives ("0:count_load", "1:bias_store", ...; 0 is `cpus[0]`).
   */
  allocPagesRace(pi: number, cpus: readonly RaceCpu[], order: readonly string[]): [number, number] | null {
    const k = this.k;
    const pool = this.st.pools[pi]!;
    // the alloc cache is refilled first when empty, as the first of the two would find it
    if (pool.cache.length === 0) {
      const p = this.refillAllocCache(pi) ?? this.allocPagesSlow(pi);
      if (p === null) return null;
      pool.cache.push(p);
    }
    const regs = cpus.map(() => ({ count: 0, pfn: -1, bias: 0 }));
    const saved = { cpu: k.rec.ctx.cpu, task: k.rec.ctx.task };
    for (const m of order) {
      const [who, what] = m.split(':') as [string, RaceStep];
      const i = Number(who);
      const r = regs[i]!;
      k.rec.ctx.cpu = cpus[i]!.cpu;
      k.rec.ctx.task = cpus[i]!.task;
      this.raceStep(pool, r, what);
    }
    k.rec.ctx.cpu = saved.cpu;
    k.rec.ctx.task = saved.task;
    return [regs[0]!.pfn, regs[1]!.pfn];
  }

  // one load or store of page_pool_alloc_pages() + page_pool_sub_bias(page, 1), RFC of 2021-06-30
  private raceStep(pool: PagePoolState, r: { count: number; pfn: number; bias: number }, what: RaceStep): void {
    const k = this.k;
    switch (what) {
      case 'count_load':
        // __page_pool_get_cached(): the count is read, the page at count - 1 taken
        r.count = pool.cache.length;
        r.pfn = pool.cache[r.count - 1] ?? -1;
        k.rec.emit(EV_PP_ALLOC, r.pfn * PAGE_SIZE, pool.order, { pool: pool.name, fn: '__page_pool_get_cached', alloc_count: r.count });
        return;
      case 'count_store':
        pool.cache.length = Math.max(0, r.count - 1);
        return;
      case 'bias_load':
        r.bias = this.pageState(r.pfn).ppBias;
        k.rec.emit(EV_PP_BIAS, r.pfn * PAGE_SIZE, r.bias, { fn: 'page_pool_sub_bias', access: 'load' });
        return;
      case 'bias_compute':
        // pagecnt_bias 0: no PP_FLAG_PAGECNT_BIAS, nothing counted; the recharge's page_ref_add() is atomic
        if (r.bias === 0) return;
        if (r.bias <= 1) {
          this.pageRefAdd(r.pfn, USHRT_MAX);
          r.bias += USHRT_MAX;
        }
        r.bias -= 1;
        return;
      case 'bias_store':
        if (this.pageState(r.pfn).ppBias === 0 && r.bias === 0) return;
        this.pageState(r.pfn).ppBias = r.bias;
        k.rec.emit(EV_PP_BIAS, r.pfn * PAGE_SIZE, r.bias, { fn: 'page_pool_sub_bias', access: 'store' });
        return;
    }
  }

  // page_pool_alloc_frag() of the elevated-refcnt RFC: every user of a new page is taken out of the bias at once
  allocFragRfc(pi: number): { pfn: number; off: number } | null {
    const pool = this.st.pools[pi]!;
    const size = pool.fragSize;
    let pfn = pool.fragPage;
    let off = pool.fragOffset;
    if (pfn < 0 || off + size > pool.maxLen) {
      const p = this.allocPages(pi);
      if (p === null) {
        pool.fragPage = -1;
        return null;
      }
      pfn = pool.fragPage = p;
      off = 0;
      pool.fragUsers = 0;
      // max_len / frag_size users, one of them already taken by page_pool_alloc_pages()
      this.subBias(p, Math.floor(pool.maxLen / size) - 1);
    }
    pool.fragUsers++;
    pool.fragOffset = off + size;
    this.k.rec.emit(EV_PP_FRAG, pfn * PAGE_SIZE + off, size, { pool: pool.name, users: pool.fragUsers });
    return { pfn, off };
  }

  // page_pool_alloc_frag(), net/core/page_pool.c 5.15 (dma_get_cache_alignment() is 1 on x86)
  allocFrag(pi: number, size: number): { pfn: number; off: number } | null {
    const pool = this.st.pools[pi]!;
    const max = PAGE_SIZE << pool.order;
    let pfn = pool.fragPage;
    let off = pool.fragOffset;
    if (pfn >= 0 && off + size > max) {
      pfn = this.drainFrag(pi, pfn);
      if (pfn >= 0) {
        this.k.rec.emit(EV_PP_ALLOC, pfn * PAGE_SIZE, pool.order, { pool: pool.name, reused: true });
        return this.fragReset(pool, pfn, size);
      }
    }
    if (pfn < 0) {
      const p = this.allocPages(pi);
      if (p === null) {
        pool.fragPage = -1;
        return null;
      }
      pool.fragPage = p;
      return this.fragReset(pool, p, size);
    }
    pool.fragUsers++;
    pool.fragOffset = off + size;
    this.k.rec.emit(EV_PP_FRAG, pfn * PAGE_SIZE + off, size, { pool: pool.name, users: pool.fragUsers });
    return { pfn, off };
  }

  private fragReset(pool: PagePoolState, pfn: number, size: number): { pfn: number; off: number } {
    pool.fragUsers = 1;
    pool.fragOffset = size;
    // page_pool_set_frag_count(page, BIAS_MAX)
    this.pageState(pfn).fragCount = BIAS_MAX.toString();
    this.k.rec.emit(EV_PP_FRAG, pfn * PAGE_SIZE, size, { pool: pool.name, users: 1 });
    return { pfn, off: 0 };
  }

  // page_pool_drain_frag(): give back the BIAS_MAX - frag_users never handed out; reuse the page if that was all
  private drainFrag(pi: number, pfn: number): number {
    const pool = this.st.pools[pi]!;
    const drain = BIAS_MAX - BigInt(pool.fragUsers);
    if (this.subFragCountReturn(pfn, drain) !== 0n) {
      pool.fragPage = -1;
      return -1;
    }
    if (this.refcount(pfn) === 1) return pfn;
    this.returnPage(pi, pfn);
    pool.fragPage = -1;
    return -1;
  }

  // page_pool_atomic_sub_frag_count_return(), include/net/page_pool.h 5.15: a count equal to nr is not decremented
  subFragCountReturn(pfn: number, nr: bigint): bigint {
    const pg = this.pageState(pfn);
    const cur = BigInt(pg.fragCount);
    if (cur === nr) return 0n;
    const ret = BigInt.asIntN(64, cur - nr);
    pg.fragCount = ret.toString();
    return ret;
  }

  // page_pool_release_page(): unmap, clear pp_magic and pp, count the release
  releasePage(pi: number, pfn: number): void {
    const pool = this.st.pools[pi]!;
    const pg = this.pageState(pfn);
    this.k.rec.emit(EV_PP_RELEASE, pfn * PAGE_SIZE, pg.dma, { pool: pool.name, owners: this.owners(pfn) });
    if (pool.flags & PP_FLAG_DMA_MAP) pg.dma = 0;
    pg.magic = false;
    pg.pool = -1;
    // the RFC's page_pool_clear_pp_info(): kfree(pp_info), its bias goes with it
    pg.ppBias = 0;
    pool.releaseCnt++;
  }

  // page_pool_return_page(); the RFC's drains the bias with the pool's own reference (__page_frag_cache_drain(page, bias + 1))
  returnPage(pi: number, pfn: number): void {
    const bias = this.pageState(pfn).ppBias;
    this.releasePage(pi, pfn);
    if (bias > 0) this.pageRefAdd(pfn, -bias);
    this.putPage(pfn, this.st.pools[pi]!.order);
  }

  // __page_pool_put_page() of the elevated-refcnt RFC: with a bias the last user recycles, without one refcount 1 does
  private putPageRfc(pi: number, pfn: number, allowDirect: boolean): number | null {
    const pool = this.st.pools[pi]!;
    const bias = this.pageState(pfn).ppBias;
    if (bias > 0) {
      // page_pool_bias_page_recyclable(): page_ref_dec_return() == bias + 1
      this.k.rec.emit(EV_PAGE_REF, pfn * PAGE_SIZE, -1);
      const ref = this.refcount(pfn) - 1;
      this.k.pages.set(pfn, F_REFCOUNT, ref);
      return ref === bias + 1 ? pfn : null;
    }
    if (this.refcount(pfn) === 1) {
      if (allowDirect && pool.cache.length < PP_ALLOC_CACHE_SIZE) {
        this.recycled(pi, pfn, 'cache');
        pool.cache.push(pfn);
        return null;
      }
      return pfn;
    }
    // the RFC dropped the put_page() that followed page_pool_release_page() here
    this.releasePage(pi, pfn);
    return null;
  }

  // __page_pool_put_page(), net/core/page_pool.c 5.15: the last fragment, then recycle only at refcount 1
  private putPageInner(pi: number, pfn: number, allowDirect: boolean): number | null {
    const pool = this.st.pools[pi]!;
    if (this.rfc()) return this.putPageRfc(pi, pfn, allowDirect);
    if (pool.flags & PP_FLAG_PAGE_FRAG && this.subFragCountReturn(pfn, 1n) !== 0n) return null;
    if (this.refcount(pfn) === 1) {
      if (allowDirect && pool.cache.length < PP_ALLOC_CACHE_SIZE) {
        this.recycled(pi, pfn, 'cache');
        pool.cache.push(pfn);
        return null;
      }
      return pfn;
    }
    this.releasePage(pi, pfn);
    this.putPage(pfn, pool.order);
    return null;
  }

  // page_pool_put_page(): recycle into the ptr_ring, or return the page when the ring is full
  putPagePool(pi: number, pfn: number, allowDirect: boolean, from: string, off = -1): void {
    const pool = this.st.pools[pi]!;
    const pg = this.pageState(pfn);
    // the RFC's struct page has pp_info->pagecnt_bias where 5.15 has pp_frag_count
    this.k.rec.emit(EV_PP_PUT, pfn * PAGE_SIZE, this.refcount(pfn), this.fragCountApi() ? { pool: pool.name, from, frag_count: pg.fragCount } : { pool: pool.name, from, bias: pg.ppBias });
    this.noteReturn(pi, pfn, off, from);
    const page = this.putPageInner(pi, pfn, allowDirect);
    if (page === null) return;
    if (pool.ring.length < pool.poolSize) {
      this.recycled(pi, pfn, 'ring');
      pool.ring.push(pfn);
      return;
    }
    this.returnPage(pi, pfn);
  }

  // page_pool_return_skb_page(): only pages whose pp_magic holds PP_SIGNATURE go back to their pool
  returnSkbPage(pfn: number, from: string, off: number): boolean {
    const pg = this.page(pfn);
    if (!pg || !pg.magic || pg.pool < 0) return false;
    this.putPagePool(pg.pool, pfn, false, from, off);
    return true;
  }

  /** A reference the pool hands out (a page or a fragment), for the double-recycle check. */
  handOut(pfn: number, off: number, size: number): void {
    this.st.handouts.push({ pfn, off, size, at: this.k.rec.current, returned: -1 });
  }

  // kernscope: a put of a reference already returned is a second recycle of it
  private noteReturn(pi: number, pfn: number, off: number, from: string): void {
    const hs = this.st.handouts.filter((h) => h.pfn === pfn && (off < 0 || (off >= h.off && off < h.off + h.size)));
    if (hs.length === 0) return;
    const open = hs.find((h) => h.returned < 0);
    if (open) {
      open.returned = this.k.rec.current;
      return;
    }
    const first = hs[hs.length - 1]!;
    this.reportDoubleRecycle(pi, pfn, first.returned, from, `fragment at offset ${first.off} (${first.size} bytes) returned twice`);
  }

  // kernscope: recycling into the ring or cache while it is already there, or while skbs still use the page
  private recycled(pi: number, pfn: number, where: 'ring' | 'cache'): void {
    const pool = this.st.pools[pi]!;
    this.k.rec.emit(EV_PP_RECYCLE, pfn * PAGE_SIZE, where === 'ring' ? pool.ring.length : pool.cache.length, { pool: pool.name, where });
    const twice = pool.ring.includes(pfn) || pool.cache.includes(pfn);
    const users = this.owners(pfn);
    if (twice || users.length > 0) {
      const firstEv = [...this.st.handouts].reverse().find((h) => h.pfn === pfn && h.returned >= 0)?.returned ?? this.k.rec.current;
      this.reportDoubleRecycle(pi, pfn, firstEv, where, twice ? `page already in the pool's ${where}` : `recycled while ${users.join(', ')} still use it`);
    }
  }

  private reportDoubleRecycle(pi: number, pfn: number, firstEvent: number, from: string, why: string): void {
    if (this.st.reported.includes(pfn)) return;
    this.st.reported.push(pfn);
    const k = this.k;
    const pool = this.st.pools[pi]!;
    const pg = this.pageState(pfn);
    const title = `page_pool ${pool.name}: page ${this.structPage(pfn)} recycled twice (${why})`;
    k.rec.finding('page_pool.double_recycle', title, {
      page: this.structPage(pfn),
      pfn: '0x' + pfn.toString(16),
      pool: pool.name,
      first_recycle_event: firstEvent,
      second_recycle_event: k.rec.current,
      second_by: from,
      owners: this.owners(pfn),
      refcount: this.refcount(pfn),
      pp_frag_count: pg.fragCount,
      reason: why,
    });
  }

  // kernscope: a page handed out while skbs still hold data in it
  checkShared(pi: number, pfn: number): void {
    const users = this.owners(pfn);
    if (users.length === 0) return;
    const pool = this.st.pools[pi]!;
    this.k.rec.finding('page_pool.shared_page', `page_pool ${pool.name}: page ${this.structPage(pfn)} handed out while ${users.join(', ')} still hold data in it`, {
      page: this.structPage(pfn),
      pfn: '0x' + pfn.toString(16),
      pool: pool.name,
      owners: users,
    });
  }

  // page_pool_destroy() with page_pool_empty_ring() and page_pool_empty_alloc_cache_once()
  destroy(pi: number): void {
    const k = this.k;
    const pool = this.st.pools[pi]!;
    // page_pool_free_frag(): the fragments never handed out are dropped; the page goes when that was all
    const frag = pool.fragPage;
    pool.fragPage = -1;
    if (this.rfc()) {
      // page_pool_empty_frag(): a put for every fragment never handed out
      for (let off = pool.fragOffset; frag >= 0 && off + pool.fragSize <= pool.maxLen; off += pool.fragSize) this.putPagePool(pi, frag, false, 'page_pool_empty_frag');
    } else if (frag >= 0 && this.subFragCountReturn(frag, BIAS_MAX - BigInt(pool.fragUsers)) === 0n) this.returnPage(pi, frag);
    // page_pool_scrub(): page_pool_empty_alloc_cache_once(), then page_pool_empty_ring()
    while (pool.cache.length > 0) this.returnPage(pi, pool.cache.pop()!);
    while (pool.ring.length > 0) {
      const pfn = pool.ring.shift()!;
      if ((pool.flags & PP_FLAG_PAGECNT_BIAS) === 0 && this.refcount(pfn) !== 1) k.printk(KERN_CRIT, `page_pool_empty_ring() page_pool refcnt ${this.refcount(pfn)} violation`);
      this.returnPage(pi, pfn);
    }
    pool.destroyed = true;
    const inflight = pool.holdCnt - pool.releaseCnt;
    if (inflight > 0) k.printk(KERN_WARNING, `page_pool_release_retry() stalled pool shutdown ${inflight} inflight 60 sec`);
  }

  /** The driver's pagecnt_bias batching (ixgbe_alloc_mapped_page(), 5.15): USHRT_MAX references taken at once. */
  biasCharge(pfn: number, bias: number): void {
    const pg = this.pageState(pfn);
    this.pageRefAdd(pfn, bias - 1);
    pg.bias = bias;
    this.k.rec.emit(EV_PP_BIAS, pfn * PAGE_SIZE, pg.bias);
  }

  /** One reference of the batch handed to a frame: pagecnt_bias--, the page is not touched. */
  biasTake(pfn: number): void {
    const pg = this.pageState(pfn);
    pg.bias--;
    this.k.rec.emit(EV_PP_BIAS, pfn * PAGE_SIZE, pg.bias);
  }

  // ixgbe_can_reuse_rx_page(), drivers/net/ethernet/intel/ixgbe/ixgbe_main.c 5.15: only when the stack holds nothing
  biasCanReuse(pfn: number): boolean {
    const pg = this.pageState(pfn);
    if (this.refcount(pfn) - pg.bias > 1) return false;
    if (pg.bias === 1) {
      this.pageRefAdd(pfn, 0xffff - 1);
      pg.bias = 0xffff;
      this.k.rec.emit(EV_PP_BIAS, pfn * PAGE_SIZE, pg.bias);
    }
    return true;
  }

  // page_ref_sub(page, pagecnt_bias - 1): give back the unused references, keep the one the put consumes
  biasDrain(pfn: number): void {
    const pg = this.pageState(pfn);
    const n = pg.bias;
    pg.bias = 0;
    this.k.rec.emit(EV_PP_BIAS, pfn * PAGE_SIZE, 0);
    if (n > 1) this.pageRefAdd(pfn, -(n - 1));
  }

  /** PP_SIGNATURE or 0 as the kernel stores page->pp_magic. */
  static magicValue(pg: PpPageState | undefined): string {
    return '0x' + (pg?.magic ? PP_SIGNATURE : 0n).toString(16).padStart(16, '0');
  }
}
