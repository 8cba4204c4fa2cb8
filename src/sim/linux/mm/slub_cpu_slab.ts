// The per-CPU slab and partial list (struct kmem_cache_cpu), mm/slub.c 6.8: deactivate_slab(),
// put_cpu_partial(), __put_partials() and flush_all().
import {
  F_LRU_NEXT,
  F_LRU_PREV,
  F_SLAB_FREELIST_RAW_HI,
  F_SLAB_FREELIST_RAW_LO,
  F_SLAB_FROZEN,
  F_SLAB_INUSE,
} from '../include/linux/mm_types.ts';
import {
  C_CPU0,
  C_NR_PARTIAL,
  CPU_BAD_HI,
  CPU_BAD_LO,
  CPU_FREELIST,
  CPU_PARTIAL,
  CPU_SLAB,
  CPU_STRIDE,
  type KmemCache,
  MAX_OBJS_PER_PAGE,
  SLAB_CONSISTENCY_CHECKS,
} from './slab.ts';
import { checkValidPointer } from './slub_check.ts';
import { cacheBase, DEACTIVATE_TO_HEAD, DEACTIVATE_TO_TAIL, type SlubState } from './slub_def.ts';
import { getFreepointer, setFreepointer, setInuse, setSlabFreelist, slabFreelist } from './slub_freelist.ts';
import { discardSlab } from './slub_new_slab.ts';
import { addPartial } from './slub_node.ts';
import { badDeref, objectErr, slabFix } from './slub_report.ts';


// put_cpu_partial(), mm/slub.c 6.8: slab->next / slab->slabs overlay the list links
export function putCpuPartial(slub: SlubState, s: KmemCache, c: number, pfn: number, drain: boolean): void {
  const p = slub.pages;
  const st = slub.st;
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
  if (toPut !== 0) putPartials(slub, s, toPut - 1);
}

// __put_partials(), mm/slub.c 6.8
function putPartials(slub: SlubState, s: KmemCache, first: number): void {
  const p = slub.pages;
  const discard: number[] = [];
  let cur = first + 1;
  while (cur !== 0) {
    const pfn = cur - 1;
    cur = p.get(pfn, F_LRU_NEXT);
    if (p.get(pfn, F_SLAB_INUSE) === 0 && slub.st[cacheBase(slub, s) + C_NR_PARTIAL]! >= s.minPartial) discard.push(pfn);
    else addPartial(slub, s, pfn, DEACTIVATE_TO_TAIL);
  }
  for (const pfn of discard) discardSlab(slub, s, pfn);
}

// deactivate_slab(), mm/slub.c 6.8: splice the CPU freelist back and put the slab on a list
export function deactivateSlab(slub: SlubState, s: KmemCache, pfn: number, freelist: number, rawLo: number, rawHi: number): void {
  const p = slub.pages;
  const tail = slabFreelist(slub, pfn) !== 0 ? DEACTIVATE_TO_TAIL : DEACTIVATE_TO_HEAD;
  // stage one: count the CPU freelist and find its tail
  let freelistTail = -1;
  let freeDelta = 0;
  let iter = freelist;
  let iterLo = rawLo;
  let iterHi = rawHi;
  let head = freelist;
  for (let guard = 0; iter !== 0 && guard <= MAX_OBJS_PER_PAGE; guard++) {
    if (iter < 0) badDeref(slub, iterLo, iterHi, 'deactivate_slab');
    const next = getFreepointer(slub, s, iter - 1);
    const nlo = slub.badLo;
    const nhi = slub.badHi;
    // freelist_corrupted(): only caches with consistency checks look
    if ((s.flags & SLAB_CONSISTENCY_CHECKS) !== 0 && !checkValidPointer(slub, s, pfn, next)) {
      objectErr(slub, s, pfn, iter - 1, 'Freechain corrupt');
      if (freelistTail < 0) head = 0;
      slabFix(slub, s, 'Isolate corrupted freechain');
      break;
    }
    freelistTail = iter - 1;
    freeDelta++;
    iter = next;
    iterLo = nlo;
    iterHi = nhi;
  }
  // stage two: unfreeze, splicing the CPU freelist in front of the slab's
  const old = slabFreelist(slub, pfn);
  const oldLo = p.get(pfn, F_SLAB_FREELIST_RAW_LO);
  const oldHi = p.get(pfn, F_SLAB_FREELIST_RAW_HI);
  p.set(pfn, F_SLAB_FROZEN, 0);
  let inuse = p.get(pfn, F_SLAB_INUSE);
  let newFreelist = old;
  if (freelistTail >= 0) {
    inuse -= freeDelta;
    setInuse(slub, pfn, inuse);
    setFreepointer(slub, s, freelistTail, old, oldLo, oldHi);
    newFreelist = head;
    setSlabFreelist(slub, pfn, head, rawLo, rawHi);
  }
  // stage three
  if (inuse === 0 && slub.st[cacheBase(slub, s) + C_NR_PARTIAL]! >= s.minPartial) discardSlab(slub, s, pfn);
  else if (newFreelist !== 0) addPartial(slub, s, pfn, tail);
}

// flush_slab(), mm/slub.c 6.8: take the CPU's slab off it and deactivate it
export function flushSlab(slub: SlubState, s: KmemCache, c: number): void {
  const st = slub.st;
  if (st[c + CPU_SLAB] === 0) return;
  const pfn = st[c + CPU_SLAB]! - 1;
  const fl = st[c + CPU_FREELIST]!;
  const lo = st[c + CPU_BAD_LO]!;
  const hi = st[c + CPU_BAD_HI]!;
  st[c + CPU_SLAB] = 0;
  st[c + CPU_FREELIST] = 0;
  st[c + CPU_BAD_LO] = st[c + CPU_BAD_HI] = 0;
  deactivateSlab(slub, s, pfn, fl, lo, hi);
}

// flush_all() -> flush_slab() + put_partials() for every CPU, mm/slub.c 6.8
export function flushAll(slub: SlubState, s: KmemCache): void {
  const st = slub.st;
  for (let cpu = 0; cpu < slub.ncpu; cpu++) {
    const c = s.id * slub.stride + C_CPU0 + cpu * CPU_STRIDE;
    flushSlab(slub, s, c);
    if (st[c + CPU_PARTIAL] !== 0) {
      const first = st[c + CPU_PARTIAL]! - 1;
      st[c + CPU_PARTIAL] = 0;
      putPartials(slub, s, first);
    }
  }
}
