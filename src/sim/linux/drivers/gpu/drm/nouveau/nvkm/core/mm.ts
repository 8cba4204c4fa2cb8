// nvkm_mm, drivers/gpu/drm/nouveau/nvkm/core/mm.c 5.10: the heap allocator behind VRAM.
// nvkm_mm_head() takes the lowest free range that fits, nvkm_mm_tail() the highest; the model
// keeps the ranges as drm_mm nodes (drm_mm.ts, LOW and HIGH).
import { drmMmInsert, drmMmRemove, type DrmMmNode } from '../../../drm_mm.ts';

/** Pages [first, size) of `nodes`: the lowest range that fits, or -ENOSPC (-28). */
export function nvkmMmHead(nodes: DrmMmNode[], first: number, size: number, pages: number, align: number, owner: number): number {
  const s = drmMmInsert(nodes, first, size, pages, align, 'low', owner);
  return s < 0 ? -28 : s;
}

export function nvkmMmTail(nodes: DrmMmNode[], first: number, size: number, pages: number, align: number, owner: number): number {
  const s = drmMmInsert(nodes, first, size, pages, align, 'high', owner);
  return s < 0 ? -28 : s;
}

export function nvkmMmFree(nodes: DrmMmNode[], start: number): boolean {
  return drmMmRemove(nodes, start);
}
