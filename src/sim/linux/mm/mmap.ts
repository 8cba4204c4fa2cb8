// User address spaces: struct mm_struct with &mm->mmap_lock, anonymous private VMAs with
// their anon_vma, and the MAP_POPULATE fault path that fills them with (m)THP folios.
// Follows Linux 6.9: vm_mmap_pgoff() + __mm_populate() (mm/util.c, mm/gup.c),
// do_anonymous_page()/alloc_anon_folio() (mm/memory.c), __anon_vma_prepare() (mm/rmap.c),
// __pte_alloc() (mm/memory.c). One mm per task, created on the task's first mmap.
import type { Hasher } from '../../engine/hash.ts';
import { eventKind } from '../../engine/recorder.ts';
import type { Kernel } from '../../machine/kernel.ts';
import type { Subsystem } from '../../machine/subsystem.ts';
import type { LockingModel } from '../../machine/locking_model.ts';
import { syscallFrames } from '../../machine/layout.ts';
import {
  FOLIO_LOCKED,
  folioFlagNames,
  folioFromTuple,
  folioMapcount,
  folioNrPages,
  folioOrder,
  folioRefAdd,
  folioRefCount,
  folioToTuple,
  pageMapcountAdd,
  type FolioInfo,
  type FolioTuple,
} from '../include/linux/mm.ts';
import { PAGE_SIZE, PG_lru } from '../include/linux/mm_types.ts';
import { doAnonymousPage, type AnonMapTarget } from './memory.ts';
import { hexAddr, mkAnonPte, pmdIndex, PMD_SIZE, ptepGet, pteOffsetMapLock, pteState, pteUnmapUnlock, ptlName, setPteAt, type PteState } from '../arch/x86/include/asm/pgtable.ts';

export const EV_MM_INIT = eventKind('mm.mm_init');
export const EV_MMAP = eventKind('mm.mmap');
export const EV_ANON_VMA_PREPARE = eventKind('mm.anon_vma_prepare');
export const EV_PTE_ALLOC = eventKind('mm.pte_alloc');
export const EV_FAULT = eventKind('mm.fault');
export const EV_SET_PTES = eventKind('mm.set_ptes');
export const EV_FOLIO_STATE = eventKind('mm.folio_state');
export const EV_FOLIO_FREE = eventKind('mm.folio_free');

/** The mTHP orders an anonymous mapping may use (6.9: 2..PMD_ORDER-1) and 0 for small pages. */
export const ANON_FOLIO_ORDERS: readonly number[] = [0, 2, 3, 4, 5, 6, 7, 8];

/** Scenario input the model cannot act on (never a simulated kernel bug). */
export class MmInputError extends Error {
  constructor(
    message: string,
    /** Field of the step the problem is in, e.g. "ptr" or "folios[1].index". */
    readonly field = '',
  ) {
    super(message);
    this.name = 'MmInputError';
  }
}

/** An anonymous private VMA (vm_area_struct). */
export interface VmArea {
  /** The scenario's `as` name of the mapping. */
  name: string;
  start: number;
  end: number;
  /** Order of the folios the faults allocate (the mTHP size enabled for it). */
  order: number;
  /** Lock name of vma->anon_vma->rwsem once __anon_vma_prepare() has run, else null. */
  anonVma: string | null;
}

export interface MmStruct {
  task: string;
  /** Lock name of &mm->mmap_lock in the locking model. */
  mmapLock: string;
  /** Next top-down mmap address (mm->mmap_base, then below each new mapping). */
  top: number;
  vmas: VmArea[];
  /** PMD index -> frame of its PTE table. */
  pts: Map<number, number>;
}

type MmTuple = [task: string, mmapLock: string, top: number, vmas: [string, number, number, number, string | null][], pts: [number, number][]];

export interface UserMmSnapshot {
  mms: MmTuple[];
  folios: FolioTuple[];
  swapNext: number;
}

/** What the scenario says other parts of the system did to one folio of a new mapping. */
export interface FolioAttrs {
  index: number;
  /** Someone else holds the folio lock (PG_locked), e.g. reclaim or migration in progress. */
  locked?: boolean;
  /** Also mapped by a child process after fork(): every page mapped twice. */
  shared?: boolean;
  /** A FOLL_PIN pin (O_DIRECT, io_uring fixed buffer, ...): one extra reference. */
  pinned?: boolean;
}

