// Splitting a large anonymous folio into order-0 folios: split_huge_page_to_list_to_order()
// of mm/huge_memory.c, Linux 6.9, for PTE-mapped anonymous folios and new_order 0 (what
// split_folio() asks for). The anon_vma is write-locked with down_write() for the whole
// split; the mappings are replaced by migration entries (unmap_folio() -> try_to_migrate())
// and restored page by page afterwards (remap_page() -> remove_migration_ptes()).
import { eventKind } from '../../engine/recorder.ts';
import { FOLIO_LOCKED, FOLIO_SWAPCACHE, folioMapcount, folioNrPages, folioOrder, folioRefAdd, folioRefCount, pageMapcountAdd } from '../include/linux/mm.ts';
import type { MmStruct, UserMm } from './mmap.ts';
import { F_COMPOUND_HEAD, F_ORDER, F_REFCOUNT, PAGE_SIZE, PG_head, PG_lru, PG_tail } from '../include/linux/mm_types.ts';
import { EV_SET_PTE, hexAddr, migrationEntryPte, ptePfn, ptePresent, pteDirty, pteYoung, ptepGet, pvmwDone, pvmwLock, setPteAt, type Pte } from '../arch/x86/include/asm/pgtable.ts';

export const EV_SPLIT = eventKind('mm.split_folio');
export const EV_SPLIT_FAILED = eventKind('mm.split_failed');
export const EV_TRY_TO_MIGRATE = eventKind('mm.try_to_migrate');
export const EV_SPLIT_PAGES = eventKind('mm.split_pages');
export const EV_REMOVE_MIGRATION_PTES = eventKind('mm.remove_migration_ptes');
export const EV_SPLIT_DONE = eventKind('mm.split_done');

export const EAGAIN = 11;
export const EBUSY = 16;

// Return addresses inside split_huge_page_to_list_to_order(): anon_vma_lock_write() is the call the seed's trace shows
const fn = (m: UserMm, call?: 'up_write' | 'unmap_folio' | 'remap_page'): string => m.k.syms.at('split_huge_page_to_list_to_order', call);

// can_split_folio(), mm/huge_memory.c 6.9: only the mappings, the caller's reference and the swap cache's may be left
export function canSplitFolio(m: UserMm, pfn: number): { ok: boolean; extraPins: number } {
  const p = m.k.pages;
  const f = m.folio(pfn);
  const extraPins = (f.flags & FOLIO_SWAPCACHE) !== 0 ? folioNrPages(p, pfn) : 0;
  return { ok: folioMapcount(p, pfn) === folioRefCount(p, pfn) - extraPins - 1, extraPins };
}

/**
 * split_folio() -> split_huge_page_to_list_to_order(&folio->page, NULL, 0). The caller holds
 * the folio lock and a reference. Returns 0, -EAGAIN (extra references) or -EBUSY.
 * `stack` is the frames above split_huge_page_to_list_to_order(), innermost first.
 */
export function splitFolio(m: UserMm, pfn: number, stack: readonly string[]): number {
  const k = m.k;
  const p = k.pages;
  const f = m.folio(pfn);
  const order = folioOrder(p, pfn);
  k.rec.emit(EV_SPLIT, pfn, order, { fn: 'split_huge_page_to_list_to_order', pfn, order, addr: hexAddr(f.addr), refcount: folioRefCount(p, pfn), mapcount: folioMapcount(p, pfn) });
  const mm = m.mmOf(f.mm);
  const vma = mm ? m.vmaByName(mm, f.vma) : undefined;
  // folio_get_anon_vma(): no anon_vma, nothing to lock the rmap with
  if (!mm || !vma || vma.anonVma === null) {
    k.rec.emit(EV_SPLIT_FAILED, pfn, -EBUSY, { fn: 'split_huge_page_to_list_to_order', pfn, err: -EBUSY, reason: 'no anon_vma' });
    return -EBUSY;
  }
  const anonVma = vma.anonVma;
  // anon_vma_lock_write() -> down_write(&anon_vma->rwsem): may sleep
  m.lk.locking.lock(anonVma, 'write', { ip: fn(m), stack });
  const can = canSplitFolio(m, pfn);
  if (!can.ok) {
    k.rec.emit(EV_SPLIT_FAILED, pfn, -EAGAIN, {
      fn: 'split_huge_page_to_list_to_order',
      pfn,
      err: -EAGAIN,
      reason: `can_split_folio(): refcount ${folioRefCount(p, pfn)}, mapcount ${folioMapcount(p, pfn)}, extra pins ${can.extraPins}`,
    });
    m.lk.locking.unlock(anonVma, { ip: fn(m, 'up_write'), stack });
    return -EAGAIN;
  }
  const nr = 1 << order;
  const saved = unmapFolio(m, mm, pfn, nr, [fn(m, 'unmap_folio'), ...stack]);
  splitPages(m, pfn, order);
  remapPage(m, mm, pfn, saved, [fn(m, 'remap_page'), ...stack]);
  // the new folios other than the caller's are unlocked and lose the split's reference: unmapped ones are freed
  k.rec.emit(EV_SPLIT_DONE, pfn, nr, { fn: '__split_huge_page', pfn, nr });
  for (let i = 1; i < nr; i++) {
    m.folio(pfn + i).flags &= ~FOLIO_LOCKED;
    if (folioRefAdd(p, pfn + i, -1) === 0) m.freeFolio(pfn + i, 'unmapped after split');
  }
  m.lk.locking.unlock(anonVma, { ip: fn(m, 'up_write'), stack });
  return 0;
}

