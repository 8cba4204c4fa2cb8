// Memory auto-init (mm/mm_init.c) with the page allocator's ops: alloc_pages / free_pages.
import { MmInit } from '../../linux/mm/mm_init.ts';
import { pageAllocOps } from '../../scenario/ops/page_alloc.ts';
import { PAGE_ALLOC_OPS } from '../../scenario/schema/page_alloc.ts';
import { defineModule } from '../modules.ts';

export const mmModule = defineModule({
  name: 'mm',
  create: (d) => new MmInit(d.k),
  deps: [],
  steps: PAGE_ALLOC_OPS,
  ops: pageAllocOps,
  findingKinds: ['mm.bad_page'],
});
