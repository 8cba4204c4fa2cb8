// Lockdep's reports, line by line as kernel/locking/lockdep.c (6.8) prints them. A leading
// "\n" in a kernel printk is an empty line here; banners are the kernel's own literals.
import { dumpStack, irqtraceLines, kernelIdent } from '../../lib/bug.ts';
import type { Task } from '../../include/linux/sched.ts';
import type { HeldLock } from '../../include/linux/lockdep.ts';
import type { Lockdep } from './lockdep.ts';
import type { LockClass, LockdepMap } from './lockdep_lock_class.ts';
import { LOCK_TRACE_STATES, USAGE_STR, usageChars } from './lockdep_states.ts';
import { hex64 } from '../kallsyms.ts';

/** A lockdep call site: the lock API frames, the caller's ip and the frames above it. */
export interface Caller {
  ip: string;
  /** Lock API frames, innermost first ("_raw_spin_lock", or "__mutex_lock", "mutex_lock_nested"). */
  prim: readonly string[];
  /** Frames above ip, innermost first. */
  outer: readonly string[];
  /** Taken in hardirq context: dump_stack shows the irq stack. */
  irq: boolean;
}

export function callerFrames(inner: readonly string[], c: Caller): string[] {
  return [...inner, ...c.prim, c.ip, ...c.outer];
}

// print_lock_name(): " (name){usage}-{outer:inner}"
export function lockName(c: LockClass): string {
  return ` (${c.printName()}){${usageChars(c.usageMask)}}-{${c.waitOuter || c.waitInner}:${c.waitInner}}`;
}

// print_lock(): "%px (name){....}-{x:y}, at: %pS"
export function printLock(ld: Lockdep, h: HeldLock): string {
  const addr = h.instance ? hex64(h.instance.addr) : '0000000000000000';
  return `${addr}${lockName(ld.classes.get(h.classIdx))}, at: ${ld.env.syms.site(h.acquireIp).text}`;
}

// lockdep_print_held_locks()
export function heldLocksLines(ld: Lockdep, t: Task): string[] {
  const depth = t.lockdepDepth;
  if (depth === 0) return [`no locks held by ${t.comm}/${t.pid}.`];
  const out = [`${depth} lock${depth > 1 ? 's' : ''} held by ${t.comm}/${t.pid}:`];
  for (let i = 0; i < depth; i++) out.push(` #${i}: ${printLock(ld, t.heldLocks[i]!)}`);
  return out;
}

// debug_show_held_locks()
export function debugShowHeldLocks(ld: Lockdep, t: Task): string[] {
  if (!ld.cfg.enabled) return [];
  if (!ld.debugLocks) return ['INFO: lockdep is turned off.'];
  return heldLocksLines(ld, t);
}

// print_lock_trace(trace, spaces): "%*c%pS" per frame
export function traceLines(ld: Lockdep, trace: number, spaces: number): string[] {
  const frames = ld.traces[trace];
  if (!frames) return [];
  const pad = ' '.repeat(spaces + 1);
  return frames.map((f) => pad + ld.env.syms.site(f).text);
}

export function header(ld: Lockdep, eq: number, title: string, dash: number): string[] {
  return ['', '='.repeat(eq), title, kernelIdent(ld.env), '-'.repeat(dash)];
}

export function stackBacktrace(ld: Lockdep, t: Task, frames: readonly string[], irq: boolean): string[] {
  return ['', 'stack backtrace:', ...dumpStack(ld.env, t, { frames, irq })];
}

// print_circular_bug_entry()
function circularEntry(ld: Lockdep, e: number, depth: number): string[] {
  return ['', `-> #${depth}${lockName(ld.classes.get(ld.graph.cls[e]!))}:`, ...traceLines(ld, ld.graph.trace[e]!, 6)];
}

// print_circular_lock_scenario()
function circularScenario(ld: Lockdep, src: HeldLock, tgt: HeldLock, parentEntry: number): string[] {
  const source = ld.classes.get(src.classIdx);
  const target = ld.classes.get(tgt.classIdx);
  const parent = ld.classes.get(ld.graph.cls[parentEntry]!);
  const out: string[] = [];
  if (parent !== source) out.push('Chain exists of:', `  ${source.printName()} --> ${parent.printName()} --> ${target.printName()}`, '');
  out.push(
    ' Possible unsafe locking scenario:',
    '',
    '       CPU0                    CPU1',
    '       ----                    ----',
    `  ${tgt.read !== 0 ? 'rlock' : 'lock'}(${target.printName()});`,
    `                               lock(${parent.printName()});`,
    `                               lock(${target.printName()});`,
    `  ${src.read !== 0 ? 'rlock' : 'lock'}(${source.printName()});`,
    '',
    ' *** DEADLOCK ***',
    '',
  );
  return out;
}

