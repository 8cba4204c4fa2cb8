// Where the hex view goes for a finding: from the start of the object it names,
// with the reported byte picked out, like the kernel's own "Object" dump.
import type { Finding } from '../worker/protocol.ts';

const HEX = /^0x[0-9a-f]{1,16}$/i;

function field(f: Finding, k: string): bigint | null {
  const v = f.fields[k];
  return typeof v === 'string' && HEX.test(v) ? BigInt(v) : null;
}

export interface HexFocus {
  target: string;
  /** Index of the reported byte in the view, or null. */
  pin: number | null;
  /** Length that shows the reported byte. */
  len: number;
}

function hex(v: bigint): string {
  return '0x' + v.toString(16).padStart(16, '0');
}

export function findingFocus(f: Finding, len: number): HexFocus | null {
  const addr = field(f, 'addr');
  const object = field(f, 'object');
  if (addr === null && object === null) return null;
  if (addr === null) return { target: hex(object!), pin: null, len };
  // the byte before the object (left red zone) or far past it: start at its own row
  const start = object !== null && object <= addr && addr - object < 4096n ? object : addr & ~0xfn;
  const pin = Number(addr - start);
  return { target: hex(start), pin, len: Math.max(len, Math.ceil((pin + 1) / 16) * 16) };
}

/** The offsets [first, last] a corrupted range (inclusive 0x addresses) covers in the view `focus` shows, clipped to it; null when outside. */
export function rangeIn(focus: HexFocus, range: { start: string; end: string } | null): [number, number] | null {
  if (!range || !HEX.test(focus.target) || !HEX.test(range.start) || !HEX.test(range.end)) return null;
  const base = BigInt(focus.target);
  const lo = BigInt(range.start) - base;
  const hi = BigInt(range.end) - base;
  if (hi < 0n || lo >= BigInt(focus.len) || hi < lo) return null;
  return [Number(lo < 0n ? 0n : lo), Number(hi >= BigInt(focus.len) ? BigInt(focus.len - 1) : hi)];
}
