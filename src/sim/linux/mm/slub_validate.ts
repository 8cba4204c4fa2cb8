// validate_slab_cache(), mm/slub.c 6.8: every slab on the node lists, every object in them.
import { F_LRU_NEXT, F_SLAB_OBJECTS, PAGE_SIZE } from '../include/linux/mm_types.ts';
import {
  C_FULL_HEAD,
  C_NR_PARTIAL,
  C_NR_SLABS,
  C_PARTIAL_HEAD,
  type KmemCache,
  SLAB_RED_ZONE,
  SLAB_STORE_USER,
  SLUB_RED_ACTIVE,
  SLUB_RED_INACTIVE,
} from './slab.ts';
import { checkObject, checkSlab, onFreelist } from './slub_check.ts';
import { cacheBase, EV_REPORT, fpop, fpush, type SlubState } from './slub_def.ts';
import { getFreepointer, slabFreelist } from './slub_freelist.ts';
import { err } from './slub_report.ts';

// validate_slab_node(), mm/slub.c 6.8
export function validateSlabNode(slub: SlubState, s: KmemCache): void {
  const b = cacheBase(slub, s);
  let count = 0;
  const walk = (headF: number): void => {
    let cur = slub.st[b + headF]!;
    for (let guard = 0; cur !== 0 && guard < slub.pages.nframes; guard++) {
      const next = slub.pages.get(cur - 1, F_LRU_NEXT);
      validateSlab(slub, s, cur - 1);
      count++;
      cur = next;
    }
  };
  walk(C_PARTIAL_HEAD);
  if (count !== slub.st[b + C_NR_PARTIAL]) countMismatch(slub, s, `SLUB ${s.name}: ${count} partial slabs counted but counter=${slub.st[b + C_NR_PARTIAL]}`);
  if ((s.flags & SLAB_STORE_USER) === 0) return;
  walk(C_FULL_HEAD);
  if (count !== slub.st[b + C_NR_SLABS]) countMismatch(slub, s, `SLUB: ${s.name} ${count} slabs counted but counter=${slub.st[b + C_NR_SLABS]}`);
}

function countMismatch(slub: SlubState, s: KmemCache, text: string): void {
  slub.k.rec.emit(EV_REPORT, s.id, 0);
  err(slub, text);
  slub.slabErrors++;
  slub.k.rec.finding('slub.wrong_object_count', text, { cache: s.name, addr: '', object: '' });
}

// validate_slab(), mm/slub.c 6.8
function validateSlab(slub: SlubState, s: KmemCache, pfn: number): void {
  fpush(slub, 'validate_slab');
  try {
    if (!checkSlab(slub, s, pfn) || !onFreelist(slub, s, pfn, -1)) return;
    const free = fillMap(slub, s, pfn);
    const objects = slub.pages.get(pfn, F_SLAB_OBJECTS);
    let obj = pfn * PAGE_SIZE + ((s.flags & SLAB_RED_ZONE) !== 0 ? s.redLeftPad : 0);
    for (let i = 0; i < objects; i++, obj += s.size) {
      if (!checkObject(slub, s, pfn, obj, free[i] ? SLUB_RED_INACTIVE : SLUB_RED_ACTIVE)) break;
    }
  } finally {
    fpop(slub);
  }
}

// __fill_map(), mm/slub.c 6.8 (a looping freelist would hang the kernel; the walk stops after `objects` steps)
export function fillMap(slub: SlubState, s: KmemCache, pfn: number): Uint8Array {
  const objects = slub.pages.get(pfn, F_SLAB_OBJECTS);
  const map = new Uint8Array(objects);
  const base = pfn * PAGE_SIZE + ((s.flags & SLAB_RED_ZONE) !== 0 ? s.redLeftPad : 0);
  let fp = slabFreelist(slub, pfn);
  for (let n = 0; fp > 0 && n <= objects; n++) {
    const i = Math.floor((fp - 1 - base) / s.size);
    if (i >= 0 && i < objects) map[i] = 1;
    fp = getFreepointer(slub, s, fp - 1);
  }
  return map;
}
