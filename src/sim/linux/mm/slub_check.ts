// SLUB's debug checks, mm/slub.c 6.8 (2.6.25 where it differs): init_object(), check_object() and the
// byte checks under it, check_slab(), on_freelist(), alloc/free_debug_processing() and trace().
import { KERN_INFO } from '../../engine/recorder.ts';
import { F_SLAB_CACHE, F_SLAB_FREELIST_RAW_HI, F_SLAB_FREELIST_RAW_LO, F_SLAB_INUSE, F_SLAB_OBJECTS, PAGE_SIZE, PG_slab } from '../include/linux/mm_types.ts';
import {
  __OBJECT_POISON,
  type KmemCache,
  MAX_OBJS_PER_PAGE,
  orderObjects,
  POISON_END,
  POISON_FREE,
  POISON_INUSE,
  SLAB_CONSISTENCY_CHECKS,
  SLAB_KMALLOC,
  SLAB_POISON,
  SLAB_RED_ZONE,
  SLAB_STORE_USER,
  SLAB_TRACE,
  SLUB_RED_ACTIVE,
  SLUB_RED_INACTIVE,
} from './slab.ts';
import { fpop, fpush, type SlubState } from './slub_def.ts';
import { getFreepointer, memchrInv, ptrWords, readU32, setFreepointer, setInuse, setSlabFreelist, slabFreelist, slabOrder } from './slub_freelist.ts';
import { LOCKDEP_NOW_UNRELIABLE, TAINT_BAD_PAGE } from '../kernel/panic.ts';
import { addTaint, err, objectErr, P, printTrailer, Pw, section, slabBug, slabErr, slabFix, stackLines } from './slub_report.ts';
import { setTrack } from './slub_track.ts';

// check_valid_pointer(), mm/slub.c 6.8; enc is an encoded pointer (NULL is valid)
export function checkValidPointer(slub: SlubState, s: KmemCache, pfn: number, enc: number): boolean {
  if (enc === 0) return true;
  if (enc < 0) return false;
  const base = pfn * PAGE_SIZE;
  const obj = enc - 1 - ((s.flags & SLAB_RED_ZONE) !== 0 ? s.redLeftPad : 0);
  return !(obj < base || obj >= base + slub.pages.get(pfn, F_SLAB_OBJECTS) * s.size || (obj - base) % s.size !== 0);
}

// init_object(), mm/slub.c 6.8 (2.6.25: no left red zone, no kmalloc red zone)
export function initObject(slub: SlubState, s: KmemCache, object: number, val: number): void {
  const k = slub.k;
  const rz = val === SLUB_RED_ACTIVE ? 'SLUB_RED_ACTIVE' : 'SLUB_RED_INACTIVE';
  const objectSize = s.objectSize;
  let poisonSize = objectSize;
  if ((s.flags & SLAB_RED_ZONE) !== 0) {
    k.memFill(object - s.redLeftPad, s.redLeftPad, val, rz);
    // the kmalloc red zone covers what was not requested; poison stops at the request
    if (s.origSize && val === SLUB_RED_ACTIVE) poisonSize = Math.min(getOrigSize(slub, s, object), objectSize);
  }
  if ((s.flags & __OBJECT_POISON) !== 0 && poisonSize > 0) {
    k.memFill(object, poisonSize - 1, POISON_FREE, 'POISON_FREE');
    k.memFill(object + poisonSize - 1, 1, POISON_END, 'POISON_END');
  }
  if ((s.flags & SLAB_RED_ZONE) !== 0) k.memFill(object + poisonSize, s.inuse - poisonSize, val, rz);
}

// get_orig_size() / set_orig_size(), mm/slub.c 6.8
export function getOrigSize(slub: SlubState, s: KmemCache, object: number): number {
  if (!s.origSize) return s.objectSize;
  return readU32(slub, object + s.infoEnd + 2 * s.trackSize);
}

