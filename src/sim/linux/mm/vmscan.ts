// What MADV_PAGEOUT and MADV_COLD do with the folios they pick: LRU isolation and
// deactivation (folio_isolate_lru(), mm/vmscan.c; folio_deactivate(), mm/swap.c) and
// reclaim_pages() -> reclaim_folio_list() -> shrink_folio_list() of mm/vmscan.c, Linux 6.9,
// for anonymous folios: add_to_swap(), try_to_unmap() under the anon_vma read lock and the
// PTL, swap_writepage() to a synchronous zram-like device, __remove_mapping(), free.
import { eventKind } from '../../engine/recorder.ts';
import { FOLIO_ACTIVE, FOLIO_LOCKED, FOLIO_REFERENCED, FOLIO_SWAPCACHE, folioMapcount, folioMaybeDmaPinned, folioNrPages, folioRefAdd, pageMapcountAdd } from '../include/linux/mm.ts';
import type { UserMm } from './mmap.ts';
import { PAGE_SIZE, PG_lru } from '../include/linux/mm_types.ts';
import { EV_SET_PTE, hexAddr, ptePfn, ptePresent, ptepGet, pvmwDone, pvmwLock, setPteAt, swpEntryPte } from '../arch/x86/include/asm/pgtable.ts';

export const EV_ISOLATE_LRU = eventKind('mm.folio_isolate_lru');
export const EV_DEACTIVATE = eventKind('mm.folio_deactivate');
export const EV_PUTBACK_LRU = eventKind('mm.folio_putback_lru');
export const EV_SHRINK_FOLIO = eventKind('mm.shrink_folio');
export const EV_ADD_TO_SWAP = eventKind('mm.add_to_swap');
export const EV_TRY_TO_UNMAP = eventKind('mm.try_to_unmap');
export const EV_SWAP_WRITEPAGE = eventKind('mm.swap_writepage');
export const EV_REMOVE_MAPPING = eventKind('mm.remove_mapping');

// folio_isolate_lru(): off the LRU with a reference of its own; false when it was not on it
export function folioIsolateLru(m: UserMm, pfn: number): boolean {
  const p = m.k.pages;
  m.k.rec.emit(EV_ISOLATE_LRU, pfn, 0, { fn: 'folio_isolate_lru', pfn, lru: p.test(pfn, PG_lru) });
  if (!p.test(pfn, PG_lru)) return false;
  p.clearFlag(pfn, PG_lru);
  folioRefAdd(p, pfn, 1);
  return true;
}

// folio_putback_lru(): back on the LRU, the isolation reference dropped
export function folioPutbackLru(m: UserMm, pfn: number, why: string): void {
  const p = m.k.pages;
  m.k.rec.emit(EV_PUTBACK_LRU, pfn, 0, { fn: 'folio_putback_lru', pfn, why });
  p.setFlag(pfn, PG_lru);
  if (folioRefAdd(p, pfn, -1) === 0) m.freeFolio(pfn, 'last reference');
}

// folio_deactivate() (the lru_deactivate batch drained at once): to the inactive list, PG_active and PG_referenced cleared
export function folioDeactivate(m: UserMm, pfn: number): void {
  m.k.rec.emit(EV_DEACTIVATE, pfn, 0, { fn: 'folio_deactivate', pfn });
  m.folio(pfn).flags &= ~(FOLIO_ACTIVE | FOLIO_REFERENCED);
}

/**
 * reclaim_pages(folio_list, ignore_references = true): every isolated folio through
 * shrink_folio_list(); what cannot be reclaimed goes back to the LRU. `stack` is the
 * frames above reclaim_pages(), innermost first.
 */
export function reclaimPages(m: UserMm, folios: readonly number[], stack: readonly string[]): number {
  const inner = [m.k.syms.at('shrink_folio_list'), m.k.syms.at('reclaim_folio_list'), m.k.syms.at('reclaim_pages'), ...stack];
  let reclaimed = 0;
  for (const pfn of folios) reclaimed += shrinkFolio(m, pfn, inner);
  return reclaimed;
}

