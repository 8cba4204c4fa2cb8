// Slab allocation and freeing, mm/slub.c 6.8: allocate_slab() takes pages from the buddy allocator
// and threads the freelist through them; discard_slab() / free_slab() give them back.
import { F_LRU_NEXT, F_LRU_PREV, F_SLAB_CACHE, F_SLAB_FREELIST, F_SLAB_FREELIST_RAW_HI, F_SLAB_FREELIST_RAW_LO, F_SLAB_FROZEN, F_SLAB_INUSE, F_SLAB_OBJECTS, PAGE_SIZE, PG_slab as _PG_slab, PG_workingset as _PG_workingset,  } from '../include/linux/mm_types.ts';
import {
  __OBJECT_POISON,
  type KmemCache,
  POISON_INUSE,
  SLAB_CONSISTENCY_CHECKS,
  SLAB_POISON,
  SLAB_RED_ZONE,
  SLAB_STORE_USER,
  SLUB_RED_INACTIVE,
} from './slab.ts';
import { checkObject, initObject, slabPadCheck } from './slub_check.ts';
import { EV_DISCARD_SLAB, EV_NEW_SLAB, fpop, fpush, type SlubState } from './slub_def.ts';
import { setFreepointer, setSlabFreelist, slabOrder } from './slub_freelist.ts';
import { decSlabsNode } from './slub_node.ts';

const PG_slab = _PG_slab;
const PG_workingset = _PG_workingset;

// allocate_slab(), mm/slub.c 6.8: pages from the buddy allocator, poisoned padding, ascending freelist
export function newSlab(slub: SlubState, s: KmemCache): number {
  const k = slub.k;
  const p = slub.pages;
  if (!slub.booting) k.rec.emit(EV_NEW_SLAB, s.id, s.order);
  const owner = k.pages.ownerId(`slab:${s.name}`);
  let order = s.order;
  let objects = s.objects;
  let pfn = k.buddy.allocPages(order, order > 0, owner);
  if (pfn === null) {
    // the higher order may fail under fragmentation: fall back to the minimum
    order = s.minOrder;
    objects = s.minObjects;
    pfn = k.buddy.allocPages(order, order > 0, owner);
    if (pfn === null) return -1;
  }
  p.setFlag(pfn, PG_slab);
  p.set(pfn, F_SLAB_CACHE, s.id + 1);
  p.set(pfn, F_SLAB_OBJECTS, objects);
  p.set(pfn, F_SLAB_INUSE, 0);
  p.set(pfn, F_SLAB_FROZEN, 0);
  p.set(pfn, F_LRU_NEXT, 0);
  p.set(pfn, F_LRU_PREV, 0);
  const start = pfn * PAGE_SIZE;
  // setup_slab_debug()
  if ((s.flags & SLAB_POISON) !== 0) k.memFill(start, PAGE_SIZE << order, POISON_INUSE, 'POISON_INUSE padding');
  const first = start + ((s.flags & SLAB_RED_ZONE) !== 0 ? s.redLeftPad : 0);
  let obj = first;
  setupObject(slub, s, obj);
  for (let i = 0; i < objects - 1; i++) {
    const next = obj + s.size;
    setupObject(slub, s, next);
    setFreepointer(slub, s, obj, next + 1);
    obj = next;
  }
  setFreepointer(slub, s, obj, 0);
  setSlabFreelist(slub, pfn, first + 1);
  return pfn;
}

// setup_object() / setup_object_debug(), mm/slub.c 6.8
function setupObject(slub: SlubState, s: KmemCache, object: number): void {
  if ((s.flags & (SLAB_STORE_USER | SLAB_RED_ZONE | __OBJECT_POISON)) === 0) return;
  initObject(slub, s, object, SLUB_RED_INACTIVE);
  // init_tracking()
  if ((s.flags & SLAB_STORE_USER) !== 0) slub.k.memFill(object + s.infoEnd, 2 * s.trackSize, 0, 'init_tracking');
}

// discard_slab() / free_slab() / __free_slab(), mm/slub.c 6.8 (SLAB_TYPESAFE_BY_RCU slabs are freed at once: no grace periods here)
export function discardSlab(slub: SlubState, s: KmemCache, pfn: number): void {
  decSlabsNode(slub, s, slub.pages.get(pfn, F_SLAB_OBJECTS));
  freeSlab(slub, s, pfn);
}

function freeSlab(slub: SlubState, s: KmemCache, pfn: number): void {
  const p = slub.pages;
  if (!slub.booting) slub.k.rec.emit(EV_DISCARD_SLAB, s.id, pfn);
  if ((s.flags & SLAB_CONSISTENCY_CHECKS) !== 0) {
    fpush(slub, 'free_slab');
    slabPadCheck(slub, s, pfn);
    const objects = p.get(pfn, F_SLAB_OBJECTS);
    let obj = pfn * PAGE_SIZE + ((s.flags & SLAB_RED_ZONE) !== 0 ? s.redLeftPad : 0);
    for (let i = 0; i < objects; i++, obj += s.size) checkObject(slub, s, pfn, obj, SLUB_RED_INACTIVE);
    fpop(slub);
  }
  const order = slabOrder(slub, pfn);
  p.clearFlag(pfn, PG_slab | PG_workingset);
  for (const f of [F_SLAB_CACHE, F_SLAB_FREELIST, F_SLAB_FREELIST_RAW_LO, F_SLAB_FREELIST_RAW_HI, F_SLAB_INUSE, F_SLAB_OBJECTS, F_SLAB_FROZEN, F_LRU_NEXT, F_LRU_PREV]) p.set(pfn, f, 0);
  slub.k.buddy.freeBlock(pfn, order);
}
