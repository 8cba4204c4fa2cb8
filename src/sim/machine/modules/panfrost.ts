// The Mali-T860 GPU of an arm64 board (config.machine.gpu "Mali-T860") and its Panfrost driver with
// GEM shmem objects, the page allocator's direct reclaim and the shrinkers it calls.
import { Panfrost } from '../../linux/drivers/gpu/drm/panfrost/panfrost_device.ts';
import { panfrostRegisterShrinker } from '../../linux/drivers/gpu/drm/panfrost/panfrost_drv.ts';
import { panfrostOps } from '../../scenario/ops/panfrost.ts';
import { PANFROST_OPS } from '../../scenario/schema/panfrost.ts';
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
    return p;
  },
  steps: PANFROST_OPS,
  ops: panfrostOps,
  findingKinds: [],
});
