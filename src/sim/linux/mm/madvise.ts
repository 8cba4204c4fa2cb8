// madvise(2) with MADV_PAGEOUT, MADV_COLD and MADV_DONTNEED on anonymous memory: do_madvise(),
// madvise_walk_vmas(), madvise_vma_behavior(), madvise_pageout()/madvise_cold() and the
// pmd_entry madvise_cold_or_pageout_pte_range() of mm/madvise.c as in 6.9-rc2 of
// mm-unstable, with "mm: madvise: Avoid split during MADV_PAGEOUT and MADV_COLD" (v5 6/6)
// applied. The patch madvise_pageout_relock_before_continue is Ryan Roberts' fix
// from that thread (v6, merged for 6.10): re-take the PTL first, then look at the split's error.
import { eventKind } from '../../engine/recorder.ts';
import { FOLIO_ACTIVE, FOLIO_LOCKED, FOLIO_REFERENCED, FOLIO_WORKINGSET, folioLikelyMappedShared, folioMapcount, folioNrPages, folioOrder, folioRefAdd, folioTestLarge, folioTestLru, pageMapcountAdd } from '../include/linux/mm.ts';
import { splitFolio } from './huge_memory.ts';
import { MmInputError, type MmStruct, type UserMm, type VmArea } from './mmap.ts';
import { syscallFrames } from '../../machine/layout.ts';
import { PAGE_SIZE } from '../include/linux/mm_types.ts';
import { walkPageRange, type MmWalk, type MmWalkOps } from './pagewalk.ts';
import {
  _PAGE_ACCESSED,
  _PAGE_DIRTY,
  _PAGE_RW,
  hexAddr,
  pmdAddrEnd,
  pmdIndex,
  PTE_NONE,
  pteMkold,
  pteNone,
  pteOffsetMapLock,
  ptePfn,
  ptePresent,
  pteUnmapUnlock,
  pteYoung,
  ptepGet,
  setPteAt,
  type Pte,
} from '../arch/x86/include/asm/pgtable.ts';
import { folioDeactivate, folioIsolateLru, reclaimPages } from './vmscan.ts';

/** Ryan Roberts' fix in the v5 6/6 thread: re-take the PTL, then check the split's error. */
export const PATCH_RELOCK_BEFORE_CONTINUE = 'madvise_pageout_relock_before_continue';

export type MadviseAdvice = 'pageout' | 'cold' | 'dontneed';
export const MADV_ADVICE: readonly MadviseAdvice[] = ['pageout', 'cold', 'dontneed'];
const MADV_NUMBER: Record<MadviseAdvice, number> = { dontneed: 4, cold: 20, pageout: 21 };

export const EV_MADVISE = eventKind('mm.madvise');
export const EV_MADVISE_DONE = eventKind('mm.madvise_done');
export const EV_FOLIO_PTE_BATCH = eventKind('mm.folio_pte_batch');
export const EV_FOLIO_SKIP = eventKind('mm.folio_skip');
export const EV_FOLIO_TRYLOCK = eventKind('mm.folio_trylock');
export const EV_FOLIO_UNLOCK = eventKind('mm.folio_unlock');
export const EV_FOLIO_GET = eventKind('mm.folio_get');
export const EV_FOLIO_PUT = eventKind('mm.folio_put');
export const EV_CLEAR_REFERENCED = eventKind('mm.folio_clear_referenced');
export const EV_MKOLD_PTES = eventKind('mm.mkold_ptes');
export const EV_ZAP_PTE_RANGE = eventKind('mm.zap_pte_range');
export const EV_TLB_FINISH = eventKind('mm.tlb_finish_mmu');

// Return addresses inside madvise_cold_or_pageout_pte_range(), from the machine's symbol table (the seed's own on arm64)
type PteRangeCall = 'pte_offset_map_lock' | 'split_unlock' | 'split_rcu_unlock' | 'split_folio' | 'relock' | 'end_unlock' | 'end_rcu_unlock' | 'reclaim_pages';
const pteRange = (m: UserMm, call: PteRangeCall): string => m.k.syms.at('madvise_cold_or_pageout_pte_range', call);

interface ColdWalkPrivate {
  pageout: boolean;
}

/**
 * madvise(start, len, advice) as the step's task. The whole range must be mapped: a hole
 * (the kernel's -ENOMEM) is scenario input error, raised before anything runs.
 */