export function setOrigSize(slub: SlubState, s: KmemCache, object: number, origSize: number): void {
  if (!s.origSize) return;
  const b = slub.u32buf;
  b[0] = origSize;
  b[1] = origSize >>> 8;
  b[2] = origSize >>> 16;
  b[3] = origSize >>> 24;
  slub.k.memWrite(object + s.infoEnd + 2 * s.trackSize, b, 'orig_size');
}

// alloc_debug_processing(), mm/slub.c 6.8
export function allocDebugProcessing(slub: SlubState, s: KmemCache, pfn: number, object: number, origSize: number): boolean {
  fpush(slub, 'alloc_debug_processing');
  try {
    if ((s.flags & SLAB_CONSISTENCY_CHECKS) !== 0) {
      // alloc_consistency_checks()
      let ok = checkSlab(slub, s, pfn);
      if (ok && !checkValidPointer(slub, s, pfn, object + 1)) {
        objectErr(slub, s, pfn, object, 'Freelist Pointer check fails');
        ok = false;
      }
      if (ok && !checkObject(slub, s, pfn, object, SLUB_RED_INACTIVE)) ok = false;
      if (!ok) {
        if (slub.pages.test(pfn, PG_slab)) {
          // mark everything used so the remaining objects are never touched
          slabFix(slub, s, 'Marking all objects used');
          slub.pages.set(pfn, F_SLAB_INUSE, slub.pages.get(pfn, F_SLAB_OBJECTS));
          setSlabFreelist(slub, pfn, 0);
        }
        return false;
      }
    }
    trace(slub, s, pfn, object, true);
    setOrigSize(slub, s, object, origSize);
    initObject(slub, s, object, SLUB_RED_ACTIVE);
    return true;
  } finally {
    fpop(slub);
  }
}

// alloc_debug_processing(), mm/slub.c 2.6.25: the checks run on the freelist head before it is taken
export function allocDebugProcessing2625(slub: SlubState, s: KmemCache, pfn: number, fl: number): boolean {
  fpush(slub, 'alloc_debug_processing');
  try {
    const object = fl > 0 ? fl - 1 : -1;
    let ok = checkSlab(slub, s, pfn);
    if (ok && object >= 0 && !onFreelist(slub, s, pfn, object)) {
      objectErr(slub, s, pfn, object, 'Object already allocated');
      ok = false;
    }
    if (ok && !checkValidPointer(slub, s, pfn, fl)) {
      if (object >= 0) objectErr(slub, s, pfn, object, 'Freelist Pointer check fails');
      ok = false;
    }
    if (ok && object >= 0 && !checkObject(slub, s, pfn, object, SLUB_RED_INACTIVE)) ok = false;
    if (!ok || object < 0) {
      if (slub.pages.test(pfn, PG_slab)) {
        slabFix(slub, s, 'Marking all objects used');
        slub.pages.set(pfn, F_SLAB_INUSE, slub.pages.get(pfn, F_SLAB_OBJECTS));
        setSlabFreelist(slub, pfn, 0);
      }
      return false;
    }
    if ((s.flags & SLAB_STORE_USER) !== 0) setTrack(slub, s, object, 0);
    trace(slub, s, pfn, object, true);
    initObject(slub, s, object, SLUB_RED_ACTIVE);
    return true;
  } finally {
    fpop(slub);
  }
}

