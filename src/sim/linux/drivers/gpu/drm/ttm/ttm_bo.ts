// Buffer objects, drivers/gpu/drm/ttm/ttm_bo.c 5.10: the LRU lists (ttm_bo_add_mem_to_lru(),
// ttm_bo_move_to_lru_tail()), placement (ttm_bo_mem_space(), ttm_bo_mem_force_space()), moves
// (ttm_bo_handle_move_mem()), eviction (ttm_mem_evict_first() -> ttm_bo_evict(), with its
// "[TTM] Buffer eviction failed"), ttm_bo_evict_mm(), ttm_bo_wait() (15 * HZ, -EBUSY on timeout),
// ttm_bo_validate(), creation and release. Pinning is 5.10's TTM_PL_FLAG_NO_EVICT in the
// resource's placement (what nouveau_bo_pin() sets), plus 6.x's pin_count for the KUnit-style ops.
import { eventKind } from '../../../../../engine/events.ts';
import { KERN_ERR, KERN_DEBUG } from '../../../../../engine/recorder.ts';
import { TTM_MAX_BO_PRIORITY, opCtx, type TtmBo, type TtmManager, type TtmOperationCtx, type TtmResource } from '../../../../include/drm/ttm/ttm_bo_api.ts';
import {
  memTypeName,
  TTM_PL_FLAG_CACHED,
  TTM_PL_FLAG_CONTIGUOUS,
  TTM_PL_FLAG_UNCACHED,
  TTM_PL_FLAG_WC,
  TTM_PL_MASK_CACHING,
  TTM_PL_SYSTEM,
  type TtmPlace,
  type TtmPlacement,
} from '../../../../include/drm/ttm/ttm_placement.ts';
import { dmaResvAddSharedFence, dmaResvInit, dmaResvTestSignaledRcu } from '../../../dma-buf/dma-resv.ts';
import { ttmBoMoveMemcpy, ttmBoMoveTtm } from './ttm_bo_util.ts';
import { EV_BO_INIT, IP, lruLock, lruUnlock, ttmBoAssignMem, ttmBoDelFromLru, ttmBoMoveToLruTail, ttmBoReserve, ttmBoUnreserve, ttmBoWait } from './ttm_bo_lru.ts';

export { EV_BO_INIT, EV_BO_MOVE, EV_LRU_ADD, EV_LRU_DEL, ttmBoAddMemToLru, ttmBoAssignMem, ttmBoDelFromLru, ttmBoMoveToLruTail, ttmBoPinned, ttmBoReserve, ttmBoUnreserve, ttmBoWait } from './ttm_bo_lru.ts';
import { EBUSY, EINVAL, ENOMEM, ENOSPC, ERESTARTSYS, LRU_LOCK, MAX_BOS, type Ttm } from './ttm_module.ts';
import { ttmResourceAlloc, ttmResourceFree } from './ttm_resource.ts';
import { ttmMemGlobalInit } from './ttm_memory.ts';
import { ttmPageAllocInit } from './ttm_page_alloc.ts';
import { ttmTtBind, ttmTtCreate, ttmTtDestroy, ttmTtPopulate, ttmTtSetPlacementCaching } from './ttm_tt.ts';

export const EV_BO_RELEASE = eventKind('ttm.bo_release');
export const EV_EVICT = eventKind('ttm.evict');
export const EV_EVICT_FAILED = eventKind('ttm.eviction_failed');
export const EV_PIN = eventKind('ttm.pin');

// ttm_bo_select_caching(): keep the current caching if allowed, else cached, WC, uncached
function ttmBoSelectCaching(cur: number, proposed: number): number {
  const caching = proposed & TTM_PL_MASK_CACHING;
  if ((cur & caching) !== 0) return cur & caching;
  if ((caching & TTM_PL_FLAG_CACHED) !== 0) return TTM_PL_FLAG_CACHED;
  if ((caching & TTM_PL_FLAG_WC) !== 0) return TTM_PL_FLAG_WC;
  return TTM_PL_FLAG_UNCACHED;
}

