// alloc_pages / free_pages: the buddy allocator with the page allocator's init_on_alloc/init_on_free hooks.
import { allocPagesOp, freePagesOp } from '../../linux/include/linux/gfp.ts';
import { PAGE_SIZE } from '../../linux/include/linux/mm_types.ts';
import type { OpsOf } from '../../machine/modules.ts';
import { ScenarioRuntimeError } from '../binding.ts';
import type { PAGE_ALLOC_OPS } from '../schema/page_alloc.ts';
import { GFP_KERNEL, parseGfp } from '../../linux/include/linux/gfp_types.ts';

export const pageAllocOps: OpsOf<typeof PAGE_ALLOC_OPS> = {
  alloc_pages(r, step) {
    r.machine.locking.ww.allocatorMightAlloc('alloc_pages', step.gfp === undefined ? GFP_KERNEL : parseGfp(step.gfp)!);
    const pfn = allocPagesOp(r.machine, step.order);
    r.ptrs.set(step.as, { phys: pfn === null ? null : pfn * PAGE_SIZE, raw: null, kind: 'pages', order: step.order });
  },
  free_pages(r, step, path) {
    const b = r.binding(step.ptr, path);
    if (b.kind !== 'pages' || b.phys === null) throw new ScenarioRuntimeError(`${path}.ptr`, `pointer "${step.ptr}" was not allocated by alloc_pages`);
    freePagesOp(r.machine, b.phys / PAGE_SIZE, b.order ?? 0);
  },
};
