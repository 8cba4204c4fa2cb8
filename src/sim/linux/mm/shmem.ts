// The pages of a shmem file (a GEM object's filp) once its owner stopped pinning them, mm/shmem.c and
// mm/vmscan.c 5.19: they stay in the page cache on the inactive LRU; reclaim's shrink_lruvec() ->
// shrink_folio_list() -> pageout() -> shmem_writepage() moves each to a swap slot
// (folio_alloc_swap(), add_to_swap_cache(), swap_writepage()) and frees the frame;
// shmem_getpage_gfp() -> shmem_swapin_folio() brings a swapped page back into a new frame.
import { eventKind } from '../../engine/recorder.ts';
import type { Kernel } from '../../machine/kernel.ts';
import { PAGE_SIZE } from '../include/linux/mm_types.ts';
import type { PageAllocator } from './page_alloc_slowpath.ts';
import type { SwapArea } from './swapfile.ts';

export const EV_SHMEM_WRITEPAGE = eventKind('mm.shmem_writepage');
export const EV_SWAP_READPAGE = eventKind('mm.swap_readpage');

/** A shmem file's pages the pinning owner let go of: page-cache frame or swap slot per index (-1: neither). */
export interface ShmemInode {
  readonly name: string;
  /** Frames in the page cache that no pages array pins (on the inactive LRU), per page index. */
  cache: number[];
  /** swp_entry_t offsets per page index. */
  slots: number[];
  /** How many indexes are in swap. */
  swapped: number;
}

/** The inactive LRU of unpinned shmem pages, oldest first. */
export interface LruPage {
  readonly file: string;
  readonly index: number;
}

export interface ShmemCtx {
  readonly k: Kernel;
  readonly swap: SwapArea;
  lru: LruPage[];
  inode(name: string): ShmemInode | undefined;
}

/** SWAP_CLUSTER_MAX, include/linux/swap.h. */
const SWAP_CLUSTER_MAX = 32;

// drm_gem_put_pages() of a dirty, unpinned page: it stays in the file's page cache, at the LRU's young end
export function shmemUnpinPage(c: ShmemCtx, f: ShmemInode, index: number, pfn: number): void {
  while (f.cache.length <= index) f.cache.push(-1);
  f.cache[index] = pfn;
  c.lru.push({ file: f.name, index });
}

function lruDel(c: ShmemCtx, f: ShmemInode, index: number): void {
  const i = c.lru.findIndex((e) => e.file === f.name && e.index === index);
  if (i >= 0) c.lru.splice(i, 1);
}

// shmem_writepage(), mm/shmem.c 5.19: a slot, the swap cache, swap_writepage(); false (redirtied) when swap is full
function shmemWritepage(c: ShmemCtx, f: ShmemInode, index: number, stack: readonly string[]): boolean {
  const k = c.k;
  const pfn = f.cache[index]!;
  const slot = c.swap.getSwapPage();
  if (slot === null) return false;
  const bytes = new Uint8Array(PAGE_SIZE);
  k.mem.read(pfn * PAGE_SIZE, bytes);
  // swap_writepage() -> __swap_writepage(): the disk has the page once the bio completes (here: at once)
  c.swap.write(slot, bytes);
  while (f.slots.length <= index) f.slots.push(-1);
  f.slots[index] = slot;
  f.swapped++;
  f.cache[index] = -1;
  k.rec.emit(EV_SHMEM_WRITEPAGE, pfn, slot, { fn: 'shmem_writepage', file: f.name, index, pfn, slot: `0x${slot.toString(16)}`, stack: stack.slice(0, 3).join(' < ') });
  // __remove_mapping() -> __delete_from_swap_cache(): the page leaves the swap cache, the last reference frees it
  k.buddy.freeBlock(pfn, 0);
  return true;
}

/** Unpinned shmem pages on the inactive LRU (what get_scan_count() sizes the scan from). */
export function lruSize(c: ShmemCtx): number {
  return c.lru.length;
}