// print_circular_bug(): header, the chain from the found entry back to the root, scenario
export function circularBug(ld: Lockdep, t: Task, root: number, target: number, src: HeldLock, tgt: HeldLock, frames: readonly string[], irq: boolean): string[] {
  const g = ld.graph;
  let depth = g.depth(target);
  const out = [
    ...header(ld, 54, 'WARNING: possible circular locking dependency detected', 54),
    `${t.comm}/${t.pid} is trying to acquire lock:`,
    printLock(ld, src),
    '',
    'but task is already holding lock:',
    printLock(ld, tgt),
    '',
    'which lock already depends on the new lock.',
    '',
    '',
    'the existing dependency chain (in reverse order) is:',
    ...circularEntry(ld, target, depth),
  ];
  let parent = g.parent[target]!;
  const firstParent = parent;
  while (parent >= 0) {
    out.push(...circularEntry(ld, parent, --depth));
    parent = g.parent[parent]!;
  }
  out.push('', 'other info that might help us debug this:', '', ...circularScenario(ld, src, tgt, firstParent >= 0 ? firstParent : root));
  out.push(...heldLocksLines(ld, t), ...stackBacktrace(ld, t, frames, irq));
  return out;
}

// print_deadlock_bug() + print_deadlock_scenario()
export function deadlockBug(ld: Lockdep, t: Task, prev: HeldLock, next: HeldLock, frames: readonly string[], irq: boolean): string[] {
  const p = ld.classes.get(prev.classIdx).printName();
  const n = ld.classes.get(next.classIdx).printName();
  return [
    ...header(ld, 44, 'WARNING: possible recursive locking detected', 44),
    `${t.comm}/${t.pid} is trying to acquire lock:`,
    printLock(ld, next),
    '',
    'but task is already holding lock:',
    printLock(ld, prev),
    '',
    'other info that might help us debug this:',
    ' Possible unsafe locking scenario:',
    '',
    '       CPU0',
    '       ----',
    `  lock(${p});`,
    `  lock(${n});`,
    '',
    ' *** DEADLOCK ***',
    '',
    ' May be due to missing lock nesting notation',
    '',
    ...heldLocksLines(ld, t),
    ...stackBacktrace(ld, t, frames, irq),
  ];
}

// print_unlock_imbalance_bug()
export function unlockImbalanceBug(ld: Lockdep, t: Task, map: LockdepMap, ip: string, frames: readonly string[], irq: boolean): string[] {
  return [
    ...header(ld, 37, 'WARNING: bad unlock balance detected!', 37),
    `${t.comm}/${t.pid} is trying to release lock (${map.name}) at:`,
    ld.env.syms.ipSym(ip),
    'but there are no more locks to release!',
    '',
    'other info that might help us debug this:',
    ...heldLocksLines(ld, t),
    ...stackBacktrace(ld, t, frames, irq),
  ];
}

// print_freed_lock_bug()
export function freedLockBug(ld: Lockdep, t: Task, from: bigint, len: number, h: HeldLock, frames: readonly string[], irq: boolean): string[] {
  return [
    ...header(ld, 25, 'WARNING: held lock freed!', 25),
    `${t.comm}/${t.pid} is freeing memory ${hex64(from)}-${hex64(from + BigInt(len) - 1n)}, with a lock still held there!`,
    printLock(ld, h),
    ...heldLocksLines(ld, t),
    ...stackBacktrace(ld, t, frames, irq),
  ];
}

// print_usage_bug_scenario() + print_usage_bug()
export function usageBug(ld: Lockdep, t: Task, h: HeldLock, prevBit: number, newBit: number, frames: readonly string[], irq: boolean): string[] {
  const c = ld.classes.get(h.classIdx);
  const name = c.printName();
  return [
    ...header(ld, 32, 'WARNING: inconsistent lock state', 32),
    `inconsistent {${USAGE_STR[prevBit]}} -> {${USAGE_STR[newBit]}} usage.`,
    `${t.comm}/${t.pid} ${t.irqState()} takes:`,
    printLock(ld, h),
    `{${USAGE_STR[prevBit]}} state was registered at:`,
    ...traceLines(ld, c.usageTraces[prevBit]!, 1),
    ...irqtraceLines(ld.env, t),
    '',
    'other info that might help us debug this:',
    ' Possible unsafe locking scenario:',
    '',
    '       CPU0',
    '       ----',
    `  lock(${name});`,
    '  <Interrupt>',
    `    lock(${name});`,
    '',
    ' *** DEADLOCK ***',
    '',
    ...heldLocksLines(ld, t),
    ...stackBacktrace(ld, t, frames, irq),
  ];
}

