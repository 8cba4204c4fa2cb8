// Slab cache definitions shared by the SLUB model: include/linux/slab.h flags,
// include/linux/poison.h patterns, struct kmem_cache and the object layout
// (calculate_sizes() / calculate_order(), mm/slub.c 6.8; 2.6.25 where it differs).
import { PAGE_SIZE } from '../include/linux/mm_types.ts';

// include/linux/slab.h (6.8) flag values, so a view can show s->flags as the kernel would.
export const SLAB_CONSISTENCY_CHECKS = 0x00000100;
export const SLAB_RED_ZONE = 0x00000400;
export const SLAB_POISON = 0x00000800;
export const SLAB_KMALLOC = 0x00001000;
export const SLAB_HWCACHE_ALIGN = 0x00002000;
export const SLAB_CACHE_DMA = 0x00004000;
export const SLAB_CACHE_DMA32 = 0x00008000;
export const SLAB_STORE_USER = 0x00010000;
export const SLAB_RECLAIM_ACCOUNT = 0x00020000;
export const SLAB_PANIC = 0x00040000;
export const SLAB_TYPESAFE_BY_RCU = 0x00080000;
export const SLAB_TRACE = 0x00200000;
export const SLAB_NOLEAKTRACE = 0x00800000;
export const SLAB_NO_MERGE = 0x01000000;
export const SLAB_FAILSLAB = 0x02000000;
export const SLAB_ACCOUNT = 0x04000000;
export const SLAB_NO_USER_FLAGS = 0x10000000;
export const SLAB_SKIP_KFENCE = 0x20000000;
/** Internal SLUB flag: the object itself is poisoned (mm/slub.c). Kept as a signed 32-bit value. */
export const __OBJECT_POISON = 0x80000000 | 0;

/** SLAB_DEBUG_FLAGS, mm/slab.h 6.8 (with CONFIG_SLUB_DEBUG). */
export const SLAB_DEBUG_FLAGS = SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER | SLAB_TRACE | SLAB_CONSISTENCY_CHECKS;
/** DEBUG_DEFAULT_FLAGS: what a bare slub_debug (or CONFIG_SLUB_DEBUG_ON) turns on. */
export const DEBUG_DEFAULT_FLAGS = SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER;
/** DEBUG_METADATA_FLAGS: dropped again by slub_debug=O when they would raise the order. */
export const DEBUG_METADATA_FLAGS = SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER;
/** SLAB_NEVER_MERGE / SLAB_MERGE_SAME, mm/slab_common.c 6.8. */
export const SLAB_NEVER_MERGE = SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER | SLAB_TRACE | SLAB_TYPESAFE_BY_RCU | SLAB_NOLEAKTRACE | SLAB_FAILSLAB | SLAB_NO_MERGE;
export const SLAB_MERGE_SAME = SLAB_RECLAIM_ACCOUNT | SLAB_CACHE_DMA | SLAB_CACHE_DMA32 | SLAB_ACCOUNT;

/** Flag names a scenario may pass to kmem_cache_create, and their values. */
export const SLAB_FLAG_BITS: Readonly<Record<string, number>> = {
  SLAB_CONSISTENCY_CHECKS,
  SLAB_RED_ZONE,
  SLAB_POISON,
  SLAB_KMALLOC,
  SLAB_HWCACHE_ALIGN,
  SLAB_CACHE_DMA,
  SLAB_CACHE_DMA32,
  SLAB_STORE_USER,
  SLAB_RECLAIM_ACCOUNT,
  SLAB_PANIC,
  SLAB_TYPESAFE_BY_RCU,
  SLAB_TRACE,
  SLAB_NOLEAKTRACE,
  SLAB_NO_MERGE,
  SLAB_FAILSLAB,
  SLAB_ACCOUNT,
  SLAB_NO_USER_FLAGS,
  SLAB_SKIP_KFENCE,
};

export function slabFlagsFromNames(names: readonly string[]): number {
  let f = 0;
  for (const n of names) {
    const bit = SLAB_FLAG_BITS[n];
    if (bit === undefined) throw new Error(`unknown slab flag ${JSON.stringify(n)}`);
    f |= bit;
  }
  return f;
}

export function slabFlagNames(flags: number): string[] {
  const out: string[] = [];
  for (const [n, bit] of Object.entries(SLAB_FLAG_BITS)) if ((flags & bit) !== 0) out.push(n);
  if ((flags & __OBJECT_POISON) !== 0) out.push('__OBJECT_POISON');
  return out;
}

// include/linux/poison.h
export const POISON_INUSE = 0x5a;
export const POISON_FREE = 0x6b;
export const POISON_END = 0xa5;
export const SLUB_RED_INACTIVE = 0xbb;
export const SLUB_RED_ACTIVE = 0xcc;

