// The SLUB slab allocator, mm/slub.c of Linux 6.8 (and the kmalloc parts of mm/slab_common.c),
// with the 2.6.25 object layout and report format when machine.kernel is "2.6.25".
//
// This file is the subsystem and its public operations; the allocator itself is spread over
// files named after the parts of mm/slub.c they model, all working on one SlubState
// (slub_def.ts): slub_alloc.ts and slub_free.ts (the fast and slow paths), slub_cpu_slab.ts,
// slub_node.ts, slub_new_slab.ts, slub_freelist.ts, slub_check.ts and slub_track.ts (debugging),
// slub_report.ts, slub_validate.ts, slub_shutdown.ts, slub_init.ts and slab_common.ts.
import type { Hasher } from '../../engine/hash.ts';
import { KERN_ERR, KERN_INFO } from '../../engine/recorder.ts';
import type { Kernel } from '../../machine/kernel.ts';
import type { MmInit } from './mm_init.ts';
import type { PhysInfo, Subsystem } from '../../machine/subsystem.ts';
import { F_SLAB_CACHE, F_SLAB_OBJECTS, PAGE_SIZE } from '../include/linux/mm_types.ts';
import { C_CPU0, type CacheStateSource, CPU_FREELIST, CPU_SLAB, CPU_STRIDE, DEBUG_DEFAULT_FLAGS, type KmemCache, PTR_SIZE, SLAB_POISON, SLAB_RED_ZONE, SLAB_STORE_USER } from './slab.ts';
import { findCache, kmallocSlab, kmemCacheCreate } from './slab_common.ts';
import { kmallocLarge, slabAllocNode } from './slub_alloc.ts';
import { getOrigSize } from './slub_check.ts';
import { flushAll } from './slub_cpu_slab.ts';
import { setupSlubDebug, setupSlubDebug2625, type SlubDebugSettings } from './slub_debug.ts';
import { EV_ALLOC, EV_CACHE_DESTROY, EV_FREE, EV_VALIDATE, SlubState } from './slub_def.ts';
import { freeNonSlab, kmemCacheFreeInner, slabFree } from './slub_free.ts';
import { getFreepointer, slabOf, slabOrder } from './slub_freelist.ts';
import { kmemCacheInit } from './slub_init.ts';
import { endOp, noHashPointersEnable } from './slub_report.ts';
import { shutdownCache } from './slub_shutdown.ts';
import { type SysfsSlabEntry, sysfsSlabEntries } from './slub_sysfs.ts';
import { fillMap, validateSlabNode } from './slub_validate.ts';

export {
  EV_ALLOC,
  EV_BOOT_SLUB,
  EV_CACHE_CREATE,
  EV_CACHE_DESTROY,
  EV_DISCARD_SLAB,
  EV_FREE,
  EV_KMALLOC_LARGE,
  EV_NEW_SLAB,
  EV_REPORT,
  EV_VALIDATE,
} from './slub_def.ts';


/** One region of an object slot, as physical [start, end). Names follow mm/slub.c's wording. */
export interface SlabRegion {
  name: string;
  start: number;
  end: number;
}

/** What the hex view needs to know about a slab address. */
export interface SlabObjectInfo {
  cache: string;
  cacheId: number;
  /** Physical address of the slab (its first page). */
  slabPhys: number;
  /** Object index in the slab, or -1 for the slab's tail padding. */
  index: number;
  /** What a caller's pointer to this object holds (after the left red zone). */
  objectPhys: number;
  allocated: boolean;
  objectSize: number;
  size: number;
  /** s->offset: the free pointer, relative to objectPhys. */
  freePointerOffset: number;
  /** The kmalloc request size stored with SLAB_STORE_USER on kmalloc caches, or null. */
  origSize: number | null;
  regions: SlabRegion[];
}

export interface SlubSnapshot {
  st: Float64Array;
  ncaches: number;
  /** The caches themselves (immutable; their state is in st): a restore to before a cache existed, then to after, needs them back. */
  caches: readonly KmemCache[];
  aliasNames: readonly string[];
  aliasTarget: readonly number[];
  aliasAlive: Uint8Array;
  kmalloc: Int32Array;
  slabErrors: number;
  once: number;
  /** What the command line set at boot (a restore to before the boot must forget it). */
  boot: SlubBootSettings;
}