/** One page of a mapping as a view shows it. */
export interface PageView {
  addr: string;
  pte: PteState;
  /** Head pfn of the mapped folio (present PTEs). */
  folio?: number;
}

export interface FolioView {
  pfn: number;
  addr: string;
  order: number;
  refcount: number;
  mapcount: number;
  lru: boolean;
  flags: string[];
  pins: number;
}

export interface VmaView {
  name: string;
  start: string;
  end: string;
  order: number;
  anonVma: string | null;
  pages: PageView[];
}


/** The user-memory model: registered with the kernel as one subsystem. */
export class UserMm implements Subsystem<UserMmSnapshot> {
  readonly name = 'mm.user';
  readonly mms = new Map<string, MmStruct>();
  /** Anonymous folios by head pfn. */
  readonly folios = new Map<number, FolioInfo>();
  /** Next free slot of the swap device (a zram-like device that never fills up). */
  swapNext = 1;

  constructor(
    readonly k: Kernel,
    readonly lk: LockingModel,
    /** init_on_free (mm_init): freed user pages are cleared like every other page. */
    private readonly initOnFree: () => boolean = () => false,
  ) {}

  get task(): string {
    return this.k.rec.ctx.task;
  }

  mmOf(task: string): MmStruct | undefined {
    return this.mms.get(task);
  }

  // find_vma_intersection(): the VMA that contains addr
  findVma(mm: MmStruct, addr: number): VmArea | undefined {
    return mm.vmas.find((v) => v.start <= addr && addr < v.end);
  }

  vmaByName(mm: MmStruct, name: string): VmArea | undefined {
    return mm.vmas.find((v) => v.name === name);
  }

  folio(pfn: number): FolioInfo {
    const f = this.folios.get(pfn);
    if (!f) throw new Error(`mm.user: no folio at pfn 0x${pfn.toString(16)}`);
    return f;
  }

  // mm_init() -> mmap_init_lock(): a new mm for the task (as execve() creates it)
  private mmFor(task: string): MmStruct {
    let mm = this.mms.get(task);
    if (mm) return mm;
    this.k.rec.emit(EV_MM_INIT, 0, 0, { fn: 'mm_init', task });
    // arch_pick_mmap_layout(): mmap_base below the stack gap, randomised
    const top = 0x7f0000000000 + this.k.rng.below(0x3f00) * PMD_SIZE;
    mm = { task, mmapLock: `mmap_lock:${task}`, top, vmas: [], pts: new Map() };
    this.mms.set(task, mm);
    this.lk.locking.lockInit(mm.mmapLock, 'rwsem', '&mm->mmap_lock', {
      ip: this.k.syms.at('mm_init'),
      stack: [this.k.syms.at('mm_alloc'), this.k.syms.at('alloc_bprm'), this.k.syms.at('do_execveat_common.isra.0'), ...syscallFrames(this.k.layout, 'execve')],
    });
    return mm;
  }