// free_debug_processing(), mm/slub.c 6.8 (one object; 2.6.25 ran the same checks for every debug cache)
export function freeDebugProcessing(slub: SlubState, s: KmemCache, pfn: number, object: number): boolean {
  const p = slub.pages;
  const consistency = (s.flags & SLAB_CONSISTENCY_CHECKS) !== 0 || slub.v2625;
  let ok = true;
  if (consistency && !checkSlab(slub, s, pfn)) ok = false;
  if (ok && !slub.v2625 && p.get(pfn, F_SLAB_INUSE) < 1) {
    // with the slab's last object already freed, a double free ends here rather than in on_freelist()
    slabErr(slub, s, pfn, `Slab has ${p.get(pfn, F_SLAB_INUSE)} allocated objects but 1 are to be freed\n`, 'slub.double_free', object);
    ok = false;
  }
  if (ok && consistency) {
    const r = freeConsistencyChecks(slub, s, pfn, object);
    // 2.6.25 returned at once when check_object() failed, without the "not freed" fix line
    if (r === 'object' && slub.v2625) return false;
    if (r !== 'ok') ok = false;
  }
  if (ok) {
    if ((s.flags & SLAB_STORE_USER) !== 0) setTrack(slub, s, object, 1);
    trace(slub, s, pfn, object, false);
    // the free pointer is not in the way: SLAB_POISON moved it out of the object
    initObject(slub, s, object, SLUB_RED_INACTIVE);
    return true;
  }
  slabFix(slub, s, `Object at 0x${P(slub, object)} not freed`);
  return false;
}

// free_consistency_checks(), mm/slub.c 6.8
function freeConsistencyChecks(slub: SlubState, s: KmemCache, pfn: number, object: number): 'ok' | 'bad' | 'object' {
  if (!checkValidPointer(slub, s, pfn, object + 1)) {
    slabErr(slub, s, pfn, `Invalid object pointer 0x${P(slub, object)}`, 'slub.invalid_free', object);
    return 'bad';
  }
  if (onFreelist(slub, s, pfn, object)) {
    objectErr(slub, s, pfn, object, 'Object already free');
    return 'bad';
  }
  if (!checkObject(slub, s, pfn, object, SLUB_RED_ACTIVE)) return 'object';
  const owner = slub.pages.get(pfn, F_SLAB_CACHE) - 1;
  if (owner !== s.id) {
    if (!slub.pages.test(pfn, PG_slab)) slabErr(slub, s, pfn, `Attempt to free object(0x${P(slub, object)}) outside of slab`, 'slub.invalid_free', object);
    else objectErr(slub, s, pfn, object, 'page slab pointer corrupt.');
    return 'bad';
  }
  return 'ok';
}

// trace(), mm/slub.c 6.8: slub_debug=T
function trace(slub: SlubState, s: KmemCache, pfn: number, object: number, alloc: boolean): void {
  if ((s.flags & SLAB_TRACE) === 0) return;
  const k = slub.k;
  const [lo, hi] = ptrWords(slub, slabFreelist(slub, pfn), slub.pages.get(pfn, F_SLAB_FREELIST_RAW_LO), slub.pages.get(pfn, F_SLAB_FREELIST_RAW_HI));
  k.printk(KERN_INFO, `TRACE ${s.name} ${alloc ? 'alloc' : 'free'} 0x${P(slub, object)} inuse=${slub.pages.get(pfn, F_SLAB_INUSE)} fp=0x${Pw(slub, lo, hi)}`);
  if (!alloc) for (const l of section(slub, slub.v2625 ? 'Object' : 'Object ', object, s.objectSize)) k.printk(KERN_INFO, l);
  for (const l of stackLines(slub, [])) k.printk(KERN_INFO, l);
}

