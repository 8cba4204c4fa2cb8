// Slab ops (docs/scenario-format.md, "Slab and page allocator").
import { z } from 'zod';
import { gfpMask, name, op, posInt } from './common.ts';

export const SLAB_FLAG_NAMES = [
  'SLAB_RED_ZONE',
  'SLAB_POISON',
  'SLAB_STORE_USER',
  'SLAB_KMALLOC',
  'SLAB_HWCACHE_ALIGN',
  'SLAB_TYPESAFE_BY_RCU',
  'SLAB_NO_MERGE',
  'SLAB_CONSISTENCY_CHECKS',
  'SLAB_RECLAIM_ACCOUNT',
  'SLAB_CACHE_DMA',
  'SLAB_ACCOUNT',
  'SLAB_PANIC',
] as const;

const objSize = posInt.max(4 * 1024 * 1024, { error: 'expected a size of at most 4194304 bytes' });

export const SLAB_OPS = {
  kmem_cache_create: op('kmem_cache_create', {
    cache: name,
    size: objSize,
    align: posInt.refine((v) => (v & (v - 1)) === 0, { error: 'expected a power of two' }).optional(),
    flags: z.array(z.enum(SLAB_FLAG_NAMES, { error: `expected one of ${SLAB_FLAG_NAMES.join(', ')}` })).optional(),
  }),
  kmem_cache_alloc: op('kmem_cache_alloc', { cache: name, as: name, gfp: gfpMask.optional() }),
  kmalloc: op('kmalloc', { size: objSize, as: name, cache: name.optional(), gfp: gfpMask.optional() }),
  kmem_cache_free: op('kmem_cache_free', { ptr: name, cache: name.optional() }),
  kfree: op('kfree', { ptr: name }),
  validate_slab_cache: op('validate_slab_cache', { cache: name }),
  kmem_cache_destroy: op('kmem_cache_destroy', { cache: name }),
  ls_sys_kernel_slab: op('ls_sys_kernel_slab', { names: z.array(name).max(64, { error: 'expected at most 64 names' }).optional() }),
} as const;
