// The range allocator, drivers/gpu/drm/drm_mm.c 5.10 (drm_mm_insert_node_in_range() with
// DRM_MM_INSERT_BEST / LOW / HIGH): nodes are [start, size, owner] in page units, kept sorted by
// start, so the allocator's state is plain data its owner saves. nvkm_mm (nvkm/core/mm.c), which
// nouveau's VRAM heap uses, places the same way as LOW (nvkm_mm_head) and HIGH (nvkm_mm_tail).

export type DrmMmNode = [start: number, size: number, owner: number];
export type DrmMmMode = 'best' | 'low' | 'high';

function alignUp(v: number, a: number): number {
  return a <= 1 ? v : Math.ceil(v / a) * a;
}

function alignDown(v: number, a: number): number {
  return a <= 1 ? v : Math.floor(v / a) * a;
}

/**
 * Finds room for `size` pages in [lo, hi) between the nodes and inserts a node; returns its start
 * or -1 (-ENOSPC). `align` is in pages.
 */
export function drmMmInsert(nodes: DrmMmNode[], lo: number, hi: number, size: number, align: number, mode: DrmMmMode, owner: number): number {
  if (size <= 0 || hi - lo < size) return -1;
  let best = -1;
  let bestHole = Infinity;
  let bestIdx = 0;
  let prevEnd = lo;
  for (let i = 0; i <= nodes.length; i++) {
    const holeStart = Math.max(prevEnd, lo);
    const holeEnd = Math.min(i < nodes.length ? nodes[i]![0] : hi, hi);
    if (i < nodes.length) prevEnd = Math.max(prevEnd, nodes[i]![0] + nodes[i]![1]);
    if (holeEnd - holeStart < size) continue;
    const start = mode === 'high' ? alignDown(holeEnd - size, align) : alignUp(holeStart, align);
    if (start < holeStart || start + size > holeEnd) continue;
    const hole = holeEnd - holeStart;
    if (mode === 'low') {
      best = start;
      bestIdx = i;
      break;
    }
    if (mode === 'high') {
      best = start;
      bestIdx = i;
      continue;
    }
    if (hole < bestHole) {
      bestHole = hole;
      best = start;
      bestIdx = i;
    }
  }
  if (best < 0) return -1;
  nodes.splice(bestIdx, 0, [best, size, owner]);
  return best;
}

/** drm_mm_remove_node(): false when no node starts there. */
export function drmMmRemove(nodes: DrmMmNode[], start: number): boolean {
  const i = nodes.findIndex((n) => n[0] === start);
  if (i < 0) return false;
  nodes.splice(i, 1);
  return true;
}
