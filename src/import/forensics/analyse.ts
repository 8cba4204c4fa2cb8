// Byte and pointer forensics of one finding: the faulting address, the registers, the pointers of
// its messages, the words and byte runs of its dumps, and a checker's changed words, each named
// when it is a known value and flagged when it is one byte or nibble away from a valid pointer.
import { dumpsOf } from '../reports/dumps.ts';
import type { ByteDump, FieldValue, Forensic, ImportedFinding } from '../types.ts';
import { detectLayout, type Layout } from './layout.ts';
import { byteDiff, nearMiss, type NearMiss } from './nearby.ts';
import { BYTE_PATTERNS, kasanShadowName, namedValue } from './values.ts';

const hex64 = (v: bigint, width: number) => v.toString(16).padStart(width * 2, '0');
const bits = (k: number) => `bits ${8 * k + 7}–${8 * k}`;

function parseHex(s: string): bigint | null {
  const h = s.replace(/^0x/, '');
  return /^[0-9a-f]{1,16}$/.test(h) ? BigInt(`0x${h}`) : null;
}

function missNote(v: bigint, n: NearMiss, layout: Layout): { note: string; tag: string } {
  const w = layout.width;
  const pat = BYTE_PATTERNS.get(n.found);
  const byteText = `byte ${n.byte} (${bits(n.byte)}) is 0x${n.found.toString(16).padStart(2, '0')} where a valid ${n.region} pointer (${layout.label}) has 0x${n.want.toString(16).padStart(2, '0')}`;
  let note: string;
  if (n.nibble !== undefined && !(pat !== undefined && n.want === 0)) {
    const i = n.nibble;
    const found = Number((v >> BigInt(4 * i)) & 0xfn);
    const want = Number((n.likely >> BigInt(4 * i)) & 0xfn);
    const verb = want === 0xf && found === 0 ? 'cleared' : found === 0xf && want === 0 ? 'set' : 'changed';
    note = `${hex64(v, w)} is ${hex64(n.likely, w)} with one nibble ${verb} (bits ${4 * i + 3}–${4 * i}: 0x${want.toString(16)} → 0x${found.toString(16)}); ${byteText}`;
  } else note = `${hex64(v, w)} is ${hex64(n.likely, w)} with one byte changed: ${byteText}`;
  if (pat !== undefined) note += `; 0x${n.found.toString(16)} is ${pat.what}`;
  const tag = pat !== undefined ? `byte:0x${n.found.toString(16)}` : n.nibble !== undefined ? 'nibble' : 'byte-flip';
  return { note, tag };
}

class Collector {
  readonly out: Forensic[] = [];
  private readonly seen = new Map<string, Forensic>();

  add(where: string, value: string, tag: string, note: string, likely?: string): void {
    const key = `${value}|${note}`;
    const prev = this.seen.get(key);
    if (prev !== undefined) {
      if (!prev.where.split(', ').includes(where)) prev.where += `, ${where}`;
      return;
    }
    const f: Forensic = likely === undefined ? { where, value, tag, note } : { where, value, tag, note, likely };
    this.seen.set(key, f);
    this.out.push(f);
  }
}

const REGISTER_TAGS = /^(?:poison:|list-poison|kasan-null|spinlock-magic|non-canonical|err-ptr)/;

function value(c: Collector, layout: Layout, ram: bigint, where: string, v: bigint, isAddress: boolean): void {
  const w = layout.width;
  const named = namedValue(v, w);
  if (named !== null && (isAddress || REGISTER_TAGS.test(named.tag)) && !(named.tag === 'non-canonical' && layout.name === 'arm64')) {
    c.add(where, `0x${hex64(v, w)}`, named.tag, named.note);
  }
  // one stray byte in a small value: NULL with a pattern byte (seed 002: d_op = 0x00000000000000f0)
  if (v > 0n && v < 0x100000000000000n && (v & (v - 1n)) !== 0n) {
    let k = -1;
    let nonzero = 0;
    for (let q = 0; q < w; q++) {
      if (((v >> BigInt(8 * q)) & 0xffn) !== 0n) {
        nonzero++;
        k = q;
      }
    }
    if (nonzero === 1) {
      const b = Number((v >> BigInt(8 * k)) & 0xffn);
      const pat = BYTE_PATTERNS.get(b);
      if (pat !== undefined) c.add(where, `0x${hex64(v, w)}`, `byte:0x${b.toString(16)}`, `NULL with one byte set: byte ${k} (${bits(k)}) is 0x${b.toString(16)}, ${pat.what}`, '0x0');
    }
  }
  const n = named === null ? nearMiss(layout, v, ram) : null;
  if (n !== null) {
    const m = missNote(v, n, layout);
    c.add(where, `0x${hex64(v, w)}`, m.tag, m.note, `0x${hex64(n.likely, w)}`);
  }
}

