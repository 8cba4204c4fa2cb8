// GEM objects backed by shmem pages, drivers/gpu/drm/drm_gem_shmem_helper.c 5.19, and the generic
// shrinker of Dmitry Osipenko's v6 series "Add generic memory shrinker to VirtIO-GPU and Panfrost
// DRM drivers" (drm/shmem-helper: Add generic memory shrinker, patch 17/22) when
// config.patches.drm_shmem_generic_shrinker is on.
import { eventKind } from '../../../../engine/recorder.ts';
import { GFP_HIGHUSER, __GFP_RETRY_MAYFAIL } from '../../../include/linux/gfp_types.ts';
import { PAGE_SIZE } from '../../../include/linux/mm_types.ts';
import { GEM, GEM_SHRINKER, SHMEM } from '../../../include/drm/drm_gem_shmem_helper.ts';
import { DEFAULT_SEEKS, SHRINK_EMPTY, SHRINK_STOP, type ShrinkControl } from '../../../include/linux/shrinker.ts';
import { drmGemHandleDelete, drmGemObjectPut, krefGet, krefGetUnlessZero, type GemFree } from './drm_gem.ts';
import { IOCTL_ENTRY } from './panfrost/panfrost_entry.ts';
import { EV_GEM, type GemObject, type Panfrost } from './panfrost/panfrost_device.ts';
import { shmemGetUnpinnedPage, shmemTruncate, shmemUnpinPage } from '../../../mm/shmem.ts';

export const EV_SHMEM_PAGES = eventKind('drm.shmem_pages');
export const EV_SHMEM_PURGE = eventKind('drm.shmem_purge');
export const EV_SHMEM_EVICT = eventKind('drm.shmem_evict');
export const EV_SHMEM_SWAP_IN = eventKind('drm.shmem_swap_in');

/** The model's lock names of an object's locks. */
export const resvLock = (o: GemObject): string => `resv:${o.name}`;
export const pagesLock = (o: GemObject): string => `pages_lock:${o.name}`;

const f = (o: GemObject, off: number): bigint => o.va + BigInt(off);

export function shmemMadv(p: Panfrost, o: GemObject, ip: string, stack: readonly string[]): number {
  return p.r32(f(o, SHMEM.madv), ip, stack) | 0;
}

/** The series' bools eviction_enabled, purge_enabled and evicted, as one load reads them. */
function shmemFlags(p: Panfrost, o: GemObject, ip: string, stack: readonly string[]): { evictionEnabled: boolean; purgeEnabled: boolean; evicted: boolean } {
  const w = p.r32(f(o, SHMEM.evictionEnabled), ip, stack);
  return { evictionEnabled: (w & 0xff) !== 0, purgeEnabled: (w & 0xff00) !== 0, evicted: (w & 0xff0000) !== 0 };
}

export function shmemEvicted(p: Panfrost, o: GemObject, ip: string, stack: readonly string[]): boolean {
  return shmemFlags(p, o, ip, stack).evicted;
}

// drm_gem_get_pages(), drm_gem.c 5.19: shmem_read_mapping_page_gfp() of every page with the mapping's gfp
// (drm_gem_shmem_create(): GFP_HIGHUSER | __GFP_RETRY_MAYFAIL, "our buffers are kept pinned"); a page an
// eviction let go of is found in the page cache or read back from swap (shmem_swapin_folio())
function drmGemGetPages(p: Panfrost, o: GemObject, stack: readonly string[]): boolean {
  const k = p.k;
  const owner = k.pages.ownerId(`GEM shmem ${o.name}`);
  const readStack = ['shmem_getpage_gfp+0x1c8/0x8b0', 'shmem_read_mapping_page_gfp+0x48/0xb0', 'drm_gem_get_pages+0xd8/0x268', ...stack];
  const allocStack = ['alloc_pages_vma+0x9c/0x2c8', 'shmem_alloc_page+0x5c/0x98', 'shmem_alloc_and_acct_page+0x94/0x2d0', ...readStack];
  const gfp = GFP_HIGHUSER | __GFP_RETRY_MAYFAIL;
  for (let i = o.frames.length; i < o.pages; i++) {
    let pfn = o.cache.length > 0 || o.slots.length > 0 ? shmemGetUnpinnedPage(p, p.alloc, o, i, gfp, owner, readStack) : -1;
    if (pfn === -1) {
      pfn = p.alloc.allocPages({ order: 0, gfp, owner, stack: allocStack });
      if (pfn !== null) k.memFill(pfn * PAGE_SIZE, PAGE_SIZE, 0, `shmem_getpage_gfp (${o.name} page ${i}, zeroed)`);
    }
    if (pfn === null) {
      // drm_gem_get_pages() fails as a whole: what it got goes back (-ENOMEM); a file that was evicted keeps them in its page cache
      if (o.cache.length > 0 || o.slots.length > 0) o.frames.forEach((q, j) => shmemUnpinPage(p, o, j, q));
      else for (const q of o.frames) k.buddy.freeBlock(q, 0);
      o.frames = [];
      return false;
    }
    o.frames.push(pfn);
  }
  // every page is back in the pages array: nothing of the file is left in swap or unpinned
  o.cache = [];
  o.slots = [];
  o.swapped = 0;
  return true;
}