// ttm_bo_mem_placement(): the manager must be in use; the object leaves the LRU while it moves
function ttmBoMemPlacement(t: Ttm, bo: TtmBo, place: TtmPlace, mem: TtmResource): number {
  const man = t.manager(bo.dev, place.memType);
  if (!man || !man.useType) return -EBUSY;
  mem.memType = place.memType;
  mem.placement = ttmBoSelectCaching(bo.mem.placement, place.flags) | (place.flags & ~TTM_PL_MASK_CACHING);
  lruLock(t, IP.lruDel);
  ttmBoDelFromLru(t, bo);
  lruUnlock(t, IP.lruDel);
  return 0;
}

// ttm_bo_add_move_fence(): a pipelined eviction's fence becomes the object's moving fence
function ttmBoAddMoveFence(t: Ttm, bo: TtmBo, man: TtmManager, noWaitGpu: boolean): number {
  if (man.move < 0) return 0;
  const f = t.fences.get(man.move);
  if (t.fences.isSignaled(f)) return 0;
  if (noWaitGpu) return -EBUSY;
  dmaResvAddSharedFence(t.fences, bo.resv, man.move);
  return 0;
}

// ttm_bo_mem_force_space(): allocate, evicting from the manager until it fits
function ttmBoMemForceSpace(t: Ttm, bo: TtmBo, place: TtmPlace, mem: TtmResource, ctx: TtmOperationCtx): number {
  const man = t.manager(bo.dev, mem.memType)!;
  for (;;) {
    const ret = ttmResourceAlloc(t, bo, place, mem);
    if (ret === 0) break;
    if (ret !== -ENOSPC) return ret;
    const e = ttmMemEvictFirst(t, bo.dev, man, place, ctx);
    if (e !== 0) return e;
  }
  return ttmBoAddMoveFence(t, bo, man, ctx.noWaitGpu);
}

// ttm_bo_mem_space(): the first placement with room, else the busy placements, evicting
export function ttmBoMemSpace(t: Ttm, bo: TtmBo, placement: TtmPlacement, mem: TtmResource, ctx: TtmOperationCtx): number {
  return t.fg.call('ttm_bo_mem_space', () => {
    let typeFound = false;
    let ret = 0;
    for (const place of placement.placement) {
      if (ttmBoMemPlacement(t, bo, place, mem)) continue;
      typeFound = true;
      ret = ttmResourceAlloc(t, bo, place, mem);
      if (ret === -ENOSPC) continue;
      if (ret) return ret;
      ret = ttmBoAddMoveFence(t, bo, t.manager(bo.dev, mem.memType)!, ctx.noWaitGpu);
      if (ret) {
        ttmResourceFree(t, bo, mem);
        if (ret === -EBUSY) continue;
        return ret;
      }
      return 0;
    }
    for (const place of placement.busy) {
      if (ttmBoMemPlacement(t, bo, place, mem)) continue;
      typeFound = true;
      ret = ttmBoMemForceSpace(t, bo, place, mem, ctx);
      if (ret === 0) return 0;
      if (ret !== -EBUSY) return ret;
    }
    ret = -ENOMEM;
    if (!typeFound) {
      t.k.printk(KERN_ERR, '[TTM] No compatible memory type found');
      ret = -EINVAL;
    }
    if (bo.mem.memType === TTM_PL_SYSTEM) {
      lruLock(t, IP.lruDel);
      ttmBoMoveToLruTail(t, bo);
      lruUnlock(t, IP.lruDel);
    }
    return ret;
  });
}

// ttm_bo_cleanup_memtype_use()
function ttmBoCleanupMemtypeUse(t: Ttm, bo: TtmBo): void {
  ttmTtDestroy(t, bo);
  ttmResourceFree(t, bo, bo.mem);
}