  /**
   * mmap(NULL, pages * 4K, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_POPULATE, -1, 0)
   * as the step's task, with `order`-sized folios enabled for the VMA. Returns the start address.
   */
  mmap(name: string, pages: number, order: number, attrs: readonly FolioAttrs[]): number {
    if (!this.k.since('6.8')) throw new MmInputError('mmap: the user-memory model follows 6.9-rc2 of mm-unstable (anonymous mTHP came with 6.8); it needs machine.kernel "6.8" or "6.9-rc2"', 'op');
    if (!ANON_FOLIO_ORDERS.includes(order)) throw new MmInputError(`folio_order ${order} is not an anonymous mTHP order (0 or 2..8)`, 'folio_order');
    const task = this.task;
    const existing = this.mms.get(task);
    if (existing && this.vmaByName(existing, name)) throw new MmInputError(`"${name}" is already a mapping of ${task}`, 'as');
    const nr = 1 << order;
    attrs.forEach((a, i) => {
      if ((a.index + 1) * nr > pages) throw new MmInputError(`folio ${a.index} is outside the ${Math.floor(pages / nr)} folios of the mapping`, `folios[${i}].index`);
    });
    const mm = this.mmFor(task);
    const size = pages * PAGE_SIZE;
    const sys = [this.k.syms.at('ksys_mmap_pgoff'), ...syscallFrames(this.k.layout, 'mmap')];
    this.lk.locking.lock(mm.mmapLock, 'write', { ip: this.k.syms.at('vm_mmap_pgoff', 'mmap_write_lock'), stack: sys });
    // get_unmapped_area(): top-down, PMD-aligned so the folios sit naturally aligned
    const start = Math.floor((mm.top - size) / PMD_SIZE) * PMD_SIZE;
    if (start < 0x10000) {
      this.lk.locking.unlock(mm.mmapLock, { ip: this.k.syms.at('vm_mmap_pgoff', 'mmap_write_unlock'), stack: sys });
      throw new MmInputError(`no room for ${size} bytes in ${task}'s address space`, 'pages');
    }
    this.k.rec.emit(EV_MMAP, start, size, { fn: 'mmap_region', vma: name, start: hexAddr(start), end: hexAddr(start + size), folio_order: order });
    mm.top = start;
    const vma: VmArea = { name, start, end: start + size, order, anonVma: null };
    mm.vmas.push(vma);
    mm.vmas.sort((a, b) => a.start - b.start);
    this.lk.locking.unlock(mm.mmapLock, { ip: this.k.syms.at('vm_mmap_pgoff', 'mmap_write_unlock'), stack: sys });
    this.populate(mm, vma, [this.k.syms.at('vm_mmap_pgoff', '__mm_populate'), ...sys]);
    this.applyAttrs(vma, attrs);
    return start;
  }

  // __mm_populate() -> populate_vma_page_range() -> __get_user_pages() -> handle_mm_fault() for each folio-sized block
  private populate(mm: MmStruct, vma: VmArea, stack: readonly string[]): void {
    this.lk.locking.lock(mm.mmapLock, 'read', { ip: this.k.syms.at('__mm_populate', 'mmap_read_lock'), stack });
    const fault = [this.k.syms.at('__handle_mm_fault'), this.k.syms.at('handle_mm_fault'), this.k.syms.at('__get_user_pages'), this.k.syms.at('populate_vma_page_range'), this.k.syms.at('__mm_populate', 'populate_vma_page_range'), ...stack];
    const nr = 1 << vma.order;
    for (let addr = vma.start; addr < vma.end; ) {
      // alloc_anon_folio(): the enabled order when the naturally aligned block fits the VMA, else a small page
      const order = addr % (nr * PAGE_SIZE) === 0 && addr + nr * PAGE_SIZE <= vma.end ? vma.order : 0;
      this.doAnonymousPage(mm, vma, addr, order, fault);
      addr += (1 << order) * PAGE_SIZE;
    }
    this.lk.locking.unlock(mm.mmapLock, { ip: this.k.syms.at('__mm_populate', 'mmap_read_unlock'), stack });
  }

  // The 6.9 address space under do_anonymous_page() (mm/memory.ts): anon_vma_prepare() and pte_alloc() first,
  // then alloc_anon_folio() of the order, and set_ptes() under the PTL with the folio on the LRU
  private doAnonymousPage(mm: MmStruct, vma: VmArea, addr: number, order: number, stack: readonly string[]): void {
    const k = this.k;
    const target: AnonMapTarget = {
      prepare: () => {
        if (vma.anonVma === null) this.anonVmaPrepare(vma, [this.k.syms.at('do_anonymous_page', '__anon_vma_prepare'), ...stack]);
        if (!mm.pts.has(pmdIndex(addr))) this.pteAlloc(mm, addr, [this.k.syms.at('do_anonymous_page', '__pte_alloc'), ...stack]);
        k.rec.emit(EV_FAULT, addr, order, { fn: 'alloc_anon_folio', addr: hexAddr(addr), order });
      },
      map: (pfn, nr) => {
        this.folios.set(pfn, { mm: mm.task, vma: vma.name, addr, flags: 0, pins: 0, swap: -1 });
        const t = pteOffsetMapLock(this, mm, addr, { call: this.k.syms.at('do_anonymous_page', 'pte_offset_map_lock'), stack });
        if (t === null) throw new Error('mm.user: PTE table vanished during a fault');
        k.rec.emit(EV_SET_PTES, addr, nr, { fn: 'set_ptes', addr: hexAddr(addr), nr, pfn });
        for (let i = 0; i < nr; i++) {
          setPteAt(this, t.pt, addr + i * PAGE_SIZE, mkAnonPte(pfn + i), `set_ptes (${mm.task} fault at ${hexAddr(addr)})`);
          pageMapcountAdd(k.pages, pfn + i, 1);
        }
        // folio_add_lru_vma(): the per-CPU batch is drained before anyone looks (lru_add_drain())
        k.pages.setFlag(pfn, PG_lru);
        pteUnmapUnlock(this, t.ptl, this.k.syms.at('do_anonymous_page', '_raw_spin_unlock'), this.k.syms.at('do_anonymous_page', 'rcu_read_unlock'), stack);
      },
    };
    if (doAnonymousPage(k, mm.task, order, target, `clear_user_highpage (${mm.task} fault)`) === null) throw new MmInputError(`out of simulated RAM while populating "${vma.name}" (raise config.machine.ramMiB)`, 'pages');
  }

