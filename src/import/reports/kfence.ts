// KFENCE reports, mm/kfence/report.c kfence_report_error(): "BUG: KFENCE: use-after-free read in
// <fn>", "out-of-bounds write", "invalid free", "memory corruption", "invalid read"; the access line
// ("Use-after-free read at 0x... (in kfence-#79):"), the object ("kfence-#79: 0x...-0x..., size=32,
// cache=kmalloc-32") with its allocation and free stacks, and "Corrupted memory at 0x... [ ! . . ]".
import type { FindingKind } from '../../sim/scenario/kinds.ts';
import { findSymbol } from '../trace/frame.ts';
import type { FieldValue, ImportedFinding } from '../types.ts';
import type { Report } from './common.ts';
import { makeFinding, traces, truncatedUnless } from './common.ts';
import { titleIn } from './title.ts';

function kfenceKind(bug: string): FindingKind {
  if (bug.startsWith('use-after-free')) return 'kfence.use_after_free';
  if (bug.startsWith('out-of-bounds')) return 'kfence.out_of_bounds';
  if (bug === 'invalid free') return 'kfence.invalid_free';
  if (bug === 'memory corruption') return 'kfence.memory_corruption';
  return 'kfence.invalid_access';
}

export function parseKfence(r: Report): ImportedFinding {
  const t = r.t;
  const hi = Math.max(0, t.findIndex((s) => s.startsWith('BUG: KFENCE: ')));
  const header = t[hi]!;
  const m = /^BUG: KFENCE: ([a-z -]+?) in (\S+)/.exec(header);
  const bug = m?.[1] ?? 'unknown';
  const fields: Record<string, FieldValue> = { bug };
  for (const s of t) {
    const a = /^(?:Use-after-free|Out-of-bounds|Invalid) (?:read|write) at (0x[0-9a-f]+) \((?:in|\d+B (?:left|right) of) kfence-#(\d+)\)/.exec(s);
    if (a !== null) Object.assign(fields, { address: a[1]!, object_id: Number(a[2]) });
    const o = /^kfence-#(\d+): (0x[0-9a-f]+)-(0x[0-9a-f]+), size=(\d+), cache=(\S+)/.exec(s);
    if (o !== null) Object.assign(fields, { object: o[2]!, object_end: o[3]!, object_size: Number(o[4]), cache: o[5]! });
    const c = /^Corrupted memory at (0x[0-9a-f]+) \[([^\]]*)\]/.exec(s);
    if (c !== null) Object.assign(fields, { address: c[1]!, corrupted: c[2]!.trim() });
  }
  const all = traces(r, hi + 1);
  const first = all[0]?.frames ?? [];
  const hf = m?.[2] !== undefined ? findSymbol(m[2]) ?? { fn: m[2] } : null;
  const ti = titleIn(`KFENCE: ${bug}`, hf !== null ? [hf, ...first] : first);
  const f = makeFinding(r, kfenceKind(bug), ti.title, header, first, all, fields, ti.blame);
  truncatedUnless(f, first.length > 0);
  return f;
}
