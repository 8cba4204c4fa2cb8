// KASAN reports, mm/kasan/report.c: print_error_description() ("BUG: KASAN: <bug type> in <fn>",
// "Read of size 4 at addr ... by task comm/pid"; 4.x: "... in <fn> at addr X" and "Read of size 8 by
// task ..."), print_address_description() (the object, its cache, the alloc/free stacks),
// print_memory_metadata() (the shadow rows around the address, the bad one marked `>` and `^`).
import type { FindingKind } from '../../sim/scenario/kinds.ts';
import { findSymbol } from '../trace/frame.ts';
import type { ByteDump, FieldValue, ImportedFinding } from '../types.ts';
import type { Report } from './common.ts';
import { callTrace, firstMatch, makeFinding, traces, truncatedUnless } from './common.ts';
import { collectDumps, dumpsField, parseRow } from './dumps.ts';
import { titleIn } from './title.ts';

export function kasanKind(bug: string): FindingKind {
  if (/use-after-free|use-after-scope/.test(bug)) return 'kasan.use_after_free';
  if (/double-free or invalid-free|invalid-free/.test(bug)) return 'kasan.invalid_free';
  if (/double-free/.test(bug)) return 'kasan.double_free';
  if (/out-of-bounds/.test(bug)) return 'kasan.out_of_bounds';
  if (/null-ptr-deref/.test(bug)) return 'kasan.null_deref';
  if (/wild-memory-access|user-memory-access/.test(bug)) return 'kasan.wild_access';
  if (/invalid-access/.test(bug)) return 'kasan.invalid_access';
  return 'kasan.report';
}

/** The shadow rows of print_memory_metadata() with the byte the `^` line points at. */
function shadow(r: Report, from: number): ByteDump[] {
  const raw = r.draft.lines.map((l) => l.text);
  const rows: string[] = [];
  let marked: { addr: bigint; index: number } | null = null;
  for (let j = from; j < raw.length; j++) {
    const row = parseRow(raw[j]!);
    if (row !== null) {
      rows.push(raw[j]!);
      const caret = raw[j + 1]?.indexOf('^') ?? -1;
      if (row.marked && caret >= row.col && /^\s*\^\s*$/.test(raw[j + 1] ?? '')) marked = { addr: row.addr, index: Math.round((caret - row.col) / 3) };
      continue;
    }
    if (/^\s*\^\s*$/.test(raw[j]!)) continue;
    if (rows.length > 0) break;
  }
  const dumps = collectDumps(rows, /.*/).map((d) => ({ ...d, label: 'shadow' }));
  if (marked !== null) {
    for (const d of dumps) {
      const start = BigInt(d.addr);
      const n = d.hex.split(' ').length;
      const at = marked.addr + BigInt(marked.index);
      if (at >= start && at < start + BigInt(n)) d.marked = Number(at - start);
    }
  }
  return dumps;
}

export function parseKasan(r: Report): ImportedFinding {
  const t = r.t;
  const hi = Math.max(0, t.findIndex((s) => s.startsWith('BUG: KASAN: ')));
  const header = t[hi]!;
  const m = /^BUG: KASAN: ([a-z-]+(?: or [a-z-]+)?)(?: in (\S+?))?(?: on address| at addr ([0-9a-f]+)|\s*$|\s)/.exec(header);
  const bug = m?.[1] ?? 'unknown';
  const kind = kasanKind(bug);
  const fields: Record<string, FieldValue> = { bug };
  const access = firstMatch(t, /^(Read|Write)(?: of size (\d+))? (?:at addr ([0-9a-f]+) )?by task (.+?)\/(\d+)/);
  if (access) {
    fields.access = access[1]!;
    if (access[2] !== undefined) fields.size = Number(access[2]);
    fields.task = access[4]!;
    fields.pid = Number(access[5]);
  }
  const addr = access?.[3] ?? m?.[3] ?? /in range \[(0x[0-9a-f]+)-/.exec(header)?.[1]?.slice(2);
  if (addr !== undefined) fields.address = `0x${addr.replace(/^0x/, '')}`;
  const range = firstMatch(t, /in range \[(0x[0-9a-f]+)-(0x[0-9a-f]+)\]/);
  if (range !== null) fields.range = [range[1]!, range[2]!];
  for (let i = 0; i < t.length; i++) {
    if (!t[i]!.startsWith('The buggy address')) continue;
    // 5.x+ print_address_description() breaks these sentences after "at <addr>" and "inside of"
    const s = /(?:object at [0-9a-f]+|inside of|to the (?:right|left) of)$/.test(t[i]!) ? `${t[i]!} ${t[i + 1] ?? ''}` : t[i]!;
    const o = /belongs to the object at ([0-9a-f]+)\s+which belongs to the cache (\S+) of size (\d+)/.exec(s);
    if (o !== null) Object.assign(fields, { object: `0x${o[1]!}`, cache: o[2]!, object_size: Number(o[3]) });
    const l = /is located (\d+) bytes (inside|to the right|to the left) of\s+(?:freed |allocated )?(\d+)-byte region \[([0-9a-f]+), ([0-9a-f]+)\)/.exec(s);
    if (l !== null) Object.assign(fields, { offset: Number(l[1]), where: l[2]!, region: [`0x${l[4]!}`, `0x${l[5]!}`] });
  }
  const ms = t.findIndex((s) => s.startsWith('Memory state around the buggy address'));
  if (ms >= 0) {
    const sh = shadow(r, ms + 1);
    if (sh.length > 0) fields.shadow = dumpsField(sh);
  }
  const all = traces(r, hi + 1);
  const ct = callTrace(all);
  const headerFn = m?.[2] !== undefined ? findSymbol(m[2]) ?? { fn: m[2] } : null;
  const candidates = headerFn !== null ? [headerFn, ...ct] : ct;
  const ti =
    kind === 'kasan.invalid_free' || kind === 'kasan.double_free'
      ? titleIn('KASAN: invalid-free', candidates, [/slab_/, /kfree/, /vunmap/, /vfree/])
      : titleIn(`KASAN: ${bug}${fields.access !== undefined ? ` ${String(fields.access)}` : ''}`, candidates, [/kernel_fault/, /tag_check/, /mem_abort/, /^el1_/, /^el1h_/]);
  const f = makeFinding(r, kind, ti.title, header, ct, all, fields, ti.blame);
  truncatedUnless(f, ct.length > 0);
  return f;
}
