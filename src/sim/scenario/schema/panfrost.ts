// Panfrost GEM ops (docs/scenario-format.md, "GEM shmem objects and the shrinker"): the ioctls a
// Mesa client issues on the Mali GPU of an arm64 board, and user page faults that push memory low.
import { z } from 'zod';
import { name, nonNegInt, op, posInt } from './common.ts';

export const PANFROST_MADV = ['WILLNEED', 'DONTNEED'] as const;

const pages = posInt.max(65536, { error: 'expected at most 65536 pages (256 MiB) per object' });

export const PANFROST_OPS = {
  panfrost_create_bo: op('panfrost_create_bo', { bo: name, pages, count: posInt.max(1024, { error: 'expected a count of at most 1024 per step' }).optional() }),
  panfrost_madvise: op('panfrost_madvise', {
    bo: name,
    // an integer passes through to the driver, which rejects what it does not know (-EINVAL)
    madv: z.union([z.enum(PANFROST_MADV), nonNegInt], { error: 'expected "WILLNEED", "DONTNEED" or an integer' }),
    retained: z.boolean({ error: 'expected true or false' }).optional(),
  }),
  drm_gem_close: op('drm_gem_close', {
    bo: name,
    during_shrinker_scan: z.enum(['after_get', 'before_get'], { error: 'expected "after_get" or "before_get"' }).optional(),
  }),
  drm_gem_vmap: op('drm_gem_vmap', { bo: name }),
  drm_gem_vunmap: op('drm_gem_vunmap', { bo: name }),
  user_fault: op('user_fault', { pages: nonNegInt.max(1 << 20, { error: 'expected at most 1048576 pages' }), pressure: z.boolean({ error: 'expected true or false' }).optional(), expect_pages: nonNegInt.optional() }),
  user_exit: op('user_exit', {}),
  expect_gem: op('expect_gem', {
    bo: name,
    madv: z.number({ error: 'expected a madv value (-1 purged, 0 WILLNEED, 1 DONTNEED)' }).int().optional(),
    resident: nonNegInt.optional(),
    swapped: nonNegInt.optional(),
    vmap_use_count: nonNegInt.optional(),
    evicted: z.boolean({ error: 'expected true or false' }).optional(),
    freed: z.boolean({ error: 'expected true or false' }).optional(),
  }),
} as const;

/** Ops that need the Panfrost GPU (config.machine.gpu "Mali-T860"). */
export const PANFROST_OP_NAMES: readonly string[] = ['panfrost_create_bo', 'panfrost_madvise', 'drm_gem_close', 'drm_gem_vmap', 'drm_gem_vunmap', 'expect_gem'];
