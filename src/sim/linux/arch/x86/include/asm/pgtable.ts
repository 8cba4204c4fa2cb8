// User page tables, x86-64 with 4 KiB pages: PTE tables live in simulated frames as 8-byte
// entries (arch/x86/include/asm/pgtable_types.h bits, pgtable_64.h swap-entry layout), one
// split page-table lock per PTE table (ptlock_ptr(ptdesc)). The walk down to the PMD is
// the model's map from PMD index to PTE-table frame; PMD-mapped THPs are not modelled.
import { eventKind } from '../../../../../engine/recorder.ts';
import type { MmStruct, UserMm } from '../../../../mm/mmap.ts';
import { PAGE_SIZE } from '../../../../include/linux/mm_types.ts';

export const EV_PTE_OFFSET_MAP_LOCK = eventKind('mm.pte_offset_map_lock');
export const EV_PTE_UNMAP_UNLOCK = eventKind('mm.pte_unmap_unlock');
/** An rmap walker rewriting the entries that map a folio (migration, swap or restored entries). */
export const EV_SET_PTE = eventKind('mm.set_pte');

export const PAGE_SHIFT = 12;
export const PMD_SHIFT = 21;
export const PMD_SIZE = 1 << PMD_SHIFT;
export const PTRS_PER_PTE = 512;

// _PAGE_BIT_* of arch/x86/include/asm/pgtable_types.h (low word)
export const _PAGE_PRESENT = 0x001;
export const _PAGE_RW = 0x002;
export const _PAGE_USER = 0x004;
export const _PAGE_ACCESSED = 0x020;
export const _PAGE_DIRTY = 0x040;
export const _PAGE_PROTNONE = 0x100;
/** _PAGE_NX is bit 63: bit 31 of the high word. */
export const _PAGE_NX_HI = 0x80000000;
/** _PAGE_SWP_EXCLUSIVE reuses _PAGE_RW in a swap PTE. */
export const _PAGE_SWP_EXCLUSIVE = _PAGE_RW;

// include/linux/swap.h with CONFIG_DEVICE_PRIVATE, CONFIG_MIGRATION, CONFIG_MEMORY_FAILURE (x86-64 distro config):
// MAX_SWAPFILES = 32 - 4 - 3 - 1 - 1; SWP_MIGRATION_READ = MAX_SWAPFILES + SWP_HWPOISON_NUM + SWP_PTE_MARKER_NUM
export const MAX_SWAPFILES = 23;
export const SWP_MIGRATION_READ = MAX_SWAPFILES + 2;
export const SWP_MIGRATION_WRITE = SWP_MIGRATION_READ + 2;
/** SWP_PFN_BITS = MAX_PHYSMEM_BITS (46) - PAGE_SHIFT; the young/dirty bits of a migration entry follow the pfn. */
const SWP_PFN_BITS = 34;
const SWP_OFFSET_BITS = 50n;

/** One page-table entry as its two 32-bit words (unsigned). */
export interface Pte {
  lo: number;
  hi: number;
}

export const PTE_NONE: Pte = { lo: 0, hi: 0 };

// pte_none()
export function pteNone(p: Pte): boolean {
  return p.lo === 0 && p.hi === 0;
}

// pte_present(): _PAGE_PRESENT or _PAGE_PROTNONE
export function ptePresent(p: Pte): boolean {
  return (p.lo & (_PAGE_PRESENT | _PAGE_PROTNONE)) !== 0;
}

// pte_pfn(): bits 12..51
export function ptePfn(p: Pte): number {
  return (p.lo >>> PAGE_SHIFT) + (p.hi & 0xfffff) * 2 ** 20;
}

// pte_young()
export function pteYoung(p: Pte): boolean {
  return (p.lo & _PAGE_ACCESSED) !== 0;
}

export function pteDirty(p: Pte): boolean {
  return (p.lo & _PAGE_DIRTY) !== 0;
}

// pte_mkold()
export function pteMkold(p: Pte): Pte {
  return { lo: (p.lo & ~_PAGE_ACCESSED) >>> 0, hi: p.hi };
}

/**
 * The PTE do_anonymous_page() installs after a write fault in a private writable mapping:
 * mk_pte(page, PAGE_SHARED_EXEC minus exec) + pte_mkwrite(pte_mkdirty()), accessed set by
 * the hardware on the access that faulted.
 */