interface SlubBootSettings {
  dbg: SlubDebugSettings;
  minOrder: number;
  maxOrder: number;
  minObjects: number;
  nomerge: boolean;
  noHashPointers: boolean;
}

export class Slub implements Subsystem<SlubSnapshot>, CacheStateSource {
  readonly name = 'slub';
  private readonly state: SlubState;

  constructor(k: Kernel, mm: MmInit) {
    this.state = new SlubState(k, mm);
    this.registerParams();
  }

  /** counters.slab_errors: every place 6.8 calls slab_add_kunit_errors(). */
  get slabErrors(): number {
    return this.state.slabErrors;
  }

  set slabErrors(n: number) {
    this.state.slabErrors = n;
  }

  /** The function that called into the allocator, for tracks and stack traces. */
  get callSite(): { name: string; module: string | null } {
    return this.state.callSite;
  }

  /** Runs an allocator call as made from `site` (the model's function: _RET_IP_ of the kmalloc()). */
  calledFrom<T>(site: { name: string; module: string | null }, f: () => T): T {
    const prev = this.state.siteOverride;
    this.state.siteOverride = site;
    try {
      return f();
    } finally {
      this.state.siteOverride = prev;
    }
  }

  // ---------------------------------------------------------------- command line

  private registerParams(): void {
    const slub = this.state;
    const k = slub.k;
    const unknown = (c: string): void => k.printk(KERN_ERR, `slub_debug option '${c}' unknown. skipped`);
    // setup_slub_debug(), mm/slub.c 6.8 (slab_debug= is the later spelling of the same option)
    const slubDebug = (v: string | null): boolean => {
      if (!k.kconfig('CONFIG_SLUB_DEBUG')) return false;
      if (slub.v2625) {
        slub.dbg = setupSlubDebug2625(v, unknown);
        return true;
      }
      const initial = k.kconfig('CONFIG_SLUB_DEBUG_ON') ? DEBUG_DEFAULT_FLAGS : 0;
      slub.dbg = setupSlubDebug(v, initial, unknown);
      // 6.8: the static keys still hold their Kconfig defaults here; 5.10: the command line's too (see mm_init.ts)
      if ((slub.mm.initOnAllocKey || slub.mm.initOnFreeKey) && (slub.dbg.flags & SLAB_POISON) !== 0)
        k.printk(KERN_INFO, 'mem auto-init: SLAB_POISON will take precedence over init_on_alloc/init_on_free');
      return true;
    };
    k.setupParam('slub_debug', slubDebug);
    if (!slub.v2625) k.setupParam('slab_debug', slubDebug);
    // get_option(): a decimal, octal or hex integer; anything else leaves the value alone
    const int = (v: string | null): number | null => {
      if (v === null) return null;
      const m = /^(0x[0-9a-f]+|0[0-7]*|[1-9][0-9]*)/i.exec(v);
      return m ? Number(m[1]!.startsWith('0') && !m[1]!.toLowerCase().startsWith('0x') && m[1]!.length > 1 ? parseInt(m[1]!, 8) : Number(m[1])) : null;
    };
    // setup_slub_min_order() / setup_slub_max_order() / setup_slub_min_objects(), mm/slub.c 6.8
    k.setupParam('slub_min_order', (v) => {
      const n = int(v);
      if (n !== null) slub.slubMinOrder = n;
      if (slub.slubMinOrder > slub.slubMaxOrder) slub.slubMaxOrder = slub.slubMinOrder;
      return true;
    });
    k.setupParam('slub_max_order', (v) => {
      const n = int(v);
      if (n !== null) slub.slubMaxOrder = Math.min(n, 10);
      if (slub.slubMinOrder > slub.slubMaxOrder) slub.slubMinOrder = slub.slubMaxOrder;
      return true;
    });
    k.setupParam('slub_min_objects', (v) => {
      const n = int(v);
      if (n !== null) slub.slubMinObjects = n;
      return true;
    });
    // setup_slab_nomerge() / setup_slab_merge(), mm/slab_common.c 6.8; 2.6.25 has setup_slub_nomerge() only
    for (const n of slub.v2625 ? ['slub_nomerge'] : ['slab_nomerge', 'slub_nomerge']) k.setupParam(n, () => ((slub.slabNomerge = true), true));
    if (!slub.v2625) for (const n of ['slab_merge', 'slub_merge']) k.setupParam(n, () => ((slub.slabNomerge = false), true));
    // no_hash_pointers_enable(), lib/vsprintf.c 6.8 (the parameter arrived in 5.12)
    if (k.since('5.12')) k.earlyParam('no_hash_pointers', () => (noHashPointersEnable(slub), true));
  }