// ttm_bo_handle_move_mem()
export function ttmBoHandleMoveMem(t: Ttm, bo: TtmBo, mem: TtmResource, evict: boolean, ctx: TtmOperationCtx): number {
  return t.fg.call('ttm_bo_handle_move_mem', () => {
    const oldMan = t.manager(bo.dev, bo.mem.memType)!;
    const newMan = t.manager(bo.dev, mem.memType)!;
    const drv = t.driverOf(bo);
    // ttm_bo_unmap_virtual() -> ttm_mem_io_free()
    t.fg.call('ttm_mem_io_free', () => 0);
    let ret = 0;
    const fail = (r: number): number => {
      const man = t.manager(bo.dev, bo.mem.memType)!;
      if (!man.useTt) ttmTtDestroy(t, bo);
      return r;
    };
    if (newMan.useTt) {
      ret = ttmTtCreate(t, bo, oldMan.useTt);
      if (ret) return fail(ret);
      ret = ttmTtSetPlacementCaching(t, bo, mem.placement);
      if (ret) return fail(ret);
      if (mem.memType !== TTM_PL_SYSTEM) {
        ret = ttmTtPopulate(t, bo, ctx);
        if (ret) return fail(ret);
        ret = ttmTtBind(t, bo, ctx);
        if (ret) return fail(ret);
      }
      if (bo.mem.memType === TTM_PL_SYSTEM) {
        drv.moveNotify?.(bo, evict, mem);
        ttmBoAssignMem(t, bo, mem);
        ctx.bytesMoved += bo.numPages * 4096;
        return 0;
      }
    }
    drv.moveNotify?.(bo, evict, mem);
    if (oldMan.useTt && newMan.useTt) ret = ttmBoMoveTtm(t, bo, ctx, mem);
    else if (drv.move) ret = drv.move(bo, evict, ctx, mem);
    else ret = ttmBoMoveMemcpy(t, bo, ctx, mem);
    if (ret) return fail(ret);
    ctx.bytesMoved += bo.numPages * 4096;
    return 0;
  });
}

// ttm_bo_evict()
function ttmBoEvict(t: Ttm, bo: TtmBo, ctx: TtmOperationCtx): number {
  return t.fg.call('ttm_bo_evict', () => {
    const k = t.k;
    const placement = t.driverOf(bo).evictFlags(bo);
    k.rec.emit(EV_EVICT, bo.id, bo.mem.memType, { bo: bo.name, from: memTypeName(bo.mem.memType), start: bo.mem.start, pages: bo.numPages });
    if (placement.placement.length === 0 && placement.busy.length === 0) {
      ttmBoWait(t, bo, false, false);
      ttmBoCleanupMemtypeUse(t, bo);
      return ttmTtCreate(t, bo, false);
    }
    const evictMem: TtmResource = { ...bo.mem, start: -1, busOffset: -1 };
    let ret = ttmBoMemSpace(t, bo, placement, evictMem, ctx);
    if (ret) {
      if (ret !== -ERESTARTSYS) {
        k.printk(KERN_ERR, `[TTM] Failed to find memory space for buffer 0x${boPtr(t, bo)} eviction`);
        ttmBoMemSpaceDebug(t, bo, placement);
      }
      return ret;
    }
    ret = ttmBoHandleMoveMem(t, bo, evictMem, true, ctx);
    if (ret) {
      if (ret !== -ERESTARTSYS) {
        k.rec.emit(EV_EVICT_FAILED, bo.id, ret, { bo: bo.name, error: ret });
        k.printk(KERN_ERR, '[TTM] Buffer eviction failed');
        k.rec.finding('ttm.eviction_failed', '[TTM] Buffer eviction failed', {
          bo: bo.name,
          owner: bo.owner,
          mem: memTypeName(bo.mem.memType),
          start: `0x${(bo.mem.start * 4096).toString(16)}`,
          pages: bo.numPages,
          error: ret,
        });
      }
      ttmResourceFree(t, bo, evictMem);
    }
    return ret;
  });
}

/** %p of a buffer object as 5.10 prints it (hashed): a stable made-up value per object. */
function boPtr(t: Ttm, bo: TtmBo): string {
  let h = 0x811c9dc5;
  const s = `${t.k.config.seed}:bo:${bo.id}`;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(16, '0');
}

