// The node's slab lists (struct kmem_cache_node), mm/slub.c 6.8: __add_partial(), remove_partial(),
// add_full() / remove_full() and the slab counters. The lists link through struct page's lru columns.
import { F_LRU_NEXT, F_LRU_PREV, PG_workingset as _PG_workingset } from '../include/linux/mm_types.ts';
import {
  C_FULL_HEAD,
  C_FULL_TAIL,
  C_NR_PARTIAL,
  C_NR_SLABS,
  C_PARTIAL_HEAD,
  C_PARTIAL_TAIL,
  C_TOTAL_OBJECTS,
  type KmemCache,
  SLAB_STORE_USER,
} from './slab.ts';
import { cacheBase, type SlubState } from './slub_def.ts';

const PG_workingset = _PG_workingset;

// list_add() / list_add_tail() on slab->slab_list (the lru columns), head and tail kept in the state array
function listAdd(slub: SlubState, s: KmemCache, headF: number, tailF: number, pfn: number, tail: boolean): void {
  const p = slub.pages;
  const b = cacheBase(slub, s);
  const head = slub.st[b + headF]!;
  const last = slub.st[b + tailF]!;
  if (head === 0) {
    p.set(pfn, F_LRU_NEXT, 0);
    p.set(pfn, F_LRU_PREV, 0);
    slub.st[b + headF] = slub.st[b + tailF] = pfn + 1;
  } else if (tail) {
    p.set(last - 1, F_LRU_NEXT, pfn + 1);
    p.set(pfn, F_LRU_PREV, last);
    p.set(pfn, F_LRU_NEXT, 0);
    slub.st[b + tailF] = pfn + 1;
  } else {
    p.set(head - 1, F_LRU_PREV, pfn + 1);
    p.set(pfn, F_LRU_NEXT, head);
    p.set(pfn, F_LRU_PREV, 0);
    slub.st[b + headF] = pfn + 1;
  }
}

// list_del() on slab->slab_list
function listDel(slub: SlubState, s: KmemCache, headF: number, tailF: number, pfn: number): void {
  const p = slub.pages;
  const b = cacheBase(slub, s);
  const next = p.get(pfn, F_LRU_NEXT);
  const prev = p.get(pfn, F_LRU_PREV);
  if (prev === 0) slub.st[b + headF] = next;
  else p.set(prev - 1, F_LRU_NEXT, next);
  if (next === 0) slub.st[b + tailF] = prev;
  else p.set(next - 1, F_LRU_PREV, prev);
  p.set(pfn, F_LRU_NEXT, 0);
  p.set(pfn, F_LRU_PREV, 0);
}

// __add_partial(), mm/slub.c 6.8
export function addPartial(slub: SlubState, s: KmemCache, pfn: number, tail: boolean): void {
  slub.st[cacheBase(slub, s) + C_NR_PARTIAL]++;
  listAdd(slub, s, C_PARTIAL_HEAD, C_PARTIAL_TAIL, pfn, tail);
  slub.pages.setFlag(pfn, PG_workingset);
}

// remove_partial(), mm/slub.c 6.8
export function removePartial(slub: SlubState, s: KmemCache, pfn: number): void {
  listDel(slub, s, C_PARTIAL_HEAD, C_PARTIAL_TAIL, pfn);
  slub.pages.clearFlag(pfn, PG_workingset);
  slub.st[cacheBase(slub, s) + C_NR_PARTIAL]--;
}

// add_full(), mm/slub.c 6.8: full slabs are only tracked with SLAB_STORE_USER
export function addFull(slub: SlubState, s: KmemCache, pfn: number): void {
  if ((s.flags & SLAB_STORE_USER) === 0) return;
  listAdd(slub, s, C_FULL_HEAD, C_FULL_TAIL, pfn, false);
}

// remove_full(), mm/slub.c 6.8
export function removeFull(slub: SlubState, s: KmemCache, pfn: number): void {
  if ((s.flags & SLAB_STORE_USER) === 0) return;
  listDel(slub, s, C_FULL_HEAD, C_FULL_TAIL, pfn);
}

// inc_slabs_node() / dec_slabs_node(), mm/slub.c 6.8
export function incSlabsNode(slub: SlubState, s: KmemCache, objects: number): void {
  const b = cacheBase(slub, s);
  slub.st[b + C_NR_SLABS]++;
  slub.st[b + C_TOTAL_OBJECTS] += objects;
}

export function decSlabsNode(slub: SlubState, s: KmemCache, objects: number): void {
  const b = cacheBase(slub, s);
  slub.st[b + C_NR_SLABS]--;
  slub.st[b + C_TOTAL_OBJECTS] -= objects;
}
