// The hex dumps of an imported report (SLUB's print_section() lines, KASAN's object and shadow
// dumps) as rows of bytes, each byte with the pattern it most likely is: the poison and red zone
// bytes of include/linux/poison.h and mm/slab.h, KASAN's shadow values, and the bytes the report
// says were overwritten.
import { kasanShadowName } from '../../import/forensics/values.ts';
import type { ByteDump, FieldValue, ImportedFinding } from '../../worker/importProtocol.ts';
import type { PatternClass } from '../panels/hex/byteInfo.ts';

export interface DumpByte {
  value: number;
  addr: bigint;
  cls: PatternClass | 'shadow';
  /** What the byte most likely is, or '' for data. */
  name: string;
  /** The report names it as overwritten (SLUB's first bad byte and run) or marks it (KASAN `^`). */
  bad: boolean;
}

export interface DumpRow {
  addr: bigint;
  bytes: DumpByte[];
}

export interface DumpBlock {
  label: string;
  /** `shadow` for KASAN's shadow memory, whose bytes are states, not data. */
  shadow: boolean;
  rows: DumpRow[];
}

/** The poison bytes, include/linux/poison.h and mm/slab.h (SLUB_RED_*). */
const POISON: ReadonlyMap<number, [PatternClass, string]> = new Map([
  [0x6b, ['free', 'POISON_FREE']],
  [0x5a, ['inuse', 'POISON_INUSE']],
  [0xa5, ['end', 'POISON_END']],
  [0xbb, ['red-inactive', 'SLUB_RED_INACTIVE']],
  [0xcc, ['red-active', 'SLUB_RED_ACTIVE']],
]);

function dumpList(v: FieldValue | undefined): ByteDump[] {
  if (!Array.isArray(v)) return [];
  const out: ByteDump[] = [];
  for (const x of v as readonly FieldValue[]) {
    if (x === null || typeof x !== 'object' || Array.isArray(x)) continue;
    const o = x as { readonly [k: string]: FieldValue };
    if (typeof o.label === 'string' && typeof o.addr === 'string' && typeof o.hex === 'string') out.push(typeof o.marked === 'number' ? { label: o.label, addr: o.addr, hex: o.hex, marked: o.marked } : { label: o.label, addr: o.addr, hex: o.hex });
  }
  return out;
}

function big(hex: string): bigint | null {
  try {
    return BigInt(hex.startsWith('0x') ? hex : `0x${hex}`);
  } catch {
    return null;
  }
}

/**
 * Address ranges the report calls overwritten: its `overwritten` runs, and SLUB's `INFO: 0xa-0xb`
 * span (check_bytes_and_report()) where a byte is not the value it should be.
 */
function badRanges(f: ImportedFinding): [bigint, bigint, number | null][] {
  const out: [bigint, bigint, number | null][] = [];
  const r = f.fields.range;
  const expected = typeof f.fields.expected_byte === 'string' ? parseInt(f.fields.expected_byte, 16) : null;
  if (f.kind.startsWith('slub.') && Array.isArray(r) && typeof r[0] === 'string' && typeof r[1] === 'string') {
    const a = big(r[0]);
    const b = big(r[1]);
    if (a !== null && b !== null) out.push([a, b, expected]);
  }
  const ow = f.fields.overwritten;
  if (Array.isArray(ow)) {
    for (const x of ow as readonly FieldValue[]) {
      if (x === null || typeof x !== 'object' || Array.isArray(x)) continue;
      const o = x as { readonly [k: string]: FieldValue };
      const a = typeof o.addr === 'string' ? big(o.addr) : null;
      const n = typeof o.hex === 'string' ? o.hex.split(' ').length : 1;
      if (a !== null) out.push([a, a + BigInt(n - 1), null]);
    }
  }
  return out;
}

function dataByte(value: number, label: string): Pick<DumpByte, 'cls' | 'name'> {
  const p = POISON.get(value);
  const red = /redzone/i.test(label);
  // a red zone's 0xbb/0xcc and an object's or padding's poison are what they look like; elsewhere a guess
  if (p && (red ? p[0].startsWith('red') : !p[0].startsWith('red') || /padding|bytes b4|object/i.test(label))) return { cls: p[0], name: p[1] };
  if (value === 0) return { cls: 'zero', name: '' };
  return { cls: 'none', name: '' };
}

export function dumpBlocks(f: ImportedFinding): DumpBlock[] {
  const bad = badRanges(f);
  const isBad = (a: bigint, v: number) => bad.some(([x, y, ok]) => a >= x && a <= y && v !== ok);
  const blocks: DumpBlock[] = [];
  const add = (dumps: ByteDump[], shadow: boolean) => {
    for (const d of dumps) {
      const start = big(d.addr) ?? 0n;
      const values = d.hex
        .split(/\s+/)
        .filter((h) => /^[0-9a-fA-F]{2}$/.test(h))
        .map((h) => parseInt(h, 16));
      const prev = blocks[blocks.length - 1];
      const block: DumpBlock = prev && prev.label === d.label && prev.shadow === shadow ? prev : { label: d.label, shadow, rows: [] };
      if (block !== prev) blocks.push(block);
      const row: DumpRow = { addr: start, bytes: [] };
      values.forEach((value, i) => {
        const addr = start + BigInt(i);
        const kind: Pick<DumpByte, 'cls' | 'name'> = shadow ? { cls: 'shadow', name: kasanShadowName(value) } : dataByte(value, d.label);
        row.bytes.push({ value, addr, ...kind, bad: shadow ? d.marked === i : isBad(addr, value) || d.marked === i });
      });
      block.rows.push(row);
    }
  };
  add(dumpList(f.fields.dumps), false);
  add(dumpList(f.fields.shadow), true);
  return blocks;
}

/** The patterns the blocks show, for the legend. */
export function dumpPatterns(blocks: readonly DumpBlock[]): { cls: DumpByte['cls']; name: string; value: number }[] {
  const seen = new Map<string, { cls: DumpByte['cls']; name: string; value: number }>();
  for (const b of blocks) for (const r of b.rows) for (const x of r.bytes) if (x.name !== '' && !seen.has(x.name)) seen.set(x.name, { cls: x.cls, name: x.name, value: x.value });
  return [...seen.values()];
}
