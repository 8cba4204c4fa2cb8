// TTM ops in the style of TTM's KUnit tests (drivers/gpu/drm/ttm/tests): a test device with
// resource managers of given sizes, buffer objects with placements, validation, pinning, fences on
// the reservation object, and assertions on where an object ended up (docs/scenario-format.md).
import { z } from 'zod';
import { name, nonNegInt, op, posInt } from './common.ts';

export const MEM_TYPES = ['SYSTEM', 'TT', 'VRAM', 'PRIV'] as const;
const memType = z.enum(MEM_TYPES, { error: `expected a memory type: ${MEM_TYPES.join(', ')}` });
const placementList = z.array(memType, { error: 'expected an array of memory types' }).max(8, { error: 'expected at most 8 placements' });
const pages = posInt.max(1 << 20, { error: 'expected at most 1048576 pages (4 GiB)' });

export const TTM_OPS = {
  ttm_device: op('ttm_device', {
    device: name,
    managers: z.strictObject({ TT: pages.optional(), VRAM: pages.optional(), PRIV: pages.optional() }, { error: 'expected an object of memory type (TT, VRAM, PRIV) -> size in pages' }),
  }),
  ttm_bo_create: op('ttm_bo_create', {
    device: name,
    bo: name,
    pages,
    placement: placementList,
    busy: placementList.optional(),
    priority: nonNegInt.max(3, { error: 'expected a priority of 0..3 (TTM_MAX_BO_PRIORITY is 4)' }).optional(),
    count: posInt.max(65536, { error: 'expected a count of at most 65536 per step' }).optional(),
  }),
  ttm_bo_validate: op('ttm_bo_validate', {
    bo: name,
    placement: placementList,
    busy: placementList.optional(),
    no_wait_gpu: z.boolean({ error: 'expected true or false' }).optional(),
  }),
  ttm_bo_pin: op('ttm_bo_pin', { bo: name }),
  ttm_bo_unpin: op('ttm_bo_unpin', { bo: name }),
  ttm_bo_put: op('ttm_bo_put', { bo: name }),
  ttm_bo_fence: op('ttm_bo_fence', {
    bo: name,
    usage: z.enum(['exclusive', 'shared'], { error: 'expected "exclusive" or "shared"' }).optional(),
    after_us: nonNegInt.optional(),
    never: z.literal(true, { error: 'expected true' }).optional(),
  }).superRefine((s, ctx) => {
    if (s.after_us !== undefined && s.never) ctx.addIssue({ code: 'custom', message: 'expected after_us or never, not both', path: [] });
  }),
  ttm_evict_mm: op('ttm_evict_mm', { device: name, mem: memType }),
  expect_bo: op('expect_bo', {
    bo: name,
    mem: memType.optional(),
    lru: z.boolean({ error: 'expected true or false' }).optional(),
    pinned: z.boolean({ error: 'expected true or false' }).optional(),
    destroyed: z.boolean({ error: 'expected true or false' }).optional(),
    error: z.number({ error: 'expected an errno value like 0 or -12' }).int({ error: 'expected an integer errno' }).optional(),
    bytes_moved: nonNegInt.optional(),
  }),
} as const;
