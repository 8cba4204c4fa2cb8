// Irq usage states: marking a class USED_IN_*/ENABLED_* and proving the new state (or a new
// dependency) cannot deadlock against an interrupt (kernel/locking/lockdep.c 6.8: mark_lock,
// mark_lock_irq, mark_usage, mark_held_locks, check_usage_forwards/backwards, check_irq_usage,
// lockdep_hardirqs_on/off, lockdep_softirqs_on/off).
import type { Task } from '../../include/linux/sched.ts';
import { BFS_EQUEUEFULL, BFS_RNOMATCH, ROOT_A, ROOT_B } from './lockdep_graph.ts';
import type { HeldLock } from '../../include/linux/lockdep.ts';
import type { Lockdep } from './lockdep.ts';
import {
  exclusiveBit,
  exclusiveMask,
  findExclusiveMatch,
  LOCK_ENABLED_HARDIRQ,
  LOCK_ENABLED_HARDIRQ_READ,
  LOCK_ENABLED_SOFTIRQ,
  LOCK_ENABLED_SOFTIRQ_READ,
  LOCK_TRACE_STATES,
  LOCK_USAGE_DIR_MASK,
  LOCK_USAGE_READ_MASK,
  LOCK_USAGE_STATES,
  LOCK_USED,
  LOCK_USED_IN_HARDIRQ,
  LOCK_USED_IN_HARDIRQ_READ,
  LOCK_USED_IN_SOFTIRQ,
  LOCK_USED_IN_SOFTIRQ_READ,
  LOCK_USED_READ,
  LOCKF_ENABLED_IRQ_ALL,
  LOCKF_IRQ,
  LOCKF_USED_IN_IRQ_ALL,
  originalMask,
  stateName,
  USAGE_STR,
} from './lockdep_states.ts';
import * as R from './lockdep_report.ts';
import { callerFrames, type Caller } from './lockdep_report.ts';

/** Where a usage bit is being set from: which kernel frames sit above the caller. */
export type MarkVia = 'acquire' | 'hardirqs_on' | 'softirqs_on';

function viaFrames(via: MarkVia, caller: Caller): string[] {
  switch (via) {
    case 'acquire':
      return callerFrames(['lock_acquire'], caller);
    case 'hardirqs_on':
      return callerFrames(['lockdep_hardirqs_on_prepare', 'trace_hardirqs_on'], caller);
    case 'softirqs_on':
      return callerFrames(['lockdep_softirqs_on'], caller);
  }
}

function reportFrames(via: MarkVia, caller: Caller): string[] {
  switch (via) {
    case 'acquire':
      return callerFrames(['mark_lock', '__lock_acquire', 'lock_acquire'], caller);
    case 'hardirqs_on':
      return callerFrames(['mark_lock', 'mark_held_locks', 'lockdep_hardirqs_on_prepare', 'trace_hardirqs_on'], caller);
    case 'softirqs_on':
      return callerFrames(['mark_lock', 'mark_held_locks', 'lockdep_softirqs_on'], caller);
  }
}

// usage_match(): with only -(*R)-> behind us, only the non-read usages can deadlock
function usageMatch(ld: Lockdep, mask: number): (e: number) => boolean {
  const g = ld.graph;
  return (e) => {
    const usage = ld.classes.get(g.cls[e]!).usageMask;
    return g.onlyXr[e] ? ((usage & LOCKF_IRQ) & mask) !== 0 : (usage & mask) !== 0;
  };
}

// print_usage_bug() via valid_state()
function validState(ld: Lockdep, t: Task, h: HeldLock, newBit: number, badBit: number, via: MarkVia, caller: Caller): boolean {
  const c = ld.classes.get(h.classIdx);
  if ((c.usageMask & (1 << badBit)) === 0) return true;
  if (!ld.beginReport()) return false;
  const lines = R.usageBug(ld, t, h, badBit, newBit, reportFrames(via, caller), caller.irq);
  ld.report('lockdep.inconsistent_state', 'WARNING: inconsistent lock state', lines, {
    task: t.comm,
    pid: t.pid,
    lock: h.instance ? h.instance.label : '',
    class: c.printName(),
    prev: USAGE_STR[badBit]!,
    new: USAGE_STR[newBit]!,
  });
  return false;
}