// ttm_bo_mem_space_debug()
function ttmBoMemSpaceDebug(t: Ttm, bo: TtmBo, placement: TtmPlacement): void {
  const k = t.k;
  k.printk(KERN_DEBUG, `[TTM] No space for ${boPtr(t, bo)} (${bo.numPages} pages, ${bo.numPages * 4}K, ${(bo.numPages * 4) >> 10}M)`);
  placement.placement.forEach((p, i) => {
    k.printk(KERN_DEBUG, `[TTM]   placement[${i}]=0x${p.flags.toString(16).toUpperCase().padStart(8, '0')} (${p.memType})`);
    const man = t.manager(bo.dev, p.memType);
    if (man) k.printk(KERN_DEBUG, `[TTM]   use_type: ${man.useType ? 1 : 0}  use_tt: ${man.useTt ? 1 : 0}  size: ${man.size}`);
  });
}

// ttm_bo_eviction_valuable(): does the object overlap the range the placement wants?
export function ttmBoEvictionValuable(bo: TtmBo, place: TtmPlace): boolean {
  if (place.fpfn >= bo.mem.start + bo.mem.numPages || (place.lpfn && place.lpfn <= bo.mem.start)) return false;
  return true;
}

// ttm_mem_evict_first(): the first object of the lowest-priority LRU list that can be reserved
export function ttmMemEvictFirst(t: Ttm, dev: number, man: TtmManager, place: TtmPlace | null, ctx: TtmOperationCtx): number {
  return t.fg.call('ttm_mem_evict_first', () => {
    ttmBoDelayedDelete(t, dev);
    lruLock(t, IP.evictFirstLru);
    let found: TtmBo | null = null;
    let busy: TtmBo | null = null;
    for (let i = 0; i < TTM_MAX_BO_PRIORITY && !found; i++) {
      for (const id of man.lru[i]!) {
        const bo = t.bo(id);
        // ttm_bo_evict_swapout_allowable(): dma_resv_trylock()
        if (!ttmBoReserve(t, bo, true)) {
          busy ??= bo;
          continue;
        }
        const drv = t.driverOf(bo);
        if (place && !(drv.evictionValuable ?? ttmBoEvictionValuable)(bo, place)) {
          t.lk.unlock(bo.resv.lock, { ip: IP.evictFirstUnlock });
          continue;
        }
        found = bo;
        break;
      }
    }
    if (!found) {
      lruUnlock(t, IP.evictFirstLru);
      // ttm_mem_evict_wait_busy(): without a ww_acquire ticket, -EBUSY
      void busy;
      return -EBUSY;
    }
    lruUnlock(t, IP.evictFirstLru);
    const ret = ttmBoEvict(t, found, ctx);
    ttmBoUnreserve(t, found);
    return ret;
  });
}

// ttm_resource_manager_force_list_clean() (ttm_resource.c): evict everything on the manager's LRU lists,
// priority by priority, until they are empty or an eviction fails
export function ttmResourceManagerForceListClean(t: Ttm, dev: number, man: TtmManager): number {
  return t.fg.call('ttm_resource_manager_force_list_clean', () => {
    const ctx = opCtx({ interruptible: false, noWaitGpu: false, forceAlloc: true });
    t.lk.lock(LRU_LOCK, 'write', { ip: 'ttm_resource_manager_force_list_clean+0x4f/0x1d0' });
    for (let i = 0; i < TTM_MAX_BO_PRIORITY; i++) {
      while (man.lru[i]!.length > 0) {
        t.lk.unlock(LRU_LOCK, { ip: 'ttm_resource_manager_force_list_clean+0x93/0x1d0' });
        const ret = ttmMemEvictFirst(t, dev, man, null, ctx);
        if (ret) return ret;
        t.lk.lock(LRU_LOCK, 'write', { ip: 'ttm_resource_manager_force_list_clean+0xb6/0x1d0' });
      }
    }
    t.lk.unlock(LRU_LOCK, { ip: 'ttm_resource_manager_force_list_clean+0xd1/0x1d0' });
    // the last pipelined move of the manager
    if (man.move >= 0) {
      const f = t.fences.get(man.move);
      const ret = t.fences.waitTimeout(f, false, Number.MAX_SAFE_INTEGER);
      if (ret < 0) return ret;
    }
    return 0;
  });
}