// shrink_folio_list() for one isolated anonymous folio; the number of pages freed
function shrinkFolio(m: UserMm, pfn: number, stack: readonly string[]): number {
  const k = m.k;
  const p = k.pages;
  const f = m.folio(pfn);
  const nr = folioNrPages(p, pfn);
  k.rec.emit(EV_SHRINK_FOLIO, pfn, nr, { fn: 'shrink_folio_list', pfn, addr: hexAddr(f.addr), nr });
  // folio_trylock()
  if ((f.flags & FOLIO_LOCKED) !== 0) {
    folioPutbackLru(m, pfn, 'locked');
    return 0;
  }
  f.flags |= FOLIO_LOCKED;
  // add_to_swap(): nr contiguous slots, one swap-cache reference per page
  if ((f.flags & FOLIO_SWAPCACHE) === 0) {
    k.rec.emit(EV_ADD_TO_SWAP, pfn, m.swapNext, { fn: 'add_to_swap', pfn, slot: m.swapNext, nr });
    f.swap = m.swapNext;
    m.swapNext += nr;
    f.flags |= FOLIO_SWAPCACHE;
    folioRefAdd(p, pfn, nr);
  }
  if (folioMapcount(p, pfn) > 0 && !tryToUnmap(m, pfn, [m.k.syms.at('try_to_unmap'), ...stack])) {
    // activate_locked: still mapped (a pinned exclusive page cannot be unmapped); drop the swap cache again
    k.rec.emit(EV_REMOVE_MAPPING, pfn, 0, { fn: 'folio_free_swap', pfn, why: 'still mapped' });
    f.flags &= ~FOLIO_SWAPCACHE;
    f.swap = -1;
    folioRefAdd(p, pfn, -nr);
    f.flags = (f.flags & ~FOLIO_LOCKED) | FOLIO_ACTIVE;
    folioPutbackLru(m, pfn, 'still mapped');
    return 0;
  }
  // pageout() -> swap_writepage(): zram completes the write before returning
  k.rec.emit(EV_SWAP_WRITEPAGE, pfn, f.swap, { fn: 'swap_writepage', pfn, slot: f.swap, nr });
  // __remove_mapping() -> __delete_from_swap_cache(): the swap-cache references go
  k.rec.emit(EV_REMOVE_MAPPING, pfn, 1, { fn: '__remove_mapping', pfn });
  f.flags &= ~(FOLIO_SWAPCACHE | FOLIO_LOCKED);
  f.swap = -1;
  folioRefAdd(p, pfn, -nr);
  // the isolation reference was the last one
  if (folioRefAdd(p, pfn, -1) === 0) {
    m.freeFolio(pfn, 'paged out');
    return nr;
  }
  folioPutbackLru(m, pfn, 'still referenced');
  return 0;
}

// try_to_unmap() -> rmap_walk_anon() -> try_to_unmap_one(): each mapping becomes a swap entry; false when one could not
function tryToUnmap(m: UserMm, pfn: number, stack: readonly string[]): boolean {
  const k = m.k;
  const p = k.pages;
  const f = m.folio(pfn);
  const mm = m.mmOf(f.mm);
  const vma = mm ? m.vmaByName(mm, f.vma) : undefined;
  k.rec.emit(EV_TRY_TO_UNMAP, pfn, 0, { fn: 'try_to_unmap', pfn, addr: hexAddr(f.addr) });
  if (!mm || !vma || vma.anonVma === null) return false;
  const walk = [m.k.syms.at('rmap_walk_anon', 'try_to_unmap_one'), ...stack];
  // rmap_walk_anon_lock() -> anon_vma_lock_read() -> down_read(&anon_vma->rwsem)
  m.lk.locking.lock(vma.anonVma, 'read', { ip: m.k.syms.at('rmap_walk_anon', 'down_read'), stack });
  const nr = folioNrPages(p, pfn);
  let ok = true;
  const t = pvmwLock(m, mm, f.addr, [m.k.syms.at('try_to_unmap_one', 'page_vma_mapped_walk'), ...walk]);
  if (t !== null) {
    k.rec.emit(EV_SET_PTE, f.addr, nr, { fn: 'try_to_unmap_one', addr: hexAddr(f.addr), nr, entry: 'swap', slot: f.swap });
    for (let i = 0; i < nr; i++) {
      const addr = f.addr + i * PAGE_SIZE;
      const pte = ptepGet(m, t.pt, addr);
      if (!ptePresent(pte) || ptePfn(pte) !== pfn + i) continue;
      // folio_try_share_anon_rmap_pte() refuses a pinned exclusive page
      if (folioMaybeDmaPinned(f)) {
        ok = false;
        break;
      }
      setPteAt(m, t.pt, addr, swpEntryPte(0, f.swap + i, true), 'try_to_unmap_one (swap entry)');
      pageMapcountAdd(p, pfn + i, -1);
      folioRefAdd(p, pfn, -1);
    }
    pvmwDone(m, t.ptl, [m.k.syms.at('try_to_unmap_one', 'page_vma_mapped_walk_done'), ...walk]);
  }
  m.lk.locking.unlock(vma.anonVma, { ip: m.k.syms.at('rmap_walk_anon', 'up_read'), stack });
  return ok;
}
