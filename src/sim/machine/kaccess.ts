// Kernel loads and stores through pointers the model read from simulated memory: the address is
// translated like the MMU would (lookup_address()); an address nothing backs calls onFault,
// which oopses (arch/x86/fault.ts) and never returns.
import type { Deps } from './modules.ts';
import { PAGE_SIZE } from '../linux/include/linux/mm_types.ts';
import { lookupAddress } from '../linux/arch/x86/mm/pageattr.ts';

export type OnFault = (addr: bigint, write: boolean) => never;

/** Physical address of [va, va+len) when it all lies in the direct map, else -1: no walk, no allocation but the subtraction. */
function directPhys(sys: Deps<'vmalloc' | 'user'>, va: bigint, len: number): number {
  const k = sys.k;
  const po = k.layout.pageOffset;
  if (va < po) return -1;
  const off = Number(va - po);
  return off + len <= k.ramBytes ? off : -1;
}

/** Physical address of every byte of [va, va+len), faulting at the first one nothing backs. */
function physOf(sys: Deps<'vmalloc' | 'user'>, va: bigint, len: number, write: boolean, onFault: OnFault): number {
  // the direct map, where nearly every pointer points: no walk needed
  const direct = directPhys(sys, va, len);
  if (direct >= 0) return direct;
  const first = lookupAddress(sys, va);
  if (first === null) onFault(va, write);
  if (len > 1) {
    const lastVa = va + BigInt(len - 1);
    const last = lookupAddress(sys, lastVa);
    if (last === null) onFault(lastVa, write);
    // a range that crosses into another frame must be contiguous for the single read below
    if (Math.floor(first.phys / PAGE_SIZE) !== Math.floor(last.phys / PAGE_SIZE) && last.phys !== first.phys + len - 1) return -1;
  }
  return first.phys;
}

export function kreadBytes(sys: Deps<'vmalloc' | 'user'>, va: bigint, len: number, onFault: OnFault): Uint8Array {
  const out = new Uint8Array(len);
  const phys = physOf(sys, va, len, false, onFault);
  if (phys >= 0) {
    sys.k.mem.read(phys, out);
    return out;
  }
  for (let i = 0; i < len; i++) out[i] = sys.k.mem.readByte(physOf(sys, va + BigInt(i), 1, false, onFault));
  return out;
}

export function kread64(sys: Deps<'vmalloc' | 'user'>, va: bigint, onFault: OnFault): bigint {
  const direct = directPhys(sys, va, 8);
  if (direct >= 0) return sys.k.mem.readBigU64(direct);
  const b = kreadBytes(sys, va, 8, onFault);
  return new DataView(b.buffer).getBigUint64(0, true);
}

export function kread32(sys: Deps<'vmalloc' | 'user'>, va: bigint, onFault: OnFault): number {
  const direct = directPhys(sys, va, 4);
  if (direct >= 0) return sys.k.mem.readU32(direct);
  const b = kreadBytes(sys, va, 4, onFault);
  return new DataView(b.buffer).getUint32(0, true);
}

export function kwrite(sys: Deps<'vmalloc' | 'user'>, va: bigint, bytes: Uint8Array, writer: string, onFault: OnFault): void {
  for (let i = 0; i < bytes.length; ) {
    const phys = physOf(sys, i === 0 ? va : va + BigInt(i), 1, true, onFault);
    const n = Math.min(bytes.length - i, PAGE_SIZE - (phys % PAGE_SIZE));
    sys.k.memWrite(phys, n === bytes.length ? bytes : bytes.subarray(i, i + n), writer);
    i += n;
  }
}

/** True when a store of len bytes at the direct-map physical address stays in one frame: one write record, as kwrite() makes. */
function inOneFrame(phys: number, len: number): boolean {
  return phys >= 0 && phys % PAGE_SIZE <= PAGE_SIZE - len;
}

export function kwrite64(sys: Deps<'vmalloc' | 'user'>, va: bigint, v: bigint, writer: string, onFault: OnFault): void {
  const direct = directPhys(sys, va, 8);
  if (inOneFrame(direct, 8)) return sys.k.memWriteBigU64(direct, v, writer);
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, v, true);
  kwrite(sys, va, b, writer, onFault);
}

export function kwrite32(sys: Deps<'vmalloc' | 'user'>, va: bigint, v: number, writer: string, onFault: OnFault): void {
  const direct = directPhys(sys, va, 4);
  if (inOneFrame(direct, 4)) return sys.k.memWriteU32(direct, v, writer);
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v >>> 0, true);
  kwrite(sys, va, b, writer, onFault);
}

/**
 * kwrite64() of an address the caller knows lies in the direct map, given as its physical address
 * (an object it just allocated): the same stores and write records, without BigInt address sums.
 */
export function kwrite64Phys(sys: Deps<'vmalloc' | 'user'>, phys: number, v: bigint, writer: string): void {
  if (inOneFrame(phys, 8)) return sys.k.memWriteBigU64(phys, v, writer);
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, v, true);
  writePhys(sys, phys, b, writer);
}

/** kwrite32() of a direct-map address given as its physical address (see kwrite64Phys()). */
export function kwrite32Phys(sys: Deps<'vmalloc' | 'user'>, phys: number, v: number, writer: string): void {
  if (inOneFrame(phys, 4)) return sys.k.memWriteU32(phys, v, writer);
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v >>> 0, true);
  writePhys(sys, phys, b, writer);
}

/** kwrite()'s frame-by-frame stores of a direct-map range (physically contiguous). */
function writePhys(sys: Deps<'vmalloc' | 'user'>, phys: number, bytes: Uint8Array, writer: string): void {
  for (let i = 0; i < bytes.length; ) {
    const p = phys + i;
    const n = Math.min(bytes.length - i, PAGE_SIZE - (p % PAGE_SIZE));
    sys.k.memWrite(p, n === bytes.length ? bytes : bytes.subarray(i, i + n), writer);
    i += n;
  }
}
