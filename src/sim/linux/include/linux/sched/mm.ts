// The allocation-context helpers of include/linux/sched/mm.h (5.19): current_gfp_context(),
// memalloc_nofs_save()/restore(), memalloc_noio_save()/restore() and might_alloc().
import type { Task } from '../sched.ts';
import type { Caller } from '../../../kernel/locking/lockdep_report.ts';
import { __GFP_FS, __GFP_IO, __GFP_MOVABLE, gfpflagsAllowBlocking } from '../gfp_types.ts';

// include/linux/sched.h 5.19
export const PF_MEMALLOC = 0x00000800;
export const PF_MEMALLOC_NOFS = 0x00040000;
export const PF_MEMALLOC_NOIO = 0x00080000;
export const PF_MEMALLOC_PIN = 0x10000000;

// current_gfp_context(): the task's scoped NOIO/NOFS/PIN constraints applied to a mask
export function currentGfpContext(t: Task, flags: number): number {
  const pflags = t.flags;
  if (pflags & (PF_MEMALLOC_NOIO | PF_MEMALLOC_NOFS | PF_MEMALLOC_PIN)) {
    if (pflags & PF_MEMALLOC_NOIO) flags &= ~(__GFP_IO | __GFP_FS);
    else if (pflags & PF_MEMALLOC_NOFS) flags &= ~__GFP_FS;
    if (pflags & PF_MEMALLOC_PIN) flags &= ~__GFP_MOVABLE;
  }
  return flags;
}

// memalloc_nofs_save(): returns the old bit for memalloc_nofs_restore()
export function memallocNofsSave(t: Task): number {
  const old = t.flags & PF_MEMALLOC_NOFS;
  t.flags |= PF_MEMALLOC_NOFS;
  return old;
}

export function memallocNofsRestore(t: Task, flags: number): void {
  t.flags = (t.flags & ~PF_MEMALLOC_NOFS) | (flags & PF_MEMALLOC_NOFS);
}

// memalloc_noio_save()
export function memallocNoioSave(t: Task): number {
  const old = t.flags & PF_MEMALLOC_NOIO;
  t.flags |= PF_MEMALLOC_NOIO;
  return old;
}

export function memallocNoioRestore(t: Task, flags: number): void {
  t.flags = (t.flags & ~PF_MEMALLOC_NOIO) | (flags & PF_MEMALLOC_NOIO);
}

/** What might_alloc() needs: fs_reclaim and __might_sleep(). */
export interface MightAllocHost {
  readonly fsReclaim: { acquire(t: Task, gfp: number, caller: Caller): void; release(t: Task, gfp: number, caller: Caller): void };
  mightSleep(t: Task, at: string, caller: Caller): void;
  /** "include/linux/sched/mm.h:<line>" of might_alloc()'s might_sleep_if() in the machine's kernel. */
  readonly mightAllocSite: string;
}

// might_alloc(): fs_reclaim_acquire()+release() then might_sleep_if(gfpflags_allow_blocking())
export function mightAlloc(h: MightAllocHost, t: Task, gfp: number, caller: Caller): void {
  h.fsReclaim.acquire(t, gfp, caller);
  h.fsReclaim.release(t, gfp, caller);
  if (gfpflagsAllowBlocking(gfp)) h.mightSleep(t, h.mightAllocSite, caller);
}