export function mkAnonPte(pfn: number): Pte {
  const lo = ((pfn % 2 ** 20) * PAGE_SIZE + (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | _PAGE_DIRTY)) >>> 0;
  return { lo, hi: (_PAGE_NX_HI | Math.floor(pfn / 2 ** 20)) >>> 0 };
}

function fromBig(v: bigint): Pte {
  return { lo: Number(v & 0xffffffffn), hi: Number((v >> 32n) & 0xffffffffn) };
}

function toBig(p: Pte): bigint {
  return (BigInt(p.hi) << 32n) | BigInt(p.lo);
}

// __swp_entry() + __swp_entry_to_pte(), arch/x86/include/asm/pgtable_64.h: type in the top 5 bits, offset inverted (L1TF) in bits 9..58
export function swpEntryPte(type: number, offset: number, exclusive: boolean): Pte {
  const mask = (1n << SWP_OFFSET_BITS) - 1n;
  let v = ((~BigInt(offset) & mask) << 9n) | (BigInt(type) << 59n);
  if (exclusive) v |= BigInt(_PAGE_SWP_EXCLUSIVE);
  return fromBig(v);
}

// __pte_to_swp_entry() + __swp_type()/__swp_offset()
export function pteSwpEntry(p: Pte): { type: number; offset: number } {
  const v = toBig(p);
  const mask = (1n << SWP_OFFSET_BITS) - 1n;
  return { type: Number(v >> 59n), offset: Number(~(v >> 9n) & mask) };
}

// make_writable_migration_entry() + make_migration_entry_young()/dirty() (migration_entry_supports_ad() holds on x86-64)
export function migrationEntryPte(pfn: number, young: boolean, dirty: boolean): Pte {
  const off = pfn + (young ? 2 ** SWP_PFN_BITS : 0) + (dirty ? 2 ** (SWP_PFN_BITS + 1) : 0);
  return swpEntryPte(SWP_MIGRATION_WRITE, off, false);
}

export function isMigrationEntry(p: Pte): boolean {
  if (pteNone(p) || ptePresent(p)) return false;
  const t = pteSwpEntry(p).type;
  return t >= SWP_MIGRATION_READ && t <= SWP_MIGRATION_WRITE;
}

/** What a PTE holds, for views and tests. */
export type PteState = { kind: 'none' } | { kind: 'present'; pfn: number; young: boolean; dirty: boolean } | { kind: 'swap'; type: number; offset: number } | { kind: 'migration'; pfn: number };

export function pteState(p: Pte): PteState {
  if (pteNone(p)) return { kind: 'none' };
  if (ptePresent(p)) return { kind: 'present', pfn: ptePfn(p), young: pteYoung(p), dirty: pteDirty(p) };
  const e = pteSwpEntry(p);
  if (e.type >= SWP_MIGRATION_READ && e.type <= SWP_MIGRATION_WRITE) return { kind: 'migration', pfn: e.offset % 2 ** SWP_PFN_BITS };
  return { kind: 'swap', type: e.type, offset: e.offset };
}

export function pmdIndex(addr: number): number {
  return Math.floor(addr / PMD_SIZE);
}

// pmd_addr_end()
export function pmdAddrEnd(addr: number, end: number): number {
  const next = (pmdIndex(addr) + 1) * PMD_SIZE;
  return next < end ? next : end;
}

export function pteIndex(addr: number): number {
  return Math.floor(addr / PAGE_SIZE) % PTRS_PER_PTE;
}

/** The name of a PTE table's split lock in the locking model. */
export function ptlName(mm: MmStruct, addr: number): string {
  return `ptl:${mm.task}:0x${(pmdIndex(addr) * PMD_SIZE).toString(16)}`;
}

// ptep_get(): the entry for addr in its PTE table (the table must exist)
export function ptepGet(m: UserMm, ptPfn: number, addr: number): Pte {
  const [lo, hi] = m.k.mem.readU64(ptPfn * PAGE_SIZE + pteIndex(addr) * 8);
  return { lo: lo >>> 0, hi: hi >>> 0 };
}

// set_pte_at(): one store of the entry, recorded with its writer
export function setPteAt(m: UserMm, ptPfn: number, addr: number, pte: Pte, writer: string): void {
  m.k.memWriteU64(ptPfn * PAGE_SIZE + pteIndex(addr) * 8, pte.lo, pte.hi, writer);
}

/** Where a pte_offset_map_lock() call sits: the caller's return address into __pte_offset_map_lock(). */
export interface PteMapSite {
  /** Return address in the caller, e.g. "madvise_cold_or_pageout_pte_range+0x1c4/0xea0". */
  call: string;
  /** Frames above the caller, innermost first. */
  stack: readonly string[];
}

