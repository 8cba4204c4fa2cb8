// A report whose first lines are not in the log (it starts inside it): what is left still names a
// kind and a function, marked as truncated at its start.
import type { FindingKind } from '../../sim/scenario/kinds.ts';
import type { FieldValue, ImportedFinding } from '../types.ts';
import type { Report } from './common.ts';
import { callTrace, codeBytes, makeFinding, registers, ripFrame, traces } from './common.ts';
import { titleIn } from './title.ts';

export function parseFragment(r: Report): ImportedFinding {
  const t = r.t;
  const text = t.join('\n');
  let kind: FindingKind = 'kernel.bug';
  let what = 'kernel report';
  const regs = registers(t);
  if (/existing dependency chain|is trying to acquire lock|DEADLOCK/.test(text)) [kind, what] = ['lockdep.circular', 'possible deadlock'];
  else if (/The buggy address|Memory state around the buggy address/.test(text)) [kind, what] = ['kasan.report', 'KASAN'];
  else if (ripFrame(t) !== null || Object.keys(regs).length > 0) [kind, what] = ['kernel.oops', 'oops'];
  const all = traces(r);
  const ct = callTrace(all);
  const rip = ripFrame(t);
  const ti = titleIn(what, rip !== null ? [rip, ...ct] : ct);
  const fields: Record<string, FieldValue> = {};
  if (Object.keys(regs).length > 0) fields.registers = regs;
  const code = codeBytes(t);
  if (code !== null) fields.code = code.at === undefined ? { bytes: code.bytes } : { bytes: code.bytes, at: code.at };
  const f = makeFinding(r, kind, ti.title, '', ct, all, fields, ti.blame);
  if (!(f.truncated ?? []).includes('start')) (f.truncated ??= []).push('start');
  return f;
}
