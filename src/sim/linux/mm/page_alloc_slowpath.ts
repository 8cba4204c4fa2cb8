// __alloc_pages() with the zone watermarks and the slow path's direct reclaim, mm/page_alloc.c 5.19:
// get_page_from_freelist() at the low watermark, then __alloc_pages_slowpath() at the min watermark,
// then __perform_reclaim() under fs_reclaim (try_to_free_pages() -> shrink_node() -> shrink_slab()),
// retried while reclaim makes progress. One zone; kswapd, compaction and the OOM killer are not
// modeled, and the LRU lists hold only unpinned shmem pages (when a machine has any): reclaim here is
// what the registered shrinkers give back and what shrink_lruvec() writes to swap.
import { eventKind, KERN_WARNING } from '../../engine/recorder.ts';
import type { Kernel } from '../../machine/kernel.ts';
import { __GFP_DIRECT_RECLAIM, __GFP_NORETRY, __GFP_NOWARN, gfpString } from '../include/linux/gfp_types.ts';
import type { Shrinkers } from './shrinker.ts';

export const EV_ALLOC_SLOWPATH = eventKind('mm.alloc_slowpath');
export const EV_DIRECT_RECLAIM = eventKind('mm.direct_reclaim');

/** DEF_PRIORITY, mm/vmscan.c: the first pass looks at 1/4096 of everything. */
const DEF_PRIORITY = 12;
/** SWAP_CLUSTER_MAX: what one direct reclaim tries to get back. */
const SWAP_CLUSTER_MAX = 32;
/** MAX_RECLAIM_RETRIES, mm/page_alloc.c. */
const MAX_RECLAIM_RETRIES = 16;

export interface Watermarks {
  min: number;
  low: number;
  high: number;
}

// init_per_zone_wmark_min() + __setup_per_zone_wmarks(), mm/page_alloc.c 5.19, for one zone of `managed` pages
export function zoneWatermarks(managed: number): Watermarks {
  const lowmemKbytes = managed * 4;
  const minFreeKbytes = Math.min(262144, Math.max(128, Math.floor(Math.sqrt(lowmemKbytes * 16))));
  const min = minFreeKbytes >> 2;
  // watermark_scale_factor = 10: 0.1% of the zone, at least min/4
  const tmp = Math.max(min >> 2, Math.floor((managed * 10) / 10000));
  return { min, low: min + tmp, high: min + tmp * 2 };
}

/** How reclaim takes and drops the fs_reclaim lockdep map (fs_reclaim_acquire()/fs_reclaim_release()). */
export interface FsReclaimHooks {
  /** might_alloc(): lockdep learns that whatever is held may lead into reclaim. */
  mightAlloc(gfp: number, ip: string, stack: readonly string[]): void;
  acquire(gfp: number, ip: string, stack: readonly string[]): void;
  release(gfp: number, ip: string, stack: readonly string[]): void;
}

/** The call sites of the slow path in the machine's kernel (offsets as the seed thread's arm64 5.19 prints them). */
export interface SlowpathFrames {
  allocPages: string;
  slowpathFsReclaim: string;
  slowpathTryToFree: string;
  tryToFreePages: string;
  doTryToFreePages: string;
  shrinkNode: string;
}

export const SLOWPATH_FRAMES: SlowpathFrames = {
  allocPages: '__alloc_pages+0x4e0/0x5b8',
  slowpathFsReclaim: '__alloc_pages_slowpath.constprop.0+0x4d8/0x1470',
  slowpathTryToFree: '__alloc_pages_slowpath.constprop.0+0x528/0x1470',
  tryToFreePages: 'try_to_free_pages+0x1ec/0x5b0',
  doTryToFreePages: 'do_try_to_free_pages+0x1dc/0x8d0',
  shrinkNode: 'shrink_node+0x6ac/0xb90',
};

export interface AllocRequest {
  order: number;
  gfp: number;
  owner: number;
  /** The frames above __alloc_pages(), innermost first. */
  stack: readonly string[];
}

/** shrink_lruvec() of the LRU pages a machine models: how many there are, and a scan at a priority. */
export interface LruReclaim {
  size(): number;
  shrink(priority: number, nrToReclaim: number, stack: readonly string[]): number;
}

export class PageAllocator {
  private wm: Watermarks | null = null;
  /** The last allocPages() went into direct reclaim (transient: set by every call). */
  reclaimed = false;

  constructor(
    private readonly k: Kernel,
    private readonly shrinkers: Shrinkers,
    private readonly fsReclaim: FsReclaimHooks,
    private readonly lru: LruReclaim | null = null,
  ) {}