// drm_gem_put_pages(): the pages go back to the page allocator (the object's shmem file drops them)
function drmGemPutPages(p: Panfrost, o: GemObject): void {
  for (const pfn of o.frames) p.k.buddy.freeBlock(pfn, 0);
  o.frames = [];
}

// drm_gem_shmem_get_pages_locked(), 5.19: the first user allocates the pages array and the pages
export function shmemGetPagesLocked(p: Panfrost, o: GemObject, ip: string, stack: readonly string[]): number {
  const a = f(o, SHMEM.pagesUseCount);
  const n = p.r32(a, ip, stack);
  p.w32(a, n + 1, 'drm_gem_shmem_get_pages_locked', ip, stack);
  if (n > 0) {
    // the series' drm_gem_shmem_get_pages(): a user of an evicted object swaps it in; its error path zeroes the count
    if (!p.generic || !shmemEvicted(p, o, ip, stack)) return 0;
    const err = shmemSwapIn(p, o, [ip, ...stack]);
    if (err) p.w32(a, 0, 'drm_gem_shmem_get_pages (err_zero_use)', ip, stack);
    return err;
  }
  if (!drmGemGetPages(p, o, [ip, ...stack])) {
    p.w32(a, 0, 'drm_gem_shmem_get_pages_locked', ip, stack);
    return -12;
  }
  // shmem->pages = pages: the array kvmalloc_array()ed by drm_gem_get_pages()
  const arr = p.kzalloc(Math.max(8, o.pages * 8), 'drm_gem_get_pages', null);
  for (let i = 0; i < o.frames.length && arr !== 0n; i++) p.w64(arr + BigInt(i * 8), p.k.layout.vmemmapBase + BigInt(o.frames[i]!) * 64n, 'drm_gem_get_pages (struct page *)', ip, stack);
  p.w64(f(o, SHMEM.pages), arr, 'drm_gem_shmem_get_pages_locked', ip, stack);
  p.k.rec.emit(EV_SHMEM_PAGES, o.frames.length, 1, { fn: 'drm_gem_shmem_get_pages', bo: o.name, pages: o.frames.length });
  return 0;
}

// drm_gem_shmem_put_pages_locked() / the series' drm_gem_shmem_release_pages()
function shmemReleasePages(p: Panfrost, o: GemObject, ip: string, stack: readonly string[]): void {
  const arr = p.r64(f(o, SHMEM.pages), ip, stack);
  if (arr === 0n) return;
  drmGemPutPages(p, o);
  p.kfree(arr, 'drm_gem_put_pages', null);
  p.w64(f(o, SHMEM.pages), 0n, 'drm_gem_shmem_put_pages_locked', ip, stack);
  p.k.rec.emit(EV_SHMEM_PAGES, 0, 0, { fn: 'drm_gem_shmem_put_pages', bo: o.name, pages: 0 });
}

export function shmemPutPagesLocked(p: Panfrost, o: GemObject, ip: string, stack: readonly string[]): void {
  const a = f(o, SHMEM.pagesUseCount);
  const n = p.r32(a, ip, stack);
  if (n === 0) return;
  p.w32(a, n - 1, 'drm_gem_shmem_put_pages_locked', ip, stack);
  if (n - 1 > 0) return;
  shmemReleasePages(p, o, ip, stack);
}

// drm_gem_shmem_create() 5.19: the driver's create_object() kzalloc()s the struct, drm_gem_private_object_init()
// (kref_init(), obj->resv = &obj->_resv), dma_resv_init() and the pages lock; the driver inits the rest
export function shmemCreate(p: Panfrost, name: string, pages: number, sizeof: number, createObject: string, dev: bigint, stack: readonly string[]): GemObject | null {
  const k = p.k;
  const va = p.kzalloc(sizeof, createObject, null);
  if (va === 0n) return null;
  const o: GemObject = { name, va, pages, frames: [], swapped: 0, cache: [], slots: [], resHandle: 0, detached: false, mmapped: false, handle: true, freed: false, task: k.rec.ctx.task, pendingClose: null };
  p.objects.push(o);
  const ip = 'drm_gem_shmem_create+0x90/0x1a0';
  p.w32(va + BigInt(GEM.refcount), 1, 'drm_gem_private_object_init (kref_init)', ip, stack);
  p.w64(va + BigInt(GEM.dev), dev, 'drm_gem_private_object_init', ip, stack);
  p.w32(va + BigInt(GEM.size), pages * 4096, 'drm_gem_private_object_init', ip, stack);
  p.w64(va + BigInt(GEM.resv), va + BigInt(GEM.ownResv), 'drm_gem_private_object_init (obj->resv = &obj->_resv)', ip, stack);
  p.sys.locking.ww.wwMutexInit(resvLock(o), 'reservation_ww_class', { ip: 'dma_resv_init+0x2c/0x58', stack });
  p.sys.locking.locking.lockInit(pagesLock(o), 'mutex', '&shmem->pages_lock', { ip, stack });
  return o;
}