// print_irq_inversion_bug() for check_usage_forwards/backwards
function irqInversion(ld: Lockdep, t: Task, other: number, h: HeldLock, forwards: boolean, irqclass: string, via: MarkVia, caller: Caller): void {
  if (!ld.beginReport()) return;
  ld.graph.trace[ROOT_A] = ld.saveTrace(viaFrames(via, caller));
  const lines = R.irqInversionBug(ld, t, ROOT_A, other, h, forwards, irqclass, reportFrames(via, caller), caller.irq);
  ld.report('lockdep.irq_inversion', 'WARNING: possible irq lock inversion dependency detected', lines, {
    task: t.comm,
    pid: t.pid,
    lock: h.instance ? h.instance.label : '',
    class: ld.classes.get(h.classIdx).printName(),
    other: ld.classes.get(ld.graph.cls[other]!).printName(),
    irqclass,
    forwards,
  });
}

// check_usage_forwards() / check_usage_backwards(): no lock on the other side may hold the exclusive usage
function checkUsage(ld: Lockdep, t: Task, h: HeldLock, bit: number, forwards: boolean, via: MarkVia, caller: Caller): boolean {
  const g = ld.graph;
  const readBit = bit + LOCK_USAGE_READ_MASK;
  const mask = (1 << bit) | (1 << readBit);
  g.initRoot(ROOT_A, h.classIdx, forwards ? h.read === 2 : h.read !== 0);
  const ret = g.bfs(ROOT_A, forwards, usageMatch(ld, mask), null);
  if (ret === BFS_EQUEUEFULL) {
    ld.printBfsBug(t, ret, caller);
    return false;
  }
  if (ret === BFS_RNOMATCH) return true;
  const write = (ld.classes.get(g.cls[ret]!).usageMask & (1 << bit)) !== 0;
  irqInversion(ld, t, ret, h, forwards, stateName(write ? bit : readBit), via, caller);
  return false;
}

// mark_lock_irq()
function markLockIrq(ld: Lockdep, t: Task, h: HeldLock, newBit: number, via: MarkVia, caller: Caller): boolean {
  const excl = exclusiveBit(newBit);
  const read = newBit & LOCK_USAGE_READ_MASK;
  const dir = newBit & LOCK_USAGE_DIR_MASK;
  if (!validState(ld, t, h, newBit, excl, via, caller)) return false;
  if (!read && !validState(ld, t, h, newBit, excl + LOCK_USAGE_READ_MASK, via, caller)) return false;
  // ENABLED looks back for USED_IN, USED_IN looks forward for ENABLED
  return checkUsage(ld, t, h, excl, dir === 0, via, caller);
}

// mark_lock(): set a usage bit once, saving where, and validate the transition
export function markLock(ld: Lockdep, t: Task, h: HeldLock, newBit: number, via: MarkVia, caller: Caller): boolean {
  if (newBit >= LOCK_USAGE_STATES) return false;
  if (newBit === LOCK_USED && h.read) newBit = LOCK_USED_READ;
  const c = ld.classes.get(h.classIdx);
  const mask = 1 << newBit;
  if (c.usageMask & mask) return true;
  if (!ld.debugLocks) return false;
  c.usageMask |= mask;
  if (newBit < LOCK_TRACE_STATES) c.usageTraces[newBit] = ld.saveTrace(viaFrames(via, caller));
  if (newBit < LOCK_USED) return markLockIrq(ld, t, h, newBit, via, caller);
  return true;
}

