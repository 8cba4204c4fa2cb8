// Hex dumps as print_hex_dump() prints them (lib/hexdump.c): SLUB's print_section() rows
// (`Object 0xffff8100201a0000: 6b 6b ... kkkk`, 6.x `Redzone  ffff888003a1c000: bb bb ...`),
// kmemleak's `hex dump (first 32 bytes):` rows, KASAN's shadow rows (`>ffff8801c5b1dd80: fb fb ^`)
// and rows a mail client or the poster shortened to their low address bits (`201a0010:  6b 6b`).
import type { ByteDump, FieldValue } from '../types.ts';

const ROW = /^(?:([A-Z][\w ]*?[a-z0-9])\s+)?(>)?\s*\(?(?:0x)?([0-9a-f]{6,16})\)?:\s+((?:[0-9a-f]{2}\s){0,31}[0-9a-f]{2})(?:\s+\S.*)?$/;

export interface Row {
  label: string | null;
  marked: boolean;
  addr: bigint;
  bytes: string[];
  /** Column (in the untrimmed line) where the hex bytes start. */
  col: number;
}

export function parseRow(line: string): Row | null {
  const s = line.trim();
  const m = ROW.exec(s);
  if (m === null) return null;
  const bytes = m[4]!.trim().split(/\s+/);
  const col = line.indexOf(m[4]!);
  return { label: m[1] ?? null, marked: m[2] !== undefined, addr: BigInt(`0x${m[3]!}`), bytes, col };
}

function hex(n: bigint): string {
  return `0x${n.toString(16).padStart(16, '0')}`;
}

/**
 * Groups rows into dumps: one per label and contiguous address run. A row without a label
 * continues the label before it; a row with short address bits continues the dump whose low bits match.
 */
export function collectDumps(lines: readonly string[], labels: RegExp): ByteDump[] {
  const out: ByteDump[] = [];
  let cur: { label: string; start: bigint; next: bigint; bytes: string[] } | null = null;
  const flush = () => {
    if (cur !== null) out.push({ label: cur.label, addr: hex(cur.start), hex: cur.bytes.join(' ') });
    cur = null;
  };
  for (const line of lines) {
    const r = parseRow(line);
    if (r === null) continue;
    const label: string = r.label ?? cur?.label ?? 'Dump';
    if (r.label !== null && !labels.test(r.label)) continue;
    let addr = r.addr;
    // "201a0010:" after "Padding 0xffff8100201a0000:": the poster dropped the high bits
    if (cur !== null && r.label === null && addr < 0x100000000n && cur.start > 0xffffffffn) addr = (cur.start & ~0xffffffffn) | addr;
    if (cur === null || label !== cur.label || addr !== cur.next) {
      flush();
      cur = { label, start: addr, next: addr, bytes: [] };
    }
    cur.bytes.push(...r.bytes);
    cur.next = addr + BigInt(r.bytes.length);
  }
  flush();
  return out;
}

/** Dumps as finding fields. */
export function dumpsField(dumps: readonly ByteDump[]): FieldValue {
  return dumps.map((d): FieldValue => (d.marked === undefined ? { label: d.label, addr: d.addr, hex: d.hex } : { label: d.label, addr: d.addr, hex: d.hex, marked: d.marked }));
}

/** Dumps back from finding fields (for forensics and scenario generation). */
export function dumpsOf(v: FieldValue | undefined): ByteDump[] {
  if (!Array.isArray(v)) return [];
  const out: ByteDump[] = [];
  for (const x of v as readonly FieldValue[]) {
    if (x === null || typeof x !== 'object' || Array.isArray(x)) continue;
    const o = x as { readonly [k: string]: FieldValue };
    if (typeof o.label === 'string' && typeof o.addr === 'string' && typeof o.hex === 'string') {
      const d: ByteDump = { label: o.label, addr: o.addr, hex: o.hex };
      if (typeof o.marked === 'number') d.marked = o.marked;
      out.push(d);
    }
  }
  return out;
}