// drm_gem_shmem_get_pages_sgt(): 5.19 under shmem->pages_lock, the series under dma_resv_lock(obj->resv, NULL)
export function shmemGetPagesSgtLocking(p: Panfrost, o: GemObject, stack: readonly string[]): number {
  const lk = p.sys.locking.locking;
  const ww = p.sys.locking.ww;
  const at = { ip: 'drm_gem_shmem_get_pages_sgt+0x40/0x108', stack };
  if (p.generic) ww.wwMutexLock(resvLock(o), null, at);
  else lk.lock(pagesLock(o), 'write', at);
  const ret = shmemGetPagesSgt(p, o, stack);
  if (ret === 0 && p.generic) shmemUpdatePagesState(p, o, ['drm_gem_shmem_get_pages_sgt+0x98/0x108', ...stack]);
  const out = { ip: 'drm_gem_shmem_get_pages_sgt+0xc0/0x108', stack };
  if (p.generic) ww.wwMutexUnlock(resvLock(o), out);
  else lk.unlock(pagesLock(o), out);
  return ret;
}

// drm_gem_shmem_get_pages_sgt(): the pages pinned for the GPU's page tables (panfrost_mmu_map()); sgt != NULL from then on
export function shmemGetPagesSgt(p: Panfrost, o: GemObject, stack: readonly string[]): number {
  const ip = 'drm_gem_shmem_get_pages_sgt+0x54/0x108';
  const ret = shmemGetPagesLocked(p, o, ip, stack);
  if (ret) return ret;
  const sgt = p.kzalloc(32, 'drm_gem_shmem_get_pages_sgt', null);
  p.w64(f(o, SHMEM.sgt), sgt, 'drm_gem_shmem_get_pages_sgt', ip, stack);
  return 0;
}

// drm_gem_shmem_vmap_locked(), 5.19: the first mapping takes a pages reference and vmap()s them; the v6
// series also pins them (pages_pin_count), so the shrinker neither purges nor evicts a mapped object
export function shmemVmap(p: Panfrost, o: GemObject, stack: readonly string[]): { vaddr: bigint } | { error: number } {
  const ip = 'drm_gem_shmem_vmap+0x5c/0x1f0';
  const a = f(o, SHMEM.vmapUseCount);
  const n = p.r32(a, ip, stack);
  p.w32(a, n + 1, 'drm_gem_shmem_vmap (vmap_use_count++)', ip, stack);
  if (n > 0) return { vaddr: p.r64(f(o, SHMEM.vaddr), ip, stack) };
  const fail = (err: number): { error: number } => {
    p.w32(a, 0, 'drm_gem_shmem_vmap (vmap_use_count = 0)', ip, stack);
    return { error: err };
  };
  const ret = shmemGetPagesLocked(p, o, ip, stack);
  if (ret) return fail(ret);
  if (p.generic) p.w32(f(o, SHMEM.pagesPinCount), p.r32(f(o, SHMEM.pagesPinCount), ip, stack) + 1, 'drm_gem_shmem_vmap (pages_pin_count++)', ip, stack);
  const vaddr = p.sys.vmalloc.vmap(o.frames, `GEM shmem ${o.name}`, 'drm_gem_shmem_vmap');
  if (vaddr === null) {
    if (p.generic) p.w32(f(o, SHMEM.pagesPinCount), p.r32(f(o, SHMEM.pagesPinCount), ip, stack) - 1, 'drm_gem_shmem_vmap (pages_pin_count--)', ip, stack);
    shmemPutPagesLocked(p, o, ip, stack);
    return fail(-12);
  }
  p.w64(f(o, SHMEM.vaddr), vaddr, 'drm_gem_shmem_vmap (shmem->vaddr)', ip, stack);
  p.k.rec.emit(EV_GEM, 9, 1, { fn: 'drm_gem_shmem_vmap', bo: o.name, vaddr: '0x' + vaddr.toString(16) });
  if (p.generic) shmemUpdatePagesState(p, o, [ip, ...stack]);
  return { vaddr };
}

// drm_gem_shmem_vunmap_locked(), 5.19: the last unmap vunmap()s and drops the pages reference (and, v6, the pin)
export function shmemVunmap(p: Panfrost, o: GemObject, stack: readonly string[]): boolean {
  const ip = 'drm_gem_shmem_vunmap+0x44/0x120';
  const a = f(o, SHMEM.vmapUseCount);
  const n = p.r32(a, ip, stack);
  // WARN_ON_ONCE(!shmem->vmap_use_count): nothing to undo
  if (n === 0) return false;
  p.w32(a, n - 1, 'drm_gem_shmem_vunmap (vmap_use_count--)', ip, stack);
  if (n - 1 > 0) return true;
  const vaddr = p.r64(f(o, SHMEM.vaddr), ip, stack);
  p.sys.vmalloc.vunmap(vaddr);
  p.w64(f(o, SHMEM.vaddr), 0n, 'drm_gem_shmem_vunmap (shmem->vaddr = NULL)', ip, stack);
  if (p.generic) p.w32(f(o, SHMEM.pagesPinCount), p.r32(f(o, SHMEM.pagesPinCount), ip, stack) - 1, 'drm_gem_shmem_vunmap (pages_pin_count--)', ip, stack);
  shmemPutPagesLocked(p, o, ip, stack);
  p.k.rec.emit(EV_GEM, 9, 0, { fn: 'drm_gem_shmem_vunmap', bo: o.name });
  if (p.generic) shmemUpdatePagesState(p, o, [ip, ...stack]);
  return true;
}