export function doMadvise(m: UserMm, start: number, lenIn: number, advice: MadviseAdvice): void {
  const task = m.task;
  const mm = m.mmOf(task);
  if (!mm) throw new MmInputError(`${task} has no mappings: madvise() needs an mmap step run as the same task first`, 'task');
  if (start % PAGE_SIZE !== 0) throw new MmInputError(`madvise: start ${hexAddr(start)} is not page aligned (the kernel returns -EINVAL)`, 'offset');
  // len = PAGE_ALIGN(len_in)
  const end = start + Math.ceil(lenIn / PAGE_SIZE) * PAGE_SIZE;
  for (let a = start; a < end; ) {
    const v = m.findVma(mm, a);
    if (!v) throw new MmInputError(`madvise: ${hexAddr(a)} is not mapped in ${task}'s address space (the kernel returns -ENOMEM)`, 'len');
    a = v.end;
  }
  const k = m.k;
  k.rec.emit(EV_MADVISE, start, end - start, { fn: 'do_madvise', start: hexAddr(start), end: hexAddr(end), advice, behavior: MADV_NUMBER[advice] });
  const sys = syscallFrames(k.layout, 'madvise');
  // madvise_need_mmap_write() is false for all three: mmap_read_lock()
  m.lk.locking.lock(mm.mmapLock, 'read', { ip: m.k.syms.at('do_madvise.part.0', 'mmap_read_lock'), stack: sys });
  madviseWalkVmas(m, mm, start, end, advice, [m.k.syms.at('do_madvise.part.0', 'madvise_walk_vmas'), ...sys]);
  m.lk.locking.unlock(mm.mmapLock, { ip: m.k.syms.at('do_madvise.part.0', 'mmap_read_unlock'), stack: sys });
  k.rec.emit(EV_MADVISE_DONE, start, 0, { fn: 'do_madvise', ret: 0 });
}

// madvise_walk_vmas(): each VMA piece of [start, end) through madvise_vma_behavior()
function madviseWalkVmas(m: UserMm, mm: MmStruct, start: number, end: number, advice: MadviseAdvice, stack: readonly string[]): void {
  const inner = [m.k.syms.at('madvise_walk_vmas'), ...stack];
  for (const vma of [...mm.vmas]) {
    if (vma.end <= start || vma.start >= end) continue;
    madviseVmaBehavior(m, mm, vma, Math.max(start, vma.start), Math.min(end, vma.end), advice, inner);
  }
}

// madvise_vma_behavior(): the advice's handler for one VMA
function madviseVmaBehavior(m: UserMm, mm: MmStruct, vma: VmArea, start: number, end: number, advice: MadviseAdvice, stack: readonly string[]): void {
  switch (advice) {
    case 'pageout':
      // madvise_pageout(): lru_add_drain(), tlb_gather_mmu(), madvise_pageout_page_range() -> walk_page_range()
      walkPageRange(m, mm, start, end, COLD_WALK_OPS, { pageout: true }, [m.k.syms.at('madvise_pageout'), m.k.syms.at('madvise_vma_behavior', 'madvise_pageout'), ...stack]);
      return;
    case 'cold':
      // madvise_cold() -> madvise_cold_page_range() -> walk_page_range()
      walkPageRange(m, mm, start, end, COLD_WALK_OPS, { pageout: false }, [m.k.syms.at('madvise_cold'), m.k.syms.at('madvise_vma_behavior', 'madvise_cold'), ...stack]);
      return;
    case 'dontneed':
      // madvise_dontneed_free() -> madvise_dontneed_single_vma() -> zap_page_range_single()
      zapPageRangeSingle(m, mm, vma, start, end, [m.k.syms.at('zap_page_range_single'), m.k.syms.at('madvise_vma_behavior', 'zap_page_range_single'), ...stack]);
      return;
  }
}

// cold_walk_ops: { .pmd_entry = madvise_cold_or_pageout_pte_range, .walk_lock = PGWALK_RDLOCK }
const COLD_WALK_OPS: MmWalkOps<ColdWalkPrivate> = {
  name: 'madvise_cold_or_pageout_pte_range',
  pmdEntry: madviseColdOrPageoutPteRange,
};

/**
 * madvise_cold_or_pageout_pte_range() for one PTE table (PMD-mapped THPs and the
 * need_resched() restart are not modelled). A large folio fully mapped in the range stays
 * whole; one that is not is split when it is exclusive and unlocked, which drops the PTL.
 */