  // ---------------------------------------------------------------- state

  cacheField(id: number, field: number): number {
    return this.state.cacheField(id, field);
  }

  aliasesOf(id: number): string[] {
    return this.state.aliasesOf(id);
  }

  snapshot(): SlubSnapshot {
    const slub = this.state;
    const n = slub.cacheList.length;
    return {
      st: slub.st.slice(0, n * slub.stride),
      ncaches: n,
      caches: slub.cacheList.slice(),
      aliasNames: slub.aliasNames.slice(),
      aliasTarget: slub.aliasTarget.slice(),
      aliasAlive: slub.aliasAlive.slice(0, slub.aliasNames.length),
      kmalloc: slub.kmallocIdx.slice(),
      slabErrors: slub.slabErrors,
      once: slub.once,
      boot: { dbg: { ...slub.dbg }, minOrder: slub.slubMinOrder, maxOrder: slub.slubMaxOrder, minObjects: slub.slubMinObjects, nomerge: slub.slabNomerge, noHashPointers: slub.noHashPointers },
    };
  }

  restore(s: SlubSnapshot): void {
    const slub = this.state;
    slub.st.fill(0);
    slub.st.set(s.st);
    slub.cacheList.length = 0;
    slub.cacheList.push(...s.caches);
    slub.aliasNames.length = 0;
    slub.aliasNames.push(...s.aliasNames);
    slub.aliasTarget.length = 0;
    slub.aliasTarget.push(...s.aliasTarget);
    slub.aliasAlive.fill(0);
    slub.aliasAlive.set(s.aliasAlive);
    slub.kmallocIdx.set(s.kmalloc);
    slub.slabErrors = s.slabErrors;
    slub.once = s.once;
    slub.dbg = { ...s.boot.dbg };
    slub.slubMinOrder = s.boot.minOrder;
    slub.slubMaxOrder = s.boot.maxOrder;
    slub.slubMinObjects = s.boot.minObjects;
    slub.slabNomerge = s.boot.nomerge;
    slub.noHashPointers = s.boot.noHashPointers;
  }

  hashInto(h: Hasher): void {
    const slub = this.state;
    const n = slub.cacheList.length;
    h.u32(n).u32(slub.aliasNames.length).u32(slub.slabErrors).u32(slub.once).u32(slub.noHashPointers ? 1 : 0);
    const st = slub.st.subarray(0, n * slub.stride);
    h.words(new Uint32Array(st.buffer, st.byteOffset, st.length * 2));
    for (let i = 0; i < slub.aliasNames.length; i++) h.u32(slub.aliasAlive[i]!);
  }

  // ---------------------------------------------------------------- caches

  // kmem_cache_init(), mm/slub.c 6.8 (2.6.25: kmem_cache_node and the kmalloc array only)
  kmemCacheInit(): void {
    kmemCacheInit(this.state);
  }

  /** kmem_cache_create(), mm/slab_common.c 6.8: may return an existing cache this one merges into. */
  kmemCacheCreate(name: string, size: number, align: number, flags: readonly string[]): KmemCache {
    return kmemCacheCreate(this.state, name, size, align, flags);
  }

  /** The live cache (or merged alias) of that name; kmalloc-1024 and kmalloc-1k both work. */
  findCache(name: string): KmemCache | null {
    return findCache(this.state, name);
  }

  /** /sys/kernel/slab: cache directories, and the symlinks of merged caches to their unique ids. */
  sysfsSlab(): SysfsSlabEntry[] {
    return sysfsSlabEntries(this.state);
  }

