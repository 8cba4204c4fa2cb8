// The GPUs whose drivers keep GEM shmem objects: the Mali-T860 of an arm64 board (config.machine.gpu
// "Mali-T860", Panfrost) or a QEMU x86_64 guest's virtio-vga ("virtio-gpu", virtio_gpu), with the page
// allocator's direct reclaim, the shrinkers it calls and the swap area (config.machine.swapMiB).
import { Panfrost } from '../../linux/drivers/gpu/drm/panfrost/panfrost_device.ts';
import { panfrostRegisterShrinker } from '../../linux/drivers/gpu/drm/panfrost/panfrost_drv.ts';
import { virtioGpuProbe } from '../../linux/drivers/gpu/drm/virtio/virtgpu_kms.ts';
import { panfrostOps } from '../../scenario/ops/panfrost.ts';
import { virtioGpuOps } from '../../scenario/ops/virtio_gpu.ts';
import { PANFROST_OPS } from '../../scenario/schema/panfrost.ts';
import { VIRTIO_GPU_OPS } from '../../scenario/schema/virtio_gpu.ts';
import { defineModule } from '../modules.ts';

export const panfrostModule = defineModule({
  name: 'panfrost',
  deps: ['slub', 'locking', 'traps', 'vmalloc', 'user', 'mm', 'lists'],
  create: (d) => {
    const ww = d.locking.ww;
    // the page allocator's might_alloc() and __perform_reclaim() through lockdep's fs_reclaim map
    const p = new Panfrost(d, {
      mightAlloc: (gfp, ip, stack) => ww.mightAllocAt(gfp, { ip, stack }),
      acquire: (gfp, ip, stack) => ww.fsReclaimAcquire(gfp, { ip, stack }),
      release: (gfp, ip, stack) => ww.fsReclaimRelease(gfp, { ip, stack }),
    });
    if (d.k.config.gpu === 'Mali-T860') {
      d.k.deviceInitcall(() => {
        p.probe();
        panfrostRegisterShrinker(p);
      });
    }
    if (d.k.config.gpu === 'virtio-gpu') d.k.deviceInitcall(() => virtioGpuProbe(p));
    // swapon of the guest's swap disk: init's job in a real guest, done here just before init runs
    const swapMiB = d.k.config.swapMiB ?? 0;
    if (swapMiB > 0) d.k.deviceInitcall(() => p.swap.swapon(swapMiB, '/dev/vdb'));
    return p;
  },
  steps: { ...PANFROST_OPS, ...VIRTIO_GPU_OPS },
  ops: { ...panfrostOps, ...virtioGpuOps },
  findingKinds: [],
});
