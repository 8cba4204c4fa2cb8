// The LRU lists, reservation and waiting of buffer objects: part of drivers/gpu/drm/ttm/ttm_bo.c
// 5.10 (ttm_bo_del_from_lru(), ttm_bo_add_mem_to_lru(), ttm_bo_move_to_lru_tail(), ttm_bo_reserve()
// / ttm_bo_unreserve(), ttm_bo_assign_mem(), ttm_bo_wait()), split from ttm_bo.ts so ttm_bo_util.ts
// can use them without an import cycle.
import { eventKind } from '../../../../../engine/events.ts';
import { HZ } from '../../../../kernel/time/jiffies.ts';
import { TTM_MAX_BO_PRIORITY, type TtmBo, type TtmResource } from '../../../../include/drm/ttm/ttm_bo_api.ts';
import { memTypeName, TTM_PL_FLAG_NO_EVICT } from '../../../../include/drm/ttm/ttm_placement.ts';
import { dmaResvAddExclFence, dmaResvTestSignaledRcu, dmaResvWaitTimeoutRcu } from '../../../dma-buf/dma-resv.ts';
import { EBUSY, LRU_LOCK, type Ttm } from './ttm_module.ts';

export const EV_BO_INIT = eventKind('ttm.bo_init');
export const EV_LRU_ADD = eventKind('ttm.lru_add');
export const EV_LRU_DEL = eventKind('ttm.lru_del');
export const EV_BO_MOVE = eventKind('ttm.bo_move');

/** Where lockdep sees the reservation and LRU locks taken (call sites in ttm.ko, 5.10). */
export const IP = {
  evictFirstLru: 'ttm_mem_evict_first+0x2b/0x540',
  evictFirstTry: 'ttm_mem_evict_first+0xc1/0x540',
  evictFirstUnlock: 'ttm_mem_evict_first+0x15e/0x540',
  lruDel: 'ttm_bo_mem_placement+0x62/0xb0',
  unreserve: 'ttm_bo_unreserve+0x38/0x60',
  reserve: 'ttm_bo_reserve+0x2f/0x90',
};

export function lruLock(t: Ttm, ip: string): void {
  t.lk.lock(LRU_LOCK, 'write', { ip });
}

export function lruUnlock(t: Ttm, ip: string): void {
  t.lk.unlock(LRU_LOCK, { ip });
}

/** Pinned: 5.10's NO_EVICT placement flag or 6.x's pin_count. */
export function ttmBoPinned(bo: TtmBo): boolean {
  return bo.pinCount > 0 || (bo.mem.placement & TTM_PL_FLAG_NO_EVICT) !== 0;
}

// ttm_bo_del_from_lru()
export function ttmBoDelFromLru(t: Ttm, bo: TtmBo): void {
  if (!bo.lru) return;
  const [type, prio] = bo.lru;
  t.k.rec.emit(EV_LRU_DEL, bo.id, type, { bo: bo.name, mem: memTypeName(type), priority: prio });
  const list = t.manager(bo.dev, type)!.lru[prio]!;
  const i = list.indexOf(bo.id);
  if (i >= 0) list.splice(i, 1);
  bo.lru = null;
}

// ttm_bo_add_mem_to_lru(): pinned objects stay off the lists
export function ttmBoAddMemToLru(t: Ttm, bo: TtmBo, mem: TtmResource): void {
  if (bo.lru || ttmBoPinned(bo) || bo.destroyed) return;
  if ((mem.placement & TTM_PL_FLAG_NO_EVICT) !== 0) return;
  const man = t.manager(bo.dev, mem.memType);
  if (!man) return;
  const prio = Math.min(bo.priority, TTM_MAX_BO_PRIORITY - 1);
  t.k.rec.emit(EV_LRU_ADD, bo.id, mem.memType, { bo: bo.name, mem: memTypeName(mem.memType), priority: prio });
  man.lru[prio]!.push(bo.id);
  bo.lru = [mem.memType, prio];
}

// ttm_bo_move_to_lru_tail()
export function ttmBoMoveToLruTail(t: Ttm, bo: TtmBo): void {
  ttmBoDelFromLru(t, bo);
  ttmBoAddMemToLru(t, bo, bo.mem);
}

// ttm_bo_reserve(): dma_resv_lock() (a plain ww_mutex in the model: no acquire context)
export function ttmBoReserve(t: Ttm, bo: TtmBo, trylock = false): boolean {
  return t.lk.lock(bo.resv.lock, 'write', { ip: IP.reserve, trylock });
}

// ttm_bo_unreserve(): back to its LRU's tail, then unlock
export function ttmBoUnreserve(t: Ttm, bo: TtmBo): void {
  lruLock(t, IP.unreserve);
  ttmBoMoveToLruTail(t, bo);
  lruUnlock(t, IP.unreserve);
  t.lk.unlock(bo.resv.lock, { ip: IP.unreserve });
}

/** ttm_bo_assign_mem(): the object's resource is the new one (the node moves with it). */
export function ttmBoAssignMem(t: Ttm, bo: TtmBo, mem: TtmResource): void {
  t.k.rec.emit(EV_BO_MOVE, bo.id, mem.memType, { bo: bo.name, from: memTypeName(bo.mem.memType), to: memTypeName(mem.memType), start: mem.start });
  bo.mem = { ...mem };
  mem.start = -1;
}

// ttm_bo_wait(): 15 seconds for the reservation object's fences, -EBUSY when they do not signal
export function ttmBoWait(t: Ttm, bo: TtmBo, interruptible: boolean, noWait: boolean): number {
  return t.fg.call('ttm_bo_wait', () => {
    if (noWait) return dmaResvTestSignaledRcu(t.fences, bo.resv, true) ? 0 : -EBUSY;
    const timeout = dmaResvWaitTimeoutRcu(t.fg, t.fences, bo.resv, true, interruptible, 15 * HZ);
    if (timeout < 0) return timeout;
    if (timeout === 0) {
      const f = bo.resv.excl >= 0 ? t.fences.get(bo.resv.excl) : null;
      t.k.rec.finding('gpu.fence_timeout', `ttm_bo_wait: fence ${f ? `${f.context}:${f.seqno}` : '?'} of ${bo.name} not signaled after ${15 * HZ} jiffies (-EBUSY)`, {
        bo: bo.name,
        fence: f ? `${f.context}:${f.seqno}` : '',
        timeout_jiffies: 15 * HZ,
        error: -EBUSY,
      });
      return -EBUSY;
    }
    dmaResvAddExclFence(t.fg, bo.resv, -1);
    return 0;
  });
}