// mark_usage(): in-irq and irqs-enabled usage of a lock being taken
export function markUsage(ld: Lockdep, t: Task, h: HeldLock, check: number, caller: Caller): boolean {
  if (check) {
    if (!h.trylock) {
      if (h.read) {
        if (t.hardirqContext && !markLock(ld, t, h, LOCK_USED_IN_HARDIRQ_READ, 'acquire', caller)) return false;
        if (t.softirqContext && !markLock(ld, t, h, LOCK_USED_IN_SOFTIRQ_READ, 'acquire', caller)) return false;
      } else {
        if (t.hardirqContext && !markLock(ld, t, h, LOCK_USED_IN_HARDIRQ, 'acquire', caller)) return false;
        if (t.softirqContext && !markLock(ld, t, h, LOCK_USED_IN_SOFTIRQ, 'acquire', caller)) return false;
      }
    }
    if (!h.hardirqsOff) {
      if (h.read) {
        if (!markLock(ld, t, h, LOCK_ENABLED_HARDIRQ_READ, 'acquire', caller)) return false;
        if (t.softirqsEnabled && !markLock(ld, t, h, LOCK_ENABLED_SOFTIRQ_READ, 'acquire', caller)) return false;
      } else {
        if (!markLock(ld, t, h, LOCK_ENABLED_HARDIRQ, 'acquire', caller)) return false;
        if (t.softirqsEnabled && !markLock(ld, t, h, LOCK_ENABLED_SOFTIRQ, 'acquire', caller)) return false;
      }
    }
  }
  return markLock(ld, t, h, LOCK_USED, 'acquire', caller);
}

// mark_held_locks(): irqs (or softirqs) are being enabled with these locks held
function markHeldLocks(ld: Lockdep, t: Task, baseBit: number, via: MarkVia, caller: Caller): boolean {
  for (let i = 0; i < t.lockdepDepth; i++) {
    const h = t.heldLocks[i]!;
    if (!h.check) continue;
    if (!markLock(ld, t, h, baseBit + (h.read ? LOCK_USAGE_READ_MASK : 0), via, caller)) return false;
  }
  return true;
}

// check_irq_usage(): does prev -> next connect an irq-safe lock (behind prev) to an irq-unsafe one (after next)?
export function checkIrqUsage(ld: Lockdep, t: Task, prev: HeldLock, next: HeldLock, caller: Caller): boolean {
  const g = ld.graph;
  let usage = 0;
  g.initRoot(ROOT_A, prev.classIdx, prev.read !== 0);
  // usage_accumulate(): only the non-read usages count behind an -(S*)-> only path
  let ret = g.bfs(
    ROOT_A,
    false,
    (e) => {
      const u = ld.classes.get(g.cls[e]!).usageMask;
      usage |= g.onlyXr[e] ? u & LOCKF_IRQ : u;
      return false;
    },
    null,
  );
  if (ret === BFS_EQUEUEFULL) {
    ld.printBfsBug(t, ret, caller);
    return false;
  }
  usage &= LOCKF_USED_IN_IRQ_ALL;
  if (!usage) return true;
  g.initRoot(ROOT_B, next.classIdx, next.read === 2);
  const fwd = g.bfs(ROOT_B, true, usageMatch(ld, exclusiveMask(usage)), null);
  if (fwd === BFS_EQUEUEFULL) {
    ld.printBfsBug(t, fwd, caller);
    return false;
  }
  if (fwd === BFS_RNOMATCH) return true;
  const fwdUsage = ld.classes.get(g.cls[fwd]!).usageMask;
  ret = g.bfs(ROOT_A, false, usageMatch(ld, originalMask(fwdUsage & LOCKF_ENABLED_IRQ_ALL)), null);
  if (ret === BFS_EQUEUEFULL) {
    ld.printBfsBug(t, ret, caller);
    return false;
  }
  if (ret === BFS_RNOMATCH) {
    ld.debugLocksWarnOn(t, 'ret == BFS_RNOMATCH', 'check_irq_usage', 2799, caller);
    return true;
  }
  const m = findExclusiveMatch(ld.classes.get(g.cls[ret]!).usageMask, fwdUsage);
  if (!m) {
    ld.debugLocksWarnOn(t, 'ret == -1', 'check_irq_usage', 2810, caller);
    return true;
  }
  if (!ld.beginReport()) return false;
  g.trace[ROOT_B] = ld.saveTrace(callerFrames(['__lock_acquire', 'lock_acquire'], caller));
  const irqclass = stateName(m[0]);
  const lines = R.badIrqDependency(ld, t, ROOT_A, ROOT_B, ret, fwd, prev, next, m[0], m[1], irqclass, callerFrames(['check_irq_usage', 'check_prev_add', 'validate_chain', '__lock_acquire', 'lock_acquire'], caller), caller.irq);
  ld.report('lockdep.irq_unsafe_order', `WARNING: ${irqclass}-safe -> ${irqclass}-unsafe lock order detected`, lines, {
    task: t.comm,
    pid: t.pid,
    lock: next.instance ? next.instance.label : '',
    class: ld.classes.get(next.classIdx).printName(),
    held: ld.classes.get(prev.classIdx).printName(),
    safe: ld.classes.get(g.cls[ret]!).printName(),
    unsafe: ld.classes.get(g.cls[fwd]!).printName(),
    irqclass,
  });
  return false;
}