  // __anon_vma_prepare(), mm/rmap.c 6.9: allocate the anon_vma (its rwsem initialised by anon_vma_ctor()) and link it under its write lock
  private anonVmaPrepare(vma: VmArea, stack: readonly string[]): void {
    this.k.rec.emit(EV_ANON_VMA_PREPARE, vma.start, 0, { fn: '__anon_vma_prepare', vma: vma.name });
    const name = `anon_vma:${vma.name}`;
    vma.anonVma = name;
    const inner = [this.k.syms.at('__anon_vma_prepare', 'kmem_cache_alloc'), ...stack];
    this.lk.locking.lockInit(name, 'rwsem', '&anon_vma->rwsem', { ip: this.k.syms.at('anon_vma_ctor'), stack: [this.k.syms.at('kmem_cache_alloc'), ...inner] });
    this.lk.locking.lock(name, 'write', { ip: this.k.syms.at('__anon_vma_prepare', 'down_write'), stack });
    this.lk.locking.unlock(name, { ip: this.k.syms.at('__anon_vma_prepare', 'up_write'), stack });
  }

  // __pte_alloc() -> pte_alloc_one() (GFP_PGTABLE_USER: zeroed) -> pagetable_pte_ctor() -> ptlock_init()
  private pteAlloc(mm: MmStruct, addr: number, stack: readonly string[]): void {
    const k = this.k;
    k.rec.emit(EV_PTE_ALLOC, addr, 0, { fn: '__pte_alloc', pmd: hexAddr(pmdIndex(addr) * PMD_SIZE) });
    const pfn = k.buddy.allocPages(0, false, k.pages.ownerId(`page tables (${mm.task})`));
    if (pfn === null) throw new MmInputError(`out of simulated RAM for a page table of ${mm.task}`, 'pages');
    k.memFill(pfn * PAGE_SIZE, PAGE_SIZE, 0, 'pte_alloc_one (__GFP_ZERO)');
    mm.pts.set(pmdIndex(addr), pfn);
    this.lk.locking.lockInit(ptlName(mm, addr), 'spinlock', 'ptlock_ptr(ptdesc)', { ip: this.k.syms.at('pagetable_pte_ctor'), stack: [this.k.syms.at('pte_alloc_one'), this.k.syms.at('__pte_alloc'), ...stack] });
  }

  // The scenario's view of what others did to the new folios: folio_lock() by someone else, fork() sharing, pin_user_pages()
  private applyAttrs(vma: VmArea, attrs: readonly FolioAttrs[]): void {
    const p = this.k.pages;
    const nr = 1 << vma.order;
    for (const a of attrs) {
      const addr = vma.start + a.index * nr * PAGE_SIZE;
      const pfn = this.headAt(vma, addr);
      this.k.rec.emit(EV_FOLIO_STATE, addr, pfn, { fn: 'folio_state', addr: hexAddr(addr), pfn, locked: a.locked === true, shared: a.shared === true, pinned: a.pinned === true });
      const f = this.folio(pfn);
      if (a.locked) f.flags |= FOLIO_LOCKED;
      if (a.shared) {
        const n = folioNrPages(p, pfn);
        for (let i = 0; i < n; i++) pageMapcountAdd(p, pfn + i, 1);
        folioRefAdd(p, pfn, n);
      }
      if (a.pinned) {
        f.pins++;
        folioRefAdd(p, pfn, 1);
      }
    }
  }

