// Panfrost's ioctls and what user space does around them, drivers/gpu/drm/panfrost/panfrost_drv.c 5.19:
// CREATE_BO, MADVISE (with the stable fix "drm/panfrost: Fix shrinker list corruption by madvise IOCTL"
// as config.patches.panfrost_madvise_list_move_tail), GEM_CLOSE, and a user task's page faults.
import { eventKind } from '../../../../../engine/recorder.ts';
import { GFP_HIGHUSER_MOVABLE } from '../../../../include/linux/gfp_types.ts';
import { PAGE_SIZE } from '../../../../include/linux/mm_types.ts';
import { PANFROST_MADV_DONTNEED, PANFROST_MADV_WILLNEED, SHMEM } from '../../../../include/drm/drm_gem_shmem_helper.ts';
import { drmGemHandleDelete, drmGemObjectPut, krefGet, type GemFree } from '../drm_gem.ts';
import { virtioGpuFreeObject } from '../virtio/virtgpu_object.ts';
import { genericShrinker, resvLock, shmemMadvise } from '../drm_gem_shmem_helper.ts';
import { EV_GEM, type GemObject, type Panfrost } from './panfrost_device.ts';
import { entryFrames } from '../../../../../machine/layout.ts';
import { ANON_FAULT_ALLOC, IOCTL_ENTRY } from './panfrost_entry.ts';
import { panfrostGemCreate, panfrostGemFreeObject, shrinkerList } from './panfrost_gem.ts';
import { panfrostShrinker } from './panfrost_gem_shrinker.ts';

export const EV_USER_FAULT = eventKind('mm.user_fault');
export const EV_USER_EXIT = eventKind('mm.exit_mmap');

const ioctl = (fn: string): string[] => [fn, 'drm_ioctl_kernel', 'drm_ioctl', ...IOCTL_ENTRY];

/** The driver's shrinker: panfrost_gem_shrinker_init(), or the series' drm_gem_shmem_shrinker_register(). */
export function panfrostRegisterShrinker(p: Panfrost): void {
  p.shrinkers.register(p.generic ? genericShrinker(p, panfrostGemFreeObject) : panfrostShrinker(p));
}

export function createBo(p: Panfrost, name: string, pages: number): GemObject | null {
  return panfrostGemCreate(p, name, pages, ioctl('panfrost_ioctl_create_bo+0x50/0xd0'));
}

/** The errno of a madvise the driver rejects, or the retained flag. */
export function madvise(p: Panfrost, o: GemObject, madv: number): { error: number } | { retained: boolean } {
  const lk = p.sys.locking.locking;
  // panfrost_ioctl_madvise(): only WILLNEED and DONTNEED
  if (madv !== PANFROST_MADV_WILLNEED && madv !== PANFROST_MADV_DONTNEED) return { error: -22 };
  const stack = ioctl('panfrost_ioctl_madvise+0x0/0x1f8').slice(1);
  const ip = (off: number): string => `panfrost_ioctl_madvise+0x${off.toString(16)}/0x1f8`;
  // drm_gem_object_lookup(): a reference for the ioctl
  krefGet(p, o, ip(0x50), stack);
  let retained: boolean;
  if (p.generic) {
    p.sys.locking.ww.wwMutexLock(resvLock(o), null, { ip: ip(0x88), stack, interruptible: true });
    retained = shmemMadvise(p, o, madv, [ip(0xa0), ...stack]);
    p.sys.locking.ww.wwMutexUnlock(resvLock(o), { ip: ip(0xb8), stack });
  } else {
    lk.lock('pfdev->shrinker_lock', 'write', { ip: ip(0x88), stack });
    lk.lock(`mappings:${o.name}`, 'write', { ip: ip(0x94), stack });
    retained = shmemMadvise(p, o, madv, [ip(0x10c), ...stack]);
    if (retained) {
      const entry = o.va + BigInt(SHMEM.madvList);
      if (madv === PANFROST_MADV_DONTNEED) {
        if (p.k.patch('panfrost_madvise_list_move_tail')) p.heads.moveTail(entry, shrinkerList(p), ip(0x150), stack);
        else p.heads.addTail(entry, shrinkerList(p), ip(0x150), stack);
      } else {
        p.heads.delInit(entry, ip(0x16c), stack);
      }
    }
    lk.unlock(`mappings:${o.name}`, { ip: ip(0x180), stack });
    lk.unlock('pfdev->shrinker_lock', { ip: ip(0x18c), stack });
  }
  drmGemObjectPut(p, o, panfrostGemFreeObject, ip(0x1a0), stack);
  return { retained };
}

/** DRM_IOCTL_GEM_CLOSE now, or, with `race`, from another CPU while the next shrinker scan works on the object. */
export function gemClose(p: Panfrost, o: GemObject, race: { task: string; cpu: number; at: 'after_get' | 'before_get' } | null): void {
  if (race) {
    o.pendingClose = race;
    p.k.rec.emit(EV_GEM, 8, 0, { fn: 'drm_gem_close_ioctl', bo: o.name, deferred: race.at });
    return;
  }
  drmGemHandleDelete(p, o, gemFreeObject(p), ioctl('drm_gem_close_ioctl+0x38/0x60'));
}

/** obj->funcs->free of the machine's driver. */
export function gemFreeObject(p: Panfrost): GemFree {
  return p.driver === 'virtio_gpu' ? virtioGpuFreeObject : panfrostGemFreeObject;
}

// A user task touches `pages` new anonymous pages: each fault allocates a zeroed page through __alloc_pages()
// (GFP_HIGHUSER_MOVABLE), which reclaims through the shrinkers when memory is low. With `pressure`, it first
// touches pages until one of them needed direct reclaim (a memory hog, whatever the RAM size). Returns the
// pages it got after that point.
export function userFault(p: Panfrost, task: string, pages: number, pressure = false): number {
  const k = p.k;
  const owner = k.pages.ownerId(`user: ${task}`);
  const list = p.userPages.get(task) ?? [];
  p.userPages.set(task, list);
  const fault = (): boolean => {
    k.rec.emit(EV_USER_FAULT, list.length, 0, { fn: 'do_anonymous_page', task });
    const pfn = p.alloc.allocPages({ order: 0, gfp: GFP_HIGHUSER_MOVABLE, owner, stack: [...ANON_FAULT_ALLOC, ...entryFrames(k.layout, 'user_fault')] });
    if (pfn === null) return false;
    k.memFill(pfn * PAGE_SIZE, PAGE_SIZE, 0, `clear_user_highpage (${task} fault)`);
    list.push(pfn);
    return true;
  };
  if (pressure) {
    while (fault()) if (p.alloc.reclaimed) break;
    if (!p.alloc.reclaimed) return 0;
  }
  let got = 0;
  while (got < pages && fault()) got++;
  return got;
}

// do_exit() -> exit_mm() -> mmput() -> exit_mmap(): the task's anonymous pages go back to the page allocator
export function userExit(p: Panfrost, task: string): number {
  const list = p.userPages.get(task) ?? [];
  for (const pfn of list) p.k.buddy.freeBlock(pfn, 0);
  p.userPages.delete(task);
  p.k.rec.emit(EV_USER_EXIT, list.length, 0, { fn: 'exit_mmap', task, pages: list.length });
  return list.length;
}