/**
 * shrink_lruvec() at `priority` for the inactive LRU of shmem pages: scan lru_size >> priority pages
 * from the old end in batches of SWAP_CLUSTER_MAX, stopping once a batch brought the reclaim to
 * `nrToReclaim`; returns the pages freed.
 */
export function shrinkShmemLru(c: ShmemCtx, priority: number, nrToReclaim: number, stack: readonly string[]): number {
  let scan = c.lru.length >> priority;
  let reclaimed = 0;
  const inner = ['shmem_writepage+0x2a4/0x3a0', 'pageout+0x10f/0x300', 'shrink_folio_list+0x9b7/0xe10', 'shrink_inactive_list+0x16f/0x4f0', 'shrink_lruvec+0x3a5/0x5d0', ...stack];
  while (scan > 0 && c.lru.length > 0) {
    const batch = Math.min(scan, SWAP_CLUSTER_MAX);
    scan -= batch;
    const isolated = c.lru.splice(0, batch);
    const keep: LruPage[] = [];
    for (const e of isolated) {
      const f = c.inode(e.file);
      if (!f || (f.cache[e.index] ?? -1) < 0) continue;
      if (shmemWritepage(c, f, e.index, inner)) reclaimed++;
      else keep.push(e);
    }
    // what could not be written (no free slot) goes back to the LRU
    c.lru.unshift(...keep);
    if (reclaimed >= nrToReclaim) break;
  }
  return reclaimed;
}

/**
 * shmem_getpage_gfp() for one index of a file whose pages were let go: the page-cache frame again,
 * or shmem_swapin_folio(): a new frame from the page allocator, swap_readpage() into it, the slot
 * freed (delete_from_swap_cache() + swap_free()). null when no frame could be had (-ENOMEM).
 */
export function shmemGetUnpinnedPage(c: ShmemCtx, alloc: PageAllocator, f: ShmemInode, index: number, gfp: number, owner: number, stack: readonly string[]): number | null {
  const k = c.k;
  const cached = f.cache[index] ?? -1;
  if (cached >= 0) {
    f.cache[index] = -1;
    lruDel(c, f, index);
    return cached;
  }
  const slot = f.slots[index] ?? -1;
  if (slot < 0) return -1;
  const allocStack = ['alloc_pages_vma+0x9c/0x2c8', '__read_swap_cache_async+0x10c/0x2f0', 'swap_cluster_readahead+0x18b/0x2d0', 'shmem_swapin+0x8d/0xd0', 'shmem_swapin_folio+0x1b2/0x6b0', ...stack];
  const pfn = alloc.allocPages({ order: 0, gfp, owner, stack: allocStack });
  if (pfn === null) return null;
  const bytes = c.swap.read(slot) ?? new Uint8Array(PAGE_SIZE);
  k.memWrite(pfn * PAGE_SIZE, bytes, `swap_readpage (${f.name} page ${index} from swap slot 0x${slot.toString(16)})`);
  k.rec.emit(EV_SWAP_READPAGE, pfn, slot, { fn: 'swap_readpage', file: f.name, index, pfn, slot: `0x${slot.toString(16)}` });
  c.swap.free(slot);
  f.slots[index] = -1;
  f.swapped--;
  return pfn;
}

// shmem_truncate_range() of the whole file: page-cache frames freed, swap entries freed (free_swap_and_cache())
export function shmemTruncate(c: ShmemCtx, f: ShmemInode): void {
  for (let i = 0; i < f.cache.length; i++) {
    const pfn = f.cache[i]!;
    if (pfn < 0) continue;
    lruDel(c, f, i);
    c.k.buddy.freeBlock(pfn, 0);
  }
  for (const slot of f.slots) if (slot >= 0) c.swap.free(slot);
  f.cache = [];
  f.slots = [];
  f.swapped = 0;
}