export const PTR_SIZE = 8;
/** sizeof(struct track): 6.8 has a stack depot handle (CONFIG_SLUB_DEBUG selects STACKDEPOT); 2.6.25 has addr/cpu/pid/when. */
export const TRACK_SIZE_68 = 32;
export const TRACK_SIZE_2625 = 24;
export const MAX_OBJS_PER_PAGE = 32767;
export const MAX_PAGE_ORDER = 10;
/** cache_line_size() on x86-64. */
export const CACHE_LINE_SIZE = 64;
/** ARCH_KMALLOC_MINALIGN / ARCH_SLAB_MINALIGN: __alignof__(unsigned long long). */
export const ARCH_KMALLOC_MINALIGN = 8;
export const ARCH_SLAB_MINALIGN = 8;
export const PAGE_ALLOC_COSTLY_ORDER = 3;

export function align(x: number, a: number): number {
  return Math.ceil(x / a) * a;
}

/** fls(): index of the most significant set bit, 1-based; fls(0) = 0. */
export function fls(x: number): number {
  return x <= 0 ? 0 : Math.floor(Math.log2(x)) + 1;
}

export function ilog2(x: number): number {
  return fls(x) - 1;
}

/** get_order(): smallest order whose block holds size bytes. */
export function getOrder(size: number): number {
  let order = 0;
  while (PAGE_SIZE * 2 ** order < size) order++;
  return order;
}

/** order_objects(), mm/slub.c 6.8 */
export function orderObjects(order: number, size: number): number {
  return Math.floor((PAGE_SIZE * 2 ** order) / size);
}

/** The result of calculate_sizes(): where everything sits in one object slot. */
export interface SlabLayout {
  /** s->flags after the layout decided on __OBJECT_POISON (and slub_debug=O). */
  flags: number;
  inuse: number;
  offset: number;
  size: number;
  redLeftPad: number;
  order: number;
  objects: number;
  minOrder: number;
  minObjects: number;
  trackSize: number;
}

export interface OrderParams {
  minOrder: number;
  maxOrder: number;
  minObjects: number;
  /** num_present_cpus() / nr_cpu_ids. */
  nrCpus: number;
}

// calc_slab_order(), mm/slub.c 6.8
function calcSlabOrder(size: number, minOrder: number, maxOrder: number, fract: number): number {
  let order = minOrder;
  for (; order <= maxOrder; order++) {
    const slabSize = PAGE_SIZE * 2 ** order;
    if (slabSize % size <= Math.floor(slabSize / fract)) break;
  }
  return order;
}

// calculate_order(), mm/slub.c 6.8
export function calculateOrder68(size: number, p: OrderParams): number {
  let minObjects = p.minObjects;
  // 4 * (fls(nr_cpus) + 1) with num_present_cpus() (nr_cpu_ids when it is 1; both are machine.cpus here)
  if (!minObjects) minObjects = 4 * (fls(p.nrCpus) + 1);
  const maxObjects = Math.max(orderObjects(p.maxOrder, size), 1);
  minObjects = Math.min(minObjects, maxObjects);
  const minOrder = Math.max(p.minOrder, getOrder(minObjects * size));
  if (orderObjects(minOrder, size) > MAX_OBJS_PER_PAGE) return getOrder(size * MAX_OBJS_PER_PAGE) - 1;
  for (let fraction = 16; fraction > 1; fraction /= 2) {
    const order = calcSlabOrder(size, minOrder, p.maxOrder, fraction);
    if (order <= p.maxOrder) return order;
  }
  const order = getOrder(size);
  return order <= MAX_PAGE_ORDER ? order : -1;
}

// slab_order(), mm/slub.c 2.6.24/2.6.25
function slabOrder2625(size: number, minObjects: number, maxOrder: number, fract: number, minOrderParam: number): number {
  let order = Math.max(minOrderParam, fls(minObjects * size - 1) - 12);
  for (; order <= maxOrder; order++) {
    const slabSize = PAGE_SIZE * 2 ** order;
    if (slabSize < minObjects * size) continue;
    if (slabSize % size <= slabSize / fract) break;
  }
  return order;
}

// calculate_order(), mm/slub.c 2.6.25
export function calculateOrder2625(size: number, p: OrderParams): number {
  let minObjects = p.minObjects;
  while (minObjects > 1) {
    for (let fraction = 8; fraction >= 4; fraction /= 2) {
      const order = slabOrder2625(size, minObjects, p.maxOrder, fraction, p.minOrder);
      if (order <= p.maxOrder) return order;
    }
    minObjects = Math.floor(minObjects / 2);
  }
  let order = slabOrder2625(size, 1, p.maxOrder, 1, p.minOrder);
  if (order <= p.maxOrder) return order;
  order = slabOrder2625(size, 1, MAX_PAGE_ORDER, 1, p.minOrder);
  return order <= MAX_PAGE_ORDER ? order : -1;
}

