// VirtIO-GPU's GEM shmem objects, drivers/gpu/drm/virtio/virtgpu_object.c 5.19 with the v6 series'
// "drm/virtio: Support memory shrinking" (19/22): virtio_gpu_object_create() with the host resource,
// drm_gem_shmem_set_evictable()/set_purgeable(), the shrinker's evict callback virtio_gpu_shmem_evict()
// (detach the guest pages from the host, then purge or evict), virtio_gpu_reattach_shmem_object()
// and the free callback.
import { SHMEM } from '../../../../include/drm/drm_gem_shmem_helper.ts';
import { resvLock, shmemCreate, shmemEvict, shmemEvicted, shmemFree, shmemGetPagesSgtLocking, shmemIsPurgeable, shmemMadv, shmemPurgeLocked, shmemSwapIn, shmemUpdatePagesState } from '../drm_gem_shmem_helper.ts';
import { EV_GEM, type GemObject, type Panfrost } from '../panfrost/panfrost_device.ts';
import { VIRTIO_BO } from './virtgpu_drv.ts';
import { virtioGpuCmd } from './virtgpu_vq.ts';

// drm_gem_shmem_set_evictable() (v6): its -ENOMEM return leaves the reservation locked (v8 unlocks first)
function setEvictable(p: Panfrost, o: GemObject, stack: readonly string[]): number {
  const ip = 'drm_gem_shmem_set_evictable+0x2c/0x90';
  p.sys.locking.ww.wwMutexLock(resvLock(o), null, { ip, stack });
  if (shmemMadv(p, o, ip, stack) < 0) return -12;
  p.w8(o.va + BigInt(SHMEM.evictionEnabled), 1, 'drm_gem_shmem_set_evictable (eviction_enabled = true)', ip, stack);
  p.sys.locking.ww.wwMutexUnlock(resvLock(o), { ip: 'drm_gem_shmem_set_evictable+0x60/0x90', stack });
  return 0;
}

// drm_gem_shmem_set_purgeable() (v6)
function setPurgeable(p: Panfrost, o: GemObject, stack: readonly string[]): number {
  const ip = 'drm_gem_shmem_set_purgeable+0x2c/0x80';
  p.sys.locking.ww.wwMutexLock(resvLock(o), null, { ip, stack });
  if (shmemMadv(p, o, ip, stack) < 0) return -12;
  p.w8(o.va + BigInt(SHMEM.purgeEnabled), 1, 'drm_gem_shmem_set_purgeable (purge_enabled = true)', ip, stack);
  shmemUpdatePagesState(p, o, [ip, ...stack]);
  p.sys.locking.ww.wwMutexUnlock(resvLock(o), { ip: 'drm_gem_shmem_set_purgeable+0x58/0x80', stack });
  return 0;
}

// virtio_gpu_resource_create_ioctl() -> virtio_gpu_object_create(): drm_gem_shmem_create() (virtio_gpu_create_object()
// kzalloc()s the struct), virtio_gpu_object_shmem_init() -> drm_gem_shmem_get_pages_sgt(), the 3D resource on the
// host with the pages attached, then (v6) eviction and purging enabled
export function virtioGpuObjectCreate(p: Panfrost, name: string, pages: number, stack: readonly string[]): GemObject | null {
  const k = p.k;
  const o = shmemCreate(p, name, pages, VIRTIO_BO.sizeof, 'virtio_gpu_create_object', p.vgdev, stack);
  if (o === null) return null;
  const va = o.va;
  p.heads.initEntry(va + BigInt(SHMEM.madvList), 'drm_gem_shmem_create');
  // virtio_gpu_resource_id_get(): ida_alloc_min(&vgdev->resource_ida, 1, ...)
  o.resHandle = p.nextResHandle++;
  const create = ['virtio_gpu_object_create+0x1e5/0x4b0', ...stack];
  p.w32(va + BigInt(VIRTIO_BO.hwResHandle), o.resHandle, 'virtio_gpu_object_create (hw_res_handle)', create[0]!, stack);
  k.rec.emit(EV_GEM, 0, pages, { fn: 'virtio_gpu_object_create', bo: name, pages, addr: `0x${va.toString(16)}`, resource_id: o.resHandle });
  // virtio_gpu_object_shmem_init() -> drm_gem_shmem_get_pages_sgt(): 5.19 under pages_lock, the series under the reservation lock
  const mapStack = ['virtio_gpu_object_shmem_init+0x3d/0x1f0', ...create];
  const ret = shmemGetPagesSgtLocking(p, o, mapStack);
  if (ret !== 0) return null;
  virtioGpuCmd(p, 'VIRTIO_GPU_CMD_RESOURCE_CREATE_3D', o);
  // virtio_gpu_object_attach(): the guest pages as the resource's backing (one entry per page of the sg table)
  virtioGpuCmd(p, 'VIRTIO_GPU_CMD_RESOURCE_ATTACH_BACKING', o, { nr_entries: o.frames.length });
  p.w8(va + BigInt(VIRTIO_BO.created), 1, 'virtio_gpu_object_create (created = true)', create[0]!, stack);
  if (p.generic) {
    // shmem_obj->pages_mark_dirty_on_put = 1: put pages are written back, not dropped
    setEvictable(p, o, create);
    setPurgeable(p, o, create);
  }
  return o;
}