// print_irq_lock_scenario()
function irqLockScenario(safe: LockClass, unsafe: LockClass, prev: LockClass, next: LockClass): string[] {
  const middle = prev === safe ? next : prev;
  const out: string[] = [];
  if (middle !== unsafe) out.push('Chain exists of:', `  ${safe.printName()} --> ${middle.printName()} --> ${unsafe.printName()}`, '');
  out.push(
    ' Possible interrupt unsafe locking scenario:',
    '',
    '       CPU0                    CPU1',
    '       ----                    ----',
    `  lock(${unsafe.printName()});`,
    '                               local_irq_disable();',
    `                               lock(${safe.printName()});`,
    `                               lock(${middle.printName()});`,
    '  <Interrupt>',
    `    lock(${safe.printName()});`,
    '',
    ' *** DEADLOCK ***',
    '',
  );
  return out;
}

// print_lock_class_header()
function classHeader(ld: Lockdep, c: LockClass, depth: number): string[] {
  const pad = ' '.repeat(depth);
  const out = [`${pad}->${lockName(c)} {`];
  for (let bit = 0; bit < LOCK_TRACE_STATES; bit++) {
    if ((c.usageMask & (1 << bit)) === 0) continue;
    const label = `${pad}   ${USAGE_STR[bit]}`;
    out.push(`${label} at:`, ...traceLines(ld, c.usageTraces[bit]!, depth + label.length + 4));
  }
  out.push(`${pad} }`, `${pad} ... key      at: ${ld.keySym(c.key)}`);
  return out;
}

// print_shortest_lock_dependencies()
function shortestDeps(ld: Lockdep, leaf: number, root: number): string[] {
  const g = ld.graph;
  const out: string[] = [];
  let e = leaf;
  let depth = g.depth(leaf);
  do {
    out.push(...classHeader(ld, ld.classes.get(g.cls[e]!), depth), `${' '.repeat(depth)} ... acquired at:`, ...traceLines(ld, g.trace[e]!, 2), '');
    if (depth === 0 && e !== root) {
      out.push('lockdep:print_shortest_lock_dependencies bad path found in chain graph');
      break;
    }
    e = g.parent[e]!;
    depth--;
  } while (e >= 0 && depth >= 0);
  return out;
}

// print_shortest_lock_dependencies_backwards()
function shortestDepsBackwards(ld: Lockdep, leaf: number, root: number): string[] {
  const g = ld.graph;
  const out: string[] = [];
  let e = leaf;
  let trace = -1;
  let depth = g.depth(leaf);
  do {
    out.push(...classHeader(ld, ld.classes.get(g.cls[e]!), depth));
    if (trace >= 0) out.push(`${' '.repeat(depth)} ... acquired at:`, ...traceLines(ld, trace, 2), '');
    trace = g.trace[e]!;
    if (depth === 0 && e !== root) {
      out.push('lockdep:print_shortest_lock_dependencies_backwards bad path found in chain graph');
      break;
    }
    e = g.parent[e]!;
    depth--;
  } while (e >= 0 && depth >= 0);
  return out;
}