// check_bytes_and_report(), mm/slub.c 6.8
function checkBytesAndReport(slub: SlubState, s: KmemCache, pfn: number, object: number, what: string, start: number, value: number, bytes: number): boolean {
  if (bytes <= 0) return true;
  const f = memchrInv(slub, start, value, bytes);
  if (f < 0) return true;
  const buf = new Uint8Array(bytes);
  slub.k.mem.read(start, buf);
  let e = bytes;
  while (e > f && buf[e - 1] === value) e--;
  const fault = start + f;
  const end = start + e;
  const slabAddr = pfn * PAGE_SIZE;
  const reason = `${what} overwritten`;
  const kind = /Poison/.test(what) ? 'slub.poison_overwritten' : /padding/i.test(what) ? 'slub.padding_overwritten' : 'slub.redzone_overwritten';
  fpush(slub, 'check_bytes_and_report');
  const title = slabBug(slub, s, reason, fault);
  slub.slabErrors++;
  slub.k.rec.finding(kind, title, {
    cache: s.name,
    addr: slub.k.va(fault),
    object: slub.k.va(object),
    slab: slub.k.va(slabAddr),
    what,
    start: slub.k.va(fault),
    end: slub.k.va(end - 1),
    offset: fault - slabAddr,
    found: '0x' + buf[f]!.toString(16).padStart(2, '0'),
    expected: '0x' + value.toString(16).padStart(2, '0'),
  });
  if (slub.v2625) err(slub, `INFO: 0x${P(slub, fault)}-0x${P(slub, end - 1)}. First byte 0x${buf[f]!.toString(16)} instead of 0x${value.toString(16)}`);
  else err(slub, `0x${P(slub, fault)}-0x${P(slub, end - 1)} @offset=${fault - slabAddr}. First byte 0x${buf[f]!.toString(16)} instead of 0x${value.toString(16)}`);
  printTrailer(slub, s, pfn, object);
  addTaint(slub, TAINT_BAD_PAGE, LOCKDEP_NOW_UNRELIABLE);
  fpop(slub);
  restoreBytes(slub, s, what, value, fault, end);
  return false;
}

// restore_bytes(), mm/slub.c 6.8
function restoreBytes(slub: SlubState, s: KmemCache, message: string, data: number, from: number, to: number): void {
  if (slub.v2625) slabFix(slub, s, `Restoring 0x${P(slub, from)}-0x${P(slub, to - 1)}=0x${data.toString(16)}\n`);
  else slabFix(slub, s, `Restoring ${message} 0x${P(slub, from)}-0x${P(slub, to - 1)}=0x${data.toString(16)}`);
  slub.k.memFill(from, to - from, data, `FIX ${s.name}: Restoring ${message}`);
}

// check_pad_bytes(), mm/slub.c 6.8
function checkPadBytes(slub: SlubState, s: KmemCache, pfn: number, p: number): boolean {
  let off = s.infoEnd;
  if ((s.flags & SLAB_STORE_USER) !== 0) {
    off += 2 * s.trackSize;
    if ((s.flags & SLAB_KMALLOC) !== 0 && !slub.v2625) off += 4;
  }
  const end = slub.v2625 ? s.size : s.sizeFromObject;
  if (end === off) return true;
  return checkBytesAndReport(slub, s, pfn, p, 'Object padding', p + off, POISON_INUSE, end - off);
}

// slab_pad_check(), mm/slub.c 6.8 (2.6.25: dumps and restores from the slab start, as the 2.6.25-git2 paging-request thread shows)
export function slabPadCheck(slub: SlubState, s: KmemCache, pfn: number): void {
  if ((s.flags & SLAB_POISON) === 0) return;
  const start = pfn * PAGE_SIZE;
  const length = PAGE_SIZE << slabOrder(slub, pfn);
  let end = start + length;
  const objBytes = slub.pages.get(pfn, F_SLAB_OBJECTS) * s.size;
  const remainder = slub.v2625 ? length - objBytes : length % s.size;
  if (!remainder) return;
  const pad = end - remainder;
  const f = memchrInv(slub, pad, POISON_INUSE, remainder);
  if (f < 0) return;
  const buf = new Uint8Array(remainder);
  slub.k.mem.read(pad, buf);
  const fault = pad + f;
  while (end > fault && slub.k.mem.readByte(end - 1) === POISON_INUSE) end--;
  fpush(slub, 'slab_pad_check');
  const fields = { object: '', start: slub.k.va(fault), end: slub.k.va(end - 1), offset: fault - start, found: '0x' + buf[f]!.toString(16).padStart(2, '0'), expected: '0x5a', what: 'slab padding' };
  if (slub.v2625) {
    slabErr(slub, s, pfn, `Padding overwritten. 0x${P(slub, fault)}-0x${P(slub, end - 1)}`, 'slub.padding_overwritten', fault, fields);
    for (const l of section(slub, 'Padding', start, objBytes)) err(slub, l);
    fpop(slub);
    restoreBytes(slub, s, 'slab padding', POISON_INUSE, start, end);
    return;
  }
  slabErr(slub, s, pfn, `Padding overwritten. 0x${P(slub, fault)}-0x${P(slub, end - 1)} @offset=${fault - start}`, 'slub.padding_overwritten', fault, fields);
  for (const l of section(slub, 'Padding ', pad, remainder)) err(slub, l);
  fpop(slub);
  restoreBytes(slub, s, 'slab padding', POISON_INUSE, fault, end);
}