// lockdep_hardirqs_on_prepare() + lockdep_hardirqs_on(): irqs are about to be enabled
export function hardirqsOn(ld: Lockdep, t: Task, ip: string, caller: Caller): void {
  if (!ld.cfg.enabled || !ld.debugLocks) return;
  if (t.hardirqsEnabled) return;
  if (t.hardirqContext) {
    ld.debugLocksWarnOn(t, 'lockdep_hardirq_context()', 'lockdep_hardirqs_on_prepare', 4385, caller);
    return;
  }
  t.hardirqChainKeyLo = t.currChainKeyLo;
  t.hardirqChainKeyHi = t.currChainKeyHi;
  if (ld.cfg.prove && markHeldLocks(ld, t, LOCK_ENABLED_HARDIRQ, 'hardirqs_on', caller) && t.softirqsEnabled) {
    markHeldLocks(ld, t, LOCK_ENABLED_SOFTIRQ, 'hardirqs_on', caller);
  }
  if (!ld.debugLocks) return;
  t.hardirqsEnabled = true;
  t.irqtrace.hardirqEnableIp = ip;
  t.irqtrace.hardirqEnableEvent = ++t.irqtrace.irqEvents;
}

// lockdep_hardirqs_off()
export function hardirqsOff(ld: Lockdep, t: Task, ip: string): void {
  if (!ld.cfg.enabled || !ld.debugLocks) return;
  if (!t.hardirqsEnabled) return;
  t.hardirqsEnabled = false;
  t.irqtrace.hardirqDisableIp = ip;
  t.irqtrace.hardirqDisableEvent = ++t.irqtrace.irqEvents;
}

// lockdep_softirqs_on(): with hardirqs on, held locks become softirq-unsafe
export function softirqsOn(ld: Lockdep, t: Task, ip: string, caller: Caller): void {
  if (!ld.cfg.enabled || !ld.debugLocks) return;
  if (t.softirqsEnabled) return;
  t.softirqsEnabled = true;
  t.irqtrace.softirqEnableIp = ip;
  t.irqtrace.softirqEnableEvent = ++t.irqtrace.irqEvents;
  if (ld.cfg.prove && t.hardirqsEnabled) markHeldLocks(ld, t, LOCK_ENABLED_SOFTIRQ, 'softirqs_on', caller);
}

// lockdep_softirqs_off()
export function softirqsOff(ld: Lockdep, t: Task, ip: string): void {
  if (!ld.cfg.enabled || !ld.debugLocks) return;
  if (!t.softirqsEnabled) return;
  t.softirqsEnabled = false;
  t.irqtrace.softirqDisableIp = ip;
  t.irqtrace.softirqDisableEvent = ++t.irqtrace.irqEvents;
}
