// The generic page-table walker: walk_page_range() of mm/pagewalk.c, Linux 6.9, for walks
// with a pmd_entry callback (madvise's cold_walk_ops). The p4d/pud/pmd levels are inline in
// walk_pgd_range() as the call traces in the "mm: madvise: Avoid split during MADV_PAGEOUT and MADV_COLD" v5 thread show; PMDs without a PTE table are holes the
// ops here do not ask about.
import { eventKind } from '../../engine/recorder.ts';
import type { MmStruct, UserMm, VmArea } from './mmap.ts';
import { hexAddr, pmdAddrEnd, pmdIndex } from '../arch/x86/include/asm/pgtable.ts';

export const EV_WALK_VMA = eventKind('mm.walk_vma');
export const EV_PMD_ENTRY = eventKind('mm.pmd_entry');

/** struct mm_walk: what the callback gets. */
export interface MmWalk<P> {
  readonly m: UserMm;
  readonly mm: MmStruct;
  readonly vma: VmArea;
  readonly priv: P;
}

/** struct mm_walk_ops with only .pmd_entry: returns 0 to go on, non-zero to stop the walk. */
export interface MmWalkOps<P> {
  /** Kernel name of the callback, for the event log. */
  readonly name: string;
  pmdEntry(pmd: number, addr: number, end: number, walk: MmWalk<P>, stack: readonly string[]): number;
}

// walk_page_range(): per VMA in [start, end), __walk_page_range(); `stack` is the frames above it
export function walkPageRange<P>(m: UserMm, mm: MmStruct, start: number, end: number, ops: MmWalkOps<P>, priv: P, stack: readonly string[]): number {
  if (start >= end) return -22;
  const inner = [m.k.syms.at('walk_page_range'), ...stack];
  let err = 0;
  for (const vma of mm.vmas) {
    if (vma.end <= start || vma.start >= end) continue;
    const s = Math.max(start, vma.start);
    const e = Math.min(end, vma.end);
    m.k.rec.emit(EV_WALK_VMA, s, e - s, { fn: 'walk_page_range', vma: vma.name, start: hexAddr(s), end: hexAddr(e), ops: ops.name });
    err = walkPgdRange(m, mm, vma, s, e, ops, priv, [m.k.syms.at('__walk_page_range'), ...inner]);
    if (err) break;
  }
  return err;
}

// walk_pgd_range() with walk_p4d_range()/walk_pud_range()/walk_pmd_range() inline: one pmd_entry call per PTE table
function walkPgdRange<P>(m: UserMm, mm: MmStruct, vma: VmArea, start: number, end: number, ops: MmWalkOps<P>, priv: P, stack: readonly string[]): number {
  const walk: MmWalk<P> = { m, mm, vma, priv };
  const inner = [m.k.syms.at('walk_pgd_range'), ...stack];
  for (let addr = start; addr < end; ) {
    const next = pmdAddrEnd(addr, end);
    const pmd = pmdIndex(addr);
    if (mm.pts.has(pmd)) {
      m.k.rec.emit(EV_PMD_ENTRY, addr, next - addr, { fn: ops.name, start: hexAddr(addr), end: hexAddr(next) });
      const err = ops.pmdEntry(pmd, addr, next, walk, inner);
      if (err) return err;
    }
    addr = next;
  }
  return 0;
}
