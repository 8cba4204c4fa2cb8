// Page allocator ops (docs/scenario-format.md, "Slab and page allocator").
import { gfpMask, name, nonNegInt, op } from './common.ts';

export const PAGE_ALLOC_OPS = {
  alloc_pages: op('alloc_pages', { order: nonNegInt.max(10, { error: 'expected an order of 0..10 (MAX_PAGE_ORDER)' }), as: name, gfp: gfpMask.optional() }),
  free_pages: op('free_pages', { ptr: name }),
} as const;