// virtio_gpu_detach_object_fenced() (v6): RESOURCE_DETACH_BACKING, then dma_fence_wait() for the host's answer
function detachObjectFenced(p: Panfrost, o: GemObject): void {
  virtioGpuCmd(p, 'VIRTIO_GPU_CMD_RESOURCE_DETACH_BACKING', o, { fence: 'waited' });
  o.detached = true;
  p.w8(o.va + BigInt(VIRTIO_BO.detached), 1, 'virtio_gpu_detach_object_fenced (detached = true)', 'virtio_gpu_detach_object_fenced+0x8a/0xe0', []);
}

// virtio_gpu_shmem_evict() (v6): the host lets go of the guest pages first, then a DONTNEED object is purged
// (its host resource released) and any other is evicted
export function virtioGpuShmemEvict(p: Panfrost, o: GemObject, stack: readonly string[]): number {
  const ip = 'virtio_gpu_shmem_evict+0x3c/0xf0';
  const inner = [ip, ...stack];
  if (!shmemEvicted(p, o, ip, stack)) detachObjectFenced(p, o);
  if (shmemIsPurgeable(p, o, ip, stack)) {
    // virtio_gpu_gem_host_mem_release()
    if (p.r32(o.va + BigInt(VIRTIO_BO.created), ip, stack) & 0xff) {
      virtioGpuCmd(p, 'VIRTIO_GPU_CMD_RESOURCE_UNREF', o);
      p.w8(o.va + BigInt(VIRTIO_BO.created), 0, 'virtio_gpu_gem_host_mem_release (created = false)', ip, stack);
    }
    shmemPurgeLocked(p, o, ['drm_gem_shmem_purge+0x2a/0xc0', ...inner]);
    shmemUpdatePagesState(p, o, ['drm_gem_shmem_purge+0x8c/0xc0', ...inner]);
  } else {
    shmemEvict(p, o, inner);
  }
  return 0;
}

// virtio_gpu_reattach_shmem_object() (v6): drm_gem_shmem_swap_in(), then the pages attached to the host again
export function virtioGpuReattach(p: Panfrost, o: GemObject, stack: readonly string[]): number {
  const inner = ['virtio_gpu_reattach_shmem_object+0x2f/0x110', ...stack];
  const err = shmemSwapIn(p, o, inner);
  if (err) return err;
  virtioGpuCmd(p, 'VIRTIO_GPU_CMD_RESOURCE_ATTACH_BACKING', o, { nr_entries: o.frames.length });
  o.detached = false;
  p.w8(o.va + BigInt(VIRTIO_BO.detached), 0, 'virtio_gpu_reattach_shmem_object (detached = false)', inner[0]!, stack);
  return 0;
}

// virtio_gpu_free_object(): the host resource unreferenced, then (its completion) drm_gem_shmem_free()
export function virtioGpuFreeObject(p: Panfrost, o: GemObject, stack: readonly string[]): void {
  if (p.r32(o.va + BigInt(VIRTIO_BO.created), 'virtio_gpu_free_object+0x2c/0x90', stack) & 0xff) virtioGpuCmd(p, 'VIRTIO_GPU_CMD_RESOURCE_UNREF', o);
  shmemFree(p, o, ['virtio_gpu_cleanup_object+0x41/0x70', 'virtio_gpu_free_object+0x5c/0x90', ...stack]);
}