function madviseColdOrPageoutPteRange(_pmd: number, addr: number, end: number, walk: MmWalk<ColdWalkPrivate>, stack: readonly string[]): number {
  const { m, mm } = walk;
  const k = m.k;
  const p = k.pages;
  const pageout = walk.priv.pageout;
  const relockFirst = k.patch(PATCH_RELOCK_BEFORE_CONTINUE);
  const folioList: number[] = [];
  // tlb_change_page_size(); restart:
  let t = pteOffsetMapLock(m, mm, addr, { call: pteRange(m, 'pte_offset_map_lock'), stack });
  if (t === null) return 0;
  const pt = t.pt;
  let ptl = t.ptl;
  /** start_pte != NULL */
  let startPte = true;
  // flush_tlb_batched_pending(); arch_enter_lazy_mmu_mode()
  for (let nr = 1; addr < end; addr += nr * PAGE_SIZE) {
    nr = 1;
    const ptent = ptepGet(m, pt, addr);
    if (pteNone(ptent) || !ptePresent(ptent)) continue;
    // vm_normal_folio()
    const folio = p.compoundHead(ptePfn(ptent));
    if (!m.folios.has(folio)) continue;
    let young = pteYoung(ptent);
    if (folioTestLarge(p, folio)) {
      // FPB_IGNORE_DIRTY | FPB_IGNORE_SOFT_DIRTY, max_nr = (end - addr) / PAGE_SIZE
      const b = folioPteBatch(m, pt, folio, addr, ptent, (end - addr) / PAGE_SIZE);
      nr = b.nr;
      if (b.anyYoung) young = true;
      const nrPages = folioNrPages(p, folio);
      k.rec.emit(EV_FOLIO_PTE_BATCH, addr, nr, { fn: 'folio_pte_batch', addr: hexAddr(addr), pfn: folio, order: folioOrder(p, folio), nr, nr_pages: nrPages, fully_mapped: nr >= nrPages });
      if (nr < nrPages) {
        if (folioLikelyMappedShared(p, folio)) {
          skip(m, folio, addr, 'folio_likely_mapped_shared()');
          continue;
        }
        // pageout_anon_only_filter never applies: the model's memory is anonymous
        if (!folioTrylock(m, folio)) {
          skip(m, folio, addr, 'folio_trylock() failed');
          continue;
        }
        folioGet(m, folio);
        // arch_leave_lazy_mmu_mode()
        pteUnmapUnlock(m, ptl, pteRange(m, 'split_unlock'), pteRange(m, 'split_rcu_unlock'), stack);
        startPte = false;
        const err = splitFolio(m, folio, [pteRange(m, 'split_folio'), ...stack]);
        folioUnlock(m, folio);
        folioPut(m, folio);
        // v5 6/6: "if (err) continue;" here, with the PTL already dropped
        if (!relockFirst && err) continue;
        t = pteOffsetMapLock(m, mm, addr, { call: pteRange(m, 'relock'), stack });
        if (t === null) break;
        ptl = t.ptl;
        startPte = true;
        // arch_enter_lazy_mmu_mode()
        if (!err) nr = 0;
        continue;
      }
    }
    // a large folio here is fully mapped: exclusive when its mapcount equals its number of pages
    if (!folioTestLru(p, folio) || folioMapcount(p, folio) !== folioNrPages(p, folio)) {
      skip(m, folio, addr, folioTestLru(p, folio) ? 'mapped by another process' : 'not on an LRU list');
      continue;
    }
    if (!pageout && young) mkoldPtes(m, pt, addr, nr);
    // folio_clear_referenced(); folio_test_clear_young(); an active folio becomes workingset
    k.rec.emit(EV_CLEAR_REFERENCED, folio, 0, { fn: 'folio_clear_referenced', pfn: folio });
    const f = m.folio(folio);
    f.flags &= ~FOLIO_REFERENCED;
    if (f.flags & FOLIO_ACTIVE) f.flags |= FOLIO_WORKINGSET;
    if (pageout) {
      if (folioIsolateLru(m, folio)) folioList.push(folio);
    } else folioDeactivate(m, folio);
  }
  if (startPte) {
    // arch_leave_lazy_mmu_mode()
    pteUnmapUnlock(m, ptl, pteRange(m, 'end_unlock'), pteRange(m, 'end_rcu_unlock'), stack);
  }
  if (pageout) reclaimPages(m, folioList, [pteRange(m, 'reclaim_pages'), ...stack]);
  // cond_resched()
  return 0;
}

// folio_pte_batch(), mm/internal.h (with the thread's any_young): consecutive present PTEs mapping consecutive pages of the folio
function folioPteBatch(m: UserMm, pt: number, folio: number, addr: number, pte: Pte, maxNr: number): { nr: number; anyYoung: boolean } {
  const folioEnd = folio + folioNrPages(m.k.pages, folio);
  const pfn = ptePfn(pte);
  // __pte_batch_clear_ignored(): dirty, soft-dirty, young and write do not break a batch
  const ignore = _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_RW;
  const flags = (pte.lo & 0xfff & ~ignore) >>> 0;
  let anyYoung = false;
  let nr = 1;
  while (nr < maxNr && pfn + nr < folioEnd) {
    const q = ptepGet(m, pt, addr + nr * PAGE_SIZE);
    if (!ptePresent(q) || ptePfn(q) !== pfn + nr || (q.lo & 0xfff & ~ignore) >>> 0 !== flags || q.hi !== pte.hi) break;
    if (pteYoung(q)) anyYoung = true;
    nr++;
  }
  return { nr, anyYoung };
}