// check_object(), mm/slub.c 6.8
export function checkObject(slub: SlubState, s: KmemCache, pfn: number, object: number, val: number): boolean {
  if (slub.v2625) return checkObject2625(slub, s, pfn, object, val);
  fpush(slub, 'check_object');
  try {
    const p = object;
    const objectSize = s.objectSize;
    const endobject = object + objectSize;
    if ((s.flags & SLAB_RED_ZONE) !== 0) {
      if (!checkBytesAndReport(slub, s, pfn, object, 'Left Redzone', object - s.redLeftPad, val, s.redLeftPad)) return false;
      if (!checkBytesAndReport(slub, s, pfn, object, 'Right Redzone', endobject, val, s.inuse - objectSize)) return false;
      if (s.origSize && val === SLUB_RED_ACTIVE) {
        const orig = getOrigSize(slub, s, object);
        if (objectSize > orig && !checkBytesAndReport(slub, s, pfn, object, 'kmalloc Redzone', p + orig, val, objectSize - orig)) return false;
      }
    } else if ((s.flags & SLAB_POISON) !== 0 && objectSize < s.inuse) {
      checkBytesAndReport(slub, s, pfn, p, 'Alignment padding', endobject, POISON_INUSE, s.inuse - objectSize);
    }
    if ((s.flags & SLAB_POISON) !== 0) {
      if (val !== SLUB_RED_ACTIVE && (s.flags & __OBJECT_POISON) !== 0) {
        if (objectSize > 1 && !checkBytesAndReport(slub, s, pfn, p, 'Poison', p, POISON_FREE, objectSize - 1)) return false;
        if (!checkBytesAndReport(slub, s, pfn, p, 'End Poison', p + objectSize - 1, POISON_END, 1)) return false;
      }
      // check_pad_bytes cleans up on its own
      checkPadBytes(slub, s, pfn, p);
    }
    // object and free pointer overlap: nothing to check while it is allocated
    if (!s.freePointerOutside && val === SLUB_RED_ACTIVE) return true;
    const fp = getFreepointer(slub, s, p);
    if (!checkValidPointer(slub, s, pfn, fp)) {
      objectErr(slub, s, pfn, p, 'Freepointer corrupt');
      // no choice but to zap it, losing the rest of this slab's free objects
      setFreepointer(slub, s, p, 0);
      return false;
    }
    return true;
  } finally {
    fpop(slub);
  }
}

// check_object(), mm/slub.c 2.6.25
function checkObject2625(slub: SlubState, s: KmemCache, pfn: number, object: number, val: number): boolean {
  const active = val === SLUB_RED_ACTIVE;
  const objectSize = s.objectSize;
  const endobject = object + objectSize;
  fpush(slub, 'check_object');
  try {
    if ((s.flags & SLAB_RED_ZONE) !== 0) {
      if (!checkBytesAndReport(slub, s, pfn, object, 'Redzone', endobject, val, s.inuse - objectSize)) return false;
    } else if ((s.flags & SLAB_POISON) !== 0 && objectSize < s.inuse) {
      checkBytesAndReport(slub, s, pfn, object, 'Alignment padding', endobject, POISON_INUSE, s.inuse - objectSize);
    }
    if ((s.flags & SLAB_POISON) !== 0) {
      if (!active && (s.flags & __OBJECT_POISON) !== 0) {
        if (!checkBytesAndReport(slub, s, pfn, object, 'Poison', object, POISON_FREE, objectSize - 1)) return false;
        if (!checkBytesAndReport(slub, s, pfn, object, 'Poison', object + objectSize - 1, POISON_END, 1)) return false;
      }
      checkPadBytes(slub, s, pfn, object);
    }
    if (!s.offset && active) return true;
    const fp = getFreepointer(slub, s, object);
    if (!checkValidPointer(slub, s, pfn, fp)) {
      objectErr(slub, s, pfn, object, 'Freepointer corrupt');
      setFreepointer(slub, s, object, 0);
      return false;
    }
    return true;
  } finally {
    fpop(slub);
  }
}