// drm_gem_shmem_is_purgeable(): 5.19, and the series' version with purge_enabled and the pin count
export function shmemIsPurgeable(p: Panfrost, o: GemObject, ip: string, stack: readonly string[]): boolean {
  const madv = shmemMadv(p, o, ip, stack);
  const sgt = p.r64(f(o, SHMEM.sgt), ip, stack);
  const vmap = p.r32(f(o, SHMEM.vmapUseCount), ip, stack);
  const dmaBuf = p.r64(f(o, GEM.dmaBuf), ip, stack);
  const basic = madv > 0 && vmap === 0 && sgt !== 0n && dmaBuf === 0n;
  if (!p.generic) return basic;
  const pin = p.r32(f(o, SHMEM.pagesPinCount), ip, stack);
  const fl = shmemFlags(p, o, ip, stack);
  return madv > 0 && fl.purgeEnabled && pin === 0 && (sgt !== 0n || fl.evicted) && dmaBuf === 0n;
}

// drm_gem_shmem_is_evictable() of the v6 series: WILLNEED (or DONTNEED), eviction enabled, pages used but not pinned, mapped for the device, not evicted yet
export function shmemIsEvictable(p: Panfrost, o: GemObject, ip: string, stack: readonly string[]): boolean {
  const madv = shmemMadv(p, o, ip, stack);
  const fl = shmemFlags(p, o, ip, stack);
  if (madv < 0 || !fl.evictionEnabled || fl.evicted) return false;
  const use = p.r32(f(o, SHMEM.pagesUseCount), ip, stack);
  const pin = p.r32(f(o, SHMEM.pagesPinCount), ip, stack);
  const sgt = p.r64(f(o, SHMEM.sgt), ip, stack);
  const dmaBuf = p.r64(f(o, GEM.dmaBuf), ip, stack);
  return use > 0 && pin === 0 && dmaBuf === 0n && sgt !== 0n;
}

// drm_gem_shmem_madvise(): a purged object stays purged; returns retained (madv >= 0)
export function shmemMadvise(p: Panfrost, o: GemObject, madv: number, stack: readonly string[]): boolean {
  const ip = 'drm_gem_shmem_madvise+0x30/0x88';
  const cur = shmemMadv(p, o, ip, stack);
  if (cur >= 0) p.w32(f(o, SHMEM.madv), madv >>> 0, 'drm_gem_shmem_madvise (shmem->madv)', ip, stack);
  const now = shmemMadv(p, o, ip, stack);
  p.k.rec.emit(EV_GEM, 4, now, { fn: 'drm_gem_shmem_madvise', bo: o.name, madv: now });
  if (p.generic) shmemUpdatePagesState(p, o, [ip, ...stack]);
  return now >= 0;
}

// drm_gem_shmem_purge_locked(): the pages dropped for good, madv = -1
export function shmemPurgeLocked(p: Panfrost, o: GemObject, stack: readonly string[]): void {
  const ip = 'drm_gem_shmem_purge_locked+0x44/0x1a0';
  const k = p.k;
  const pages = o.frames.length;
  const sgt = p.r64(f(o, SHMEM.sgt), ip, stack);
  if (sgt !== 0n) {
    p.kfree(sgt, 'drm_gem_shmem_purge_locked', null);
    p.w64(f(o, SHMEM.sgt), 0n, 'drm_gem_shmem_purge_locked (sgt = NULL)', ip, stack);
  }
  // put_pages + shmem_truncate_range() + invalidate_mapping_pages()
  p.w32(f(o, SHMEM.pagesUseCount), 1, 'drm_gem_shmem_purge_locked', ip, stack);
  shmemPutPagesLocked(p, o, ip, stack);
  p.w32(f(o, SHMEM.madv), 0xffffffff, 'drm_gem_shmem_purge_locked (madv = -1)', ip, stack);
  // an evicted object's pages are in the page cache or in swap: shmem_truncate_range() drops both
  const dropped = o.cache.filter((x) => x >= 0).length + o.swapped;
  if (o.cache.length > 0 || o.slots.length > 0) shmemTruncate(p, o);
  if (shmemEvicted(p, o, ip, stack)) p.w8(f(o, SHMEM.evicted), 0, 'drm_gem_shmem_purge (evicted = false)', ip, stack);
  k.rec.emit(EV_SHMEM_PURGE, pages + dropped, 0, { fn: 'drm_gem_shmem_purge', bo: o.name, pages: pages + dropped });
}