// calculate_sizes(), mm/slub.c 6.8: object, right red zone, free pointer, tracks, orig_size, left red zone, alignment
export function calculateSizes68(objectSize: number, alignment: number, flagsIn: number, ctor: boolean, p: OrderParams): SlabLayout | null {
  let flags = flagsIn;
  let size = align(objectSize, PTR_SIZE);
  // the object itself may only be poisoned when nobody touches it after free
  if ((flags & SLAB_POISON) !== 0 && (flags & SLAB_TYPESAFE_BY_RCU) === 0 && !ctor) flags |= __OBJECT_POISON;
  else flags &= ~__OBJECT_POISON;
  if ((flags & SLAB_RED_ZONE) !== 0 && size === objectSize) size += PTR_SIZE;
  const inuse = size;
  const origSize = (flags & SLAB_STORE_USER) !== 0 && (flags & SLAB_KMALLOC) !== 0;
  let offset: number;
  if (origSize || (flags & (SLAB_TYPESAFE_BY_RCU | SLAB_POISON)) !== 0 || ((flags & SLAB_RED_ZONE) !== 0 && objectSize < PTR_SIZE) || ctor) {
    offset = size;
    size += PTR_SIZE;
  } else {
    // middle of the object, away from small over/underflows of neighbours
    offset = Math.floor(objectSize / 2 / PTR_SIZE) * PTR_SIZE;
  }
  if ((flags & SLAB_STORE_USER) !== 0) {
    size += 2 * TRACK_SIZE_68;
    if ((flags & SLAB_KMALLOC) !== 0) size += 4;
  }
  let redLeftPad = 0;
  if ((flags & SLAB_RED_ZONE) !== 0) {
    size += PTR_SIZE;
    redLeftPad = align(PTR_SIZE, alignment);
    size += redLeftPad;
  }
  size = align(size, alignment);
  const order = calculateOrder68(size, p);
  if (order < 0) return null;
  const objects = orderObjects(order, size);
  const minOrder = getOrder(size);
  if (objects === 0) return null;
  return { flags, inuse, offset, size, redLeftPad, order, objects, minOrder, minObjects: orderObjects(minOrder, size), trackSize: TRACK_SIZE_68 };
}

// calculate_sizes(), mm/slub.c 2.6.25: no left red zone, free pointer at 0 unless it must move
export function calculateSizes2625(objectSize: number, alignment: number, flagsIn: number, ctor: boolean, p: OrderParams): SlabLayout | null {
  let flags = flagsIn;
  if ((flags & SLAB_POISON) !== 0 && (flags & SLAB_TYPESAFE_BY_RCU) === 0 && !ctor) flags |= __OBJECT_POISON;
  else flags &= ~__OBJECT_POISON;
  let size = align(objectSize, PTR_SIZE);
  if ((flags & SLAB_RED_ZONE) !== 0 && size === objectSize) size += PTR_SIZE;
  const inuse = size;
  let offset = 0;
  if ((flags & (SLAB_TYPESAFE_BY_RCU | SLAB_POISON)) !== 0 || ctor) {
    offset = size;
    size += PTR_SIZE;
  }
  if ((flags & SLAB_STORE_USER) !== 0) size += 2 * TRACK_SIZE_2625;
  if ((flags & SLAB_RED_ZONE) !== 0) size += PTR_SIZE;
  size = align(size, alignment);
  const order = calculateOrder2625(size, p);
  if (order < 0) return null;
  const objects = orderObjects(order, size);
  if (objects === 0) return null;
  const minOrder = getOrder(size);
  return { flags, inuse, offset, size, redLeftPad: 0, order, objects, minOrder, minObjects: orderObjects(minOrder, size), trackSize: TRACK_SIZE_2625 };
}

// calculate_alignment(), mm/slab_common.c 6.8
export function calculateAlignment68(flags: number, alignIn: number, size: number): number {
  let a = alignIn;
  if ((flags & SLAB_HWCACHE_ALIGN) !== 0) {
    let ralign = CACHE_LINE_SIZE;
    while (size <= ralign / 2) ralign /= 2;
    a = Math.max(a, ralign);
  }
  a = Math.max(a, ARCH_SLAB_MINALIGN);
  return align(a, PTR_SIZE);
}

// calculate_alignment(), mm/slub.c 2.6.25
export function calculateAlignment2625(flags: number, alignIn: number, size: number): number {
  if ((flags & SLAB_HWCACHE_ALIGN) !== 0 && size > CACHE_LINE_SIZE / 2) return Math.max(alignIn, CACHE_LINE_SIZE);
  if (alignIn < ARCH_SLAB_MINALIGN) return ARCH_SLAB_MINALIGN;
  return align(alignIn, PTR_SIZE);
}

