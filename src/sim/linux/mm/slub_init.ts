// Opening caches and booting the allocator, mm/slub.c 6.8 (2.6.25: kmem_cache_node and the kmalloc
// array only): kmem_cache_open(), kmem_cache_init() with bootstrap() and create_kmalloc_caches().
import { KERN_INFO } from '../../engine/recorder.ts';
import { F_SLAB_INUSE, F_SLAB_OBJECTS, PAGE_SIZE } from '../include/linux/mm_types.ts';
import {
  ARCH_KMALLOC_MINALIGN,
  C_ALIVE,
  C_INUSE,
  C_NODE_STRUCT,
  C_OBJECT_SIZE,
  C_REFCOUNT,
  C_STRUCT,
  calculateAlignment2625,
  calculateAlignment68,
  calculateSizes2625,
  calculateSizes68,
  CPU_FREELIST,
  CPU_SLAB,
  DEBUG_METADATA_FLAGS,
  getOrder,
  ilog2,
  KmemCache,
  type OrderParams,
  SLAB_DEBUG_FLAGS,
  SLAB_HWCACHE_ALIGN,
  SLAB_KMALLOC,
  SLAB_STORE_USER,
  type SlabLayout,
  SLUB_RED_ACTIVE,
} from './slab.ts';
import { allocStruct } from './slub_alloc.ts';
import { initObject } from './slub_check.ts';
import { deactivateSlab } from './slub_cpu_slab.ts';
import { kmemCacheFlags, kmemCacheFlags2625 } from './slub_debug.ts';
import { cacheBase, cpuBase, DEACTIVATE_TO_HEAD, EV_BOOT_SLUB, type SlubState } from './slub_def.ts';
import { getFreepointer, setSlabFreelist, slabFreelist } from './slub_freelist.ts';
import { newSlab } from './slub_new_slab.ts';
import { addPartial, incSlabsNode } from './slub_node.ts';
import { noHashPointersEnable } from './slub_report.ts';

/** KMALLOC_SHIFT_LOW..HIGH; kmalloc_info[1] = 96, [2] = 192. */
const KMALLOC_SHIFT_LOW = 3;
const KMALLOC_NAMES_68 = ['', 'kmalloc-96', 'kmalloc-192', 'kmalloc-8', 'kmalloc-16', 'kmalloc-32', 'kmalloc-64', 'kmalloc-128', 'kmalloc-256', 'kmalloc-512', 'kmalloc-1k', 'kmalloc-2k', 'kmalloc-4k', 'kmalloc-8k'];
const KMALLOC_SIZES = [0, 96, 192, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192];
/** struct kmem_cache_node and struct kmem_cache (one node) on x86-64 6.8. */
const SIZEOF_KMEM_CACHE_NODE = 64;
const SIZEOF_KMEM_CACHE = 256;

/** What calculate_order() works from: slub_min_order=, slub_max_order=, slub_min_objects= and the CPU count. */
function orderParams(slub: SlubState): OrderParams {
  return { minOrder: slub.slubMinOrder, maxOrder: slub.slubMaxOrder, minObjects: slub.slubMinObjects, nrCpus: slub.ncpu };
}

// kmem_cache_open() + calculate_sizes(), mm/slub.c 6.8: a new cache in the list
export function openCache(slub: SlubState, name: string, objectSize: number, alignment: number, flagsIn: number, refcount: number): KmemCache | null {
  const p = orderParams(slub);
  let flags = slub.v2625 ? kmemCacheFlags2625(flagsIn, name, slub.dbg) : kmemCacheFlags(flagsIn, name, slub.dbg);
  const calc = (f: number): SlabLayout | null => (slub.v2625 ? calculateSizes2625(objectSize, alignment, f, false, p) : calculateSizes68(objectSize, alignment, f, false, p));
  let l = calc(flags);
  if (l === null) return null;
  // slub_debug=O: drop the metadata flags if they raised the minimum order
  if (slub.dbg.disableHigherOrderDebug && getOrder(l.size) > getOrder(objectSize)) {
    flags = l.flags & ~DEBUG_METADATA_FLAGS;
    l = calc(flags);
    if (l === null) return null;
  }
  const debug = (l.flags & SLAB_DEBUG_FLAGS) !== 0;
  const hasCpuPartial = slub.cpuPartialEnabled && !debug;
  // set_cpu_partial(): objects kept on the per-CPU partial list, as slabs assumed half full
  const cpuPartial = !hasCpuPartial ? 0 : l.size >= PAGE_SIZE ? 6 : l.size >= 1024 ? 24 : l.size >= 256 ? 52 : 120;
  const cpuPartialSlabs = Math.ceil((cpuPartial * 2) / l.objects);
  const minPartial = Math.max(5, Math.min(10, Math.floor(ilog2(l.size) / 2)));
  const id = slub.cacheList.length;
  const s = new KmemCache(slub, id, name, l.flags, alignment, l.size, l.offset, l.redLeftPad, l.order, l.objects, l.minOrder, l.minObjects, minPartial, cpuPartial, cpuPartialSlabs, hasCpuPartial, false, l.trackSize);
  slub.cacheList.push(s);
  if ((id + 1) * slub.stride > slub.st.length) {
    const n = new Float64Array(slub.st.length * 2);
    n.set(slub.st);
    slub.st = n;
  }
  const b = id * slub.stride;
  slub.st.fill(0, b, b + slub.stride);
  slub.st[b + C_ALIVE] = 1;
  slub.st[b + C_REFCOUNT] = refcount;
  slub.st[b + C_OBJECT_SIZE] = objectSize;
  slub.st[b + C_INUSE] = l.inuse;
  return s;
}

