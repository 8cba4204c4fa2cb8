// SLUB debug reports, mm/slub.c: slab_bug() ("BUG <cache> (<taint>): <reason>", 2.6 "BUG <cache>:
// <reason>"), check_bytes_and_report() ("0x...-0x... @offset=80. First byte 0x1 instead of 0x6b",
// 2.6 "INFO: 0x...-0x.... First byte ..."), print_tracking() ("Allocated in fn age= cpu= pid="),
// print_slab_info() ("Slab 0x... objects=16 used=1 fp=0x... flags=..."), print_trailer() (the
// "Redzone"/"Object"/"Padding"/"Bytes b4" hex dumps), slab_fix() ("FIX <cache>: ..."). A dump
// without its header (a log that starts inside the report) is still a report.
import type { FindingKind } from '../../sim/scenario/kinds.ts';
import type { ByteDump, FieldValue, ImportedFinding } from '../types.ts';
import type { Report } from './common.ts';
import { callTrace, makeFinding, traces, truncatedUnless } from './common.ts';
import { collectDumps, dumpsField } from './dumps.ts';

export function slubKind(reason: string): FindingKind {
  if (/[Rr]edzone overwritten|Redzone/.test(reason)) return 'slub.redzone_overwritten';
  if (/Poison overwritten/.test(reason)) return 'slub.poison_overwritten';
  if (/[Pp]adding overwritten/.test(reason)) return 'slub.padding_overwritten';
  if (/Freechain corrupt|Freepointer corrupt|[Ff]ree ?pointer/.test(reason)) return 'slub.freepointer_corrupt';
  if (/Wrong (?:number of objects|object count)|objects \d+ > max|inuse \d+ > max|Freelist Pointer check fails/.test(reason)) return 'slub.wrong_object_count';
  if (/Object already free/.test(reason)) return 'slub.double_free';
  if (/Objects remaining/.test(reason)) return 'slub.objects_remaining';
  return 'slub.invalid_free';
}

const LABELS = /^(?:Object|Redzone|Padding|Bytes b4|Left Redzone|Right Redzone|kmalloc Redzone)$/;

/** Which pattern a region should hold (include/linux/poison.h), to tell the overwritten bytes. */
function expectedByte(label: string, i: number, n: number): number[] {
  if (label === 'Padding') return [0x5a];
  if (label === 'Object') return i === n - 1 ? [0xa5, 0x6b] : [0x6b];
  if (/Redzone/.test(label)) return [0xbb, 0xcc];
  return [];
}

/** The bytes of the dumps that break their region's pattern: "label+offset: byte". */
function overwritten(dumps: readonly ByteDump[]): FieldValue[] {
  const out: FieldValue[] = [];
  for (const d of dumps) {
    const bytes = d.hex.split(' ');
    const want = bytes.length > 0 ? expectedByte(d.label, 0, bytes.length) : [];
    if (want.length === 0) continue;
    // an Object dump that is mostly not poison is a live object, not a poisoned one
    if (d.label === 'Object' && bytes.filter((b) => b === '6b').length < bytes.length / 2) continue;
    let run: { start: number; hex: string[] } | null = null;
    const flush = () => {
      if (run !== null) out.push({ region: d.label, addr: `0x${(BigInt(d.addr) + BigInt(run.start)).toString(16)}`, offset: run.start, hex: run.hex.join(' ') });
      run = null;
    };
    bytes.forEach((b, i) => {
      const ok = expectedByte(d.label, i, bytes.length).includes(parseInt(b, 16));
      if (ok) flush();
      else if (run === null) run = { start: i, hex: [b] };
      else run.hex.push(b);
    });
    flush();
  }
  return out.slice(0, 64);
}

function orphanReason(dumps: readonly ByteDump[]): string {
  const bad = overwritten(dumps).map((x) => (x as { region: string }).region);
  if (bad.includes('Padding')) return 'Padding overwritten';
  if (bad.includes('Object')) return 'Poison overwritten';
  if (bad.some((b) => /Redzone/.test(b))) return 'Redzone overwritten';
  return 'Padding overwritten';
}

export function parseSlub(r: Report): ImportedFinding {
  const t = r.t;
  const hi = t.findIndex((s) => /^BUG [^:\s]+(?: \([^)]*\))?: /.test(s));
  const raw = r.draft.lines.map((l) => l.text);
  const dumps = collectDumps(raw, LABELS);
  const fields: Record<string, FieldValue> = {};
  let header: string;
  let cache: string | null = null;
  let reason: string;
  if (hi >= 0) {
    header = t[hi]!;
    const m = /^BUG ([^:\s]+)(?: \(([^)]*)\))?: (.*)$/.exec(header)!;
    cache = m[1]!;
    reason = m[3]!;
    if (m[2] !== undefined) fields.taint = m[2];
  } else {
    reason = orphanReason(dumps);
    header = '';
  }
  const short = reason.replace(/\.\s.*$/, '').replace(/\s+0x[0-9a-f]+.*$/, '').trim();
  if (cache !== null) fields.cache = cache;
  fields.reason = reason;
  const span = /(0x[0-9a-f]+)-(0x[0-9a-f]+)/.exec(reason);
  for (const s of t) {
    const b = /^(?:INFO: )?(0x[0-9a-f]+)-(0x[0-9a-f]+)(?: @offset=(\d+))?\.? First byte (0x[0-9a-f]+) instead of (0x[0-9a-f]+)/.exec(s);
    if (b !== null) {
      Object.assign(fields, { range: [b[1]!, b[2]!], first_byte: b[4]!, expected_byte: b[5]! });
      if (b[3] !== undefined) fields.range_offset = Number(b[3]);
    }
    const sl = /^(?:INFO: )?Slab (0x[0-9a-f]+) objects=(\d+) used=(\d+) fp=(0x[0-9a-f]+|\(null\))(?: flags=(\S+))?/.exec(s);
    if (sl !== null) fields.slab = { page: sl[1]!, objects: Number(sl[2]), used: Number(sl[3]), fp: sl[4]!, ...(sl[5] !== undefined ? { flags: sl[5] } : {}) };
    const ob = /^(?:INFO: )?Object (0x[0-9a-f]+) @offset=(\d+)(?: fp=(0x[0-9a-f]+|\(null\)))?/.exec(s);
    if (ob !== null) Object.assign(fields, { object: ob[1]!, object_offset: Number(ob[2]), ...(ob[3] !== undefined ? { fp: ob[3] } : {}) });
  }
  if (span !== null && fields.range === undefined) fields.range = [span[1]!, span[2]!];
  if (dumps.length > 0) {
    fields.dumps = dumpsField(dumps);
    const bad = overwritten(dumps);
    if (bad.length > 0) fields.overwritten = bad;
    const obj = dumps.find((d) => d.label === 'Object');
    if (obj !== undefined) fields.object_size = obj.hex.split(' ').length;
    if (fields.object === undefined && obj !== undefined) fields.object = obj.addr;
  }
  const fixes = t.filter((s) => s.startsWith('FIX '));
  if (fixes.length > 0) fields.fixes = fixes;
  const all = traces(r);
  const ct = callTrace(all);
  const kind = hi >= 0 ? slubKind(reason) : slubKind(short);
  const title = cache !== null ? `BUG ${cache}: ${short}` : `SLUB: ${short}`;
  const f = makeFinding(r, kind, title, header, ct, all, fields);
  if (hi < 0 && !(f.truncated ?? []).includes('start')) (f.truncated ??= []).push('start');
  truncatedUnless(f, hi < 0 || ct.length > 0 || fixes.length > 0);
  return f;
}
