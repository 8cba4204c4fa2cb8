// DRM's TTM memory manager (drivers/gpu/drm/ttm) with dma-buf's fences and reservation objects
// (drivers/dma-buf): buffer objects, resource managers, LRU lists, eviction, and the KUnit-style
// ops that drive a test device without a GPU.
import { Ttm } from '../../linux/drivers/gpu/drm/ttm/ttm_module.ts';
import { registerKunitDriver } from '../../linux/drivers/gpu/drm/ttm/tests/ttm_kunit_helpers.ts';
import { ttmOps } from '../../scenario/ops/ttm.ts';
import { TTM_OPS } from '../../scenario/schema/ttm.ts';
import { defineModule } from '../modules.ts';

export const ttmModule = defineModule({
  name: 'ttm',
  deps: ['mm', 'locking'],
  create: (d) => {
    const t = new Ttm(d.k, d.locking.locking, d.mm);
    // the KUnit suite's mock driver, for the ttm_* ops
    registerKunitDriver(t);
    return t;
  },
  steps: TTM_OPS,
  ops: ttmOps,
  findingKinds: ['ttm.eviction_failed', 'gpu.fence_timeout'],
});
