// The allocator's state, shared by the files that model mm/slub.c (Linux 6.8): what the kernel keeps in
// struct kmem_cache_cpu / struct kmem_cache_node (include/linux/slub_def.h, mm/slab.h) and in the
// globals of mm/slub.c, with the event kinds SLUB emits.
//
// State lives where the kernel keeps it: per-slab fields in struct page columns, free
// pointers inside object memory (as real little-endian virtual addresses), and only the
// small per-cache/per-CPU bookkeeping (kmem_cache_cpu, kmem_cache_node) in one typed array.
import { eventKind } from '../../engine/recorder.ts';
import type { KallSyms } from '../kernel/kallsyms.ts';
import type { Kernel } from '../../machine/kernel.ts';
import type { MmInit } from './mm_init.ts';
import type { StructPages } from '../include/linux/mm_types.ts';
import {
  C_CPU0,
  type CacheStateSource,
  CPU_STRIDE,
  DEBUG_DEFAULT_FLAGS,
  type KmemCache,
  PAGE_ALLOC_COSTLY_ORDER,
  SLAB_POISON,
  SLAB_TYPESAFE_BY_RCU,
} from './slab.ts';
import type { SlubDebugSettings } from './slub_debug.ts';
import { type Frame, StackDepot } from '../lib/stackdepot.ts';


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

// once-only messages (WARN_ONCE, pr_warn_once)
export const ONCE_VIRT_TO_CACHE = 2;
export const ONCE_FREE_LARGE = 4;

export const TWO32 = 0x100000000;
export const DEACTIVATE_TO_HEAD = false;
export const DEACTIVATE_TO_TAIL = true;

/** The allocator's state: what the kernel keeps in kmem_cache_cpu, kmem_cache_node and mm/slub.c globals. */
export class SlubState implements CacheStateSource {
  readonly k: Kernel;
  readonly pages: StructPages;
  readonly mm: MmInit;
  readonly v2625: boolean;
  readonly ncpu: number;
  /** Fields per cache in `st`: the C_* fields, then CPU_STRIDE per CPU. */
  readonly stride: number;
  readonly hiBase: number;
  readonly ram: number;
  st: Float64Array;
  readonly cacheList: KmemCache[] = [];
  readonly aliasNames: string[] = [];
  readonly aliasTarget: number[] = [];
  aliasAlive = new Uint8Array(16);
  kmallocIdx = new Int32Array(14).fill(-1);
  /** counters.slab_errors: every place 6.8 calls slab_add_kunit_errors(). */
  slabErrors = 0;
  once = 0;

  // boot-time settings from the command line and Kconfig
  dbg: SlubDebugSettings;
  slubMinOrder = 0;
  slubMaxOrder: number;
  slubMinObjects = 0;
  slabNomerge: boolean;
  readonly cpuPartialEnabled: boolean;
  noHashPointers = false;
  readonly hashKey: number;
  booting = false;
  /** The kernel's symbol table. */
  readonly syms: KallSyms;
  /** Set by a model while it calls into the allocator (d_alloc() allocating a dentry). */
  siteOverride: Frame | null = null;

  // call frames of the operation in progress (innermost last), for dump_stack()
  readonly fNames: string[] = new Array<string>(32).fill('');
  fDepth = 0;
  entry = '';
  // the words of the last pointer that did not decode to a direct-map address
  badLo = 0;
  badHi = 0;
  /** The object get_partial_node() found for a debug cache (partial_context.object). */
  pcObject = -1;

  // set_track(): the caller's address for the last callSite, and the stack depot
  callerOf: Frame | null = null;
  callerLo = 0;
  callerHi = 0;
  readonly depot = new StackDepot();
  readonly u32buf = new Uint8Array(4);

  /** The function that called into the allocator, for tracks and stack traces: the model's, else the step's. */
  get callSite(): Frame {
    return this.siteOverride ?? this.k.rec.ctx.caller;
  }