// check_slab(), mm/slub.c 6.8
export function checkSlab(slub: SlubState, s: KmemCache, pfn: number): boolean {
  const p = slub.pages;
  fpush(slub, 'check_slab');
  try {
    if (!p.test(pfn, PG_slab)) {
      slabErr(slub, s, pfn, 'Not a valid slab page', 'slub.invalid_free');
      return false;
    }
    const maxobj = slub.v2625 ? s.objects : orderObjects(slabOrder(slub, pfn), s.size);
    const objects = p.get(pfn, F_SLAB_OBJECTS);
    const inuse = p.get(pfn, F_SLAB_INUSE);
    if (!slub.v2625 && objects > maxobj) {
      slabErr(slub, s, pfn, `objects ${objects} > max ${maxobj}`, 'slub.wrong_object_count');
      return false;
    }
    if (inuse > objects) {
      slabErr(slub, s, pfn, `inuse ${inuse} > max ${objects}`, 'slub.wrong_object_count');
      return false;
    }
    slabPadCheck(slub, s, pfn);
    return true;
  } finally {
    fpop(slub);
  }
}

// on_freelist(), mm/slub.c 6.8; search is a phys address or -1 for NULL
export function onFreelist(slub: SlubState, s: KmemCache, pfn: number, search: number): boolean {
  const p = slub.pages;
  const objects = p.get(pfn, F_SLAB_OBJECTS);
  let nr = 0;
  let object = -1;
  let fp = slabFreelist(slub, pfn);
  fpush(slub, 'on_freelist');
  try {
    while (fp !== 0 && nr <= objects) {
      if (fp > 0 && fp - 1 === search) return true;
      if (!checkValidPointer(slub, s, pfn, fp)) {
        if (object >= 0) {
          objectErr(slub, s, pfn, object, 'Freechain corrupt');
          setFreepointer(slub, s, object, 0);
        } else {
          slabErr(slub, s, pfn, 'Freepointer corrupt', 'slub.freepointer_corrupt');
          setSlabFreelist(slub, pfn, 0);
          p.set(pfn, F_SLAB_INUSE, objects);
          slabFix(slub, s, 'Freelist cleared');
          return false;
        }
        break;
      }
      object = fp - 1;
      fp = getFreepointer(slub, s, object);
      nr++;
    }
    if (!slub.v2625) {
      const maxObjects = Math.min(orderObjects(slabOrder(slub, pfn), s.size), MAX_OBJS_PER_PAGE);
      if (p.get(pfn, F_SLAB_OBJECTS) !== maxObjects) {
        slabErr(slub, s, pfn, `Wrong number of objects. Found ${p.get(pfn, F_SLAB_OBJECTS)} but should be ${maxObjects}`, 'slub.wrong_object_count');
        p.set(pfn, F_SLAB_OBJECTS, maxObjects);
        slabFix(slub, s, 'Number of objects adjusted');
      }
    }
    const objs = p.get(pfn, F_SLAB_OBJECTS);
    const inuse = p.get(pfn, F_SLAB_INUSE);
    if (inuse !== objs - nr) {
      slabErr(slub, s, pfn, `Wrong object count. Counter is ${inuse} but counted were ${objs - nr}`, 'slub.wrong_object_count');
      setInuse(slub, pfn, objs - nr);
      slabFix(slub, s, slub.v2625 ? 'Object count adjusted.' : 'Object count adjusted');
    }
    return search < 0;
  } finally {
    fpop(slub);
  }
}
