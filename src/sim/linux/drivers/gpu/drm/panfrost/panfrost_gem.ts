// Panfrost's GEM objects, drivers/gpu/drm/panfrost/panfrost_gem.c 5.19: creation through the shmem
// helpers (panfrost_gem_create_object() kzalloc()s the struct) and the free callback.
import { GEM, PANFROST_BO, PFDEV, SHMEM } from '../../../../include/drm/drm_gem_shmem_helper.ts';
import { shmemCreate, shmemFree, shmemGetPagesSgtLocking } from '../drm_gem_shmem_helper.ts';
import { EV_GEM, type GemObject, type Panfrost } from './panfrost_device.ts';

// panfrost_gem_create_with_handle() -> drm_gem_shmem_create() -> panfrost_gem_create_object(), then
// panfrost_gem_open() -> panfrost_mmu_map() -> drm_gem_shmem_get_pages_sgt(): the pages are allocated at once
export function panfrostGemCreate(p: Panfrost, name: string, pages: number, stack: readonly string[]): GemObject | null {
  const k = p.k;
  const lk = p.sys.locking.locking;
  const o = shmemCreate(p, name, pages, PANFROST_BO.sizeof, 'panfrost_gem_create_object', p.pfdev, stack);
  if (o === null) return null;
  const va = o.va;
  const ip = 'drm_gem_shmem_create+0x90/0x1a0';
  lk.lockInit(`mappings:${name}`, 'mutex', '&bo->mappings.lock', { ip: 'panfrost_gem_create_object+0x6c/0xd8', stack });
  p.heads.initEntry(va + BigInt(SHMEM.madvList), 'drm_gem_shmem_create');
  p.heads.initEntry(va + BigInt(PANFROST_BO.mappingsList), 'panfrost_gem_create_object');
  // drm_gem_handle_create(): the handle's reference (the creation reference is dropped after it)
  p.w32(va + BigInt(GEM.handleCount), 1, 'drm_gem_handle_create_tail', ip, stack);
  k.rec.emit(EV_GEM, 0, pages, { fn: 'panfrost_gem_create_with_handle', bo: name, pages, addr: `0x${va.toString(16)}` });
  if (p.generic) {
    // drm_gem_shmem_set_purgeable(): the series' Panfrost lets the shrinker purge its objects
    p.w8(va + BigInt(SHMEM.purgeEnabled), 1, 'drm_gem_shmem_set_purgeable', 'drm_gem_shmem_set_purgeable+0x2c/0x80', stack);
  }
  const mapStack = ['panfrost_mmu_map+0x3c/0x150', 'panfrost_gem_open+0x1b0/0x230', 'drm_gem_handle_create_tail+0xf4/0x1c0', 'panfrost_gem_create_with_handle+0x5c/0x98', ...stack];
  const ret = shmemGetPagesSgtLocking(p, o, mapStack);
  if (ret !== 0) return null;
  return o;
}

// panfrost_gem_free_object(), panfrost_gem.c 5.19: off the shrinker list under shrinker_lock, then the shmem object
export function panfrostGemFreeObject(p: Panfrost, o: GemObject, stack: readonly string[]): void {
  const lk = p.sys.locking.locking;
  const inner = ['panfrost_gem_free_object+0x118/0x138', ...stack];
  if (!p.generic) {
    lk.lock('pfdev->shrinker_lock', 'write', { ip: 'panfrost_gem_free_object+0x64/0x138', stack });
    p.heads.delInit(o.va + BigInt(SHMEM.madvList), 'panfrost_gem_free_object+0x78/0x138', stack);
    lk.unlock('pfdev->shrinker_lock', { ip: 'panfrost_gem_free_object+0x84/0x138', stack });
  }
  shmemFree(p, o, inner);
}

/** struct panfrost_device's shrinker_list head. */
export function shrinkerList(p: Panfrost): bigint {
  return p.pfdev + BigInt(PFDEV.shrinkerList);
}
