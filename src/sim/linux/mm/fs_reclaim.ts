// fs_reclaim as lockdep sees it: __fs_reclaim_map, __need_reclaim(), fs_reclaim_acquire() and
// fs_reclaim_release() of mm/page_alloc.c (5.19; the same in 6.8). A pseudo-lock "held" while
// an allocation may enter direct reclaim with __GFP_FS, so lockdep learns what reclaim nests in.
import type { Lockdep } from '../kernel/locking/lockdep.ts';
import { newLockdepMap, type LockdepMap } from '../kernel/locking/lockdep_lock_class.ts';
import type { Caller } from '../kernel/locking/lockdep_report.ts';
import type { Task } from '../include/linux/sched.ts';
import { __GFP_DIRECT_RECLAIM, __GFP_FS, __GFP_NOLOCKDEP } from '../include/linux/gfp_types.ts';
import { currentGfpContext, PF_MEMALLOC } from '../include/linux/sched/mm.ts';

/** lockdep_map ids of maps that are not scenario locks (held_locks[] snapshots name them). */
export const FS_RECLAIM_MAP_ID = -3;

const ACQUIRE: readonly string[] = ['fs_reclaim_acquire'];
const RELEASE: readonly string[] = ['fs_reclaim_release'];

export class FsReclaim {
  /** __fs_reclaim_map: STATIC_LOCKDEP_MAP_INIT("fs_reclaim", ...), no wait type ({0:0}). */
  readonly map: LockdepMap;

  constructor(
    private readonly ld: Lockdep,
    addr: bigint,
  ) {
    // keyed on first use, so a run that never reclaims numbers its classes' keys as before
    this.map = newLockdepMap({ id: FS_RECLAIM_MAP_ID, label: 'fs_reclaim', name: 'fs_reclaim', key: -1, waitInner: 0, addr, size: 0x28, type: 'lockdep_map' });
  }

  // __need_reclaim(): only a mask that may wait for direct reclaim, from a task not already reclaiming
  needReclaim(t: Task, gfp: number): boolean {
    if (!(gfp & __GFP_DIRECT_RECLAIM)) return false;
    if (t.flags & PF_MEMALLOC) return false;
    if (gfp & __GFP_NOLOCKDEP) return false;
    return true;
  }

  // fs_reclaim_acquire(): lock_acquire_exclusive(&__fs_reclaim_map, 0, 0, NULL, _RET_IP_) for __GFP_FS
  acquire(t: Task, gfpMask: number, caller: Caller): void {
    const gfp = currentGfpContext(t, gfpMask);
    if (!this.needReclaim(t, gfp) || !(gfp & __GFP_FS)) return;
    if (this.map.key < 0) this.map.key = this.ld.keyFor('fs_reclaim');
    const prim = caller.prim;
    caller.prim = prim.length ? [...ACQUIRE, ...prim] : ACQUIRE;
    this.ld.lockAcquire(t, this.map, 0, 0, 0, 1, null, caller.ip, caller);
    caller.prim = prim;
  }

  // fs_reclaim_release()
  release(t: Task, gfpMask: number, caller: Caller): void {
    const gfp = currentGfpContext(t, gfpMask);
    if (!this.needReclaim(t, gfp) || !(gfp & __GFP_FS)) return;
    const prim = caller.prim;
    caller.prim = prim.length ? [...RELEASE, ...prim] : RELEASE;
    this.ld.lockRelease(t, this.map, caller.ip, caller);
    caller.prim = prim;
  }

  /** After a lockdep restore the class caches (and the key, found again by name) are stale. */
  resetCache(): void {
    this.map.key = -1;
    this.map.classCache0 = -1;
    this.map.classCache1 = -1;
  }
}
