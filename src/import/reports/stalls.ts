// Stalls and hangs: check_hung_task() (kernel/hung_task.c, "INFO: task comm:pid blocked for more
// than N seconds."), print_cpu_stall() / print_other_cpu_stall() (kernel/rcu/tree_stall.h,
// "rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:", "INFO: rcu_sched self-detected stall on
// CPU"), watchdog_timer_fn() ("watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [comm:pid]"),
// watchdog_hardlockup_check() ("Watchdog detected hard LOCKUP on cpu 1") and wq_watchdog_timer_fn()
// ("BUG: workqueue lockup - pool cpus=0 node=0 flags=0x0 nice=0 stuck for 31s!").
import { hangFrame, stallFrame } from '../trace/stall.ts';
import { titleName } from '../trace/blame.ts';
import type { FieldValue, Frame, ImportedFinding } from '../types.ts';
import type { Report } from './common.ts';
import { callTrace, firstMatch, makeFinding, ripFrame, traces, truncatedUnless } from './common.ts';

function titled(what: string, f: Frame | undefined): string {
  return f === undefined ? what : `${what} in ${titleName(f.fn)}`;
}

export function parseHung(r: Report): ImportedFinding {
  const t = r.t;
  const header = t.find((s) => s.startsWith('INFO: task ')) ?? t[0]!;
  const m = /^INFO: task (.+):(\d+) blocked for more than (\d+) seconds/.exec(header);
  const fields: Record<string, FieldValue> = {};
  if (m !== null) Object.assign(fields, { comm: m[1]!, pid: Number(m[2]), seconds: Number(m[3]) });
  const all = traces(r);
  const ct = callTrace(all);
  const b = hangFrame(ct);
  const f = makeFinding(r, 'sched.hung_task', titled('INFO: task hung', b), header, ct, all, fields, b);
  truncatedUnless(f, ct.length > 0);
  return f;
}

/** Frames after the stall's interrupt entry: the code that was looping (the interrupt's own frames are the timer's). */
function loopFrames(r: Report): Frame[] {
  const rip = ripFrame(r.t);
  const base = rip !== null ? [rip] : [];
  // 5.x+: "</IRQ>" on its own line; 4.x: "<EOI>" in front of the first frame after the interrupt
  const irqEnd = r.t.findIndex((s) => s === '</IRQ>' || s.startsWith('<EOI>'));
  if (irqEnd >= 0) return [...base, ...traces(r, r.t[irqEnd] === '</IRQ>' ? irqEnd + 1 : irqEnd).flatMap((tr) => tr.frames)];
  return [...base, ...traces(r).flatMap((tr) => tr.frames)];
}

export function parseRcuStall(r: Report): ImportedFinding {
  const t = r.t;
  const header = t.find((s) => /INFO: rcu_\w+ /.test(s)) ?? t[0]!;
  const fields: Record<string, FieldValue> = {};
  const fl = /rcu_(\w+?) (?:self-)?detected/.exec(header);
  if (fl !== null) fields.flavor = `rcu_${fl[1]!}`;
  const cpus = t.flatMap((s) => [...s.matchAll(/^\s*(\d+)-\.{3}/g)].map((x) => Number(x[1])));
  if (cpus.length > 0) fields.cpus = cpus;
  const g = firstMatch(t, /\(t=(\d+) jiffies g=(-?\d+)/) ?? firstMatch(t, /\(detected by \d+, t=(\d+) jiffies, g=(-?\d+)/);
  if (g) fields.jiffies = Number(g[1]);
  const frames = loopFrames(r);
  const b = stallFrame(frames, [/apic_timer_interrupt/, /rcu/]);
  const all = traces(r);
  const f = makeFinding(r, 'rcu.stall', titled('INFO: rcu detected stall', b), header, frames, all, fields, b);
  truncatedUnless(f, frames.length > 0);
  return f;
}

export function parseLockup(r: Report): ImportedFinding {
  const t = r.t;
  const header = t.find((s) => /soft lockup|hard LOCKUP|workqueue lockup/.test(s)) ?? t[0]!;
  const fields: Record<string, FieldValue> = {};
  const all = traces(r);
  if (/workqueue lockup/.test(header)) {
    const m = /pool (.+?) stuck for (\d+)s/.exec(header);
    if (m !== null) Object.assign(fields, { pool: m[1]!, seconds: Number(m[2]) });
    return makeFinding(r, 'workqueue.lockup', 'BUG: workqueue lockup', header, callTrace(all), all, fields);
  }
  const soft = /soft lockup - CPU#(\d+) stuck for (\d+)s! \[(.+):(\d+)\]/.exec(header);
  if (soft !== null) Object.assign(fields, { cpu: Number(soft[1]), seconds: Number(soft[2]), comm: soft[3]!, pid: Number(soft[4]) });
  const hard = /hard LOCKUP on cpu (\d+)/.exec(header);
  if (hard !== null) fields.cpu = Number(hard[1]);
  const frames = loopFrames(r);
  const b = stallFrame(frames, []);
  const isSoft = /soft lockup/.test(header);
  const f = makeFinding(r, isSoft ? 'watchdog.soft_lockup' : 'watchdog.hard_lockup', titled(isSoft ? 'BUG: soft lockup' : 'watchdog: hard LOCKUP', b), header, frames, all, fields, b);
  truncatedUnless(f, frames.length > 0);
  return f;
}