/** Mutable per-cache numbers live in the allocator's state array; a cache reads them through this. */
export interface CacheStateSource {
  cacheField(id: number, field: number): number;
  aliasesOf(id: number): string[];
}

// Fields of the per-cache state (see Slub): the mutable part of struct kmem_cache / kmem_cache_node.
export const C_ALIVE = 0;
export const C_REFCOUNT = 1;
export const C_OBJECT_SIZE = 2;
export const C_INUSE = 3;
export const C_PARTIAL_HEAD = 4;
export const C_PARTIAL_TAIL = 5;
export const C_NR_PARTIAL = 6;
export const C_FULL_HEAD = 7;
export const C_FULL_TAIL = 8;
export const C_NR_SLABS = 9;
export const C_TOTAL_OBJECTS = 10;
/** phys + 1 of this cache's struct kmem_cache / struct kmem_cache_node objects (0: none). */
export const C_STRUCT = 11;
export const C_NODE_STRUCT = 12;
export const C_CPU0 = 13;
// per-CPU fields (struct kmem_cache_cpu): slab pfn + 1, freelist (encoded), raw bad pointer words, partial pfn + 1
export const CPU_SLAB = 0;
export const CPU_FREELIST = 1;
export const CPU_BAD_LO = 2;
export const CPU_BAD_HI = 3;
export const CPU_PARTIAL = 4;
export const CPU_STRIDE = 5;

/** struct kmem_cache: the parts fixed at creation; object_size, inuse, refcount and lists live in the state array. */
export class KmemCache {
  /** kmem_cache_debug(): allocations and frees take the debug slow path. */
  readonly debug: boolean;
  /** slub_debug_orig_size(): kmalloc requests keep their size for the kmalloc red zone. */
  readonly origSize: boolean;
  readonly trackSize: number;
  /** The state array the mutable fields live in (an ES private field, so snapshots and JSON do not walk into it). */
  readonly #src: CacheStateSource;

  constructor(
    src: CacheStateSource,
    readonly id: number,
    readonly name: string,
    /** s->flags (SLAB_* | __OBJECT_POISON). */
    readonly flags: number,
    readonly align: number,
    readonly size: number,
    /** s->offset: where the free pointer sits, relative to the object. */
    readonly offset: number,
    readonly redLeftPad: number,
    /** oo: order and objects per slab; min: the fallback when the order is not available. */
    readonly order: number,
    readonly objects: number,
    readonly minOrder: number,
    readonly minObjects: number,
    readonly minPartial: number,
    /** s->cpu_partial (objects) and s->cpu_partial_slabs. */
    readonly cpuPartial: number,
    readonly cpuPartialSlabs: number,
    readonly hasCpuPartial: boolean,
    readonly ctor: boolean,
    layoutTrackSize: number,
  ) {
    this.#src = src;
    this.debug = (flags & SLAB_DEBUG_FLAGS) !== 0;
    this.origSize = (flags & SLAB_STORE_USER) !== 0 && (flags & SLAB_KMALLOC) !== 0;
    this.trackSize = layoutTrackSize;
  }

  get objectSize(): number {
    return this.#src.cacheField(this.id, C_OBJECT_SIZE);
  }

  get inuse(): number {
    return this.#src.cacheField(this.id, C_INUSE);
  }

  get refcount(): number {
    return this.#src.cacheField(this.id, C_REFCOUNT);
  }

  get alive(): boolean {
    return this.#src.cacheField(this.id, C_ALIVE) !== 0;
  }

  /** Slabs this cache holds (node counter nr_slabs). */
  get nrSlabs(): number {
    return this.#src.cacheField(this.id, C_NR_SLABS);
  }

  get nrPartial(): number {
    return this.#src.cacheField(this.id, C_NR_PARTIAL);
  }

  get aliases(): readonly string[] {
    return this.#src.aliasesOf(this.id);
  }

  get flagNames(): string[] {
    return slabFlagNames(this.flags);
  }

  /** objs_per_slab, as /sys/kernel/slab/<cache>/objs_per_slab shows it. */
  get objectsPerSlab(): number {
    return this.objects;
  }

  /** freeptr_outside_object() */
  get freePointerOutside(): boolean {
    return this.offset >= this.inuse;
  }

  /** get_info_end(): end of the object + free pointer, where the tracks begin. */
  get infoEnd(): number {
    return this.offset >= this.inuse ? this.inuse + PTR_SIZE : this.inuse;
  }

  /** size_from_object() */
  get sizeFromObject(): number {
    return (this.flags & SLAB_RED_ZONE) !== 0 ? this.size - this.redLeftPad : this.size;
  }
}
