// UBSAN reports, lib/ubsan.c ubsan_prologue(): "UBSAN: array-index-out-of-bounds in file.c:12:3"
// (4.x/5.x "UBSAN: Undefined behaviour in file.c:12:3"), the check's own line ("index 5 is out of
// range for type 'int [4]'", "shift exponent 64 is too large ..."), then the stack.
import type { FindingKind } from '../../sim/scenario/kinds.ts';
import type { FieldValue, ImportedFinding } from '../types.ts';
import type { Report } from './common.ts';
import { callTrace, makeFinding, traces, truncatedUnless } from './common.ts';
import { titleIn } from './title.ts';

function ubsanKind(what: string, message: string): FindingKind {
  if (/array-index-out-of-bounds|is out of range for type/.test(what + message)) return 'ubsan.array_index_out_of_bounds';
  if (/shift-out-of-bounds|shift exponent|left shift of/.test(what + message)) return 'ubsan.shift_out_of_bounds';
  if (/overflow|negation of/.test(what + message)) return 'ubsan.overflow';
  if (/invalid-load|load of value/.test(what + message)) return 'ubsan.invalid_load';
  return 'ubsan.undefined';
}

export function parseUbsan(r: Report): ImportedFinding {
  const t = r.t;
  const hi = Math.max(0, t.findIndex((s) => s.startsWith('UBSAN: ')));
  const header = t[hi]!;
  const m = /^UBSAN: (.+?) in (\S+)/.exec(header);
  const what = m?.[1] ?? header.slice(7);
  const message = t[hi + 1] ?? '';
  const fields: Record<string, FieldValue> = { check: what };
  if (m?.[2] !== undefined) fields.src = m[2];
  if (message !== '' && !/^CPU:|^Call/.test(message)) fields.message = message;
  const all = traces(r, hi + 1);
  const ct = callTrace(all);
  const name = /^Undefined behaviour$/i.test(what) ? 'undefined-behaviour' : what;
  const ti = titleIn(`UBSAN: ${name}`, ct, [/ubsan/, /overflow/]);
  const f = makeFinding(r, ubsanKind(what, message), ti.title, header, ct, all, fields, ti.blame);
  truncatedUnless(f, ct.length > 0);
  return f;
}
