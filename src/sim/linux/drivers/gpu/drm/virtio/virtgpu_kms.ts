// virtio_gpu_probe() -> virtio_gpu_init() (drivers/gpu/drm/virtio/virtgpu_drv.c, virtgpu_kms.c 5.19) of a
// QEMU guest's virtio-vga with virgl, and, with the v6 series, drm_gem_shmem_shrinker_register(dev).
import { KERN_INFO } from '../../../../../engine/recorder.ts';
import type { Panfrost } from '../panfrost/panfrost_device.ts';
import { genericShrinker } from '../drm_gem_shmem_helper.ts';
import { virtioGpuFreeObject, virtioGpuShmemEvict } from './virtgpu_object.ts';

export function virtioGpuProbe(p: Panfrost): void {
  const k = p.k;
  p.probed = true;
  p.driver = 'virtio_gpu';
  // virtio_gpu_pci_quirk(): "pci: %s detected at %s"
  k.printk(KERN_INFO, '[drm] pci: virtio-vga detected at 0000:00:02.0');
  k.printk(KERN_INFO, '[drm] features: +virgl +edid -resource_blob -host_visible');
  k.printk(KERN_INFO, '[drm] features: -context_init');
  k.printk(KERN_INFO, '[drm] number of scanouts: 1');
  k.printk(KERN_INFO, '[drm] number of cap sets: 2');
  p.vgdev = p.kzalloc(4096, 'virtio_gpu_init', null);
  const lk = p.sys.locking.locking;
  lk.lockInit('dev->object_name_lock', 'mutex', '&dev->object_name_lock', { ip: 'drm_dev_init+0x1f8/0x3c8' });
  if (p.generic) {
    // virtio_gpu_init(): "shrinker init failed" would be its DRM_ERROR
    p.gemShrinkerInit();
    p.shrinkers.register(genericShrinker(p, virtioGpuFreeObject));
    p.evictCallback = (o, stack) => virtioGpuShmemEvict(p, o, stack);
  }
  k.printk(KERN_INFO, '[drm] Initialized virtio_gpu 0.1.0 0 for virtio0 on minor 0');
}