  watermarks(): Watermarks {
    this.wm ??= zoneWatermarks(this.k.ramBytes / 4096 - this.k.reservedFrames);
    return this.wm;
  }

  // zone_watermark_ok(): what is left after this allocation must stay above the mark
  private watermarkOk(order: number, mark: number): boolean {
    return this.k.buddy.nrFreePages - ((1 << order) - 1) > mark;
  }

  // get_page_from_freelist() for the one zone
  private fromFreelist(r: AllocRequest, mark: number): number | null {
    if (!this.watermarkOk(r.order, mark)) return null;
    return this.k.buddy.allocPages(r.order, r.order > 0, r.owner);
  }

  // __alloc_pages(): the fast path at the low watermark, else the slow path
  allocPages(r: AllocRequest): number | null {
    // prepare_alloc_pages() -> might_alloc()
    this.fsReclaim.mightAlloc(r.gfp, '__alloc_pages+0x1a8/0x5b8', r.stack);
    this.reclaimed = false;
    const wm = this.watermarks();
    const pfn = this.fromFreelist(r, wm.low);
    if (pfn !== null) return pfn;
    return this.slowpath(r, [SLOWPATH_FRAMES.allocPages, ...r.stack]);
  }

  // __alloc_pages_slowpath(), mm/page_alloc.c 5.19
  private slowpath(r: AllocRequest, stack: readonly string[]): number | null {
    const k = this.k;
    const wm = this.watermarks();
    k.rec.emit(EV_ALLOC_SLOWPATH, r.order, k.buddy.nrFreePages, { fn: '__alloc_pages_slowpath', order: r.order, gfp: gfpString(r.gfp), free: k.buddy.nrFreePages, min: wm.min });
    let pfn = this.fromFreelist(r, wm.min);
    if (pfn !== null) return pfn;
    if ((r.gfp & __GFP_DIRECT_RECLAIM) === 0) return this.fail(r);
    for (let retries = 0; retries < MAX_RECLAIM_RETRIES; retries++) {
      const progress = this.performReclaim(r, stack);
      pfn = this.fromFreelist(r, wm.min);
      if (pfn !== null) return pfn;
      if ((r.gfp & __GFP_NORETRY) !== 0 || progress === 0) break;
    }
    return this.fail(r);
  }

  // __perform_reclaim(): fs_reclaim around try_to_free_pages()
  private performReclaim(r: AllocRequest, stack: readonly string[]): number {
    const k = this.k;
    this.reclaimed = true;
    this.fsReclaim.acquire(r.gfp, SLOWPATH_FRAMES.slowpathFsReclaim, stack);
    const before = k.buddy.nrFreePages;
    k.rec.emit(EV_DIRECT_RECLAIM, r.order, before, { fn: 'try_to_free_pages', gfp: gfpString(r.gfp), free: before });
    const progress = this.tryToFreePages(r.gfp, [SLOWPATH_FRAMES.slowpathTryToFree, ...stack]);
    this.fsReclaim.release(r.gfp, SLOWPATH_FRAMES.slowpathFsReclaim, stack);
    return progress;
  }

  // try_to_free_pages() -> do_try_to_free_pages(): shrink_zones() at falling priority until SWAP_CLUSTER_MAX pages came back
  private tryToFreePages(gfp: number, stack: readonly string[]): number {
    const frames = [SLOWPATH_FRAMES.shrinkNode, SLOWPATH_FRAMES.doTryToFreePages, SLOWPATH_FRAMES.tryToFreePages, ...stack];
    const start = this.k.buddy.nrFreePages;
    for (let priority = DEF_PRIORITY; priority >= 0; priority--) {
      // shrink_node() -> shrink_node_memcgs(): shrink_lruvec() of the LRU pages modeled, then shrink_slab()
      const got = this.k.buddy.nrFreePages - start;
      if (this.lru !== null && this.lru.size() > 0 && got < SWAP_CLUSTER_MAX) this.lru.shrink(priority, SWAP_CLUSTER_MAX - got, frames);
      this.shrinkers.shrinkSlab(gfp, priority, frames);
      if (this.k.buddy.nrFreePages - start >= SWAP_CLUSTER_MAX) break;
    }
    return Math.max(0, this.k.buddy.nrFreePages - start);
  }

  // warn_alloc(), mm/page_alloc.c 5.19 (its first line)
  private fail(r: AllocRequest): null {
    if ((r.gfp & __GFP_NOWARN) === 0) this.k.printk(KERN_WARNING, `${this.k.rec.ctx.task}: page allocation failure: order:${r.order}, mode:${gfpString(r.gfp)}, nodemask=(null)`);
    return null;
  }
}