  constructor(k: Kernel, mm: MmInit) {
    this.k = k;
    this.pages = k.pages;
    this.mm = mm;
    this.v2625 = !k.since('2.6.26');
    this.ncpu = k.config.cpus;
    this.stride = C_CPU0 + CPU_STRIDE * this.ncpu;
    this.st = new Float64Array(this.stride * 32);
    this.hiBase = Number(k.layout.pageOffset >> 32n);
    this.ram = k.ramBytes;
    this.hashKey = (Math.imul(k.config.seed ^ 0x5bd1e995, 0x9e3779b1) >>> 0) | 1;
    this.syms = k.syms;
    this.dbg = { flags: k.kconfig('CONFIG_SLUB_DEBUG_ON') ? DEBUG_DEFAULT_FLAGS : 0, debugString: null, disableHigherOrderDebug: false };
    // 2.6.25 used PAGE_ALLOC_COSTLY_ORDER too (kmalloc-4096 debug slabs are order 3 in the 2.6.25-git2 paging-request thread)
    this.slubMaxOrder = PAGE_ALLOC_COSTLY_ORDER;
    if (this.v2625) this.slubMinObjects = 4;
    // the scenario contract makes every option but the debug ones n, so merging and cpu partials are opt-in here;
    // 2.6.25 has no CONFIG_SLAB_MERGE_DEFAULT (4.13): its SLUB always merges unless booted with slub_nomerge
    this.slabNomerge = this.v2625 ? false : !k.kconfig('CONFIG_SLAB_MERGE_DEFAULT');
    this.cpuPartialEnabled = !this.v2625 && k.kconfig('CONFIG_SLUB_CPU_PARTIAL');
  }

  cacheField(id: number, field: number): number {
    return this.st[id * this.stride + field]!;
  }

  aliasesOf(id: number): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.aliasNames.length; i++) if (this.aliasTarget[i] === id && this.aliasAlive[i]) out.push(this.aliasNames[i]!);
    return out;
  }
}

/** The row of cache s in the state array. */
export function cacheBase(slub: SlubState, s: KmemCache): number {
  return s.id * slub.stride;
}

/** The kmem_cache_cpu of the CPU the current step runs on. */
export function cpuBase(slub: SlubState, s: KmemCache): number {
  const cpu = slub.k.rec.ctx.cpu;
  if (cpu >= slub.ncpu) throw new RangeError(`CPU ${cpu} does not exist (machine.cpus is ${slub.ncpu})`);
  return s.id * slub.stride + C_CPU0 + cpu * CPU_STRIDE;
}

// mm/slub.c 2.6.25: __slab_alloc() takes the debug objects itself (no alloc_single_from_*()), __slab_free()
// frees them (no free_to_partial_list()), kmem_cache_close() empties a cache; kmalloc() of a known size and
// kmem_cache_zalloc() are inline kmem_cache_alloc() calls (no kmalloc_trace())
const NAMES_2625: Readonly<Record<string, string>> = {
  ___slab_alloc: '__slab_alloc',
  alloc_single_from_partial: '__slab_alloc',
  alloc_single_from_new_slab: '__slab_alloc',
  free_to_partial_list: '__slab_free',
  __kmem_cache_shutdown: 'kmem_cache_close',
  kmalloc_trace: 'kmem_cache_alloc',
  kmem_cache_zalloc: 'kmem_cache_alloc',
};

/** The name the machine's mm/slub.c gives a function the model names as 6.8 does. */
export function slubFn(slub: SlubState, name: string): string {
  return slub.v2625 ? (NAMES_2625[name] ?? name) : name;
}

/** Enters a modeled function: the frame dump_stack() shows for it. */
export function fpush(slub: SlubState, name: string): void {
  if (slub.fDepth < slub.fNames.length) slub.fNames[slub.fDepth] = slubFn(slub, name);
  slub.fDepth++;
}

export function fpop(slub: SlubState): void {
  if (slub.fDepth > 0) slub.fDepth--;
}

// slab_want_init_on_alloc(), mm/slab.h 6.8
export function wantInitOnAlloc(slub: SlubState, s: KmemCache, gfpZero: boolean): boolean {
  if (slub.mm.initOnAllocKey) {
    if (s.ctor) return false;
    if ((s.flags & (SLAB_TYPESAFE_BY_RCU | SLAB_POISON)) !== 0) return gfpZero;
    return true;
  }
  return gfpZero;
}

// slab_want_init_on_free(), mm/slab.h 6.8
export function wantInitOnFree(slub: SlubState, s: KmemCache): boolean {
  if (slub.mm.initOnFreeKey) return !(s.ctor || (s.flags & (SLAB_TYPESAFE_BY_RCU | SLAB_POISON)) !== 0);
  return false;
}
