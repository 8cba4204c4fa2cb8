// User address spaces with page tables and folios (mm/mmap.c, mm/memory.c) and madvise() (mm/madvise.c).
import { UserMm } from '../../linux/mm/mmap.ts';
import { mmOps } from '../../scenario/ops/mm.ts';
import { MM_OPS } from '../../scenario/schema/mm.ts';
import { defineModule } from '../modules.ts';

export const usermmModule = defineModule({
  name: 'usermm',
  deps: ['locking', 'mm'],
  create: (d) => new UserMm(d.k, d.locking, () => d.mm.wantInitOnFree()),
  steps: MM_OPS,
  ops: mmOps,
  findingKinds: [],
});
