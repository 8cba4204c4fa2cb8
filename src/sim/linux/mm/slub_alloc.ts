// The allocation paths, mm/slub.c 6.8: slab_alloc_node()'s per-CPU fast path, ___slab_alloc(),
// get_partial_node() and the debug caches' one-object-at-a-time variants; __kmalloc_large_node().
import { KERN_WARNING } from '../../engine/recorder.ts';
import { F_LRU_NEXT, F_LRU_PREV, F_SLAB_FREELIST_RAW_HI, F_SLAB_FREELIST_RAW_LO, F_SLAB_FROZEN, F_SLAB_INUSE, F_SLAB_OBJECTS, PAGE_SIZE,  } from '../include/linux/mm_types.ts';
import {
  C_NR_PARTIAL,
  C_NR_SLABS,
  C_PARTIAL_HEAD,
  C_TOTAL_OBJECTS,
  CPU_BAD_HI,
  CPU_BAD_LO,
  CPU_FREELIST,
  CPU_PARTIAL,
  CPU_SLAB,
  getOrder,
  type KmemCache,
  PTR_SIZE,
  SLAB_KMALLOC,
  SLAB_RED_ZONE,
  SLAB_STORE_USER,
} from './slab.ts';
import { allocDebugProcessing, allocDebugProcessing2625 } from './slub_check.ts';
import { flushSlab, putCpuPartial } from './slub_cpu_slab.ts';
import {
  cacheBase,
  cpuBase,
  DEACTIVATE_TO_HEAD,
  EV_KMALLOC_LARGE,
  fpop,
  fpush,
  type SlubState,
  wantInitOnAlloc,
  wantInitOnFree,
} from './slub_def.ts';
import { getFreepointer, setInuse, setSlabFreelist, slabFreelist } from './slub_freelist.ts';
import { newSlab } from './slub_new_slab.ts';
import { addFull, addPartial, incSlabsNode, removePartial } from './slub_node.ts';
import { badDeref } from './slub_report.ts';
import { setTrack } from './slub_track.ts';


// slab_alloc_node(), mm/slub.c 6.8: fast path from the per-CPU freelist, then the post-alloc hooks
export function slabAllocNode(slub: SlubState, s: KmemCache, gfpZero: boolean, origSize: number): number {
  const st = slub.st;
  const c = cpuBase(slub, s);
  let object: number;
  const fl = st[c + CPU_FREELIST]!;
  if (fl !== 0 && st[c + CPU_SLAB] !== 0) {
    // get_freepointer_safe() loads the next free object from the one we take
    if (fl < 0) badDeref(slub, st[c + CPU_BAD_LO]!, st[c + CPU_BAD_HI]!, slub.entry || 'kmem_cache_alloc');
    object = fl - 1;
    const next = getFreepointer(slub, s, object);
    st[c + CPU_FREELIST] = next;
    if (next < 0) {
      st[c + CPU_BAD_LO] = slub.badLo;
      st[c + CPU_BAD_HI] = slub.badHi;
    }
  } else object = slabAllocSlow(slub, s, c, origSize);
  if (object < 0) return -1;
  // maybe_wipe_obj_freeptr()
  if (wantInitOnFree(slub, s)) slub.k.memFill(object + s.offset, PTR_SIZE, 0, 'init_on_free (freeptr wipe)');
  // slab_post_alloc_hook(): kmalloc objects with a red zone are zeroed only up to the request
  if (wantInitOnAlloc(slub, s, gfpZero)) {
    const zeroSize = (s.flags & (SLAB_STORE_USER | SLAB_RED_ZONE)) !== 0 && (s.flags & SLAB_KMALLOC) !== 0 ? origSize : s.objectSize;
    slub.k.memFill(object, zeroSize, 0, gfpZero && !slub.mm.initOnAllocKey ? '__GFP_ZERO' : 'init_on_alloc');
  }
  return object;
}

