// The free paths, mm/slub.c 6.8: slab_free() / do_slab_free()'s per-CPU fast path, __slab_free(),
// free_to_partial_list() for debug caches, cache_from_obj() and free_large_kmalloc().
import { KERN_WARNING } from '../../engine/recorder.ts';
import {
  F_ORDER,
  F_REFCOUNT,
  F_SLAB_FREELIST_RAW_HI,
  F_SLAB_FREELIST_RAW_LO,
  F_SLAB_FROZEN,
  F_SLAB_INUSE,
  PAGE_SIZE,
  PG_head as _PG_head,
  PG_tail as _PG_tail,
  PG_workingset as _PG_workingset,
} from '../include/linux/mm_types.ts';
import {
  C_NR_PARTIAL,
  CPU_BAD_HI,
  CPU_BAD_LO,
  CPU_FREELIST,
  CPU_SLAB,
  type KmemCache,
  SLAB_CONSISTENCY_CHECKS,
  SLAB_RED_ZONE,
} from './slab.ts';
import { freeDebugProcessing, getOrigSize, setOrigSize } from './slub_check.ts';
import { putCpuPartial } from './slub_cpu_slab.ts';
import {
  cacheBase,
  cpuBase,
  DEACTIVATE_TO_TAIL,
  fpop,
  fpush,
  ONCE_FREE_LARGE,
  ONCE_VIRT_TO_CACHE,
  type SlubState,
  wantInitOnFree,
} from './slub_def.ts';
import { setFreepointer, setSlabFreelist, slabFreelist, slabOf } from './slub_freelist.ts';
import { discardSlab } from './slub_new_slab.ts';
import { addPartial, removeFull, removePartial } from './slub_node.ts';
import { badDeref, P, warn } from './slub_report.ts';
import { printTracking } from './slub_track.ts';

const PG_head = _PG_head;
const PG_tail = _PG_tail;
const PG_workingset = _PG_workingset;

// slab_free() + slab_free_hook() + do_slab_free(), mm/slub.c 6.8
export function slabFree(slub: SlubState, s: KmemCache, pfn: number, object: number): void {
  const k = slub.k;
  if (wantInitOnFree(slub, s)) {
    // the object and its metadata are cleared, the left red zone is not. 6.8 also clears the
    // stored kmalloc size (a false "kmalloc Redzone overwritten" follows with slub_debug=ZU);
    // the later fix (patch slub-init-on-free-orig-size) keeps it and the free pointer.
    const fixed = k.patch('slub-init-on-free-orig-size');
    const orig = fixed ? Math.min(getOrigSize(slub, s, object), s.objectSize) : s.objectSize;
    k.memFill(object, orig, 0, 'init_on_free');
    const rsize = (s.flags & SLAB_RED_ZONE) !== 0 ? s.redLeftPad : 0;
    const inuse = fixed ? s.infoEnd : s.inuse;
    k.memFill(object + inuse, s.size - inuse - rsize, 0, 'init_on_free');
    if (fixed) setOrigSize(slub, s, object, orig);
  }
  const c = cpuBase(slub, s);
  const st = slub.st;
  if (st[c + CPU_SLAB] === pfn + 1) {
    // fast path: onto this CPU's freelist
    setFreepointer(slub, s, object, st[c + CPU_FREELIST]!, st[c + CPU_BAD_LO]!, st[c + CPU_BAD_HI]!);
    st[c + CPU_FREELIST] = object + 1;
    st[c + CPU_BAD_LO] = st[c + CPU_BAD_HI] = 0;
    return;
  }
  slabFreeSlow(slub, s, c, pfn, object);
}

// __slab_free(), mm/slub.c 6.8
function slabFreeSlow(slub: SlubState, s: KmemCache, c: number, pfn: number, object: number): void {
  const p = slub.pages;
  if (s.debug) {
    freeToPartialList(slub, s, pfn, object);
    return;
  }
  const prior = slabFreelist(slub, pfn);
  setFreepointer(slub, s, object, prior, p.get(pfn, F_SLAB_FREELIST_RAW_LO), p.get(pfn, F_SLAB_FREELIST_RAW_HI));
  const inuse = (p.get(pfn, F_SLAB_INUSE) - 1 + 0x10000) % 0x10000;
  const wasFrozen = p.get(pfn, F_SLAB_FROZEN) !== 0;
  let takeLock = false;
  let onNodePartial = false;
  if ((inuse === 0 || prior === 0) && !wasFrozen && (!s.hasCpuPartial || prior !== 0)) {
    takeLock = true;
    onNodePartial = p.test(pfn, PG_workingset);
  }
  setSlabFreelist(slub, pfn, object + 1);
  p.set(pfn, F_SLAB_INUSE, inuse);
  if (!takeLock) {
    // a full slab that gets a free object goes to this CPU's partial list
    if (!wasFrozen && s.hasCpuPartial && prior === 0) putCpuPartial(slub, s, c, pfn, true);
    return;
  }
  // partially empty but not on the node list (it is on a CPU partial list): leave it
  if (prior !== 0 && !onNodePartial) return;
  if (inuse === 0 && slub.st[cacheBase(slub, s) + C_NR_PARTIAL]! >= s.minPartial) {
    if (prior !== 0) removePartial(slub, s, pfn);
    else removeFull(slub, s, pfn);
    discardSlab(slub, s, pfn);
    return;
  }
  if (!s.hasCpuPartial && prior === 0) {
    removeFull(slub, s, pfn);
    addPartial(slub, s, pfn, DEACTIVATE_TO_TAIL);
  }
}

