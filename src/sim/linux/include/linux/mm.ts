// Anonymous folios as the user-memory model keeps them (include/linux/mm.h, mm_types.h,
// page-flags.h, Linux 6.9): the folio's struct pages carry the refcount (head), the
// per-page mapcount, PG_head/PG_tail/order and PG_lru in the struct-page columns; the
// few other folio flags and the reverse-map facts (folio->mapping's anon_vma, folio->index
// as the address of the first page) sit in one small record per folio.
import type { StructPages } from './mm_types.ts';
import { F_MAPCOUNT, F_ORDER, F_REFCOUNT, PG_head, PG_lru } from './mm_types.ts';

/** PG_locked: someone holds the folio lock (folio_lock()/folio_trylock()). */
export const FOLIO_LOCKED = 1 << 0;
/** PG_active: on the active LRU list. */
export const FOLIO_ACTIVE = 1 << 1;
/** PG_referenced. */
export const FOLIO_REFERENCED = 1 << 2;
/** PG_swapcache: in the swap cache, `swap` holds its first slot. */
export const FOLIO_SWAPCACHE = 1 << 3;
/** PG_workingset. */
export const FOLIO_WORKINGSET = 1 << 4;

export const FOLIO_FLAG_NAMES: readonly [number, string][] = [
  [FOLIO_LOCKED, 'locked'],
  [FOLIO_ACTIVE, 'active'],
  [FOLIO_REFERENCED, 'referenced'],
  [FOLIO_SWAPCACHE, 'swapcache'],
  [FOLIO_WORKINGSET, 'workingset'],
];

/** One anonymous folio: its head pfn is the key of the model's folio table. */
export interface FolioInfo {
  /** Task whose mm maps it. */
  mm: string;
  /** The VMA (its `as` name); folio->mapping is that VMA's anon_vma. */
  vma: string;
  /** User address of the first page (folio->index in address form). */
  addr: number;
  flags: number;
  /** FOLL_PIN pins held by others (each is one reference too). */
  pins: number;
  /** First swap slot while in the swap cache, else -1. */
  swap: number;
}

export type FolioTuple = [pfn: number, mm: string, vma: string, addr: number, flags: number, pins: number, swap: number];

// folio_test_large()
export function folioTestLarge(p: StructPages, pfn: number): boolean {
  return p.test(pfn, PG_head);
}

// folio_order()
export function folioOrder(p: StructPages, pfn: number): number {
  return p.test(pfn, PG_head) ? p.get(pfn, F_ORDER) : 0;
}

// folio_nr_pages()
export function folioNrPages(p: StructPages, pfn: number): number {
  return 1 << folioOrder(p, pfn);
}

// folio_ref_count()
export function folioRefCount(p: StructPages, pfn: number): number {
  return p.get(pfn, F_REFCOUNT);
}

// folio_ref_add() / folio_ref_sub(): negative n drops references
export function folioRefAdd(p: StructPages, pfn: number, n: number): number {
  const v = p.get(pfn, F_REFCOUNT) + n;
  p.set(pfn, F_REFCOUNT, v);
  return v;
}

// page_mapcount(): how many page-table entries map this page
export function pageMapcount(p: StructPages, pfn: number): number {
  return p.get(pfn, F_MAPCOUNT);
}

export function pageMapcountAdd(p: StructPages, pfn: number, n: number): void {
  p.set(pfn, F_MAPCOUNT, p.get(pfn, F_MAPCOUNT) + n);
}

// folio_mapcount() (6.9: the sum of the page mapcounts; no PMD mappings in this model)
export function folioMapcount(p: StructPages, pfn: number): number {
  const nr = folioNrPages(p, pfn);
  let n = 0;
  for (let i = 0; i < nr; i++) n += p.get(pfn + i, F_MAPCOUNT);
  return n;
}

// folio_likely_mapped_shared(), include/linux/mm.h 6.9: a large folio counts as shared when its first page is mapped more than once
export function folioLikelyMappedShared(p: StructPages, pfn: number): boolean {
  const mapcount = folioMapcount(p, pfn);
  if (!folioTestLarge(p, pfn)) return mapcount > 1;
  if (mapcount <= 1) return false;
  return p.get(pfn, F_MAPCOUNT) > 1;
}

// folio_test_lru()
export function folioTestLru(p: StructPages, pfn: number): boolean {
  return p.test(pfn, PG_lru);
}

// folio_maybe_dma_pinned(): a FOLL_PIN pin is held
export function folioMaybeDmaPinned(f: FolioInfo): boolean {
  return f.pins > 0;
}

export function folioFlagNames(flags: number): string[] {
  return FOLIO_FLAG_NAMES.filter(([bit]) => (flags & bit) !== 0).map(([, n]) => n);
}

export function folioToTuple(pfn: number, f: FolioInfo): FolioTuple {
  return [pfn, f.mm, f.vma, f.addr, f.flags, f.pins, f.swap];
}

export function folioFromTuple(t: FolioTuple): [number, FolioInfo] {
  return [t[0], { mm: t[1], vma: t[2], addr: t[3], flags: t[4], pins: t[5], swap: t[6] }];
}
