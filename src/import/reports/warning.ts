// WARN_ON() reports: __warn(), kernel/panic.c ("WARNING: CPU: 3 PID: 102 at kernel/rcu/tree_plugin.h:431
// __rcu_read_unlock+0x74/0x218"; 2.6's "WARNING: at drivers/base/power/main.c:78 device_pm_add+0x6c/0xf0()"),
// with the messages that announce some of them: device_pm_add()'s "parent mmc0 is sleeping, will not
// add" (drivers/base/power/main.c) and lib/list_debug.c's "list_add corruption. ...".
import type { FindingKind } from '../../sim/scenario/kinds.ts';
import { findSymbol } from '../trace/frame.ts';
import type { FieldValue, Frame, ImportedFinding } from '../types.ts';
import type { Report } from './common.ts';
import { callTrace, codeBytes, makeFinding, modules, registers, ripFrame, traces, truncatedUnless } from './common.ts';
import { titleIn, type Titled } from './title.ts';

const HEADER = /^WARNING: (?:CPU: \d+ PID: \d+ at |at )?(\S+?\.\w+:\d+)?\s*(?:at\s+)?([A-Za-z_.$][\w.$]*(?:\+0x[0-9a-f]+\/0x[0-9a-f]+)?(?: \[[\w.-]+\])?)?/;

interface WarnSite {
  src: string;
  fn: Frame | null;
}

function site(h: string): WarnSite {
  const m = HEADER.exec(h);
  const src = m?.[1] ?? '';
  const sym = findSymbol(h);
  if (sym !== null) return { src, fn: sym };
  const name = m?.[2];
  return { src, fn: name !== undefined && /^[A-Za-z_]/.test(name) ? { fn: name.replace(/\(\)$/, '') } : null };
}

function kindOf(src: string, fn: string, t: readonly string[]): FindingKind {
  if (src.startsWith('kernel/rcu/') && /rcu_read_unlock/.test(fn)) return 'rcu.unbalanced';
  if (src.startsWith('lib/list_debug.c') || t.some((s) => /^list_(?:add|del)(?: corruption| double add)/.test(s))) return 'list.corruption';
  if (src.startsWith('drivers/base/power/main.c') && fn.startsWith('device_pm_add')) return 'pm.device_add_while_sleeping';
  if (src.startsWith('kernel/locking/lockdep.c') || t.some((s) => s.startsWith('DEBUG_LOCKS_WARN_ON'))) return 'lockdep.warning';
  if (src.startsWith('kernel/sched/')) return 'sched.warning';
  return 'kernel.warn';
}

// syzbot's names for WARNINGs of some files (google/syzkaller pkg/report/linux.go)
function titleOf(src: string, fn: string, candidates: Frame[]): Titled {
  if (src.startsWith('lib/debugobjects.c')) return titleIn('WARNING: ODEBUG bug', candidates, [/debug_/, /rcu/, /hrtimer_/, /timer_/, /work_/, /percpu_/, /vunmap/, /vfree/, /__free_/, /kobject_/]);
  if (src.startsWith('mm/usercopy.c')) return titleIn('WARNING: bad usercopy', candidates, [/usercopy/, /__check/]);
  if (src.startsWith('lib/kobject.c')) return titleIn('WARNING: kobject bug', candidates, [/kobject_/]);
  if (src.startsWith('lib/refcount.c')) return titleIn('WARNING: refcount bug', candidates, [/refcount/, /kobject_/]);
  if (src.startsWith('kernel/locking/lockdep.c')) return titleIn('WARNING: locking bug', candidates, [/lock_sock/, /release_sock/]);
  if (src.startsWith('fs/proc/generic.c')) return titleIn('WARNING: proc registration bug', candidates, [/proc_/]);
  if (/^mm\/.*\.c/.test(src) && /k.?.?malloc/.test(fn)) return titleIn('WARNING: kmalloc bug', candidates, [/kmalloc/, /krealloc/, /slab/, /kmem/]);
  return titleIn('WARNING', candidates);
}

