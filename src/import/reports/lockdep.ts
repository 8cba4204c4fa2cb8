// lockdep's reports, kernel/locking/lockdep.c: print_circular_bug() (with the chain in reverse order
// and print_circular_lock_scenario()), print_deadlock_bug(), print_usage_bug(),
// print_irq_inversion_bug(), print_bad_irq_dependency(), print_unlock_imbalance_bug(),
// print_freed_lock_bug(), print_lock_invalid_wait_context(), print_lock_nested_lock_not_held(),
// lockdep_rcu_suspicious(), debug_show_held_locks() — in the 4.x+ "WARNING: ..." layout and the
// 2.6/3.x "[ INFO: ... ]" layout.
import type { FindingKind } from '../../sim/scenario/kinds.ts';
import { findSymbol, parseFrameLine } from '../trace/frame.ts';
import type { FieldValue, Frame, ImportedFinding } from '../types.ts';
import type { Report } from './common.ts';
import { callTrace, firstMatch, makeFinding, traces, truncatedUnless } from './common.ts';
import { titleIn, type Titled } from './title.ts';

export interface LockRef {
  lock: string;
  usage?: string;
  wait?: string;
  addr?: string;
  at?: string;
}

/** Every `(name){usage}-{w:w}` in a line; names may hold parentheses (`ptlock_ptr(ptdesc)`). */
export function lockRefs(s: string): LockRef[] {
  const out: LockRef[] = [];
  let i = s.indexOf('){');
  while (i >= 0) {
    let depth = 0;
    let j = i;
    for (; j >= 0; j--) {
      const c = s.charCodeAt(j);
      if (c === 41) depth++;
      else if (c === 40 && --depth === 0) break;
    }
    if (j >= 0) {
      const close = s.indexOf('}', i + 2);
      const ref: LockRef = { lock: s.slice(j + 1, i) };
      if (close > 0) ref.usage = s.slice(i + 2, close);
      const w = /^-\{(\d+:\d+)\}/.exec(s.slice(close + 1));
      if (w !== null) ref.wait = w[1]!;
      const a = /([0-9a-f]{8,16})\s*$/.exec(s.slice(0, j));
      if (a !== null) ref.addr = `0x${a[1]!}`;
      out.push(ref);
    }
    i = s.indexOf('){', i + 2);
  }
  return out;
}

/** The lock of the line that follows a phrase line ("is trying to acquire lock:"), with its `at:` site. */
function lockAfter(t: readonly string[], phrase: RegExp): LockRef | undefined {
  const i = t.findIndex((s) => phrase.test(s));
  if (i < 0) return undefined;
  for (let j = i; j < Math.min(t.length, i + 4); j++) {
    const refs = lockRefs(t[j]!);
    if (refs.length > 0) {
      const ref = refs[0]!;
      const at = siteIn(t, j);
      if (at !== null) ref.at = at.fn + (at.off !== undefined ? `+${at.off}/${at.size ?? ''}` : '');
      return ref;
    }
  }
  return undefined;
}

/** The `at:` frame of line j (2.6 puts it after `[<addr>]`, mail clients put it on the next line). */
function siteIn(t: readonly string[], j: number): Frame | null {
  const s = t[j]!;
  const k = s.indexOf('at:');
  if (k >= 0) {
    const f = findSymbol(s.slice(k));
    if (f !== null) return f;
    const next = t[j + 1];
    if (next !== undefined) return parseFrameLine(next) ?? findSymbol(next);
  }
  return null;
}

/** The frame at the first `at:` after a phrase. */
function atAfter(t: readonly string[], phrase: RegExp): Frame[] {
  const i = t.findIndex((s) => phrase.test(s));
  if (i < 0) return [];
  for (let j = i; j < Math.min(t.length, i + 5); j++) {
    if (t[j]!.includes('at:')) {
      const f = siteIn(t, j);
      if (f !== null) return [f];
    }
  }
  return [];
}

/** The frames right after a phrase line (bad unlock balance puts its site there). */
function framesAfter(t: readonly string[], phrase: RegExp): Frame[] {
  const i = t.findIndex((s) => phrase.test(s));
  if (i < 0) return [];
  const out: Frame[] = [];
  const inLine = findSymbol(t[i]!);
  if (inLine !== null) out.push(inLine);
  for (let j = i + 1; j < t.length; j++) {
    const f = parseFrameLine(t[j]!);
    if (f === null) break;
    out.push(f);
  }
  return out;
}

function heldLocks(t: readonly string[]): FieldValue[] {
  const out: FieldValue[] = [];
  for (let j = 0; j < t.length; j++) {
    const m = /^#(\d+):\s+(.*)$/.exec(t[j]!);
    if (m === null) continue;
    const ref = lockRefs(m[2]!)[0];
    if (ref === undefined) continue;
    const at = siteIn(t, j);
    const o: Record<string, FieldValue> = { index: Number(m[1]), lock: ref.lock };
    if (ref.addr !== undefined) o.addr = ref.addr;
    if (ref.usage !== undefined) o.usage = ref.usage;
    if (at !== null) o.at = at.fn;
    out.push(o);
  }
  return out;
}