  caches(): readonly KmemCache[] {
    return this.state.cacheList.filter((s) => s.alive);
  }

  // kmalloc_slab(), mm/slab_common.c 6.8
  kmallocSlab(size: number): KmemCache | null {
    return kmallocSlab(this.state, size);
  }

  // ---------------------------------------------------------------- public operations

  /** kmem_cache_alloc(): the object's physical address, or null. */
  kmemCacheAlloc(s: KmemCache): number | null {
    const slub = this.state;
    slub.k.rec.emit(EV_ALLOC, s.id, s.objectSize);
    slub.entry = 'kmem_cache_alloc';
    let obj = -1;
    try {
      obj = slabAllocNode(slub, s, false, s.objectSize);
    } catch (e) {
      endOp(slub, e);
    }
    slub.entry = '';
    return obj < 0 ? null : obj;
  }

  /** kmalloc(size), or kmalloc_trace(s, size) when a cache is given. */
  kmalloc(size: number, s?: KmemCache): number | null {
    const slub = this.state;
    const k = slub.k;
    if (s !== undefined) {
      k.rec.emit(EV_ALLOC, s.id, size);
      slub.entry = 'kmalloc_trace';
      return this.allocOp(s, size);
    }
    const max = slub.v2625 ? PAGE_SIZE : 2 * PAGE_SIZE;
    if (size > max) return kmallocLarge(slub, size);
    const c = size === 0 ? null : kmallocSlab(slub, size);
    k.rec.emit(EV_ALLOC, c ? c.id : -1, size);
    // kmalloc(0) returns ZERO_SIZE_PTR, which is not memory: null here
    if (!c) return null;
    slub.entry = '__kmalloc';
    return this.allocOp(c, size);
  }

  private allocOp(s: KmemCache, size: number): number | null {
    const slub = this.state;
    let obj = -1;
    try {
      obj = slabAllocNode(slub, s, false, size);
    } catch (e) {
      endOp(slub, e);
    }
    slub.entry = '';
    return obj < 0 ? null : obj;
  }

  /** kmem_cache_free(): a null cache means the cache of the object's slab. */
  kmemCacheFree(s: KmemCache | null, phys: number): void {
    const slub = this.state;
    const pfn = slabOf(slub, phys);
    const own = pfn >= 0 ? slub.cacheList[slub.pages.get(pfn, F_SLAB_CACHE) - 1] ?? null : null;
    slub.k.rec.emit(EV_FREE, (s ?? own)?.id ?? -1, phys);
    slub.entry = 'kmem_cache_free';
    try {
      kmemCacheFreeInner(slub, s, own, pfn, phys);
    } catch (e) {
      endOp(slub, e);
    }
    slub.entry = '';
  }

  /** kfree(): slab objects go back to their cache, large kmallocs to the page allocator. */
  kfree(phys: number): void {
    const slub = this.state;
    const pfn = slabOf(slub, phys);
    const s = pfn >= 0 ? slub.cacheList[slub.pages.get(pfn, F_SLAB_CACHE) - 1] ?? null : null;
    slub.k.rec.emit(EV_FREE, s ? s.id : -1, phys);
    slub.entry = 'kfree';
    try {
      if (s === null || pfn < 0) freeNonSlab(slub, phys, 'kfree');
      else slabFree(slub, s, pfn, phys);
    } catch (e) {
      endOp(slub, e);
    }
    slub.entry = '';
  }

  /** validate_slab_cache(), mm/slub.c 6.8: every slab on the lists, every object. */
  validateSlabCache(s: KmemCache): void {
    const slub = this.state;
    slub.k.rec.emit(EV_VALIDATE, s.id, 0);
    slub.entry = 'validate_slab_cache';
    try {
      flushAll(slub, s);
      validateSlabNode(slub, s);
    } catch (e) {
      endOp(slub, e);
    }
    slub.entry = '';
  }

