// fs_reclaim_acquire()/fs_reclaim_release(), mm/page_alloc.c 5.19: the lockdep map that stands for
// "this context may recurse into filesystem reclaim", taken only for __GFP_DIRECT_RECLAIM|__GFP_FS.
import type { LockingModel } from '../../machine/locking_model.ts';
import { __GFP_DIRECT_RECLAIM, __GFP_FS } from '../include/linux/gfp_types.ts';
import type { FsReclaimHooks } from './page_alloc_slowpath.ts';

const FS_RECLAIM = 'fs_reclaim';

function wants(gfp: number): boolean {
  return (gfp & __GFP_DIRECT_RECLAIM) !== 0 && (gfp & __GFP_FS) !== 0;
}

export function fsReclaimHooks(m: LockingModel): FsReclaimHooks {
  const ensure = (): void => {
    if (m.impl.find(FS_RECLAIM)) return;
    m.locking.lockInit(FS_RECLAIM, 'mutex', FS_RECLAIM, { ip: 'fs_reclaim_acquire+0x0/0x150' });
  };
  return {
    // might_alloc() -> fs_reclaim_acquire() + fs_reclaim_release()
    mightAlloc(gfp, ip, stack) {
      if (!wants(gfp)) return;
      ensure();
      const s = ['prepare_alloc_pages.constprop.0+0x1a4/0x1d0', ip, ...stack];
      m.locking.lock(FS_RECLAIM, 'write', { ip: 'fs_reclaim_acquire+0xb8/0x150', stack: s });
      m.locking.unlock(FS_RECLAIM, { ip: 'fs_reclaim_release+0x60/0x130', stack: s });
    },
    acquire(gfp, ip, stack) {
      if (!wants(gfp)) return;
      ensure();
      m.locking.lock(FS_RECLAIM, 'write', { ip: 'fs_reclaim_acquire+0xb8/0x150', stack: [ip, ...stack] });
    },
    release(gfp, ip, stack) {
      if (!wants(gfp)) return;
      m.locking.unlock(FS_RECLAIM, { ip: 'fs_reclaim_release+0x60/0x130', stack: [ip, ...stack] });
    },
  };
}
