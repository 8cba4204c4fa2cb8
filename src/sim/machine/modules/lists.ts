// Kernel lists (include/linux/list.h, lib/list_debug.c): the heads a run names and the list ops.
import { LIST_OPS } from '../../scenario/schema/list.ts';
import { listOps } from '../../scenario/ops/list.ts';
import { ListHeads } from '../list_heads.ts';
import { defineModule } from '../modules.ts';

export const listsModule = defineModule({
  name: 'lists',
  deps: [],
  create: (d) => new ListHeads(d.k.layout.pageOffset),
  steps: LIST_OPS,
  ops: listOps,
  findingKinds: ['list.corruption', 'list.endless_walk'],
});
