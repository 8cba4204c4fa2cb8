// VirtIO-GPU's ioctls, drivers/gpu/drm/virtio/virtgpu_ioctl.c and virtgpu_gem.c 5.19 with the v6 series:
// RESOURCE_CREATE, the series' MADVISE (virtio_gpu_madvise_ioctl() -> virtio_gpu_gem_madvise()), and
// EXECBUFFER, whose virtio_gpu_array_prepare() reattaches (swaps in) detached objects before the job.
import { drmGemObjectPut, krefGet } from '../drm_gem.ts';
import { resvLock, shmemMadvise } from '../drm_gem_shmem_helper.ts';
import { EV_GEM, type GemObject, type Panfrost } from '../panfrost/panfrost_device.ts';
import { VIRTGPU_MADV_DONTNEED, virtioIoctl } from './virtgpu_drv.ts';
import { virtioGpuFreeObject, virtioGpuObjectCreate, virtioGpuReattach } from './virtgpu_object.ts';
import { virtioGpuCmd } from './virtgpu_vq.ts';

export function virtioGpuResourceCreate(p: Panfrost, name: string, pages: number): GemObject | null {
  return virtioGpuObjectCreate(p, name, pages, virtioIoctl('virtio_gpu_resource_create_ioctl+0x1b7/0x2a0'));
}

/** DRM_IOCTL_VIRTGPU_MADVISE: the errno, or `retained`. Without the series the driver has no such ioctl (drm_ioctl(): -EINVAL). */
export function virtioGpuMadvise(p: Panfrost, o: GemObject, madv: number): { error: number } | { retained: boolean } {
  if (!p.generic) return { error: -22 };
  if (madv > VIRTGPU_MADV_DONTNEED) return { error: -95 };
  const stack = virtioIoctl('virtio_gpu_madvise_ioctl+0x0/0xa0').slice(1);
  const ip = (off: number): string => `virtio_gpu_madvise_ioctl+0x${off.toString(16)}/0xa0`;
  // drm_gem_object_lookup()
  krefGet(p, o, ip(0x3a), stack);
  // virtio_gpu_gem_madvise(): shmem objects only, under the reservation lock
  const inner = ['virtio_gpu_gem_madvise+0x2b/0x70', ...stack];
  p.sys.locking.ww.wwMutexLock(resvLock(o), null, { ip: 'virtio_gpu_gem_madvise+0x1f/0x70', stack: [ip(0x4c), ...stack] });
  const retained = shmemMadvise(p, o, madv, [...inner.slice(0, 1), ip(0x4c), ...stack]);
  p.sys.locking.ww.wwMutexUnlock(resvLock(o), { ip: 'virtio_gpu_gem_madvise+0x4a/0x70', stack: [ip(0x4c), ...stack] });
  drmGemObjectPut(p, o, virtioGpuFreeObject, ip(0x60), stack);
  return { retained };
}

/**
 * DRM_IOCTL_VIRTGPU_EXECBUFFER with `objs` in its bo list: references, virtio_gpu_array_lock_resv(), then (the
 * series) virtio_gpu_array_prepare() reattaching every detached object, and the SUBMIT_3D command. The error of
 * a reattach that failed, or 0.
 */
export function virtioGpuExecbuffer(p: Panfrost, objs: readonly GemObject[]): number {
  const stack = virtioIoctl('virtio_gpu_execbuffer_ioctl+0x3e7/0x740').slice(1);
  const ip = 'virtio_gpu_execbuffer_ioctl+0x3e7/0x740';
  for (const o of objs) krefGet(p, o, 'virtio_gpu_array_from_handles+0x5a/0xa0', [ip, ...stack]);
  // virtio_gpu_array_lock_resv() -> drm_gem_lock_reservations()
  const ww = p.sys.locking.ww;
  for (const o of objs) ww.wwMutexLock(resvLock(o), null, { ip: 'drm_gem_lock_reservations+0x9b/0x1c0', stack: ['virtio_gpu_array_lock_resv+0x4f/0x90', ip, ...stack] });
  let err = 0;
  if (p.generic) {
    for (const o of objs) {
      if (!o.detached) continue;
      err = virtioGpuReattach(p, o, ['virtio_gpu_array_prepare+0x47/0x90', ip, ...stack]);
      if (err) break;
    }
  }
  if (!err) {
    const first = objs[0];
    if (first) virtioGpuCmd(p, 'VIRTIO_GPU_CMD_SUBMIT_3D', first, { bos: objs.map((o) => o.name).join(' ') });
    p.k.rec.emit(EV_GEM, 10, objs.length, { fn: 'virtio_gpu_execbuffer_ioctl', bos: objs.map((o) => o.name).join(' ') });
  }
  for (const o of objs) ww.wwMutexUnlock(resvLock(o), { ip: 'drm_gem_unlock_reservations+0x3e/0x80', stack: [ip, ...stack] });
  // the job's fence signals at once: virtio_gpu_array_put_free()
  for (const o of objs) drmGemObjectPut(p, o, virtioGpuFreeObject, 'virtio_gpu_array_put_free+0x3a/0x80', [ip, ...stack]);
  return err;
}
