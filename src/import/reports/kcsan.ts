// KCSAN reports, kernel/kcsan/report.c print_report(): "BUG: KCSAN: data-race in fn1 / fn2", one
// stack per racing access ("write to 0x... of 8 bytes by task 1 on cpu 0:"), "value changed: a -> b".
import type { FieldValue, ImportedFinding } from '../types.ts';
import type { Report } from './common.ts';
import { makeFinding, traces, truncatedUnless } from './common.ts';

export function parseKcsan(r: Report): ImportedFinding {
  const t = r.t;
  const hi = Math.max(0, t.findIndex((s) => s.startsWith('BUG: KCSAN: ')));
  const header = t[hi]!;
  // the title names functions, not addresses: "data-race in fn+0x551/0xb10" is "data-race in fn"
  const what = header
    .slice('BUG: KCSAN: '.length)
    .replace(/\+0x[0-9a-f]+\/0x[0-9a-f]+/g, '')
    .trim();
  const fields: Record<string, FieldValue> = { bug: what.split(' ')[0] ?? what };
  const accesses: FieldValue[] = [];
  for (const s of t) {
    const a = /^((?:read|write|read-write)(?: \(marked\))?) to (0x[0-9a-f]+) of (\d+) bytes by (task (\d+)|interrupt) on cpu (\d+)/.exec(s);
    if (a !== null) accesses.push({ access: a[1]!, address: a[2]!, size: Number(a[3]), by: a[4]!, cpu: Number(a[6]) });
    const v = /^value changed: (0x[0-9a-f]+) -> (0x[0-9a-f]+)/.exec(s);
    if (v !== null) fields.value_changed = [v[1]!, v[2]!];
  }
  if (accesses.length > 0) fields.accesses = accesses;
  const all = traces(r, hi + 1);
  const first = all[0]?.frames ?? [];
  const fns = /^[a-z-]+ in (.+)$/.exec(what)?.[1]?.split(' / ');
  const f = makeFinding(r, what.startsWith('data-race') ? 'kcsan.data_race' : 'kcsan.report', `KCSAN: ${what}`, header, first, all, fields, fns?.[0] !== undefined ? { fn: fns[0] } : undefined);
  truncatedUnless(f, first.length > 0);
  return f;
}