function skip(m: UserMm, folio: number, addr: number, why: string): void {
  m.k.rec.emit(EV_FOLIO_SKIP, folio, 0, { fn: 'madvise_cold_or_pageout_pte_range', pfn: folio, addr: hexAddr(addr), why });
}

// folio_trylock()
function folioTrylock(m: UserMm, folio: number): boolean {
  const f = m.folio(folio);
  const ok = (f.flags & FOLIO_LOCKED) === 0;
  m.k.rec.emit(EV_FOLIO_TRYLOCK, folio, ok ? 1 : 0, { fn: 'folio_trylock', pfn: folio, ok });
  if (ok) f.flags |= FOLIO_LOCKED;
  return ok;
}

// folio_unlock()
function folioUnlock(m: UserMm, folio: number): void {
  m.k.rec.emit(EV_FOLIO_UNLOCK, folio, 0, { fn: 'folio_unlock', pfn: folio });
  m.folio(folio).flags &= ~FOLIO_LOCKED;
}

// folio_get()
function folioGet(m: UserMm, folio: number): void {
  m.k.rec.emit(EV_FOLIO_GET, folio, 0, { fn: 'folio_get', pfn: folio });
  folioRefAdd(m.k.pages, folio, 1);
}

// folio_put(): the last reference frees the folio
function folioPut(m: UserMm, folio: number): void {
  m.k.rec.emit(EV_FOLIO_PUT, folio, 0, { fn: 'folio_put', pfn: folio });
  if (folioRefAdd(m.k.pages, folio, -1) === 0) m.freeFolio(folio, 'last reference');
}

// mkold_ptes() -> ptep_test_and_clear_young() on each of the nr entries (tlb_remove_tlb_entries() has nothing to show)
function mkoldPtes(m: UserMm, pt: number, addr: number, nr: number): void {
  m.k.rec.emit(EV_MKOLD_PTES, addr, nr, { fn: 'mkold_ptes', addr: hexAddr(addr), nr });
  for (let i = 0; i < nr; i++) {
    const a = addr + i * PAGE_SIZE;
    const pte = ptepGet(m, pt, a);
    if (pteYoung(pte)) setPteAt(m, pt, a, pteMkold(pte), 'mkold_ptes (MADV_COLD)');
  }
}

/**
 * zap_page_range_single() -> unmap_single_vma() -> unmap_page_range() -> zap_pte_range()
 * per PTE table under its PTL; tlb_finish_mmu() then drops the references the entries
 * held, freeing folios nobody maps any more. A partly zapped large folio stays whole
 * (deferred_split_folio() is not modelled).
 */
function zapPageRangeSingle(m: UserMm, mm: MmStruct, vma: VmArea, start: number, end: number, stack: readonly string[]): void {
  const k = m.k;
  const p = k.pages;
  const inner = [m.k.syms.at('unmap_page_range'), m.k.syms.at('unmap_single_vma'), ...stack];
  const refs = new Map<number, number>();
  for (let addr = start; addr < end; ) {
    const next = pmdAddrEnd(addr, end);
    if (mm.pts.has(pmdIndex(addr))) {
      const t = pteOffsetMapLock(m, mm, addr, { call: m.k.syms.at('zap_pte_range', 'pte_offset_map_lock'), stack: inner });
      if (t !== null) {
        k.rec.emit(EV_ZAP_PTE_RANGE, addr, next - addr, { fn: 'zap_pte_range', start: hexAddr(addr), end: hexAddr(next), vma: vma.name });
        for (let a = addr; a < next; a += PAGE_SIZE) {
          const pte = ptepGet(m, t.pt, a);
          if (pteNone(pte)) continue;
          // ptep_get_and_clear_full(); a swap entry goes with free_swap_and_cache()
          setPteAt(m, t.pt, a, PTE_NONE, 'zap_pte_range');
          if (!ptePresent(pte)) continue;
          const page = ptePfn(pte);
          const folio = p.compoundHead(page);
          // folio_remove_rmap_ptes(); the reference goes with the TLB batch
          pageMapcountAdd(p, page, -1);
          refs.set(folio, (refs.get(folio) ?? 0) + 1);
        }
        pteUnmapUnlock(m, t.ptl, m.k.syms.at('zap_pte_range', '_raw_spin_unlock'), m.k.syms.at('zap_pte_range', 'rcu_read_unlock'), inner);
      }
    }
    addr = next;
  }
  for (const [folio, n] of refs) {
    k.rec.emit(EV_TLB_FINISH, folio, n, { fn: 'free_pages_and_swap_cache', pfn: folio, refs: n });
    if (folioRefAdd(p, folio, -n) === 0) m.freeFolio(folio, 'zapped');
  }
}
