// dma_resv_lockdep(), drivers/dma-buf/dma-resv.c 5.19 (the same shape in 5.10 and 6.8): a
// subsys_initcall under #if IS_ENABLED(CONFIG_LOCKDEP) that primes lockdep with the order every
// driver must follow: mmap_lock -> reservation_ww_class_acquire -> reservation_ww_class_mutex ->
// fs_reclaim -> &mapping->i_mmap_rwsem and dma_fence_map, taken once at boot from
// do_one_initcall() <- kernel_init_freeable() <- kernel_init() <- ret_from_fork().
import type { Kernel } from '../../../machine/kernel.ts';
import type { LockingModel } from '../../../machine/locking_model.ts';
import type { Caller } from '../../kernel/locking/lockdep_report.ts';
import type { LockdepMap } from '../../kernel/locking/lockdep_lock_class.ts';
import { EDEADLK } from '../../kernel/locking/ww_mutex.ts';
import { GFP_KERNEL } from '../../include/linux/gfp_types.ts';
import { LD_LOCK_NORMAL } from '../../include/linux/lockdep_types.ts';
import { RESERVATION_WW_CLASS } from './dma-resv.ts';
import { entryFrames } from '../../../machine/layout.ts';

/** The kernel has dma-buf built in: a machine with a GPU, or one whose scenario sets CONFIG_DMA_SHARED_BUFFER. */
export function dmaBufBuiltIn(k: Kernel): boolean {
  return k.config.vramMiB > 0 || k.config.gpu !== undefined || k.kconfig('CONFIG_DMA_SHARED_BUFFER');
}

/** dma_resv_lockdep() exists (Linux 5.4 added it) and CONFIG_LOCKDEP is on. */
export function hasDmaResvLockdep(k: Kernel): boolean {
  return k.since('5.4') && (k.kconfig('CONFIG_PROVE_LOCKING') || k.kconfig('CONFIG_DEBUG_LOCK_ALLOC'));
}

// the function's size and its call sites in an x86-64 build
const SIZE = 0x2f0;
const OUTER: readonly string[] = ['do_one_initcall+0x5f/0x2f0', 'kernel_init_freeable+0x30a/0x390', 'kernel_init+0x1a/0x1c0', 'ret_from_fork+0x31/0x50', 'ret_from_fork_asm+0x1a/0x30'];

/** Where each lock op of dma_resv_lockdep() is called from; a machine whose vmlinux table knows the function (the seed's arm64 build) prints its own offsets. */
function sites(k: Kernel): (off: number, prim?: readonly string[]) => Caller {
  if (k.syms.knownCall('dma_resv_lockdep')) {
    const outer = ['do_one_initcall', 'kernel_init_freeable', ...entryFrames(k.layout, 'init')];
    return (_off, prim = []) => ({ ip: 'dma_resv_lockdep', prim, outer, irq: false });
  }
  return (off, prim = []) => ({ ip: `dma_resv_lockdep+0x${off.toString(16)}/0x${SIZE.toString(16)}`, prim, outer: OUTER, irq: false });
}

// ids of the function's own lock objects (never listed: they live and die inside it)
const ID_MMAP_LOCK = -100;
const ID_OBJ_LOCK = -101;
const ID_I_MMAP = -102;
const ID_DMA_FENCE_MAP = -4;

export function dmaResvLockdep(m: LockingModel): void {
  const k = m.k;
  const ld = m.lockdep;
  const ww = m.ww.ww;
  const fr = m.ww.fsReclaim;
  const t = m.current();
  const at = sites(k);
  // mm_alloc() (mmap_init_lock(): init_rwsem(&mm->mmap_lock)), dma_resv_init(&obj), address_space_init_once(&mapping)
  const mm = k.layout.pageOffset + 0x2a45c00n;
  const stack = k.layout.startKernelMap === 0xffffffff80000000n ? 0xffffc90000013c00n : 0xffff810000013c00n;
  const mmapLock = m.impl.transient(ID_MMAP_LOCK, 'mm->mmap_lock', 'rwsem', '&mm->mmap_lock', mm + 0x78n);
  const obj = m.impl.transient(ID_OBJ_LOCK, 'obj.lock', 'ww_mutex', `${RESERVATION_WW_CLASS}_mutex`, stack + 0x90n);
  const iMmap = m.impl.transient(ID_I_MMAP, 'mapping.i_mmap_rwsem', 'rwsem', '&mapping->i_mmap_rwsem', stack + 0x170n);
  ww.defineClass(RESERVATION_WW_CLASS);
  ww.setLockClass(obj, RESERVATION_WW_CLASS);
  // kernel_init is not the idle task: its sleeping-lock calls may sleep (the model boots as swapper/0)
  const quiet = { mightSleep: false };

  // mmap_read_lock(mm)
  ld.lockAcquire(t, mmapLock.map, 0, 0, 1, 1, null, at(0x5a).ip, at(0x5a, ['down_read']));
  const ctx = ww.acquireInit(t, 'dma_resv_lockdep.ctx', RESERVATION_WW_CLASS, at(0x7b));
  const ret = ww.lock(t, obj, ctx, quiet, at(0x96));
  if (ret === -EDEADLK) ww.lock(t, obj, ctx, { ...quiet, slow: true }, at(0xb4));
  fr.acquire(t, GFP_KERNEL, at(0xc0));
  // i_mmap_lock_write(&mapping) / i_mmap_unlock_write(): for unmap_mapping_range() from shrinkers
  ld.lockAcquire(t, iMmap.map, 0, 0, 0, 1, null, at(0xcc).ip, at(0xcc, ['down_write']));
  ld.lockRelease(t, iMmap.map, at(0xd8).ip, at(0xd8, ['up_write']));
  // !CONFIG_MMU_NOTIFIER: __dma_fence_might_wait(): lock_map_acquire()+release() of dma_fence_lockdep_map
  const fenceMap: LockdepMap = { id: ID_DMA_FENCE_MAP, label: 'dma_fence_map', name: 'dma_fence_map', key: ld.keyFor('dma_fence_map'), waitInner: 0, waitOuter: 0, lockType: LD_LOCK_NORMAL, classCache0: -1, classCache1: -1, addr: k.layout.startKernelMap + BigInt(k.layout.physicalStart) + 0x1b4b860n, size: 0x28, type: 'lockdep_map' };
  ld.lockAcquire(t, fenceMap, 0, 0, 0, 1, null, at(0xe4).ip, at(0xe4, ['__dma_fence_might_wait']));
  ld.lockRelease(t, fenceMap, at(0xe4).ip, at(0xe4, ['__dma_fence_might_wait']));
  fr.release(t, GFP_KERNEL, at(0xf0));
  m.impl.unlockInstance(t, obj, at(0xfc));
  ww.acquireFini(t, ctx, at(0x108));
  // mmap_read_unlock(mm); mmput(mm)
  ld.lockRelease(t, mmapLock.map, at(0x114).ip, at(0x114, ['up_read']));
}
