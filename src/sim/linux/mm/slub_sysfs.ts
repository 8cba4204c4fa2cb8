// The names of /sys/kernel/slab: sysfs_slab_add(), sysfs_slab_alias() and create_unique_id() of
// mm/slub.c (2.6.25 and 6.8). A cache that can merge lives under a unique id such as ":0000192" and
// every cache name merged into it, its own first, is a symlink to that id.
import { type KmemCache, SLAB_ACCOUNT, SLAB_CACHE_DMA, SLAB_CACHE_DMA32, SLAB_CONSISTENCY_CHECKS, SLAB_NEVER_MERGE, SLAB_RECLAIM_ACCOUNT } from './slab.ts';
import type { SlubState } from './slub_def.ts';

/** One entry of /sys/kernel/slab: a cache directory (`target` null) or a symlink to one. */
export interface SysfsSlabEntry {
  name: string;
  target: string | null;
}

// slab_unmergeable(), mm/slub.c 2.6.25 (mm/slab_common.c 6.8)
export function slabUnmergeable(slub: SlubState, s: KmemCache): boolean {
  return slub.slabNomerge || (s.flags & SLAB_NEVER_MERGE) !== 0 || s.ctor || s.refcount < 0;
}

// create_unique_id(), mm/slub.c 2.6.25 (6.8 adds 'D' for DMA32 and 'A' for SLAB_ACCOUNT)
export function createUniqueId(slub: SlubState, s: KmemCache): string {
  let p = ':';
  if ((s.flags & SLAB_CACHE_DMA) !== 0) p += 'd';
  if (!slub.v2625 && (s.flags & SLAB_CACHE_DMA32) !== 0) p += 'D';
  if ((s.flags & SLAB_RECLAIM_ACCOUNT) !== 0) p += 'a';
  // SLAB_DEBUG_FREE in 2.6.25, the same bit as SLAB_CONSISTENCY_CHECKS
  if ((s.flags & SLAB_CONSISTENCY_CHECKS) !== 0) p += 'F';
  if (!slub.v2625 && (s.flags & SLAB_ACCOUNT) !== 0) p += 'A';
  if (p.length > 1) p += '-';
  return p + String(s.size).padStart(7, '0');
}

/** /sys/kernel/slab as sysfs_slab_add() and sysfs_slab_alias() left it, sorted by name as ls lists it. */
export function sysfsSlabEntries(slub: SlubState): SysfsSlabEntry[] {
  const out: SysfsSlabEntry[] = [];
  for (const s of slub.cacheList) {
    if (!s.alive) continue;
    if (slabUnmergeable(slub, s)) {
      out.push({ name: s.name, target: null });
      continue;
    }
    const id = createUniqueId(slub, s);
    out.push({ name: id, target: null });
    for (const n of [s.name, ...slub.aliasesOf(s.id)]) out.push({ name: n, target: id });
  }
  // one name, one entry: a later alias of an existing name fails in sysfs_create_link()
  const seen = new Set<string>();
  return out
    .filter((e) => (seen.has(e.name) ? false : (seen.add(e.name), true)))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