/** Runs of a pattern byte in a dump, and its words as values. */
function dump(c: Collector, layout: Layout, ram: bigint, d: ByteDump): void {
  const bytes = d.hex.split(' ').map((b) => parseInt(b, 16));
  const base = BigInt(d.addr);
  let i = 0;
  let runs = 0;
  while (i < bytes.length && runs < 8) {
    let j = i;
    while (j < bytes.length && bytes[j] === bytes[i]) j++;
    const pat = BYTE_PATTERNS.get(bytes[i]!);
    if (pat !== undefined && (j - i >= 4 || (bytes[i] === 0xa5 && i > 0 && bytes[i - 1] === 0x6b))) {
      runs++;
      let note = `${j - i} × 0x${bytes[i]!.toString(16)}, ${pat.what}`;
      if (d.label === 'Padding' && bytes[i] !== 0x5a) note += ' — padding should hold POISON_INUSE (0x5a): something else wrote this slab page';
      c.add(`${d.label} +0x${i.toString(16)}`, `0x${(base + BigInt(i)).toString(16)}`, `run:${pat.tag}`, note);
    }
    i = j;
  }
  if (d.label === 'shadow') {
    if (d.marked !== undefined) {
      const b = bytes[d.marked]!;
      c.add('shadow (marked)', `0x${b.toString(16).padStart(2, '0')}`, 'kasan-shadow', `shadow byte of the bad access: ${kasanShadowName(b)}`);
    }
    return;
  }
  // pointers stored in the dump, as 8-byte little-endian words at aligned addresses
  const w = layout.width;
  const skew = Number(base % BigInt(w));
  for (let k = skew === 0 ? 0 : w - skew; k + w <= bytes.length; k += w) {
    let v = 0n;
    for (let q = w - 1; q >= 0; q--) v = (v << 8n) | BigInt(bytes[k + q]!);
    const top = Number(v >> BigInt(8 * (w - 1)));
    if (top === 0xff || (w === 8 && top === 0xde)) value(c, layout, ram, `${d.label} +0x${k.toString(16)}`, v, false);
  }
}

/** How much RAM the log's own direct-map pointers suggest (2.6 x86-64 and i386 only: no KASLR). */
function ramLimit(layout: Layout, values: readonly bigint[]): bigint {
  const linear = layout.regions.find((r) => r.linear);
  if (linear === undefined) return 1n << 62n;
  let max = 0n;
  for (const v of values) if (v >= linear.start && v <= linear.end && v - linear.start < 1n << 36n && v - linear.start > max) max = v - linear.start;
  let lim = 1n << 32n;
  while (lim < max * 2n) lim <<= 1n;
  return layout.width === 4 ? 0x38000000n : lim;
}

function strings(v: FieldValue | undefined): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return (v as readonly FieldValue[]).filter((x): x is string => typeof x === 'string');
  return [];
}

export function analyse(f: ImportedFinding, reportText: string): void {
  const c = new Collector();
  const regs = (f.fields.registers ?? {}) as Record<string, string>;
  // the report's own values tell the layout (and, without KASLR, how much RAM the machine had): the first 128 are enough
  const texts: string[] = [];
  const HEX = /\b(?:0x)?([0-9a-f]{16}|[0-9a-f]{8})\b/g;
  for (let m = HEX.exec(reportText); m !== null && texts.length < 48; m = HEX.exec(reportText)) texts.push(m[1]!);
  const layout = detectLayout(texts, Object.keys(regs), typeof f.fields.kernel === 'string' ? f.fields.kernel : undefined);
  const ram = ramLimit(layout, layout.regions.some((r) => r.linear) ? texts.map((s) => BigInt(`0x${s}`)) : []);
  for (const a of strings(f.fields.address)) {
    const v = parseHex(a);
    if (v !== null) value(c, layout, ram, 'fault address', v, true);
  }
  for (const [name, s] of Object.entries(regs)) {
    const v = parseHex(s);
    if (v !== null && name !== 'EFLAGS' && !/^(?:CR0|CR3|CR4|DR\d|pstate|FS|GS|knlGS|KERNEL_GS)$/.test(name)) value(c, layout, ram, name, v, name === 'CR2');
  }
  for (const key of ['pointers', 'raw', 'range']) {
    for (const s of strings(f.fields[key])) {
      const v = parseHex(s);
      if (v !== null) value(c, layout, ram, key, v, key !== 'raw');
    }
  }
  for (const d of [...dumpsOf(f.fields.dumps), ...dumpsOf(f.fields.shadow)]) dump(c, layout, ram, d);
  if (Array.isArray(f.fields.changed)) {
    for (const ch of f.fields.changed as readonly FieldValue[]) {
      const o = ch as { value?: string; expected?: string };
      const v = parseHex(o.value ?? '');
      const want = parseHex(o.expected ?? '');
      if (v === null || want === null) continue;
      const width = (o.value ?? '').length > 10 ? 8 : 4;
      const diff = byteDiff(v, want, width);
      if (diff.length === 1) {
        const d = diff[0]!;
        const pat = BYTE_PATTERNS.get(d.found);
        const note = `${hex64(v, width)} is the pattern ${hex64(want, width)} with one byte changed: byte ${d.byte} (${bits(d.byte)}) is 0x${d.found.toString(16).padStart(2, '0')} where the pattern has 0x${d.want.toString(16).padStart(2, '0')}${pat !== undefined ? `; 0x${d.found.toString(16)} is ${pat.what}` : ''}`;
        c.add('checker word', `0x${hex64(v, width)}`, pat !== undefined ? `byte:0x${d.found.toString(16)}` : 'byte-flip', note, `0x${hex64(want, width)}`);
      } else c.add('checker word', `0x${hex64(v, width)}`, 'word-changed', `${diff.length} bytes differ from the pattern ${hex64(want, width)}`);
    }
  }
  f.forensics = c.out.slice(0, 64);
}