// drm_gem_shmem_evict() of the v6 series -> drm_gem_shmem_unpin_pages(): the sg table unmapped and freed, the
// pages array put (drm_gem_put_pages() with pages_mark_dirty_on_put: dirty pages left in the shmem file's
// page cache, on the inactive LRU for reclaim to write to swap), user mappings zapped; evicted = true.
// pages_use_count stays: the users swap the object in again.
export function shmemEvict(p: Panfrost, o: GemObject, stack: readonly string[]): void {
  const ip = 'drm_gem_shmem_evict+0x38/0xd0';
  const inner = ['drm_gem_shmem_unpin_pages+0x3c/0xc0', ip, ...stack];
  const pages = o.frames.length;
  const sgt = p.r64(f(o, SHMEM.sgt), inner[0]!, inner.slice(1));
  const arr = p.r64(f(o, SHMEM.pages), inner[0]!, inner.slice(1));
  o.frames.forEach((pfn, i) => shmemUnpinPage(p, o, i, pfn));
  o.frames = [];
  if (arr !== 0n) {
    p.kfree(arr, 'drm_gem_put_pages', null);
    p.w64(f(o, SHMEM.pages), 0n, 'drm_gem_shmem_release_pages (pages = NULL)', inner[0]!, inner.slice(1));
  }
  if (sgt !== 0n) {
    p.kfree(sgt, 'drm_gem_shmem_unpin_pages', null);
    p.w64(f(o, SHMEM.sgt), 0n, 'drm_gem_shmem_unpin_pages (sgt = NULL)', inner[0]!, inner.slice(1));
  }
  p.w8(f(o, SHMEM.evicted), 1, 'drm_gem_shmem_evict (evicted = true)', ip, stack);
  p.k.rec.emit(EV_SHMEM_EVICT, pages, 0, { fn: 'drm_gem_shmem_evict', bo: o.name, pages });
  shmemUpdatePagesState(p, o, [ip, ...stack]);
}

// drm_gem_shmem_swap_in() of the v6 series: an evicted object gets its pages again (from the page cache or
// swap), a new sg table, evicted = false; -ENOMEM when it has no pages after that
export function shmemSwapIn(p: Panfrost, o: GemObject, stack: readonly string[]): number {
  const ip = 'drm_gem_shmem_swap_in+0x4c/0x1a0';
  if (shmemEvicted(p, o, ip, stack)) {
    // drm_gem_shmem_acquire_pages()
    const inner = ['drm_gem_shmem_acquire_pages+0x70/0x130', ip, ...stack];
    if (shmemMadv(p, o, inner[0]!, inner.slice(1)) < 0) return -12;
    if (!drmGemGetPages(p, o, inner)) return -12;
    const arr = p.kzalloc(Math.max(8, o.pages * 8), 'drm_gem_get_pages', null);
    for (let i = 0; i < o.frames.length && arr !== 0n; i++) p.w64(arr + BigInt(i * 8), p.k.layout.vmemmapBase + BigInt(o.frames[i]!) * 64n, 'drm_gem_get_pages (struct page *)', inner[0]!, inner.slice(1));
    p.w64(f(o, SHMEM.pages), arr, 'drm_gem_shmem_acquire_pages', inner[0]!, inner.slice(1));
    // drm_gem_shmem_get_sg_table() + dma_map_sgtable()
    const sgt = p.kzalloc(32, 'drm_gem_shmem_get_sg_table', null);
    p.w64(f(o, SHMEM.sgt), sgt, 'drm_gem_shmem_swap_in (shmem->sgt)', ip, stack);
    p.w8(f(o, SHMEM.evicted), 0, 'drm_gem_shmem_swap_in (evicted = false)', ip, stack);
    p.k.rec.emit(EV_SHMEM_SWAP_IN, o.frames.length, 0, { fn: 'drm_gem_shmem_swap_in', bo: o.name, pages: o.frames.length });
    shmemUpdatePagesState(p, o, [ip, ...stack]);
  }
  return p.r64(f(o, SHMEM.pages), ip, stack) === 0n ? -12 : 0;
}

// drm_gem_shmem_update_pages_state() of the series: which shrinker LRU the object is on, under gem_shrinker->lock
export function shmemUpdatePagesState(p: Panfrost, o: GemObject, stack: readonly string[]): void {
  const lk = p.sys.locking.locking;
  const ip = 'drm_gem_shmem_update_pages_state+0x5c/0x1a8';
  lk.lock('gem_shrinker->lock', 'write', { ip, stack });
  const entry = f(o, SHMEM.madvList);
  const lru = (off: number): bigint => p.gemShrinker + BigInt(off);
  const madv = shmemMadv(p, o, ip, stack);
  const evicted = shmemEvicted(p, o, ip, stack);
  const pages = p.r64(f(o, SHMEM.pages), ip, stack);
  if (shmemIsEvictable(p, o, ip, stack) || shmemIsPurgeable(p, o, ip, stack)) p.heads.moveTail(entry, lru(GEM_SHRINKER.lruEvictable), ip, stack);
  else if (madv < 0) p.heads.delInit(entry, ip, stack);
  else if (evicted) p.heads.moveTail(entry, lru(GEM_SHRINKER.lruEvicted), ip, stack);
  else if (pages === 0n) p.heads.delInit(entry, ip, stack);
  else p.heads.moveTail(entry, lru(GEM_SHRINKER.lruPinned), ip, stack);
  lk.unlock('gem_shrinker->lock', { ip: 'drm_gem_shmem_update_pages_state+0x118/0x1a8', stack });
}

