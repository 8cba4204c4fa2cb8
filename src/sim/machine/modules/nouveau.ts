// The GPU of a machine with VRAM (machine/gpu.ts) and its driver, nouveau (drivers/gpu/drm/nouveau),
// with the desktop's buffer-object ops.
import { NouveauDrm } from '../../linux/drivers/gpu/drm/nouveau/nouveau_drm.ts';
import { gpuOps } from '../../scenario/ops/gpu.ts';
import { GPU_OPS } from '../../scenario/schema/gpu.ts';
import { defineModule } from '../modules.ts';

export const nouveauModule = defineModule({
  name: 'nouveau',
  deps: ['ttm', 'slub', 'devices'],
  create: (d) => new NouveauDrm(d),
  steps: GPU_OPS,
  ops: gpuOps,
  findingKinds: ['gpu.framebuffer_garbled', 'kmsan.uninit_value'],
});