  // free_unref_folios() after the last folio_put(): the frames go back to the buddy allocator
  freeFolio(pfn: number, why: string): void {
    const k = this.k;
    const order = folioOrder(k.pages, pfn);
    k.rec.emit(EV_FOLIO_FREE, pfn, order, { fn: 'free_unref_folios', pfn, order, why });
    this.folios.delete(pfn);
    k.pages.clearFlag(pfn, PG_lru);
    if (this.initOnFree()) k.memFill(pfn * PAGE_SIZE, PAGE_SIZE << order, 0, 'init_on_free (kernel_init_pages)');
    k.buddy.freeBlock(pfn, order);
  }

  private headAt(vma: VmArea, addr: number): number {
    for (const [pfn, f] of this.folios) if (f.vma === vma.name && f.addr === addr) return pfn;
    throw new Error(`mm.user: no folio at ${hexAddr(addr)}`);
  }

  // ---------------------------------------------------------------- views

  /** The task's mappings, page by page. */
  view(task: string): VmaView[] {
    const mm = this.mms.get(task);
    if (!mm) return [];
    return mm.vmas.map((v) => {
      const pages: PageView[] = [];
      for (let a = v.start; a < v.end; a += PAGE_SIZE) {
        const pt = mm.pts.get(pmdIndex(a));
        const pte = pt === undefined ? ({ kind: 'none' } as const) : pteState(ptepGet(this, pt, a));
        const pv: PageView = { addr: hexAddr(a), pte };
        if (pte.kind === 'present') pv.folio = this.k.pages.compoundHead(pte.pfn);
        pages.push(pv);
      }
      return { name: v.name, start: hexAddr(v.start), end: hexAddr(v.end), order: v.order, anonVma: v.anonVma, pages };
    });
  }

  /** Every folio of the task, by address. */
  folioViews(task: string): FolioView[] {
    const p = this.k.pages;
    const out: FolioView[] = [];
    for (const [pfn, f] of this.folios) {
      if (f.mm !== task) continue;
      out.push({ pfn, addr: hexAddr(f.addr), order: folioOrder(p, pfn), refcount: folioRefCount(p, pfn), mapcount: folioMapcount(p, pfn), lru: p.test(pfn, PG_lru), flags: folioFlagNames(f.flags), pins: f.pins });
    }
    return out.sort((a, b) => parseInt(a.addr, 16) - parseInt(b.addr, 16) || a.pfn - b.pfn);
  }

  // ---------------------------------------------------------------- Subsystem

  snapshot(): UserMmSnapshot {
    const mms: MmTuple[] = [];
    for (const mm of this.mms.values()) mms.push([mm.task, mm.mmapLock, mm.top, mm.vmas.map((v) => [v.name, v.start, v.end, v.order, v.anonVma]), [...mm.pts]]);
    const folios: FolioTuple[] = [];
    for (const [pfn, f] of this.folios) folios.push(folioToTuple(pfn, f));
    return { mms, folios, swapNext: this.swapNext };
  }

  restore(s: UserMmSnapshot): void {
    this.mms.clear();
    for (const [task, mmapLock, top, vmas, pts] of s.mms) {
      this.mms.set(task, { task, mmapLock, top, vmas: vmas.map(([name, start, end, order, anonVma]) => ({ name, start, end, order, anonVma })), pts: new Map(pts) });
    }
    this.folios.clear();
    for (const t of s.folios) {
      const [pfn, f] = folioFromTuple(t);
      this.folios.set(pfn, f);
    }
    this.swapNext = s.swapNext;
  }

  hashInto(h: Hasher): void {
    h.u32(this.mms.size).u32(this.folios.size).u32(this.swapNext);
    for (const mm of this.mms.values()) {
      h.str(mm.task).num(mm.top).u32(mm.vmas.length);
      for (const v of mm.vmas) h.str(v.name).num(v.start).num(v.end).u32(v.order).str(v.anonVma ?? '');
      for (const [i, pfn] of mm.pts) h.num(i).u32(pfn);
    }
    for (const [pfn, f] of this.folios) h.u32(pfn).str(f.mm).str(f.vma).num(f.addr).u32(f.flags).u32(f.pins).num(f.swap);
  }
}
