// struct dma_resv, drivers/dma-buf/dma-resv.c 5.10: one exclusive fence (the last writer) and
// shared fences (readers), behind a ww_mutex of DEFINE_WD_CLASS(reservation_ww_class) (lockdep:
// reservation_ww_class_mutex, contexts reservation_ww_class_acquire). The lock wrappers of
// include/linux/dma-resv.h (5.19) go through the ww_mutex model with or without an acquire context.
import type { FuncGraph } from '../../kernel/trace/trace_functions_graph.ts';
import type { DmaFences } from './dma-fence.ts';
import type { CallSite, WwApi } from '../../../machine/locking_model.ts';

/** The ww class every reservation object's lock belongs to. */
export const RESERVATION_WW_CLASS = 'reservation_ww_class';

export interface DmaResv {
  /** The lock's name in the locking model. */
  lock: string;
  /** fence_excl: a fence id or -1. */
  excl: number;
  /** fence->shared[]. */
  shared: number[];
}

export function dmaResvInit(lock: string): DmaResv {
  return { lock, excl: -1, shared: [] };
}

// dma_resv_add_excl_fence(): replaces the exclusive fence and drops the shared ones (NULL clears)
export function dmaResvAddExclFence(fg: FuncGraph, obj: DmaResv, fence: number): void {
  fg.call('dma_resv_add_excl_fence', () => {
    // write_seqcount_begin(), rcu_assign_pointer(), the old fences' dma_fence_put()
    fg.k.clock.advance(300);
    obj.excl = fence;
    obj.shared = [];
  });
}

// dma_resv_add_shared_fence(): one per context, a newer fence of a context replaces the older
export function dmaResvAddSharedFence(fences: DmaFences, obj: DmaResv, fence: number): void {
  const f = fences.get(fence);
  const i = obj.shared.findIndex((s) => fences.get(s).context === f.context);
  if (i >= 0) obj.shared[i] = fence;
  else obj.shared.push(fence);
}

// dma_resv_test_signaled_rcu()
export function dmaResvTestSignaledRcu(fences: DmaFences, obj: DmaResv, testAll: boolean): boolean {
  if (testAll) for (const s of obj.shared) if (!fences.isSignaled(fences.get(s))) return false;
  if (obj.excl >= 0 && !fences.isSignaled(fences.get(obj.excl))) return false;
  return true;
}

// dma_resv_wait_timeout_rcu(): waits for the exclusive fence (and the shared ones with wait_all)
export function dmaResvWaitTimeoutRcu(fg: FuncGraph, fences: DmaFences, obj: DmaResv, waitAll: boolean, intr: boolean, timeout: number): number {
  return fg.call('dma_resv_wait_timeout_rcu', () => {
    let ret = timeout ? timeout : 1;
    for (;;) {
      let fence = -1;
      if (obj.excl >= 0 && !fences.isSignaled(fences.get(obj.excl))) fence = obj.excl;
      let i = -1;
      if (fence < 0 && waitAll) {
        for (i = 0; i < obj.shared.length; i++) {
          if (fences.isSignaled(fences.get(obj.shared[i]!))) continue;
          fence = obj.shared[i]!;
          break;
        }
      }
      if (fence < 0) return ret;
      ret = fences.waitTimeout(fences.get(fence), intr, ret);
      if (ret > 0 && waitAll && i + 1 < obj.shared.length) continue;
      return ret;
    }
  });
}

// dma_resv_init(): ww_mutex_init(&obj->lock, &reservation_ww_class)
export function dmaResvInitLock(ww: WwApi, obj: DmaResv, site: CallSite = {}): void {
  ww.wwMutexInit(obj.lock, RESERVATION_WW_CLASS, site);
}

// dma_resv_lock(): ww_mutex_lock(&obj->lock, ctx); 0, -EDEADLK (back off) or -EALREADY
export function dmaResvLock(ww: WwApi, obj: DmaResv, ctx: string | null, site: CallSite = {}): number {
  return ww.wwMutexLock(obj.lock, ctx, site);
}

// dma_resv_lock_interruptible(): also -EINTR when a signal is pending while it would sleep
export function dmaResvLockInterruptible(ww: WwApi, obj: DmaResv, ctx: string | null, site: CallSite & { signal?: boolean } = {}): number {
  return ww.wwMutexLock(obj.lock, ctx, { ...site, interruptible: true });
}

// dma_resv_lock_slow(): ww_mutex_lock_slow(&obj->lock, ctx) after -EDEADLK, with nothing else held
export function dmaResvLockSlow(ww: WwApi, obj: DmaResv, ctx: string, site: CallSite = {}): void {
  ww.wwMutexLock(obj.lock, ctx, { ...site, slow: true });
}

// dma_resv_trylock(): ww_mutex_trylock(&obj->lock, NULL)
export function dmaResvTrylock(ww: WwApi, obj: DmaResv, site: CallSite = {}): boolean {
  return ww.wwMutexTrylock(obj.lock, null, site);
}

// dma_resv_unlock(): ww_mutex_unlock(&obj->lock)
export function dmaResvUnlock(ww: WwApi, obj: DmaResv, site: CallSite = {}): void {
  ww.wwMutexUnlock(obj.lock, site);
}
