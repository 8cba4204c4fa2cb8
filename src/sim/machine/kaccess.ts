// Kernel loads and stores through pointers the model read from simulated memory: the address is
// translated like the MMU would (lookup_address()); an address nothing backs calls onFault,
// which oopses (arch/x86/fault.ts) and never returns.
import type { Deps } from './modules.ts';
import { PAGE_SIZE } from '../linux/include/linux/mm_types.ts';
import { lookupAddress } from '../linux/arch/x86/mm/pageattr.ts';

export type OnFault = (addr: bigint, write: boolean) => never;

/** Physical address of every byte of [va, va+len), faulting at the first one nothing backs. */
function physOf(sys: Deps<'vmalloc' | 'user'>, va: bigint, len: number, write: boolean, onFault: OnFault): number {
  // the direct map, where nearly every pointer points: no walk needed
  const off = va - sys.k.layout.pageOffset;
  if (off >= 0n && off + BigInt(len) <= BigInt(sys.k.ramBytes)) return Number(off);
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
  const b = kreadBytes(sys, va, 8, onFault);
  return new DataView(b.buffer).getBigUint64(0, true);
}

export function kread32(sys: Deps<'vmalloc' | 'user'>, va: bigint, onFault: OnFault): number {
  const b = kreadBytes(sys, va, 4, onFault);
  return new DataView(b.buffer).getUint32(0, true);
}

export function kwrite(sys: Deps<'vmalloc' | 'user'>, va: bigint, bytes: Uint8Array, writer: string, onFault: OnFault): void {
  for (let i = 0; i < bytes.length; ) {
    const phys = physOf(sys, va + BigInt(i), 1, true, onFault);
    const n = Math.min(bytes.length - i, PAGE_SIZE - (phys % PAGE_SIZE));
    sys.k.memWrite(phys, bytes.subarray(i, i + n), writer);
    i += n;
  }
}

export function kwrite64(sys: Deps<'vmalloc' | 'user'>, va: bigint, v: bigint, writer: string, onFault: OnFault): void {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, v), true);
  kwrite(sys, va, b, writer, onFault);
}

export function kwrite32(sys: Deps<'vmalloc' | 'user'>, va: bigint, v: number, writer: string, onFault: OnFault): void {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v >>> 0, true);
  kwrite(sys, va, b, writer, onFault);
}
