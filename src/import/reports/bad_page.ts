// bad_page(), mm/page_alloc.c: "BUG: Bad page state in process comm  pfn:2c2f5", dump_page()
// ("page:... refcount:0 mapcount:-128 mapping:... index:0x0 pfn:0x2c2f5", "flags:", "raw:", "page
// dumped because: nonzero mapcount"), the page_owner stacks, then the stack. print_bad_pte(),
// mm/memory.c: "BUG: Bad page map in process comm  pte:... pmd:...".
import type { FieldValue, ImportedFinding } from '../types.ts';
import type { Report } from './common.ts';
import { callTrace, makeFinding, traces, truncatedUnless } from './common.ts';
import { titleIn } from './title.ts';

export function parseBadPage(r: Report): ImportedFinding {
  const t = r.t;
  const hi = Math.max(0, t.findIndex((s) => s.startsWith('BUG: Bad page')));
  const header = t[hi]!;
  const fields: Record<string, FieldValue> = {};
  const m = /^BUG: Bad page (state|map|cache) in process (.+?)\s+(?:pfn:([0-9a-f]+)|pte:([0-9a-f]+) pmd:([0-9a-f]+))?\s*$/.exec(header);
  if (m !== null) {
    fields.process = m[2]!;
    if (m[3] !== undefined) fields.pfn = `0x${m[3]}`;
    if (m[4] !== undefined) Object.assign(fields, { pte: `0x${m[4]}`, pmd: `0x${m[5]!}` });
  }
  for (const s of t) {
    const p = /^page:([0-9a-f]+|\(ptrval\)|[0-9a-f]+) (.*)$/.exec(s);
    if (p !== null) {
      fields.page = `0x${p[1]!}`;
      for (const kv of p[2]!.matchAll(/(\w+):(-?[\w]+)/g)) fields[kv[1]!] = /^-?\d+$/.test(kv[2]!) ? Number(kv[2]) : kv[2]!;
    }
    const f = /^flags: (0x[0-9a-f]+)(\(.*\))?/.exec(s);
    if (f !== null) fields.flags = f[1]! + (f[2] ?? '');
    const d = /^page dumped because: (.*)$/.exec(s);
    if (d !== null) fields.reason = d[1]!;
  }
  const raw = t.filter((s) => s.startsWith('raw: ')).flatMap((s) => s.slice(5).trim().split(/\s+/).map((w) => `0x${w}`));
  if (raw.length > 0) fields.raw = raw;
  const all = traces(r, hi + 1);
  const ct = callTrace(all);
  const map = m?.[1] === 'map';
  const owner = all.find((tr) => /^page last allocated/.test(tr.label));
  const ti = map
    ? { title: 'BUG: Bad page map', blame: undefined }
    : titleIn(`BUG: Bad page ${m?.[1] ?? 'state'}`, owner?.frames ?? ct, [/(?:free|put|get|update|release)_page/, /free_unref/, /^_*folio/, /truncate_inode_pages/, /page_frag_free/, /alloc/, /vmap/, /page_owner/]);
  const f = makeFinding(r, map ? 'mm.bad_page_map' : 'mm.bad_page', ti.title, header, ct, all, fields, ti.blame);
  truncatedUnless(f, ct.length > 0 || owner !== undefined);
  return f;
}
