// Free pointers and slab fields, mm/slub.c 6.8: get_freepointer() / set_freepointer() on the
// little-endian virtual addresses free objects hold, slab->freelist and slab->inuse, virt_to_slab().
import {
  F_ORDER,
  F_SLAB_FREELIST,
  F_SLAB_FREELIST_RAW_HI,
  F_SLAB_FREELIST_RAW_LO,
  F_SLAB_INUSE,
  PAGE_SIZE,
  PG_head as _PG_head,
  PG_slab as _PG_slab,
} from '../include/linux/mm_types.ts';
import type { KmemCache } from './slab.ts';
import { type SlubState, TWO32 } from './slub_def.ts';

const PG_head = _PG_head;
const PG_slab = _PG_slab;

/** A 64-bit pointer read from memory, decoded: phys + 1, 0 for NULL, -1 outside the direct map (words in badLo/badHi). */
function decode(slub: SlubState, lo: number, hi: number): number {
  if (lo === 0 && hi === 0) return 0;
  const hiOff = hi - slub.hiBase;
  if (hiOff >= 0 && hiOff <= 0xffff) {
    const phys = hiOff * TWO32 + lo;
    if (phys > 0 && phys < slub.ram) return phys + 1;
  }
  slub.badLo = lo;
  slub.badHi = hi;
  return -1;
}

export function readWordsAt(slub: SlubState, addr: number): void {
  const pfn = Math.floor(addr / PAGE_SIZE);
  const f = slub.k.mem.frameRO(pfn);
  if (f === null) {
    slub.badLo = 0;
    slub.badHi = 0;
    return;
  }
  const o = addr - pfn * PAGE_SIZE;
  slub.badLo = (f[o]! | (f[o + 1]! << 8) | (f[o + 2]! << 16) | (f[o + 3]! << 24)) >>> 0;
  slub.badHi = (f[o + 4]! | (f[o + 5]! << 8) | (f[o + 6]! << 16) | (f[o + 7]! << 24)) >>> 0;
}

// get_freepointer(), mm/slub.c 6.8 (no CONFIG_SLAB_FREELIST_HARDENED: the pointer is stored as is)
export function getFreepointer(slub: SlubState, s: KmemCache, object: number): number {
  readWordsAt(slub, object + s.offset);
  return decode(slub, slub.badLo, slub.badHi);
}

/** memchr_inv(): offset of the first byte in [start, start + n) that is not `value`, or -1. */
export function memchrInv(slub: SlubState, start: number, value: number, n: number): number {
  let done = 0;
  while (done < n) {
    const a = start + done;
    const pfn = Math.floor(a / PAGE_SIZE);
    const off = a - pfn * PAGE_SIZE;
    const len = Math.min(n - done, PAGE_SIZE - off);
    const f = slub.k.mem.frameRO(pfn);
    if (f === null) {
      if (value !== 0) return done;
    } else {
      for (let i = 0; i < len; i++) if (f[off + i] !== value) return done + i;
    }
    done += len;
  }
  return -1;
}

export function readU32(slub: SlubState, addr: number): number {
  const pfn = Math.floor(addr / PAGE_SIZE);
  const f = slub.k.mem.frameRO(pfn);
  if (f === null) return 0;
  const o = addr - pfn * PAGE_SIZE;
  return (f[o]! | (f[o + 1]! << 8) | (f[o + 2]! << 16) | (f[o + 3]! << 24)) >>> 0;
}

/** Writes an encoded pointer as a little-endian virtual address; -1 writes the given raw words. */
function writePtr(slub: SlubState, addr: number, enc: number, rawLo: number, rawHi: number, writer: string): void {
  let lo = rawLo;
  let hi = rawHi;
  if (enc > 0) {
    const phys = enc - 1;
    lo = phys % TWO32;
    hi = slub.hiBase + Math.floor(phys / TWO32);
  } else if (enc === 0) lo = hi = 0;
  slub.k.memWriteU64(addr, lo, hi, writer);
}

// set_freepointer(), mm/slub.c 6.8
export function setFreepointer(slub: SlubState, s: KmemCache, object: number, enc: number, rawLo = 0, rawHi = 0): void {
  writePtr(slub, object + s.offset, enc, rawLo, rawHi, 'free pointer');
}

export function slabFreelist(slub: SlubState, pfn: number): number {
  return slub.pages.get(pfn, F_SLAB_FREELIST);
}

export function setSlabFreelist(slub: SlubState, pfn: number, enc: number, rawLo = 0, rawHi = 0): void {
  const p = slub.pages;
  p.set(pfn, F_SLAB_FREELIST, enc);
  p.set(pfn, F_SLAB_FREELIST_RAW_LO, enc < 0 ? rawLo : 0);
  p.set(pfn, F_SLAB_FREELIST_RAW_HI, enc < 0 ? rawHi : 0);
}

export function setInuse(slub: SlubState, pfn: number, v: number): void {
  // slab->inuse is a 16-bit field
  slub.pages.set(pfn, F_SLAB_INUSE, ((v % 0x10000) + 0x10000) % 0x10000);
}

/** The words of an encoded pointer, for printing. */
export function ptrWords(slub: SlubState, enc: number, rawLo: number, rawHi: number): [number, number] {
  if (enc > 0) return [(enc - 1) % TWO32, slub.hiBase + Math.floor((enc - 1) / TWO32)];
  if (enc === 0) return [0, 0];
  return [rawLo, rawHi];
}

/** virt_to_slab(): the head pfn of the slab holding phys, or -1 when the page is not a slab. */
export function slabOf(slub: SlubState, phys: number): number {
  const pfn = Math.floor(phys / PAGE_SIZE);
  if (pfn < 0 || pfn >= slub.pages.nframes) return -1;
  const head = slub.pages.compoundHead(pfn);
  return slub.pages.test(head, PG_slab) ? head : -1;
}

export function slabOrder(slub: SlubState, pfn: number): number {
  return slub.pages.test(pfn, PG_head) ? slub.pages.get(pfn, F_ORDER) : 0;
}