/**
 * pte_offset_map_lock() -> __pte_offset_map_lock(), mm/pgtable-generic.c 6.9: __pte_offset_map()
 * takes rcu_read_lock() and gives up (NULL) when the PMD has no PTE table; otherwise the
 * table's split PTL is taken. Returns the PTE-table frame and the lock, or null.
 */
export function pteOffsetMapLock(m: UserMm, mm: MmStruct, addr: number, site: PteMapSite): { pt: number; ptl: string } | null {
  m.k.rec.emit(EV_PTE_OFFSET_MAP_LOCK, addr, 0, { fn: 'pte_offset_map_lock', addr: hexAddr(addr), at: site.call });
  const outer = [site.call, ...site.stack];
  const inner = [m.k.syms.at('__pte_offset_map_lock', '__pte_offset_map'), ...outer];
  m.lk.ctx.rcuReadLock({ ip: m.k.syms.at('__pte_offset_map', 'rcu_read_lock'), stack: inner });
  const pt = mm.pts.get(pmdIndex(addr));
  if (pt === undefined) {
    m.lk.ctx.rcuReadUnlock({ ip: m.k.syms.at('__pte_offset_map', 'rcu_read_unlock'), stack: inner });
    return null;
  }
  const ptl = ptlName(mm, addr);
  m.lk.locking.lock(ptl, 'write', { ip: m.k.syms.at('__pte_offset_map_lock', '_raw_spin_lock'), stack: outer });
  return { pt, ptl };
}

/**
 * pte_unmap_unlock(pte, ptl), include/linux/mm.h 6.9: spin_unlock(ptl) then pte_unmap() ->
 * rcu_read_unlock(). Both are inline, so the unlock sites are in the caller. It releases
 * whatever `ptl` names, held or not.
 */
export function pteUnmapUnlock(m: UserMm, ptl: string, unlockIp: string, rcuIp: string, stack: readonly string[]): void {
  m.k.rec.emit(EV_PTE_UNMAP_UNLOCK, 0, 0, { fn: 'pte_unmap_unlock', ptl, at: unlockIp });
  m.lk.locking.unlock(ptl, { ip: unlockIp, stack });
  m.lk.ctx.rcuReadUnlock({ ip: rcuIp, stack });
}

/**
 * page_vma_mapped_walk() on one PTE table, mm/page_vma_mapped.c 6.9: map_pte() ->
 * pte_offset_map_nolock() (rcu_read_lock() in __pte_offset_map()) then spin_lock() of the
 * table's PTL. `stack` is the frames above page_vma_mapped_walk(), innermost first.
 */
export function pvmwLock(m: UserMm, mm: MmStruct, addr: number, stack: readonly string[]): { pt: number; ptl: string } | null {
  m.k.rec.emit(EV_PTE_OFFSET_MAP_LOCK, addr, 1, { fn: 'page_vma_mapped_walk', addr: hexAddr(addr), at: stack[0] ?? '' });
  const pt = mm.pts.get(pmdIndex(addr));
  if (pt === undefined) return null;
  m.lk.ctx.rcuReadLock({ ip: m.k.syms.at('__pte_offset_map', 'rcu_read_lock'), stack: [m.k.syms.at('pte_offset_map_nolock'), m.k.syms.at('page_vma_mapped_walk', 'pte_offset_map_nolock'), ...stack] });
  const ptl = ptlName(mm, addr);
  m.lk.locking.lock(ptl, 'write', { ip: m.k.syms.at('page_vma_mapped_walk', '_raw_spin_lock'), stack });
  return { pt, ptl };
}

// page_vma_mapped_walk_done(): pte_unmap() (rcu_read_unlock()) then spin_unlock(ptl), inline in the walker's caller
export function pvmwDone(m: UserMm, ptl: string, stack: readonly string[]): void {
  m.k.rec.emit(EV_PTE_UNMAP_UNLOCK, 0, 1, { fn: 'page_vma_mapped_walk_done', ptl, at: stack[0] ?? '' });
  const ip = stack[0] ?? 'page_vma_mapped_walk_done';
  const rest = stack.slice(1);
  m.lk.ctx.rcuReadUnlock({ ip, stack: rest });
  m.lk.locking.unlock(ptl, { ip, stack: rest });
}

export function hexAddr(addr: number): string {
  return `0x${addr.toString(16)}`;
}