// print_bad_irq_dependency()
export function badIrqDependency(
  ld: Lockdep,
  t: Task,
  prevRoot: number,
  nextRoot: number,
  backwards: number,
  forwards: number,
  prev: HeldLock,
  next: HeldLock,
  bit1: number,
  bit2: number,
  irqclass: string,
  frames: readonly string[],
  irq: boolean,
): string[] {
  const g = ld.graph;
  const safe = ld.classes.get(g.cls[backwards]!);
  const unsafe = ld.classes.get(g.cls[forwards]!);
  const pc = ld.classes.get(prev.classIdx);
  const nc = ld.classes.get(next.classIdx);
  return [
    ...header(ld, 53, `WARNING: ${irqclass}-safe -> ${irqclass}-unsafe lock order detected`, 53),
    `${t.comm}/${t.pid} ${t.irqState()} is trying to acquire:`,
    printLock(ld, next),
    '',
    'and this task is already holding:',
    printLock(ld, prev),
    'which would create a new lock dependency:',
    `${lockName(pc)} ->${lockName(nc)}`,
    '',
    `but this new dependency connects a ${irqclass}-irq-safe lock:`,
    lockName(safe),
    '',
    `... which became ${irqclass}-irq-safe at:`,
    ...traceLines(ld, safe.usageTraces[bit1]!, 1),
    '',
    `to a ${irqclass}-irq-unsafe lock:`,
    lockName(unsafe),
    '',
    `... which became ${irqclass}-irq-unsafe at:`,
    '...',
    ...traceLines(ld, unsafe.usageTraces[bit2]!, 1),
    '',
    'other info that might help us debug this:',
    '',
    ...irqLockScenario(safe, unsafe, pc, nc),
    ...heldLocksLines(ld, t),
    '',
    `the dependencies between ${irqclass}-irq-safe lock and the holding lock:`,
    ...shortestDepsBackwards(ld, backwards, prevRoot),
    '',
    'the dependencies between the lock to be acquired',
    ` and ${irqclass}-irq-unsafe lock:`,
    ...shortestDeps(ld, forwards, nextRoot),
    ...stackBacktrace(ld, t, frames, irq),
  ];
}

// print_irq_inversion_bug()
export function irqInversionBug(ld: Lockdep, t: Task, root: number, other: number, h: HeldLock, forwards: boolean, irqclass: string, frames: readonly string[], irq: boolean): string[] {
  const g = ld.graph;
  const otherCls = ld.classes.get(g.cls[other]!);
  const rootCls = ld.classes.get(g.cls[root]!);
  const out = [
    ...header(ld, 56, 'WARNING: possible irq lock inversion dependency detected', 56),
    `${t.comm}/${t.pid} just changed the state of lock:`,
    printLock(ld, h),
    forwards ? `but this lock took another, ${irqclass}-unsafe lock in the past:` : `but this lock was taken by another, ${irqclass}-safe lock in the past:`,
    lockName(otherCls),
    '',
    '',
    'and interrupts could create inverse lock ordering between them.',
    '',
    '',
    'other info that might help us debug this:',
  ];
  // find the middle lock: the entry right after the root on the path
  let e = other;
  let middle = -1;
  let depth = g.depth(other);
  do {
    if (depth === 0 && e !== root) {
      out.push('lockdep:print_irq_inversion_bug bad path found in chain graph');
      break;
    }
    middle = e;
    e = g.parent[e]!;
    depth--;
  } while (e >= 0 && e !== root && depth >= 0);
  if (forwards) out.push(...irqLockScenario(rootCls, otherCls, middle >= 0 ? ld.classes.get(g.cls[middle]!) : rootCls, otherCls));
  else out.push(...irqLockScenario(otherCls, rootCls, middle >= 0 ? ld.classes.get(g.cls[middle]!) : otherCls, rootCls));
  out.push(...heldLocksLines(ld, t), '', 'the shortest dependencies between 2nd lock and 1st lock:', ...shortestDeps(ld, other, root), ...stackBacktrace(ld, t, frames, irq));
  return out;
}

// print_lock_invalid_wait_context()
export function invalidWaitContext(ld: Lockdep, t: Task, h: HeldLock, currInner: number, frames: readonly string[], irq: boolean): string[] {
  return [
    ...header(ld, 29, '[ BUG: Invalid wait context ]', 29),
    `${t.comm}/${t.pid} is trying to lock:`,
    printLock(ld, h),
    'other info that might help us debug this:',
    `context-{${currInner}:${currInner}}`,
    ...heldLocksLines(ld, t),
    'stack backtrace:',
    ...dumpStack(ld.env, t, { frames, irq }),
  ];
}

// print_lock_nested_lock_not_held()
export function nestedLockNotHeld(ld: Lockdep, t: Task, h: HeldLock, frames: readonly string[], irq: boolean): string[] {
  const dump = dumpStack(ld.env, t, { frames, irq });
  return [
    ...header(ld, 34, 'WARNING: Nested lock was not taken', 34),
    `${t.comm}/${t.pid} is trying to lock:`,
    printLock(ld, h),
    '',
    'but this task is not holding:',
    h.nestLock ? h.nestLock.name : '',
    '',
    'stack backtrace:',
    ...dump,
    '',
    'other info that might help us debug this:',
    ...heldLocksLines(ld, t),
    '',
    'stack backtrace:',
    ...dump,
  ];
}