// ttm_bo_evict_mm(): everything out of one memory type (drivers call it at suspend)
export function ttmBoEvictMm(t: Ttm, dev: number, memType: number): number {
  return t.fg.call('ttm_bo_evict_mm', () => {
    const man = t.manager(dev, memType);
    if (!man) {
      t.k.printk(KERN_ERR, `[TTM] Memory type ${memType} has not been initialized`);
      return -EINVAL;
    }
    return ttmResourceManagerForceListClean(t, dev, man);
  });
}

/** ttm_bo_mem_compat(): can the object stay where it is? Returns the matching place's flags or -1. */
function ttmBoPlacesCompat(places: readonly TtmPlace[], mem: TtmResource): number {
  for (const heap of places) {
    if (mem.start >= 0 && (mem.start < heap.fpfn || (heap.lpfn !== 0 && mem.start + mem.numPages > heap.lpfn))) continue;
    if ((heap.flags & mem.placement & TTM_PL_MASK_CACHING) !== 0 && mem.memType === heap.memType && ((heap.flags & TTM_PL_FLAG_CONTIGUOUS) === 0 || (mem.placement & TTM_PL_FLAG_CONTIGUOUS) !== 0)) return heap.flags;
  }
  return -1;
}

export function ttmBoMemCompat(placement: TtmPlacement, mem: TtmResource): number {
  const f = ttmBoPlacesCompat(placement.placement, mem);
  if (f >= 0) return f;
  return ttmBoPlacesCompat(placement.busy, mem);
}

// ttm_bo_move_buffer()
function ttmBoMoveBuffer(t: Ttm, bo: TtmBo, placement: TtmPlacement, ctx: TtmOperationCtx): number {
  const mem: TtmResource = { memType: bo.mem.memType, start: -1, numPages: bo.numPages, placement: bo.mem.placement, busOffset: -1 };
  let ret = ttmBoMemSpace(t, bo, placement, mem, ctx);
  if (ret === 0) ret = ttmBoHandleMoveMem(t, bo, mem, false, ctx);
  if (ret) ttmResourceFree(t, bo, mem);
  return ret;
}

// ttm_bo_validate(): move the object if its resource does not satisfy the placement (caller holds its reservation)
export function ttmBoValidate(t: Ttm, bo: TtmBo, placement: TtmPlacement, ctx: TtmOperationCtx): number {
  return t.fg.call('ttm_bo_validate', () => {
    const flags = ttmBoMemCompat(placement, bo.mem);
    if (flags < 0) {
      const ret = ttmBoMoveBuffer(t, bo, placement, ctx);
      if (ret) return ret;
    } else {
      bo.mem.placement &= TTM_PL_MASK_CACHING;
      bo.mem.placement |= flags & ~TTM_PL_MASK_CACHING;
    }
    if (bo.mem.memType === TTM_PL_SYSTEM) return ttmTtCreate(t, bo, true);
    return 0;
  });
}

export interface BoInitOptions {
  name: string;
  owner: string;
  numPages: number;
  priority?: number;
  drv?: Record<string, number | string | boolean>;
}

