// The SLUB allocator (mm/slub.c): caches, kmalloc, the debug checks and their reports.
import { Slub } from '../../linux/mm/slub.ts';
import { slabOps } from '../../scenario/ops/slab.ts';
import { SLAB_OPS } from '../../scenario/schema/slab.ts';
import { defineModule } from '../modules.ts';

export const slubModule = defineModule({
  name: 'slub',
  deps: ['mm'],
  create: (d) => new Slub(d.k, d.mm),
  steps: SLAB_OPS,
  ops: slabOps,
  findingKinds: ['slub.redzone_overwritten', 'slub.poison_overwritten', 'slub.padding_overwritten', 'slub.freepointer_corrupt', 'slub.wrong_object_count', 'slub.double_free', 'slub.invalid_free', 'slub.objects_remaining'],
});