export function parseWarning(r: Report): ImportedFinding {
  const t = r.t;
  const wi = t.findIndex((s) => s.startsWith('WARNING: '));
  const header = t[wi] ?? t[0] ?? '';
  const w = site(header);
  const all = traces(r, wi + 1);
  const ct = callTrace(all);
  const rip = ripFrame(t);
  const first = rip ?? w.fn;
  // with panic_on_warn the stack printed after the RIP and register lines is the warning's own
  const ripAt = t.findIndex((s) => /^(?:RIP|pc) ?:/.test(s));
  const afterRip = ripAt >= 0 ? traces(r, ripAt + 1).flatMap((tr) => tr.frames) : [];
  const stack = afterRip.length > 0 ? afterRip : ct;
  const candidates = first !== null ? [first, ...stack] : stack;
  const fn = w.fn?.fn ?? '';
  const kind = kindOf(w.src, fn, t);
  const ti = titleOf(w.src, fn, candidates);
  const fields: Record<string, FieldValue> = {};
  if (w.src !== '') fields.src = w.src;
  if (w.fn !== null) fields.function = w.fn.fn;
  const before = t.slice(0, Math.max(0, wi)).filter((s) => !/^-+\[ cut here/.test(s) && s.length > 0);
  if (before.length > 0) fields.message = before;
  const regs = registers(t);
  if (Object.keys(regs).length > 0) fields.registers = regs;
  const code = codeBytes(t);
  if (code !== null) fields.code = code.at === undefined ? { bytes: code.bytes } : { bytes: code.bytes, at: code.at };
  const mods = modules(t);
  if (mods !== null) fields.modules = mods;
  const f = makeFinding(r, kind, ti.title, header, ct, all, fields, ti.blame);
  truncatedUnless(f, ct.length > 0);
  return f;
}

/** device_pm_add(): "<dev>: parent <p> is sleeping, will not add" (2.6.25) / "... should not be sleeping" (6.x), then its WARN_ON. */
export function parsePm(r: Report): ImportedFinding {
  const t = r.t;
  const msg = t.find((s) => /(?:parent \S+ (?:is|should not be) sleeping|devices are sleeping)/.test(s)) ?? t[0] ?? '';
  const m = /^(?:\S+ )?(\S+?): (?:parent (\S+) (?:is|should not be) sleeping|(?:all )?devices are sleeping)/.exec(msg);
  const fields: Record<string, FieldValue> = { message: msg, refused: /will not add/.test(msg) };
  if (m !== null) {
    fields.device = m[1]!;
    if (m[2] !== undefined) fields.parent = m[2];
  }
  if (t.some((s) => s.startsWith('WARNING: '))) {
    const f = parseWarning(r);
    f.kind = 'pm.device_add_while_sleeping';
    Object.assign(f.fields, fields);
    return f;
  }
  return makeFinding(r, 'pm.device_add_while_sleeping', `device_pm_add: ${m?.[2] !== undefined ? `parent ${m[2]} is sleeping` : 'devices are sleeping'}`, msg, [], [], fields);
}

/** lib/list_debug.c: the corruption message, then its WARNING (CONFIG_DEBUG_LIST) or BUG (BUG_ON_DATA_CORRUPTION). */
export function parseListMessage(t: readonly string[]): Record<string, FieldValue> {
  const msg = t.find((s) => /^list_(?:add|del)(?: corruption| double add)/.test(s));
  if (msg === undefined) return {};
  const fields: Record<string, FieldValue> = { message: msg, operation: msg.startsWith('list_add') ? 'list_add' : 'list_del' };
  const values = [...msg.matchAll(/\b(?:0x)?([0-9a-f]{8,16})\b/g)].map((m) => `0x${m[1]!}`);
  if (values.length > 0) fields.pointers = values;
  return fields;
}

export function parseList(r: Report, oops: (r: Report) => ImportedFinding): ImportedFinding {
  const t = r.t;
  const fields = parseListMessage(t);
  let f: ImportedFinding;
  if (t.some((s) => s.startsWith('kernel BUG at'))) f = oops(r);
  else if (t.some((s) => s.startsWith('WARNING: '))) f = parseWarning(r);
  else {
    const all = traces(r);
    const ct = callTrace(all);
    const ti = titleIn('BUG: corrupted list', ct);
    f = makeFinding(r, 'list.corruption', ti.title, t[0] ?? '', ct, all, {}, ti.blame);
  }
  f.kind = 'list.corruption';
  const ti = titleIn('BUG: corrupted list', ripFrame(t) !== null ? [ripFrame(t)!, ...f.trace] : f.trace);
  f.title = ti.title;
  if (ti.blame !== undefined) f.blame = ti.blame.fn;
  Object.assign(f.fields, fields);
  return f;
}