// ___slab_alloc(), mm/slub.c 6.8
function slabAllocSlow(slub: SlubState, s: KmemCache, c: number, origSize: number): number {
  const st = slub.st;
  fpush(slub, '___slab_alloc');
  try {
    const slab = st[c + CPU_SLAB]!;
    if (slab !== 0) {
      const fl = st[c + CPU_FREELIST]!;
      if (fl !== 0) return loadFreelist(slub, s, c, fl, st[c + CPU_BAD_LO]!, st[c + CPU_BAD_HI]!);
      // get_freelist(): take the slab's own freelist, frees from other CPUs collect there
      const pfn = slab - 1;
      const sfl = slabFreelist(slub, pfn);
      const rawLo = slub.pages.get(pfn, F_SLAB_FREELIST_RAW_LO);
      const rawHi = slub.pages.get(pfn, F_SLAB_FREELIST_RAW_HI);
      setSlabFreelist(slub, pfn, 0);
      slub.pages.set(pfn, F_SLAB_INUSE, slub.pages.get(pfn, F_SLAB_OBJECTS));
      slub.pages.set(pfn, F_SLAB_FROZEN, sfl !== 0 ? 1 : 0);
      if (sfl !== 0) return loadFreelist(slub, s, c, sfl, rawLo, rawHi);
      st[c + CPU_SLAB] = 0;
    }
    // new_slab: the per-CPU partial list first
    if (st[c + CPU_PARTIAL] !== 0) {
      const pfn = st[c + CPU_PARTIAL]! - 1;
      st[c + CPU_PARTIAL] = slub.pages.get(pfn, F_LRU_NEXT);
      slub.pages.set(pfn, F_LRU_NEXT, 0);
      slub.pages.set(pfn, F_LRU_PREV, 0);
      return freezeAndLoad(slub, s, c, pfn);
    }
    for (let attempt = 0; attempt < 8; attempt++) {
      // new_objects: the node's partial list
      const got = getPartialNode(slub, s, c, origSize);
      if (got >= 0) {
        if (s.debug) {
          if ((s.flags & SLAB_STORE_USER) !== 0 && !slub.v2625) setTrack(slub, s, slub.pcObject, 0);
          return slub.pcObject;
        }
        return freezeAndLoad(slub, s, c, got);
      }
      const pfn = newSlab(slub, s);
      if (pfn < 0) {
        slabOutOfMemory(slub, s);
        return -1;
      }
      if (s.debug) {
        const obj = allocSingleFromNewSlab(slub, s, pfn, origSize);
        if (obj < 0) continue;
        if ((s.flags & SLAB_STORE_USER) !== 0 && !slub.v2625) setTrack(slub, s, obj, 0);
        return obj;
      }
      const fl = slabFreelist(slub, pfn);
      setSlabFreelist(slub, pfn, 0);
      slub.pages.set(pfn, F_SLAB_INUSE, slub.pages.get(pfn, F_SLAB_OBJECTS));
      slub.pages.set(pfn, F_SLAB_FROZEN, 1);
      incSlabsNode(slub, s, slub.pages.get(pfn, F_SLAB_OBJECTS));
      return retryLoadSlab(slub, s, c, pfn, fl, 0, 0);
    }
    return -1;
  } finally {
    fpop(slub);
  }
}

// freeze_slab() + retry_load_slab, mm/slub.c 6.8
function freezeAndLoad(slub: SlubState, s: KmemCache, c: number, pfn: number): number {
  const p = slub.pages;
  const fl = slabFreelist(slub, pfn);
  const rawLo = p.get(pfn, F_SLAB_FREELIST_RAW_LO);
  const rawHi = p.get(pfn, F_SLAB_FREELIST_RAW_HI);
  setSlabFreelist(slub, pfn, 0);
  p.set(pfn, F_SLAB_INUSE, p.get(pfn, F_SLAB_OBJECTS));
  p.set(pfn, F_SLAB_FROZEN, 1);
  return retryLoadSlab(slub, s, c, pfn, fl, rawLo, rawHi);
}

function retryLoadSlab(slub: SlubState, s: KmemCache, c: number, pfn: number, fl: number, rawLo: number, rawHi: number): number {
  flushSlab(slub, s, c);
  slub.st[c + CPU_SLAB] = pfn + 1;
  return loadFreelist(slub, s, c, fl, rawLo, rawHi);
}

// load_freelist: the first object is returned, the rest becomes the per-CPU freelist
function loadFreelist(slub: SlubState, s: KmemCache, c: number, fl: number, rawLo: number, rawHi: number): number {
  if (fl < 0) badDeref(slub, rawLo, rawHi, '___slab_alloc');
  const object = fl - 1;
  const next = getFreepointer(slub, s, object);
  slub.st[c + CPU_FREELIST] = next;
  slub.st[c + CPU_BAD_LO] = next < 0 ? slub.badLo : 0;
  slub.st[c + CPU_BAD_HI] = next < 0 ? slub.badHi : 0;
  return object;
}

// get_partial_node(), mm/slub.c 6.8: the slab pfn taken (or, for debug caches, the slab an object came from)
function getPartialNode(slub: SlubState, s: KmemCache, c: number, origSize: number): number {
  const st = slub.st;
  const b = cacheBase(slub, s);
  if (st[b + C_NR_PARTIAL] === 0) return -1;
  let partial = -1;
  let partialSlabs = 0;
  let cur = st[b + C_PARTIAL_HEAD]!;
  while (cur !== 0) {
    const pfn = cur - 1;
    const next = slub.pages.get(pfn, F_LRU_NEXT);
    if (s.debug) {
      const obj = allocSingleFromPartial(slub, s, pfn, origSize);
      if (obj >= 0) {
        slub.pcObject = obj;
        return pfn;
      }
      cur = next;
      continue;
    }
    removePartial(slub, s, pfn);
    if (partial < 0) partial = pfn;
    else {
      putCpuPartial(slub, s, c, pfn, false);
      partialSlabs++;
    }
    if (!s.hasCpuPartial || partialSlabs > Math.floor(s.cpuPartialSlabs / 2)) break;
    cur = next;
  }
  return partial;
}

