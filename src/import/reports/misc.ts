// One-line and small reports: ttm_bo_evict()'s pr_err("Buffer eviction failed\n")
// (drivers/gpu/drm/ttm/ttm_bo.c, "[TTM] " prefix), spin_dump() (kernel/locking/spinlock_debug.c,
// "BUG: spinlock lockup suspected on CPU#0, comm/pid"), panic() ("Kernel panic - not syncing: ..."),
// any other "BUG: ...", and a user-space pattern checker's "WHAT THE HELL (offset):" word dump
// (Jiri Slaby's test program in seed 002's thread).
import type { FieldValue, ImportedFinding } from '../types.ts';
import type { Report } from './common.ts';
import { callTrace, firstMatch, makeFinding, traces } from './common.ts';
import { stableText, titleIn } from './title.ts';

export function parseTtm(r: Report): ImportedFinding {
  const header = r.t[0]!;
  return makeFinding(r, 'ttm.eviction_failed', '[TTM] Buffer eviction failed', header, [], [], { message: header });
}

export function parseSpinlock(r: Report): ImportedFinding {
  const t = r.t;
  const header = t.find((s) => s.startsWith('BUG: ')) ?? t[0]!;
  const m = /^BUG: (spinlock|rwlock) (lockup suspected|already unlocked|recursion|cpu recursion|bad magic|wrong owner|wrong CPU|trylock failure on UP) on CPU#(\d+), (.+)\/(-?\d+)/.exec(header);
  const fields: Record<string, FieldValue> = {};
  if (m !== null) Object.assign(fields, { lock_type: m[1]!, problem: m[2]!, cpu: Number(m[3]), comm: m[4]!, pid: Number(m[5]) });
  const l = firstMatch(t, /lock: (\S+?),? \.magic: ([0-9a-f]+), \.owner: (.+?)\/(-?\d+), \.owner_cpu: (-?\d+)/);
  if (l) Object.assign(fields, { lock: l[1]!, magic: `0x${l[2]!}`, owner: l[3]!, owner_pid: Number(l[4]), owner_cpu: Number(l[5]) });
  const all = traces(r);
  const ct = callTrace(all);
  const ti = titleIn(`BUG: ${m?.[1] ?? 'spinlock'} ${m?.[2] ?? 'bug'}`, ct, [/spin_/, /_lock/, /_unlock/]);
  return makeFinding(r, 'locking.spinlock_bug', ti.title, header, ct, all, fields, ti.blame);
}

export function parsePanic(r: Report): ImportedFinding {
  const header = r.t.find((s) => s.startsWith('Kernel panic')) ?? r.t[0]!;
  const msg = header.replace(/^Kernel panic - not syncing:\s*/, '');
  // "Attempted to kill init! exitcode=0x0000000b": the numbers after the message differ per crash
  const what = msg.replace(/\s+\w+=\S+(?:\s+\w+=\S+)*\s*$/, '').replace(/\s*\.\.\.\s*$/, '');
  const all = traces(r);
  return makeFinding(r, 'kernel.panic', `kernel panic: ${stableText(what)}`, header, callTrace(all), all, { message: msg });
}

export function parseBugOther(r: Report): ImportedFinding {
  const t = r.t;
  const header = t.find((s) => s.startsWith('BUG: ')) ?? t[0]!;
  const all = traces(r);
  const ct = callTrace(all);
  const what = stableText(header.replace(/\s*\(.*$/, '').replace(/!+$/, ''));
  const ti = titleIn(what, ct);
  return makeFinding(r, 'kernel.bug', ti.title, header, ct, all, { message: header.slice(5) }, ti.blame);
}

/** The checker prints the offset of the first bad word and the 100 words around it; the pattern is the word most of them hold. */
export function parseChecker(r: Report): ImportedFinding {
  const t = r.t;
  const header = t[0]!;
  const offset = /\(([0-9a-f]+)\)/.exec(header)?.[1] ?? '0';
  const words = t.slice(1).flatMap((s) => s.split(/\s+/).filter((w) => /^[0-9a-f]{8,16}$/.test(w)));
  const counts = new Map<string, number>();
  for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  let expected = words[0] ?? '';
  for (const [w, n] of counts) if (n > (counts.get(expected) ?? 0)) expected = w;
  const changed: FieldValue[] = [];
  words.forEach((w, i) => {
    if (w !== expected) changed.push({ index: i, value: `0x${w}`, expected: `0x${expected}` });
  });
  const fields: Record<string, FieldValue> = { offset: `0x${offset}`, expected: `0x${expected}`, words: words.length, changed };
  const list = [...new Set(changed.map((c) => (c as { value: string }).value))].join(', ');
  return makeFinding(r, 'mm.user_corruption', `user memory corruption: ${list || 'no changed word'} instead of 0x${expected}`, header, [], [], fields);
}
