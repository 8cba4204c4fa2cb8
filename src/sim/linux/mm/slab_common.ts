// The allocator-independent side of caches, mm/slab_common.c 6.8: kmem_cache_create() with
// __kmem_cache_alias() / find_mergeable(), kmalloc_slab(), and looking caches up by name.
import {
  align as alignUp,
  C_INUSE,
  C_NODE_STRUCT,
  C_OBJECT_SIZE,
  C_REFCOUNT,
  C_STRUCT,
  calculateAlignment2625,
  calculateAlignment68,
  type KmemCache,
  PTR_SIZE,
  SLAB_CACHE_DMA,
  SLAB_CONSISTENCY_CHECKS,
  SLAB_MERGE_SAME,
  SLAB_NEVER_MERGE,
  SLAB_RECLAIM_ACCOUNT,
  slabFlagsFromNames,
} from './slab.ts';
import { allocStruct } from './slub_alloc.ts';
import { kmemCacheFlags, kmemCacheFlags2625 } from './slub_debug.ts';
import { cacheBase, EV_CACHE_CREATE, type SlubState } from './slub_def.ts';
import { openCache } from './slub_init.ts';

/** kmalloc_size_index[], mm/slab_common.c 6.8 (also 2.6.25's size_index[]). */
const KMALLOC_SIZE_INDEX = [3, 4, 5, 5, 6, 6, 6, 6, 1, 1, 1, 1, 7, 7, 7, 7, 2, 2, 2, 2, 2, 2, 2, 2];

// find_mergeable() + slab_unmergeable(), mm/slab_common.c 6.8 (2.6.25 where it differs)
function findMergeable(slub: SlubState, size: number, alignIn: number, flagsIn: number, name: string): KmemCache | null {
  if (slub.slabNomerge) return null;
  let flags = flagsIn;
  if (slub.v2625 && (flags & SLAB_NEVER_MERGE) !== 0) return null;
  size = alignUp(size, PTR_SIZE);
  const a = slub.v2625 ? calculateAlignment2625(flags, alignIn, size) : calculateAlignment68(flags, alignIn, size);
  size = alignUp(size, a);
  flags = slub.v2625 ? kmemCacheFlags2625(flags, name, slub.dbg) : kmemCacheFlags(flags, name, slub.dbg);
  if (!slub.v2625 && (flags & SLAB_NEVER_MERGE) !== 0) return null;
  const same = slub.v2625 ? SLAB_RECLAIM_ACCOUNT | SLAB_CACHE_DMA | SLAB_CONSISTENCY_CHECKS : SLAB_MERGE_SAME;
  const list = slub.v2625 ? [...slub.cacheList].reverse() : slub.cacheList;
  for (const s of list) {
    if (!s.alive) continue;
    if ((s.flags & SLAB_NEVER_MERGE) !== 0 || s.ctor || s.refcount < 0) continue;
    if (size > s.size) continue;
    if ((flags & same) !== (s.flags & same)) continue;
    // alignment compatible (courtesy of Adrian Drzewiecki)
    if ((s.size & ~(a - 1)) !== s.size) continue;
    if (s.size - size >= PTR_SIZE) continue;
    return s;
  }
  return null;
}

/** kmem_cache_create(), mm/slab_common.c 6.8: may return an existing cache this one merges into. */
export function kmemCacheCreate(slub: SlubState, name: string, size: number, align: number, flags: readonly string[]): KmemCache {
  const k = slub.k;
  const f = slabFlagsFromNames(flags);
  // __kmem_cache_alias() decides first; it changes nothing until the event is out
  const t = findMergeable(slub, size, align, f, name);
  k.rec.emit(EV_CACHE_CREATE, t ? t.id : slub.cacheList.length, size);
  slub.entry = 'kmem_cache_create';
  try {
    if (t) {
      const b = cacheBase(slub, t);
      slub.st[b + C_REFCOUNT]++;
      slub.st[b + C_OBJECT_SIZE] = Math.max(t.objectSize, size);
      slub.st[b + C_INUSE] = Math.max(t.inuse, alignUp(size, PTR_SIZE));
      const i = slub.aliasNames.length;
      slub.aliasNames.push(name);
      slub.aliasTarget.push(t.id);
      if (i >= slub.aliasAlive.length) {
        const n = new Uint8Array(slub.aliasAlive.length * 2);
        n.set(slub.aliasAlive);
        slub.aliasAlive = n;
      }
      slub.aliasAlive[i] = 1;
      return t;
    }
    const kc = slub.v2625 ? undefined : findByName(slub, 'kmem_cache');
    const kcn = slub.v2625 ? undefined : findByName(slub, 'kmem_cache_node');
    const struct = kc ? allocStruct(slub, kc, true) : -1;
    const a = slub.v2625 ? calculateAlignment2625(f, align, size) : calculateAlignment68(f, align, size);
    const s = openCache(slub, name, size, a, f, 1);
    if (!s) throw new Error(`kmem_cache_create(${name}): object size ${size} cannot be laid out`);
    if (struct >= 0) slub.st[cacheBase(slub, s) + C_STRUCT] = struct + 1;
    if (kcn) slub.st[cacheBase(slub, s) + C_NODE_STRUCT] = allocStruct(slub, kcn, false) + 1;
    return s;
  } finally {
    slub.entry = '';
    slub.fDepth = 0;
  }
}

export function findByName(slub: SlubState, name: string): KmemCache | undefined {
  for (let i = slub.cacheList.length - 1; i >= 0; i--) {
    const s = slub.cacheList[i]!;
    if (s.alive && s.name === name) return s;
  }
  return undefined;
}

/** The live cache (or merged alias) of that name; kmalloc-1024 and kmalloc-1k both work. */
export function findCache(slub: SlubState, name: string): KmemCache | null {
  const direct = findByName(slub, name);
  if (direct) return direct;
  for (let i = slub.aliasNames.length - 1; i >= 0; i--) if (slub.aliasAlive[i] && slub.aliasNames[i] === name) return slub.cacheList[slub.aliasTarget[i]!] ?? null;
  const m = /^kmalloc-(\d+)(k?)$/.exec(name);
  if (m) {
    const bytes = Number(m[1]) * (m[2] ? 1024 : 1);
    const other = bytes >= 1024 && bytes % 1024 === 0 && !slub.v2625 ? `kmalloc-${bytes / 1024}k` : `kmalloc-${bytes}`;
    if (other !== name) return findByName(slub, other) ?? null;
  }
  return null;
}

// kmalloc_slab(), mm/slab_common.c 6.8
export function kmallocSlab(slub: SlubState, size: number): KmemCache | null {
  const index = size <= 192 ? KMALLOC_SIZE_INDEX[Math.floor((size - 1) / 8)]! : Math.floor(Math.log2(size - 1)) + 1;
  const id = slub.kmallocIdx[index] ?? -1;
  return id >= 0 ? slub.cacheList[id]! : null;
}