// ttm_bo_init_reserved() + ttm_bo_validate() + ttm_bo_unreserve(): ret, and the object unless it failed
export function ttmBoInit(t: Ttm, dev: number, o: BoInitOptions, placement: TtmPlacement, ctx = opCtx()): { ret: number; bo: TtmBo | null } {
  const k = t.k;
  if (t.glob.bos.length >= MAX_BOS) return { ret: -ENOMEM, bo: null };
  const id = t.glob.bos.length;
  k.rec.emit(EV_BO_INIT, id, o.numPages, { bo: o.name, owner: o.owner, pages: o.numPages });
  const lock = `resv:${o.name}`;
  const bo: TtmBo = {
    id,
    name: o.name,
    dev,
    numPages: o.numPages,
    priority: o.priority ?? 0,
    mem: { memType: TTM_PL_SYSTEM, start: -1, numPages: o.numPages, placement: TTM_PL_FLAG_CACHED, busOffset: -1 },
    ttm: null,
    resv: dmaResvInit(lock),
    pinCount: 0,
    lru: null,
    owner: o.owner,
    destroyed: false,
    drv: { ...(o.drv ?? {}) },
  };
  t.glob.bos.push(bo);
  // dma_resv_init(): ww_mutex_init(&obj->lock, &reservation_ww_class)
  t.lk.lockInit(lock, 'ww_mutex', 'reservation_ww_class_mutex', { ip: 'dma_resv_init+0x2a/0x50' });
  ttmBoReserve(t, bo);
  const ret = ttmBoValidate(t, bo, placement, ctx);
  if (ret) {
    t.lk.unlock(lock, { ip: IP.unreserve });
    ttmBoRelease(t, bo);
    return { ret, bo: null };
  }
  ttmBoUnreserve(t, bo);
  return { ret: 0, bo };
}

// ttm_bo_release() (the last ttm_bo_put()): idle objects go at once, busy ones on the delayed-destroy list
export function ttmBoRelease(t: Ttm, bo: TtmBo): void {
  const k = t.k;
  if (bo.destroyed) return;
  if (!dmaResvTestSignaledRcu(t.fences, bo.resv, true)) {
    ttmBoDelFromLru(t, bo);
    if (!t.glob.ddestroy.includes(bo.id)) t.glob.ddestroy.push(bo.id);
    return;
  }
  k.rec.emit(EV_BO_RELEASE, bo.id, bo.mem.memType, { bo: bo.name, mem: memTypeName(bo.mem.memType) });
  ttmBoDelFromLru(t, bo);
  ttmBoCleanupMemtypeUse(t, bo);
  bo.destroyed = true;
  bo.pinCount = 0;
  t.glob.ddestroy = t.glob.ddestroy.filter((i) => i !== bo.id);
}

// ttm_bo_delayed_delete(): free the objects on the delayed-destroy list that became idle
export function ttmBoDelayedDelete(t: Ttm, dev: number): void {
  for (const id of t.glob.ddestroy.slice()) {
    const bo = t.bo(id);
    if (bo.dev !== dev) continue;
    if (dmaResvTestSignaledRcu(t.fences, bo.resv, true)) ttmBoRelease(t, bo);
  }
}

// ttm_bo_device_init() with ttm_bo_global_init() for the first device: the memory accounting,
// the page pools and ttm_bo_glob.lru_lock
export function ttmBoDeviceInit(t: Ttm, name: string, driver: string): number {
  if (!t.glob.initialized) {
    t.glob.initialized = true;
    ttmMemGlobalInit(t);
    ttmPageAllocInit(t);
    t.lk.lockInit(LRU_LOCK, 'spinlock', '&ttm_bo_glob.lru_lock', { ip: 'ttm_bo_global_init+0x4e/0x190' });
  }
  return t.deviceInit(name, driver);
}

// ttm_bo_pin() / ttm_bo_unpin(), 6.x: pinned objects leave the LRU
export function ttmBoPin(t: Ttm, bo: TtmBo): void {
  t.k.rec.emit(EV_PIN, bo.id, bo.pinCount + 1, { bo: bo.name, pin_count: bo.pinCount + 1 });
  bo.pinCount++;
  ttmBoDelFromLru(t, bo);
}

export function ttmBoUnpin(t: Ttm, bo: TtmBo): void {
  if (bo.pinCount === 0) return;
  t.k.rec.emit(EV_PIN, bo.id, bo.pinCount - 1, { bo: bo.name, pin_count: bo.pinCount - 1 });
  bo.pinCount--;
  if (bo.pinCount === 0) ttmBoMoveToLruTail(t, bo);
}
