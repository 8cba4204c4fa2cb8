// VirtIO-GPU and GEM mmap ops (docs/scenario-format.md, "GEM shmem objects and the shrinker"): the ioctls a
// Mesa VirGL client issues in a QEMU guest, and user space's stores and loads through a GEM object's mmap.
import { z } from 'zod';
import { hexBytes, name, nonNegInt, op, posInt } from './common.ts';

const pages = posInt.max(65536, { error: 'expected at most 65536 pages (256 MiB) per object' });
const pattern = hexBytes.refine((s) => s.replace(/\s+/g, '').length <= 128, { error: 'expected a pattern of at most 64 bytes' });

export const VIRTIO_GPU_OPS = {
  virtio_gpu_resource_create: op('virtio_gpu_resource_create', { bo: name, pages, count: posInt.max(1024, { error: 'expected a count of at most 1024 per step' }).optional() }),
  virtio_gpu_madvise: op('virtio_gpu_madvise', {
    bo: name,
    // an integer passes through to the driver, which rejects what it does not know (-EOPNOTSUPP)
    madv: z.union([z.enum(['WILLNEED', 'DONTNEED']), nonNegInt], { error: 'expected "WILLNEED", "DONTNEED" or an integer' }),
    retained: z.boolean({ error: 'expected true or false' }).optional(),
  }),
  virtio_gpu_execbuffer: op('virtio_gpu_execbuffer', { bos: z.array(name, { error: 'expected an array of object names' }).min(1, { error: 'expected at least one object' }).max(64, { error: 'expected at most 64 objects' }) }),
  drm_gem_mmap_write: op('drm_gem_mmap_write', { bo: name, pattern }),
  drm_gem_mmap_read: op('drm_gem_mmap_read', { bo: name, pattern: pattern.optional() }),
} as const;