// unmap_folio() -> try_to_migrate() -> rmap_walk_locked() -> try_to_migrate_one(): every mapping becomes a migration entry
function unmapFolio(m: UserMm, mm: MmStruct, pfn: number, nr: number, stack: readonly string[]): (Pte | null)[] {
  const k = m.k;
  const p = k.pages;
  const f = m.folio(pfn);
  k.rec.emit(EV_TRY_TO_MIGRATE, pfn, nr, { fn: 'try_to_migrate', pfn, addr: hexAddr(f.addr) });
  const saved: (Pte | null)[] = new Array<Pte | null>(nr).fill(null);
  const walk = [m.k.syms.at('rmap_walk_anon', 'rmap_one'), m.k.syms.at('try_to_migrate'), ...stack];
  const t = pvmwLock(m, mm, f.addr, [m.k.syms.at('try_to_migrate_one', 'page_vma_mapped_walk'), ...walk]);
  if (t === null) return saved;
  k.rec.emit(EV_SET_PTE, f.addr, nr, { fn: 'try_to_migrate_one', addr: hexAddr(f.addr), nr, entry: 'migration' });
  for (let i = 0; i < nr; i++) {
    const addr = f.addr + i * PAGE_SIZE;
    const pte = ptepGet(m, t.pt, addr);
    if (!ptePresent(pte) || ptePfn(pte) !== pfn + i) continue;
    saved[i] = pte;
    setPteAt(m, t.pt, addr, migrationEntryPte(pfn + i, pteYoung(pte), pteDirty(pte)), 'try_to_migrate_one (migration entry)');
    // folio_remove_rmap_pte() + folio_put()
    pageMapcountAdd(p, pfn + i, -1);
    folioRefAdd(p, pfn, -1);
  }
  pvmwDone(m, t.ptl, [m.k.syms.at('try_to_migrate_one', 'page_vma_mapped_walk_done'), ...walk]);
  return saved;
}

// __split_huge_page() + __split_huge_page_tail(): every page becomes an order-0 folio on the LRU beside the head
function splitPages(m: UserMm, pfn: number, order: number): void {
  const k = m.k;
  const p = k.pages;
  const f = m.folio(pfn);
  const nr = 1 << order;
  k.rec.emit(EV_SPLIT_PAGES, pfn, nr, { fn: '__split_huge_page', pfn, nr });
  const lru = p.test(pfn, PG_lru);
  for (let i = 1; i < nr; i++) {
    const t = pfn + i;
    p.clearFlag(t, PG_tail);
    p.set(t, F_COMPOUND_HEAD, 0);
    p.set(t, F_ORDER, 0);
    // page_ref_unfreeze(page_tail, 1): the split's own reference, dropped once remapped
    p.set(t, F_REFCOUNT, 1);
    if (lru) p.setFlag(t, PG_lru);
    m.folios.set(t, { mm: f.mm, vma: f.vma, addr: f.addr + i * PAGE_SIZE, flags: f.flags, pins: 0, swap: -1 });
  }
  p.clearFlag(pfn, PG_head);
  p.set(pfn, F_ORDER, 0);
}

// remap_page() -> remove_migration_ptes() for each new folio: the saved entries come back (remove_migration_pte() keeps young/dirty)
function remapPage(m: UserMm, mm: MmStruct, pfn: number, saved: readonly (Pte | null)[], stack: readonly string[]): void {
  const k = m.k;
  const p = k.pages;
  for (let i = 0; i < saved.length; i++) {
    const pte = saved[i];
    if (!pte) continue;
    const page = pfn + i;
    const addr = m.folio(page).addr;
    k.rec.emit(EV_REMOVE_MIGRATION_PTES, page, 0, { fn: 'remove_migration_ptes', pfn: page, addr: hexAddr(addr) });
    const walk = [m.k.syms.at('rmap_walk_anon', 'rmap_one'), m.k.syms.at('remove_migration_ptes'), ...stack];
    const t = pvmwLock(m, mm, addr, [m.k.syms.at('remove_migration_pte', 'page_vma_mapped_walk'), ...walk]);
    if (t === null) continue;
    k.rec.emit(EV_SET_PTE, addr, 1, { fn: 'remove_migration_pte', addr: hexAddr(addr), nr: 1, entry: 'present' });
    setPteAt(m, t.pt, addr, pte, 'remove_migration_pte');
    // folio_get() + folio_add_anon_rmap_pte()
    folioRefAdd(p, page, 1);
    pageMapcountAdd(p, page, 1);
    pvmwDone(m, t.ptl, [m.k.syms.at('remove_migration_pte', 'page_vma_mapped_walk_done'), ...walk]);
  }
}