/** print_circular_lock_scenario() and friends: "CPU0 CPU1 / lock(A); ..." by column. */
function scenario(r: Report, circular: boolean): FieldValue | undefined {
  const t = r.t;
  const i = t.findIndex((s) => /Possible (?:interrupt )?unsafe locking scenario/.test(s));
  if (i < 0) return undefined;
  const raw = r.draft.lines.map((l) => l.text);
  const head = raw.slice(i + 1).find((s) => /CPU0/.test(s));
  const cpu1Col = head !== undefined ? head.indexOf('CPU1') : -1;
  const steps: FieldValue[] = [];
  const actions: string[] = [];
  for (let j = i + 1; j < t.length && !/\*\*\* DEADLOCK \*\*\*/.test(t[j]!); j++) {
    const s = t[j]!;
    if (!/^(?:lock|rlock|unlock|<Interrupt>|<Interrupt \d+>|local_irq_disable|\w+\()/.test(s) || /^CPU\d/.test(s)) continue;
    actions.push(s.replace(/;$/, ''));
    const indent = raw[j]!.length - raw[j]!.trimStart().length;
    steps.push({ cpu: cpu1Col > 0 && indent >= cpu1Col - 4 ? 1 : 0, action: s.replace(/;$/, '') });
  }
  // print_circular_lock_scenario() prints CPU0, CPU1, CPU1, CPU0; a mail client may eat the indentation
  if (circular && actions.length === 4) return { columns: ['CPU0', 'CPU1'], steps: actions.map((a, k) => ({ cpu: k === 1 || k === 2 ? 1 : 0, action: a })) };
  return { columns: cpu1Col > 0 ? ['CPU0', 'CPU1'] : ['CPU0'], steps };
}

interface Shape {
  kind: FindingKind;
  title: (t: readonly string[], stack: Frame[]) => Titled;
  old?: boolean;
}

function shape(h: string, old: boolean): Shape {
  const pre = (modern: string) => (old ? modern.replace(/^WARNING:/, 'BUG:') : modern);
  if (/circular locking dependency/.test(h))
    return { kind: 'lockdep.circular', title: (t, st) => titleIn('possible deadlock', [...atAfter(t, /is trying to acquire lock/), ...atAfter(t, /already holding lock/), ...st], [/process_one_work/, /flush_workqueue/, /drain_workqueue/, /destroy_workqueue/]) };
  if (/recursive locking/.test(h)) return { kind: 'lockdep.recursive', title: (t, st) => titleIn('possible deadlock', [...atAfter(t, /is trying to acquire lock/), ...st]) };
  if (/irq lock inversion/.test(h)) return { kind: 'lockdep.irq_inversion', title: (t, st) => titleIn('possible deadlock', [...atAfter(t, /just changed the state of lock/), ...st]) };
  if (/-safe -> \S+-unsafe lock order/.test(h)) return { kind: 'lockdep.irq_unsafe_order', title: (t, st) => titleIn('possible deadlock', [...framesAfter(t, /which became \S+ at:/), ...st]) };
  if (/inconsistent lock state/.test(h)) return { kind: 'lockdep.inconsistent_state', title: (t, st) => titleIn('inconsistent lock state', [...st, ...atAfter(t, / takes:/)]) };
  if (/bad unlock balance/.test(h)) return { kind: 'lockdep.bad_unlock_balance', title: (t, st) => titleIn(old ? 'BUG: bad unlock balance' : 'WARNING: bad unlock balance', [...framesAfter(t, /is trying to release lock/), ...st]) };
  if (/held lock freed/.test(h)) return { kind: 'lockdep.held_lock_freed', title: (t, st) => titleIn(h.startsWith('BUG') || old ? 'BUG: held lock freed' : 'WARNING: held lock freed', [...atAfter(t, /with a lock still held|held lock freed/), ...st]) };
  if (/Invalid wait context/.test(h)) return { kind: 'lockdep.invalid_wait_context', title: (t, st) => titleIn('WARNING: locking bug', [...st, ...atAfter(t, /is trying to lock/)], [/lock_sock/, /release_sock/]) };
  if (/Nested lock was not taken|nest_lock/.test(h)) return { kind: 'lockdep.nest_lock_not_held', title: (t, st) => titleIn('WARNING: nested lock was not taken', [...st, ...atAfter(t, /is trying to lock/)]) };
  if (/suspicious RCU usage/.test(h)) return { kind: 'rcu.suspicious_usage', title: (_t, st) => titleIn(h.includes('INFO') ? 'INFO: suspicious RCU usage' : pre('WARNING: suspicious RCU usage'), st, [/rcu/, /kmem/, /slab/]) };
  if (/trying to register non-static key/.test(h)) return { kind: 'lockdep.non_static_key', title: (_t, st) => titleIn('INFO: trying to register non-static key', st, [/stack/, /lock/, /IRQ/]) };
  if (/lock held when returning to user space/.test(h)) return { kind: 'lockdep.locks_held_at_exit', title: (t, st) => titleIn(`${h.startsWith('BUG') ? 'BUG' : 'WARNING'}: lock held when returning to user space`, [...atAfter(t, /leaving the kernel with locks still held/), ...st]) };
  if (/still has locks held/.test(h)) return { kind: 'lockdep.locks_held_at_exit', title: (t, st) => titleIn(`${h.startsWith('BUG') ? 'BUG' : 'WARNING'}: still has locks held`, [...atAfter(t, /still has locks held/), ...st]) };
  if (/MAX_LOCK_DEPTH too low/.test(h)) return { kind: 'lockdep.max_lock_depth', title: () => ({ title: 'BUG: MAX_LOCK_DEPTH too low!' }) };
  if (/MAX_\w+ too low/.test(h)) return { kind: 'lockdep.limit_exceeded', title: () => ({ title: h.replace(/^\[\s*|\s*\]$/g, '') }) };
  if (/invalid subclass/.test(h)) return { kind: 'lockdep.invalid_subclass', title: () => ({ title: 'BUG: looking up invalid subclass' }) };
  return { kind: 'lockdep.warning', title: (_t, st) => titleIn('WARNING: locking bug', st) };
}

export function parseLockdep(r: Report): ImportedFinding {
  const t = r.t;
  const hi = Math.max(0, t.findIndex((s) => /^(?:WARNING|BUG|INFO|\[ (?:INFO|BUG|WARNING)):/.test(s)));
  const header = t[hi] ?? '';
  const old = header.startsWith('[');
  const s = shape(header, old);
  const all = traces(r, hi + 1);
  const bt = t.findIndex((x) => /^stack backtrace:?/.test(x));
  const stack = bt >= 0 ? callTrace(traces(r, bt)) : callTrace(all.filter((tr) => !tr.label.startsWith('-> #') && !/ at$/.test(tr.label)));
  const ti = s.title(t, stack);
  const fields: Record<string, FieldValue> = {};
  const task = firstMatch(t, /^(\S+\/\d+)(?: \[[^\]]*\])? (?:is trying to|just changed|is freeing|is exiting|is leaving)/)?.[1];
  if (task !== undefined) fields.task = task;
  const acquiring = lockAfter(t, /is trying to (?:acquire|lock)(?: lock)?:|just changed the state of lock:|with a lock still held there|takes:$/);
  if (acquiring !== undefined) fields.acquiring = { ...acquiring };
  const holding = lockAfter(t, /(?:but task is|and this task is) already holding(?: lock)?:/);
  if (holding !== undefined) fields.holding = { ...holding };
  const nest = lockAfter(t, /but this task is not holding:?/);
  if (nest !== undefined) fields.nest_lock = { ...nest };
  const release = t.find((x) => / is trying to release lock \(/.test(x));
  if (release !== undefined) {
    const k = release.indexOf('release lock (') + 'release lock ('.length;
    const end = release.lastIndexOf(') at:');
    if (end > k) fields.releasing = release.slice(k, end);
  }
  const chain: FieldValue[] = [];
  for (const tr of all) {
    const m = /^-> #(\d+) (.*)$/.exec(tr.label);
    if (m === null) continue;
    const ref = lockRefs(m[2]!)[0];
    chain.push({ index: Number(m[1]), lock: ref?.lock ?? m[2]!, ...(ref?.usage !== undefined ? { usage: ref.usage } : {}), ...(ref?.wait !== undefined ? { wait: ref.wait } : {}), frames: tr.frames.map((f) => f.fn) });
  }
  if (chain.length > 0) fields.chain = chain;
  const chainOf = t.findIndex((x) => x === 'Chain exists of:');
  if (chainOf >= 0 && t[chainOf + 1] !== undefined) fields.chain_exists = t[chainOf + 1]!;
  const inc = firstMatch(t, /^inconsistent \{([^}]+)\} -> \{([^}]+)\} usage/);
  if (inc) fields.states = [inc[1]!, inc[2]!];
  const sc = scenario(r, s.kind === 'lockdep.circular');
  if (sc !== undefined) fields.scenario = sc;
  const held = heldLocks(t);
  if (held.length > 0) fields.held = held;
  const locks: string[] = [];
  const add = (n: string | undefined) => {
    if (n !== undefined && !locks.includes(n)) locks.push(n);
  };
  add(typeof fields.releasing === 'string' ? fields.releasing : undefined);
  add(acquiring?.lock);
  add(holding?.lock);
  for (const c of chain) add((c as { lock: string }).lock);
  for (const x of t) if (!/^#\d+:/.test(x)) for (const ref of lockRefs(x)) add(ref.lock);
  if (locks.length > 0) fields.locks = locks;
  if (s.kind === 'rcu.suspicious_usage') {
    const src = firstMatch(t, /^(\S+\.\w+:\d+) (.*)$/);
    if (src) {
      fields.src = src[1]!;
      fields.message = src[2]!;
    }
  }
  const f = makeFinding(r, s.kind, ti.title, header, stack, all, fields, ti.blame);
  truncatedUnless(f, stack.length > 0 || chain.length > 0 || t.some((x) => x.includes('DEADLOCK')));
  return f;
}