// free_to_partial_list(), mm/slub.c 6.8: debug caches free one object under the list lock
function freeToPartialList(slub: SlubState, s: KmemCache, pfn: number, object: number): void {
  const p = slub.pages;
  fpush(slub, 'free_to_partial_list');
  let slabFree = false;
  if (freeDebugProcessing(slub, s, pfn, object)) {
    const prior = slabFreelist(slub, pfn);
    const inuse = (p.get(pfn, F_SLAB_INUSE) - 1 + 0x10000) % 0x10000;
    p.set(pfn, F_SLAB_INUSE, inuse);
    setFreepointer(slub, s, object, prior, p.get(pfn, F_SLAB_FREELIST_RAW_LO), p.get(pfn, F_SLAB_FREELIST_RAW_HI));
    setSlabFreelist(slub, pfn, object + 1);
    slabFree = inuse === 0 && slub.st[cacheBase(slub, s) + C_NR_PARTIAL]! >= s.minPartial;
    if (prior === 0) {
      removeFull(slub, s, pfn);
      if (!slabFree) addPartial(slub, s, pfn, DEACTIVATE_TO_TAIL);
    } else if (slabFree) removePartial(slub, s, pfn);
  }
  if (slabFree) discardSlab(slub, s, pfn);
  fpop(slub);
}

export function freeStruct(slub: SlubState, s: KmemCache, phys: number): void {
  const pfn = slabOf(slub, phys);
  if (pfn >= 0) slabFree(slub, s, pfn, phys);
}

// kmem_cache_free() + cache_from_obj(), mm/slub.c 6.8
export function kmemCacheFreeInner(slub: SlubState, s: KmemCache | null, own: KmemCache | null, pfn: number, phys: number): void {
  const k = slub.k;
  let c = s ?? own;
  if (c === null) {
    freeNonSlab(slub, phys, 'kmem_cache_free');
    return;
  }
  // cache_from_obj(): only consistency checks look at where the object really lives (2.6.25 had none)
  if ((c.flags & SLAB_CONSISTENCY_CHECKS) !== 0 && !slub.v2625) {
    if (own === null) {
      if ((slub.once & ONCE_VIRT_TO_CACHE) === 0) {
        slub.once |= ONCE_VIRT_TO_CACHE;
        warn(slub, c, 'virt_to_cache: Object is not a Slab page!', 'virt_to_cache', 'slub.invalid_free', { cache: c.name, addr: k.va(phys), object: k.va(phys) });
      }
      return;
    }
    if (own !== c) {
      warn(slub, c, `cache_from_obj: Wrong slab cache. ${c.name} but object is from ${own.name}`, 'kmem_cache_free', 'slub.invalid_free', { cache: c.name, addr: k.va(phys), object: k.va(phys), actual: own.name });
      printTracking(slub, own, phys);
      c = own;
    }
  }
  if (pfn < 0) {
    // slab_free() with no slab: __slab_free() dereferences it
    badDeref(slub, 0x28, 0, '__slab_free');
  }
  slabFree(slub, c, pfn, phys);
}

// free_large_kmalloc(), mm/slub.c 6.8: a non-slab page is dropped with folio_put()
export function freeNonSlab(slub: SlubState, phys: number, fn: string): void {
  const k = slub.k;
  const p = slub.pages;
  const pfn = Math.floor(phys / PAGE_SIZE);
  if (pfn < 0 || pfn >= p.nframes) return;
  const head = p.compoundHead(pfn);
  const order = p.test(head, PG_head) ? p.get(head, F_ORDER) : 0;
  // 2.6.25 kfree() just did put_page() on a non-slab page
  if (order === 0 && !slub.v2625) {
    // WARN_ON_ONCE(order == 0) + pr_warn_once("object pointer: 0x%p")
    if ((slub.once & ONCE_FREE_LARGE) === 0) {
      slub.once |= ONCE_FREE_LARGE;
      warn(slub, null, null, 'free_large_kmalloc', 'slub.invalid_free', { cache: '', addr: k.va(phys), object: k.va(phys), fn });
      k.printk(KERN_WARNING, `object pointer: 0x${P(slub, phys)}`);
    } else {
      k.rec.finding('slub.invalid_free', `${fn}() of 0x${P(slub, phys)}: not a slab object`, { cache: '', addr: k.va(phys), object: k.va(phys), fn });
    }
  }
  const ref = p.get(head, F_REFCOUNT);
  // folio_put(): without CONFIG_DEBUG_VM a free page's count just underflows
  p.set(head, F_REFCOUNT, ref - 1);
  if (ref === 1 && !p.test(head, PG_tail)) k.buddy.freeBlock(head, order);
}
