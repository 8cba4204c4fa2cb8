// What one byte of the hex view is: value, pattern, slab region and provenance.
import type { HexAnswer } from '../../../worker/protocol.ts';
import { addrPlus, asciiChar, hexByte } from './hexRows.ts';

export type RegionClass = 'left-redzone' | 'object' | 'redzone' | 'freeptr' | 'track' | 'padding' | 'other';

/** Groups the allocator's region names (which follow mm/slub.c's wording) into a few colors. */
export function regionClass(name: string): RegionClass {
  const n = name.toLowerCase();
  if (/red\s*_?zone/.test(n)) return /left/.test(n) ? 'left-redzone' : 'redzone';
  if (/free\s*_?p(oin)?t(e)?r|freeptr/.test(n)) return 'freeptr';
  if (/track/.test(n)) return 'track';
  if (/pad/.test(n)) return 'padding';
  if (/object|payload/.test(n)) return 'object';
  return 'other';
}

/** Index of the region holding byte i, or -1; of overlapping ones (a free pointer inside the object) the later, narrower one. */
export function regionIndexAt(v: HexAnswer, i: number): number {
  for (let k = v.regions.length - 1; k >= 0; k--) if (i >= v.regions[k]!.start && i < v.regions[k]!.end) return k;
  return -1;
}

export type PatternClass = 'free' | 'inuse' | 'end' | 'red-inactive' | 'red-active' | 'lock' | 'ds' | 'init' | 'zero' | 'none';

const PATTERN_CLASS: Readonly<Record<string, PatternClass>> = {
  POISON_FREE: 'free',
  POISON_INUSE: 'inuse',
  POISON_END: 'end',
  SLUB_RED_INACTIVE: 'red-inactive',
  SLUB_RED_ACTIVE: 'red-active',
  'LOCK prefix': 'lock',
  'DS prefix': 'ds',
  init_on_free: 'init',
  init_on_alloc: 'init',
};

export function patternClass(name: string | null, value: number): PatternClass {
  if (name !== null) return PATTERN_CLASS[name] ?? 'none';
  return value === 0 ? 'zero' : 'none';
}

/** Writers named after a scenario `write` step are the bug's own stores. */
export function isScenarioWrite(writer: string | null): boolean {
  return writer !== null && /^write\b/.test(writer);
}

export interface ByteInfo {
  index: number;
  addr: string;
  value: number;
  pattern: string | null;
  meaning: string | null;
  region: string | null;
  writer: string | null;
  /** Event that last wrote the byte, or null when never written since boot. */
  event: number | null;
}

export function byteInfo(v: HexAnswer, i: number): ByteInfo | null {
  if (i < 0 || i >= v.len) return null;
  const value = v.bytes[i]!;
  const w = v.writer[i]!;
  const writer = w >= 0 ? (v.writers[w] ?? null) : null;
  const e = v.event[i]!;
  const name = v.pattern[i] ?? null;
  const r = regionIndexAt(v, i);
  return {
    index: i,
    addr: `0x${addrPlus(v.addr, i)}`,
    value,
    pattern: name,
    meaning: name !== null ? (v.meanings[name] ?? null) : null,
    region: r >= 0 ? v.regions[r]!.name : null,
    writer,
    event: e >= 0 ? e : null,
  };
}

/** One line naming the byte, e.g. "0x6b 'k' POISON_FREE, written by slab_free at event 412". */
export function byteSummary(b: ByteInfo): string {
  const parts = [`0x${hexByte(b.value)} '${asciiChar(b.value)}'`];
  if (b.pattern) parts.push(b.meaning ? `${b.pattern} (${b.meaning})` : b.pattern);
  if (b.region) parts.push(`in ${b.region}`);
  parts.push(b.writer !== null && b.event !== null ? `written by ${b.writer} at event ${b.event}` : 'not written since boot');
  return parts.join(', ');
}