  /** kmem_cache_destroy(), mm/slab_common.c 6.8 with __kmem_cache_shutdown(), mm/slub.c. */
  kmemCacheDestroy(s: KmemCache): void {
    const slub = this.state;
    slub.k.rec.emit(EV_CACHE_DESTROY, s.id, 0);
    slub.entry = 'kmem_cache_destroy';
    try {
      shutdownCache(slub, s);
    } catch (e) {
      endOp(slub, e);
    }
    slub.entry = '';
    slub.fDepth = 0;
  }

  // ---------------------------------------------------------------- views

  /** counters.slab_errors of the report. */
  counters(): Record<string, number> {
    return { slab_errors: this.state.slabErrors };
  }

  /** What the hex view and the memory map show for a byte in a slab: its cache, object and region. */
  describe(phys: number): PhysInfo | null {
    const o = this.slabObject(phys);
    if (!o) return null;
    return {
      owner: `slab:${o.cache}`,
      object: { name: o.cache, phys: o.objectPhys, allocated: o.allocated, objectSize: o.objectSize, size: o.size },
      regions: o.regions,
    };
  }

  /** Which cache and object cover phys, the object's regions, and whether it is allocated. */
  slabObject(phys: number): SlabObjectInfo | null {
    const slub = this.state;
    const pfn = slabOf(slub, phys);
    if (pfn < 0) return null;
    const p = slub.pages;
    const s = slub.cacheList[p.get(pfn, F_SLAB_CACHE) - 1];
    if (!s) return null;
    const start = pfn * PAGE_SIZE;
    const objects = p.get(pfn, F_SLAB_OBJECTS);
    const slabEnd = start + (PAGE_SIZE << slabOrder(slub, pfn));
    const idx = Math.floor((phys - start) / s.size);
    const rz = (s.flags & SLAB_RED_ZONE) !== 0;
    const info = {
      cache: s.name,
      cacheId: s.id,
      slabPhys: start,
      objectSize: s.objectSize,
      size: s.size,
      freePointerOffset: s.offset,
    };
    if (idx >= objects) {
      return { ...info, index: -1, objectPhys: start + objects * s.size, allocated: false, origSize: null, regions: [{ name: 'Slab padding', start: start + objects * s.size, end: slabEnd }] };
    }
    const slot = start + idx * s.size;
    const obj = slot + (rz ? s.redLeftPad : 0);
    // free: on the slab's freelist or on a CPU freelist of this slab
    let free = fillMap(slub, s, pfn)[idx] === 1;
    for (let cpu = 0; cpu < slub.ncpu && !free; cpu++) {
      const c = s.id * slub.stride + C_CPU0 + cpu * CPU_STRIDE;
      if (slub.st[c + CPU_SLAB] !== pfn + 1) continue;
      let fp = slub.st[c + CPU_FREELIST]!;
      for (let n = 0; fp > 0 && n <= objects; n++) {
        if (fp - 1 === obj) free = true;
        fp = getFreepointer(slub, s, fp - 1);
      }
    }
    const regions: SlabRegion[] = [];
    const add = (name: string, a: number, b: number): void => {
      if (b > a) regions.push({ name, start: a, end: b });
    };
    if (rz) add('Left Redzone', slot, obj);
    const orig = s.origSize && !free ? getOrigSize(slub, s, obj) : null;
    const objectSize = s.objectSize;
    if (orig !== null && orig < objectSize) {
      add('Object', obj, obj + orig);
      add('kmalloc Redzone', obj + orig, obj + objectSize);
    } else add('Object', obj, obj + objectSize);
    add(rz ? 'Right Redzone' : 'Alignment padding', obj + objectSize, obj + s.inuse);
    add('Free pointer', obj + s.offset, obj + s.offset + PTR_SIZE);
    let off = s.infoEnd;
    if ((s.flags & SLAB_STORE_USER) !== 0) {
      add('Alloc track', obj + off, obj + off + s.trackSize);
      add('Free track', obj + off + s.trackSize, obj + off + 2 * s.trackSize);
      off += 2 * s.trackSize;
      if (s.origSize) {
        add('Original size', obj + off, obj + off + 4);
        off += 4;
      }
    }
    add('Padding', obj + off, slot + s.size);
    return { ...info, index: idx, objectPhys: obj, allocated: !free, origSize: orig, regions };
  }
}