// alloc_single_from_partial(), mm/slub.c 6.8: debug caches take one object at a time under the list lock
function allocSingleFromPartial(slub: SlubState, s: KmemCache, pfn: number, origSize: number): number {
  const p = slub.pages;
  fpush(slub, 'alloc_single_from_partial');
  try {
    const fl = slabFreelist(slub, pfn);
    if (slub.v2625 && !allocDebugProcessing2625(slub, s, pfn, fl)) {
      removePartial(slub, s, pfn);
      return -1;
    }
    // a NULL or wild slab->freelist is dereferenced for the next free pointer: the kernel oopses
    if (fl === 0) badDeref(slub, s.offset, 0, 'alloc_single_from_partial');
    if (fl < 0) badDeref(slub, p.get(pfn, F_SLAB_FREELIST_RAW_LO), p.get(pfn, F_SLAB_FREELIST_RAW_HI), 'alloc_single_from_partial');
    const object = fl - 1;
    const next = getFreepointer(slub, s, object);
    setSlabFreelist(slub, pfn, next, slub.badLo, slub.badHi);
    setInuse(slub, pfn, p.get(pfn, F_SLAB_INUSE) + 1);
    if (!slub.v2625 && !allocDebugProcessing(slub, s, pfn, object, origSize)) {
      removePartial(slub, s, pfn);
      return -1;
    }
    if (p.get(pfn, F_SLAB_INUSE) === p.get(pfn, F_SLAB_OBJECTS)) {
      removePartial(slub, s, pfn);
      addFull(slub, s, pfn);
    }
    return object;
  } finally {
    fpop(slub);
  }
}

// alloc_single_from_new_slab(), mm/slub.c 6.8
function allocSingleFromNewSlab(slub: SlubState, s: KmemCache, pfn: number, origSize: number): number {
  const p = slub.pages;
  fpush(slub, 'alloc_single_from_new_slab');
  try {
    const fl = slabFreelist(slub, pfn);
    if (slub.v2625 && !allocDebugProcessing2625(slub, s, pfn, fl)) return -1;
    const object = fl - 1;
    const next = getFreepointer(slub, s, object);
    setSlabFreelist(slub, pfn, next, slub.badLo, slub.badHi);
    p.set(pfn, F_SLAB_INUSE, 1);
    if (!slub.v2625 && !allocDebugProcessing(slub, s, pfn, object, origSize)) return -1;
    if (p.get(pfn, F_SLAB_INUSE) === p.get(pfn, F_SLAB_OBJECTS)) addFull(slub, s, pfn);
    else addPartial(slub, s, pfn, DEACTIVATE_TO_HEAD);
    incSlabsNode(slub, s, p.get(pfn, F_SLAB_OBJECTS));
    return object;
  } finally {
    fpop(slub);
  }
}

// slab_out_of_memory(), mm/slub.c 6.8
function slabOutOfMemory(slub: SlubState, s: KmemCache): void {
  const k = slub.k;
  k.printk(KERN_WARNING, `SLUB: Unable to allocate memory on node -1, gfp=0xcc0(GFP_KERNEL)`);
  k.printk(KERN_WARNING, `  cache: ${s.name}, object size: ${s.objectSize}, buffer size: ${s.size}, default order: ${s.order}, min order: ${s.minOrder}`);
  const b = cacheBase(slub, s);
  k.printk(KERN_WARNING, `  node 0: slabs: ${slub.st[b + C_NR_SLABS]}, objs: ${slub.st[b + C_TOTAL_OBJECTS]}, free: ${countPartialFree(slub, s)}`);
}

function countPartialFree(slub: SlubState, s: KmemCache): number {
  let n = 0;
  for (let cur = slub.st[cacheBase(slub, s) + C_PARTIAL_HEAD]!; cur !== 0; cur = slub.pages.get(cur - 1, F_LRU_NEXT)) n += slub.pages.get(cur - 1, F_SLAB_OBJECTS) - slub.pages.get(cur - 1, F_SLAB_INUSE);
  return n;
}

/** An allocation the allocator makes for itself (struct kmem_cache and friends): no event of its own. */
export function allocStruct(slub: SlubState, s: KmemCache, zero: boolean): number {
  const saved = slub.entry;
  slub.entry = zero ? 'kmem_cache_zalloc' : 'kmem_cache_alloc_node';
  const obj = slabAllocNode(slub, s, zero, s.objectSize);
  slub.entry = saved;
  return obj;
}

// __kmalloc_large_node(), mm/slub.c 6.8: compound pages straight from the page allocator
export function kmallocLarge(slub: SlubState, size: number): number | null {
  const k = slub.k;
  const order = getOrder(size);
  k.rec.emit(EV_KMALLOC_LARGE, -1, size);
  const pfn = k.buddy.allocPages(order, true, k.pages.ownerId('kmalloc (large)'));
  if (pfn === null) return null;
  if (slub.mm.wantInitOnAlloc()) k.memFill(pfn * PAGE_SIZE, PAGE_SIZE << order, 0, 'init_on_alloc');
  return pfn * PAGE_SIZE;
}