// drm_gem_shmem_free(): 5.19 frees under nothing but pages_lock; the series takes the reservation lock
// first (where the seed's fs_reclaim splat comes from); Rob Clark's approach does not take it
export function shmemFree(p: Panfrost, o: GemObject, stack: readonly string[]): void {
  const ip = 'drm_gem_shmem_free+0x7c/0x198';
  const resv = p.generic && !p.k.patch('shmem_free_without_resv_lock');
  if (resv) p.sys.locking.ww.wwMutexLock(resvLock(o), null, { ip, stack });
  // drm_gem_shmem_madvise(shmem, -1) -> mutex_lock(&gem_shrinker->lock): sleeps while a scan on another CPU holds it
  const held = p.generic ? (p.sys.locking.impl.find('gem_shrinker->lock')?.writer ?? -1) : -1;
  if (held >= 0) {
    p.blockedFree = { name: o.name, task: p.k.rec.ctx.task, cpu: p.k.rec.ctx.cpu, resv, stack: [...stack] };
    p.k.rec.emit(EV_GEM, 7, 0, { fn: 'drm_gem_shmem_free', bo: o.name, waits: 'gem_shrinker->lock' });
    return;
  }
  shmemFreeRest(p, o, resv, stack);
}

function shmemFreeRest(p: Panfrost, o: GemObject, resv: boolean, stack: readonly string[]): void {
  const k = p.k;
  const ip = 'drm_gem_shmem_free+0x7c/0x198';
  if (p.generic) {
    p.w32(f(o, SHMEM.madv), 0xffffffff, 'drm_gem_shmem_free (madvise -1)', ip, stack);
    shmemUpdatePagesState(p, o, ['drm_gem_shmem_madvise+0x50/0x88', ip, ...stack]);
  }
  const sgt = p.r64(f(o, SHMEM.sgt), ip, stack);
  if (sgt !== 0n) {
    p.kfree(sgt, 'drm_gem_shmem_free', null);
    p.w64(f(o, SHMEM.sgt), 0n, 'drm_gem_shmem_free', ip, stack);
  }
  if (p.r64(f(o, SHMEM.pages), ip, stack) !== 0n) {
    p.w32(f(o, SHMEM.pagesUseCount), 1, 'drm_gem_shmem_free', ip, stack);
    shmemPutPagesLocked(p, o, ip, stack);
  }
  if (resv) p.sys.locking.ww.wwMutexUnlock(resvLock(o), { ip: 'drm_gem_shmem_free+0x118/0x198', stack });
  // drm_gem_object_release() -> fput(obj->filp) -> shmem_evict_inode(): what eviction left in the page cache or swap goes
  if (o.cache.length > 0 || o.slots.length > 0) shmemTruncate(p, o);
  // drm_gem_object_release(), kfree(shmem)
  p.kfree(o.va, 'drm_gem_shmem_free', null);
  o.freed = true;
  o.swapped = 0;
  k.rec.emit(EV_GEM, 5, 0, { fn: 'drm_gem_shmem_free', bo: o.name });
}

/** The v6 series' drm_gem_shmem_shrinker: count and scan over gem_shrinker->lru_evictable. */
export function genericShrinker(p: Panfrost, free: GemFree): Parameters<Panfrost['shrinkers']['register']>[0] {
  return {
    name: 'drm_gem_shmem_shrinker',
    countFn: 'drm_gem_shmem_shrinker_count_objects',
    scanFn: 'drm_gem_shmem_shrinker_scan_objects',
    seeks: DEFAULT_SEEKS,
    batch: 0,
    countObjects: (sc) => shrinkerCount(p, sc),
    scanObjects: (sc) => {
      const stack = ['drm_gem_shmem_shrinker_scan_objects+0xa4/0x170', ...sc.stack];
      const contention = { v: false };
      let freed = runObjectsScan(p, free, sc.nrToScan, contention, false, stack);
      if (freed < sc.nrToScan) freed += runObjectsScan(p, free, sc.nrToScan - freed, contention, true, stack);
      p.scans++;
      return !freed && !contention.v ? SHRINK_STOP : freed;
    },
  };
}

// drm_gem_shmem_shrinker_count_objects() (v6): the bytes of every object on lru_evictable
function shrinkerCount(p: Panfrost, sc: ShrinkControl): number {
  const lk = p.sys.locking.locking;
  const ip = 'drm_gem_shmem_shrinker_count_objects+0x38/0xe0';
  const stack = ['do_shrink_slab+0xa8/0x808', ...sc.stack.slice(1)];
  if (!lk.lock('gem_shrinker->lock', 'write', { ip, stack, trylock: true })) return 0;
  const walk = p.heads.walk(p.gemShrinker + BigInt(GEM_SHRINKER.lruEvictable), ip, stack);
  if (walk.endless) p.spinForever('drm_gem_shmem_shrinker_count_objects');
  let count = 0;
  for (const e of walk.entries) count += p.r32(e - BigInt(SHMEM.madvList) + BigInt(GEM.size), ip, stack);
  lk.unlock('gem_shrinker->lock', { ip: 'drm_gem_shmem_shrinker_count_objects+0x98/0xe0', stack });
  return count || SHRINK_EMPTY;
}

