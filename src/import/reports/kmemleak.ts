// kmemleak, mm/kmemleak.c print_unreferenced(): "unreferenced object 0x... (size 32):", the comm /
// pid / jiffies line, "hex dump (first 32 bytes):" and "backtrace (crc 1a2b3c4d):". syzbot prints
// "BUG: memory leak" in front of it.
import type { FieldValue, ImportedFinding } from '../types.ts';
import type { Report } from './common.ts';
import { firstMatch, makeFinding, traces, truncatedUnless } from './common.ts';
import { collectDumps, dumpsField } from './dumps.ts';
import { titleIn } from './title.ts';

export function parseKmemleak(r: Report): ImportedFinding {
  const t = r.t;
  const hi = Math.max(0, t.findIndex((s) => s.startsWith('unreferenced object')));
  const header = t[hi] ?? t[0]!;
  const fields: Record<string, FieldValue> = {};
  const m = /^unreferenced object (0x[0-9a-f]+) \(size (\d+)\):/.exec(header);
  if (m !== null) Object.assign(fields, { object: m[1]!, size: Number(m[2]) });
  const c = firstMatch(t, /^comm "(.*)", pid (\d+), jiffies (\d+)/);
  if (c) Object.assign(fields, { comm: c[1]!, pid: Number(c[2]), jiffies: Number(c[3]) });
  const crc = firstMatch(t, /^backtrace \(crc ([0-9a-f]+)\):/)?.[1];
  if (crc !== undefined) fields.crc = crc;
  const hd = t.findIndex((s) => s.startsWith('hex dump'));
  if (hd >= 0) {
    const rows: string[] = [];
    for (let j = hd + 1; j < t.length && /^[0-9a-f]{2} /.test(t[j]!); j++) rows.push(t[j]!);
    // kmemleak's rows have no address: number them from the object
    const base = BigInt(m?.[1] ?? '0x0');
    const numbered = rows.map((row, k) => `${(base + BigInt(k * 16)).toString(16).padStart(16, '0')}: ${row}`);
    const dumps = collectDumps(numbered, /.*/).map((d) => ({ ...d, label: 'hex dump' }));
    if (dumps.length > 0) fields.dumps = dumpsField(dumps);
  }
  const all = traces(r, hi + 1);
  const bt = all.find((tr) => tr.label.startsWith('backtrace')) ?? all[0];
  const frames = bt?.frames ?? [];
  const ti = titleIn('memory leak', frames, [/kmemleak/, /mmap/, /kmem/, /slab/, /alloc/, /create_object/, /idr_get/, /list_lru_init/, /kasprintf/, /kvasprintf/, /pcpu_create/, /strdup/, /strndup/, /memdup/]);
  const f = makeFinding(r, 'mm.kmemleak', ti.title, header, frames, all, fields, ti.blame);
  truncatedUnless(f, frames.length > 0);
  return f;
}
