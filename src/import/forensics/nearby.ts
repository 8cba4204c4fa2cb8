// Values one byte or one nibble away from a valid pointer of the same layout: the signature of a
// stray single-byte store (seed 002: `ffff81f02003f16c` is the direct-map pointer
// `ffff81002003f16c` with 0xf0 in byte 4) or of a cleared nibble (`fff0810023444c98` is
// `ffff810023444c98`). And, for values with a known pattern (a user checker's fill word), which
// byte differs from it.
import { type Layout, regionOf } from './layout.ts';
import { BYTE_PATTERNS } from './values.ts';

export interface NearMiss {
  likely: bigint;
  /** Byte index (0 = least significant) and the byte found there / in the likely value. */
  byte: number;
  found: number;
  want: number;
  /** Set when the difference is a single nibble: its index (0 = least significant). */
  nibble?: number;
  region: string;
}

const byteAt = (v: bigint, k: number) => Number((v >> BigInt(8 * k)) & 0xffn);
const withByte = (v: bigint, k: number, b: number) => (v & ~(0xffn << BigInt(8 * k))) | (BigInt(b) << BigInt(8 * k));

/** A valid pointer: inside a populated region; in a linear map, below the RAM the log suggests. */
export function isValidPointer(layout: Layout, v: bigint, ramLimit: bigint): boolean {
  const reg = regionOf(layout, v);
  if (reg === null) return false;
  return !reg.linear || v - reg.start < ramLimit;
}

/** Bytes every address of a region has in common, counted from the top (the region's fixed prefix). */
function prefixBytes(start: bigint, end: bigint, width: number): number {
  let n = 0;
  for (let k = width - 1; k >= 0 && byteAt(start, k) === byteAt(end, k); k--) n++;
  return n;
}

/** The closest valid pointer one byte or one nibble away, preferring restored region prefixes and zeroed high physical bytes. */
export function nearMiss(layout: Layout, v: bigint, ramLimit: bigint): NearMiss | null {
  if (isValidPointer(layout, v, ramLimit)) return null;
  const width = layout.width;
  // only values that still look like kernel pointers: their top byte is the layout's
  const top = byteAt(v, width - 1);
  if (top !== 0xff && !(layout.name === 'i386' && top >= 0xc0)) {
    if (!(width === 8 && byteAt(v, 6) === 0xff)) return null;
  }
  const candidates: NearMiss[] = [];
  for (let k = width - 1; k >= 0; k--) {
    const found = byteAt(v, k);
    const wants = new Set<number>([0x00, 0xff]);
    for (const reg of layout.regions) wants.add(byteAt(reg.start, k));
    for (const want of wants) {
      if (want === found) continue;
      const cand = withByte(v, k, want);
      if (!isValidPointer(layout, cand, ramLimit)) continue;
      // only a restored region prefix, or a zeroed high byte of a physical address, is a plausible repair
      const reg = regionOf(layout, cand)!;
      const inPrefix = k >= width - prefixBytes(reg.start, reg.end, width);
      if (!inPrefix && !(reg.linear && want === 0)) continue;
      const diff = found ^ want;
      const nm: NearMiss = { likely: cand, byte: k, found, want, region: reg.name };
      if ((diff & 0x0f) === 0) nm.nibble = 2 * k + 1;
      else if ((diff & 0xf0) === 0) nm.nibble = 2 * k;
      candidates.push(nm);
    }
  }
  if (candidates.length === 0) return null;
  // a named byte pattern (0xf0, 0x6b, ...) is the likeliest culprit, then a single-nibble change
  candidates.sort((a, b) => score(b) - score(a));
  return candidates[0]!;
}

function score(n: NearMiss): number {
  return (BYTE_PATTERNS.has(n.found) ? 4 : 0) + (n.nibble !== undefined ? 2 : 0) + (n.want === 0 ? 1 : 0);
}

/** Which bytes of `v` differ from the expected word `want`. */
export function byteDiff(v: bigint, want: bigint, width: number): { byte: number; found: number; want: number }[] {
  const out: { byte: number; found: number; want: number }[] = [];
  for (let k = 0; k < width; k++) if (byteAt(v, k) !== byteAt(want, k)) out.push({ byte: k, found: byteAt(v, k), want: byteAt(want, k) });
  return out;
}