// drm_gem_shmem_shrinker_run_objects_scan() (v6)
function runObjectsScan(p: Panfrost, free: GemFree, nrToScan: number, contention: { v: boolean }, evict: boolean, outer: readonly string[]): number {
  const k = p.k;
  const lk = p.sys.locking.locking;
  const stack = outer;
  const ipLoop = 'drm_gem_shmem_shrinker_run_objects_scan+0x9c/0x5b8';
  const evictable = p.gemShrinker + BigInt(GEM_SHRINKER.lruEvictable);
  // struct list_head still_in_list on the scan's stack
  const still = k.layout.pageOffset + BigInt(k.ramBytes) - 0x100000n + BigInt(p.scans % 64) * 0x40n;
  let freed = 0;
  lk.lock('gem_shrinker->lock', 'write', { ip: 'drm_gem_shmem_shrinker_run_objects_scan+0x70/0x5b8', stack });
  p.heads.initEntry(still, 'drm_gem_shmem_shrinker_run_objects_scan');
  while (freed < nrToScan) {
    const entry = p.heads.first(evictable, ipLoop, stack);
    if (entry === null) break;
    const o = p.objectAt(entry - BigInt(SHMEM.madvList)) ?? p.objects.find((x) => x.va === entry - BigInt(SHMEM.madvList));
    if (!o) break;
    p.heads.moveTail(entry, still, ipLoop, stack);
    if (evict) {
      // Panfrost enables purging only: nothing of it is evictable; eviction wants room in swap for the whole object
      if (!shmemIsEvictable(p, o, ipLoop, stack) || p.swap.nrSwapPages() < p.r32(o.va + BigInt(GEM.size), ipLoop, stack) / PAGE_SIZE) continue;
    } else if (!shmemIsPurgeable(p, o, ipLoop, stack)) continue;
    // another CPU closes the object while this one holds gem_shrinker->lock: its free waits for the lock
    if (o.pendingClose?.at === 'before_get') closeFromOtherCpu(p, o, free);
    if (k.patch('shmem_scan_plain_kref_get')) {
      krefGet(p, o, 'drm_gem_shmem_shrinker_run_objects_scan+0x1a4/0x5b8', stack);
    } else if (!krefGetUnlessZero(p, o, 'drm_gem_shmem_shrinker_run_objects_scan+0x1a4/0x5b8', stack)) {
      continue;
    }
    lk.unlock('gem_shrinker->lock', { ip: 'drm_gem_shmem_shrinker_run_objects_scan+0x1c0/0x5b8', stack });
    // the window where other CPUs run: a free that waited for the lock goes on, a close lands
    resumeBlockedFree(p);
    if (o.pendingClose?.at === 'after_get') closeFromOtherCpu(p, o, free);
    const resvVa = p.r64(o.va + BigInt(GEM.resv), 'drm_gem_shmem_shrinker_run_objects_scan+0x1d8/0x5b8', stack);
    // dma_resv_trylock(obj->resv): the lock word behind the pointer the object holds
    p.r64(resvVa, 'ww_mutex_trylock+0x2c/0x108', ['drm_gem_shmem_shrinker_run_objects_scan+0x1e4/0x5b8', ...stack]);
    if (!p.sys.locking.ww.wwMutexTrylock(resvLock(o), null, { ip: 'drm_gem_shmem_shrinker_run_objects_scan+0x1e4/0x5b8', stack })) {
      contention.v = true;
    } else {
      if (lk.lock('dev->object_name_lock', 'write', { ip: 'drm_gem_shmem_shrinker_run_objects_scan+0x214/0x5b8', stack, trylock: true })) {
        // re-check whether eviction status hasn't changed
        const at = 'drm_gem_shmem_shrinker_run_objects_scan+0x260/0x5b8';
        if (p.driver === 'virtio_gpu') {
          if (shmemIsEvictable(p, o, at, stack) || shmemIsPurgeable(p, o, at, stack)) {
            // shmem->evict(): virtio_gpu_shmem_evict(); freed counts obj->size >> PAGE_SHIFT whatever reclaim later writes out
            if (p.evictCallback(o, ['drm_gem_shmem_shrinker_run_objects_scan+0x2f8/0x5b8', ...stack]) === 0) freed += p.r32(o.va + BigInt(GEM.size), at, stack) / PAGE_SIZE;
          }
        } else if (shmemIsPurgeable(p, o, at, stack)) {
          const pages = o.frames.length;
          // shmem->evict(): panfrost_shmem_evict() -> drm_gem_shmem_purge()
          shmemPurgeLocked(p, o, ['panfrost_shmem_evict+0x5c/0xb0', 'drm_gem_shmem_shrinker_run_objects_scan+0x2f8/0x5b8', ...stack]);
          shmemUpdatePagesState(p, o, ['drm_gem_shmem_purge+0x8c/0xc0', 'panfrost_shmem_evict+0x5c/0xb0', 'drm_gem_shmem_shrinker_run_objects_scan+0x2f8/0x5b8', ...stack]);
          freed += pages;
        }
        lk.unlock('dev->object_name_lock', { ip: 'drm_gem_shmem_shrinker_run_objects_scan+0x3f8/0x5b8', stack });
      } else contention.v = true;
      p.sys.locking.ww.wwMutexUnlock(resvLock(o), { ip: 'drm_gem_shmem_shrinker_run_objects_scan+0x40c/0x5b8', stack });
    }
    drmGemObjectPut(p, o, free, 'drm_gem_shmem_shrinker_run_objects_scan+0x42c/0x5b8', stack);
    lk.lock('gem_shrinker->lock', 'write', { ip: 'drm_gem_shmem_shrinker_run_objects_scan+0x434/0x5b8', stack });
  }
  p.heads.spliceTail(still, evictable, 'drm_gem_shmem_shrinker_run_objects_scan+0x4f0/0x5b8', stack);
  lk.unlock('gem_shrinker->lock', { ip: 'drm_gem_shmem_shrinker_run_objects_scan+0x500/0x5b8', stack });
  resumeBlockedFree(p);
  return freed;
}