// create_boot_cache(), mm/slab_common.c 6.8: power-of-two kmalloc sizes are naturally aligned
function bootAlign(slub: SlubState, size: number, flags: number): number {
  if (slub.v2625) return calculateAlignment2625(flags, ARCH_KMALLOC_MINALIGN, size);
  let a = ARCH_KMALLOC_MINALIGN;
  if ((size & (size - 1)) === 0) a = Math.max(a, size);
  return calculateAlignment68(flags, a, size);
}

// kmem_cache_init(), mm/slub.c 6.8 (2.6.25: kmem_cache_node and the kmalloc array only)
export function kmemCacheInit(slub: SlubState): void {
  const k = slub.k;
  k.rec.emit(EV_BOOT_SLUB);
  slub.booting = true;
  try {
    if (slub.v2625) kmemCacheInit2625(slub);
    else kmemCacheInit68(slub);
  } finally {
    slub.booting = false;
    slub.fDepth = 0;
    slub.entry = '';
  }
}

function kmemCacheInit68(slub: SlubState): void {
  const k = slub.k;
  // print slub debugging pointers without hashing (5.12+; 5.10 hashes %p in reports)
  if (k.since('5.12') && (slub.dbg.flags !== 0 || slub.dbg.debugString !== null)) noHashPointersEnable(slub);
  const kcn = openCache(slub, 'kmem_cache_node', SIZEOF_KMEM_CACHE_NODE, bootAlign(slub, SIZEOF_KMEM_CACHE_NODE, SLAB_HWCACHE_ALIGN), SLAB_HWCACHE_ALIGN, -1)!;
  // early_kmem_cache_node_alloc(): the node structure of kmem_cache_node comes from its own first slab
  const pfn = newSlab(slub, kcn);
  const n = slabFreelist(slub, pfn) - 1;
  initObject(slub, kcn, n, SLUB_RED_ACTIVE);
  if ((kcn.flags & SLAB_STORE_USER) !== 0) k.memFill(n + kcn.infoEnd, 2 * kcn.trackSize, 0, 'init_tracking');
  setSlabFreelist(slub, pfn, getFreepointer(slub, kcn, n));
  slub.pages.set(pfn, F_SLAB_INUSE, 1);
  slub.st[cacheBase(slub, kcn) + C_NODE_STRUCT] = n + 1;
  // (the first inc_slabs_node() finds no node yet and counts nothing; this one counts the slab)
  incSlabsNode(slub, kcn, slub.pages.get(pfn, F_SLAB_OBJECTS));
  addPartial(slub, kcn, pfn, DEACTIVATE_TO_HEAD);
  const kc = openCache(slub, 'kmem_cache', SIZEOF_KMEM_CACHE, bootAlign(slub, SIZEOF_KMEM_CACHE, SLAB_HWCACHE_ALIGN), SLAB_HWCACHE_ALIGN, -1)!;
  slub.st[cacheBase(slub, kc) + C_NODE_STRUCT] = allocStruct(slub, kcn, false) + 1;
  // bootstrap(): the static boot caches get real struct kmem_cache objects, their CPU slabs are flushed
  for (const s of [kc, kcn]) {
    slub.st[cacheBase(slub, s) + C_STRUCT] = allocStruct(slub, kc, true) + 1;
    const c = cpuBase(slub, s);
    if (slub.st[c + CPU_SLAB] !== 0) {
      const sp = slub.st[c + CPU_SLAB]! - 1;
      const fl = slub.st[c + CPU_FREELIST]!;
      slub.st[c + CPU_SLAB] = slub.st[c + CPU_FREELIST] = 0;
      deactivateSlab(slub, s, sp, fl, 0, 0);
    }
  }
  // create_kmalloc_caches(): 8..8k, with 96 after 64 and 192 after 128
  const order: number[] = [];
  for (let i = KMALLOC_SHIFT_LOW; i <= 13; i++) {
    order.push(i);
    if (i === 6) order.push(1);
    if (i === 7) order.push(2);
  }
  for (const i of order) {
    const size = KMALLOC_SIZES[i]!;
    const struct = allocStruct(slub, kc, true);
    const s = openCache(slub, KMALLOC_NAMES_68[i]!, size, bootAlign(slub, size, SLAB_KMALLOC), SLAB_KMALLOC, 1)!;
    slub.st[cacheBase(slub, s) + C_STRUCT] = struct + 1;
    slub.st[cacheBase(slub, s) + C_NODE_STRUCT] = allocStruct(slub, kcn, false) + 1;
    slub.kmallocIdx[i] = s.id;
  }
  k.printk(KERN_INFO, `SLUB: HWalign=64, Order=${slub.slubMinOrder}-${slub.slubMaxOrder}, MinObjects=${slub.slubMinObjects}, CPUs=${slub.ncpu}, Nodes=1`);
}

function kmemCacheInit2625(slub: SlubState): void {
  openCache(slub, 'kmem_cache_node', SIZEOF_KMEM_CACHE_NODE, bootAlign(slub, SIZEOF_KMEM_CACHE_NODE, 0), 0, -1);
  const names: [number, string][] = [
    [1, 'kmalloc-96'],
    [2, 'kmalloc-192'],
  ];
  for (let i = KMALLOC_SHIFT_LOW; i <= 12; i++) names.push([i, `kmalloc-${1 << i}`]);
  for (const [i, name] of names) {
    const s = openCache(slub, name, KMALLOC_SIZES[i]!, bootAlign(slub, KMALLOC_SIZES[i]!, 0), 0, 1)!;
    slub.kmallocIdx[i] = s.id;
  }
  slub.k.printk(KERN_INFO, `SLUB: Genslabs=${1 + names.length}, HWalign=64, Order=${slub.slubMinOrder}-${slub.slubMaxOrder}, MinObjects=${slub.slubMinObjects}, CPUs=${slub.ncpu}, Nodes=1`);
}