/** The other CPU's DRM_IOCTL_GEM_CLOSE, as its task: it drops the handle's reference. */
function closeFromOtherCpu(p: Panfrost, o: GemObject, free: GemFree): void {
  const pc = o.pendingClose!;
  o.pendingClose = null;
  const ctx = p.k.rec.ctx;
  const saved = { task: ctx.task, cpu: ctx.cpu };
  ctx.task = pc.task;
  ctx.cpu = pc.cpu;
  try {
    p.k.rec.emit(EV_GEM, 6, 0, { fn: 'drm_gem_close_ioctl', bo: o.name, race: pc.at });
    drmGemHandleDelete(p, o, free, ['drm_gem_close_ioctl+0x38/0x60', 'drm_ioctl_kernel', 'drm_ioctl', ...IOCTL_ENTRY]);
  } finally {
    ctx.task = saved.task;
    ctx.cpu = saved.cpu;
  }
}

/** A drm_gem_shmem_free() that found gem_shrinker->lock taken goes on, as its task, once the scan lets go of it. */
function resumeBlockedFree(p: Panfrost): void {
  const b = p.blockedFree;
  if (b === null) return;
  p.blockedFree = null;
  const o = p.object(b.name);
  if (!o) return;
  const ctx = p.k.rec.ctx;
  const saved = { task: ctx.task, cpu: ctx.cpu };
  ctx.task = b.task;
  ctx.cpu = b.cpu;
  try {
    shmemFreeRest(p, o, b.resv, b.stack);
  } finally {
    ctx.task = saved.task;
    ctx.cpu = saved.cpu;
  }
}

/** The lock the object's pages are taken under: 5.19's pages_lock, the series' reservation lock. */
function pagesLockTake(p: Panfrost, o: GemObject, ip: string, stack: readonly string[]): void {
  if (p.generic) p.sys.locking.ww.wwMutexLock(resvLock(o), null, { ip, stack });
  else p.sys.locking.locking.lock(pagesLock(o), 'write', { ip, stack });
}

function pagesLockDrop(p: Panfrost, o: GemObject, ip: string, stack: readonly string[]): void {
  if (p.generic) p.sys.locking.ww.wwMutexUnlock(resvLock(o), { ip, stack });
  else p.sys.locking.locking.unlock(pagesLock(o), { ip, stack });
}

// drm_gem_shmem_mmap(), 5.19: the mapping takes a pages reference (dropped by the VMA's close); user space keeps one mapping
export function shmemMmap(p: Panfrost, o: GemObject, stack: readonly string[]): number {
  if (o.mmapped) return 0;
  const ip = 'drm_gem_shmem_mmap+0x64/0x160';
  pagesLockTake(p, o, ip, stack);
  const ret = shmemGetPagesLocked(p, o, ip, stack);
  pagesLockDrop(p, o, 'drm_gem_shmem_mmap+0x7c/0x160', stack);
  if (ret === 0) o.mmapped = true;
  return ret;
}

/**
 * drm_gem_shmem_fault() for page `index` of a mapping: 5.19 wants the pages (SIGBUS otherwise); the v6 series
 * swaps an evicted object in first (VM_FAULT_OOM when that fails). The frame vmf_insert_pfn() maps, or the fault's result.
 */
export function shmemFault(p: Panfrost, o: GemObject, index: number, stack: readonly string[]): number | 'VM_FAULT_SIGBUS' | 'VM_FAULT_OOM' {
  const ip = 'drm_gem_shmem_fault+0x5b/0x1b0';
  if (p.generic) p.sys.locking.ww.wwMutexLock(resvLock(o), null, { ip, stack });
  else p.sys.locking.locking.lock(pagesLock(o), 'write', { ip, stack });
  let ret: number | 'VM_FAULT_SIGBUS' | 'VM_FAULT_OOM';
  const hasPages = p.r64(f(o, SHMEM.pages), ip, stack) !== 0n;
  const evicted = p.generic && shmemEvicted(p, o, ip, stack);
  if (index >= o.pages || (!hasPages && !evicted) || (!p.generic && shmemMadv(p, o, ip, stack) < 0)) ret = 'VM_FAULT_SIGBUS';
  else if (p.generic && shmemSwapIn(p, o, [ip, ...stack]) !== 0) ret = 'VM_FAULT_OOM';
  else ret = o.frames[index] ?? 'VM_FAULT_SIGBUS';
  if (p.generic) p.sys.locking.ww.wwMutexUnlock(resvLock(o), { ip: 'drm_gem_shmem_fault+0x10e/0x1b0', stack });
  else p.sys.locking.locking.unlock(pagesLock(o), { ip: 'drm_gem_shmem_fault+0x10e/0x1b0', stack });
  return ret;
}
