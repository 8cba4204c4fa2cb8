// Preemptible RCU readers as lockdep sees them: rcu_read_lock()/rcu_read_unlock() of
// include/linux/rcupdate.h, __rcu_read_lock()/__rcu_read_unlock() of kernel/rcu/tree_plugin.h
// (CONFIG_PREEMPT_RCU, Linux 6.8), rcu_sleep_check() and lockdep_rcu_suspicious().
import { eventKind, KERN_WARNING, type Recorder } from '../../../engine/recorder.ts';
import { dumpStack, kernelIdent, warnLines, warnTaint, type SplatEnv } from '../../lib/bug.ts';
import type { Task } from '../../include/linux/sched.ts';
import type { Lockdep } from '../locking/lockdep.ts';
import type { LockdepMap } from '../locking/lockdep_lock_class.ts';
import { heldLocksLines } from '../locking/lockdep_report.ts';
import { callerFrames, type Caller } from '../locking/lockdep_report.ts';
import { LD_LOCK_NORMAL } from '../../include/linux/lockdep_types.ts';

export const EV_RCU_REPORT = eventKind('rcu.report');

/** INT_MAX / 2: deeper nesting is a bug too. */
export const RCU_NEST_PMAX = 0x3fffffff;

/** kernel/rcu/tree_plugin.h line of the nesting WARN_ON_ONCE() in __rcu_read_unlock(). */
export const RCU_UNLOCK_WARN_LINE = 431;
/** include/linux/rcupdate.h line of rcu_preempt_sleep_check(). */
export const RCU_SLEEP_CHECK_LINE = 339;

const ONCE_UNLOCK_NESTING = 1;
const ONCE_LOCK_NESTING = 2;
const ONCE_SLEEP_MIGHT_RESCHED = 4;
const ONCE_SLEEP_SCHEDULE = 8;

export class Rcu {
  /** rcu_lock_map: lockdep's "rcu_read_lock" pseudo-lock. */
  readonly lockMap: LockdepMap;
  /** WARN_ON_ONCE() / RCU_LOCKDEP_WARN() sites that already fired. */
  once = 0;

  constructor(
    private readonly env: SplatEnv,
    private readonly ld: Lockdep,
    private readonly rec: Recorder,
    addr: bigint,
  ) {
    this.lockMap = {
      id: -2,
      label: 'rcu_read_lock',
      name: 'rcu_read_lock',
      key: ld.keyFor('rcu_read_lock'),
      waitInner: ld.w.config,
      waitOuter: ld.w.free,
      lockType: LD_LOCK_NORMAL,
      classCache0: -1,
      classCache1: -1,
      addr,
      size: 0x28,
      type: 'rcu',
    };
  }

  // rcu_read_lock(): __rcu_read_lock() then rcu_lock_acquire() (a recursive read, unchecked)
  readLock(t: Task, ip: string, caller: Caller): void {
    t.rcuReadLockNesting++;
    if (this.ld.cfg.prove && t.rcuReadLockNesting > RCU_NEST_PMAX) this.warnOnce(t, ONCE_LOCK_NESTING, '__rcu_read_lock', 416, caller);
    this.ld.lockAcquire(t, this.lockMap, 0, 0, 2, 0, null, ip, caller);
  }

  // rcu_read_unlock(): rcu_lock_release() then __rcu_read_unlock(), which warns once on underflow
  readUnlock(t: Task, ip: string, caller: Caller): void {
    this.ld.lockRelease(t, this.lockMap, ip, caller);
    t.rcuReadLockNesting--;
    const rrln = t.rcuReadLockNesting;
    if (this.ld.cfg.prove && (rrln < 0 || rrln > RCU_NEST_PMAX)) this.warnOnce(t, ONCE_UNLOCK_NESTING, '__rcu_read_unlock', RCU_UNLOCK_WARN_LINE, caller);
  }

  private warnOnce(t: Task, bit: number, func: string, line: number, caller: Caller): void {
    if (this.once & bit) return;
    this.rec.emit(EV_RCU_REPORT);
    this.once |= bit;
    const { lines, title } = warnLines(this.env, t, 'kernel/rcu/tree_plugin.h', line, func, { frames: callerFrames([], caller), irq: caller.irq }, null);
    this.env.k.printk(KERN_WARNING, lines.join('\n'));
    this.rec.finding('rcu.unbalanced', title, { task: t.comm, pid: t.pid, depth: t.rcuReadLockNesting });
    warnTaint(this.env);
  }

  // rcu_sleep_check(): sleeping inside rcu_read_lock() is "suspicious RCU usage", once per call site
  sleepCheck(t: Task, fromSchedule: boolean, frames: readonly string[], irq: boolean): void {
    const bit = fromSchedule ? ONCE_SLEEP_SCHEDULE : ONCE_SLEEP_MIGHT_RESCHED;
    if (!this.ld.cfg.prove || !this.ld.debugLocks || this.once & bit) return;
    if (!this.ld.isHeld(t, this.lockMap)) return;
    this.rec.emit(EV_RCU_REPORT);
    this.once |= bit;
    this.suspicious(t, 'include/linux/rcupdate.h', RCU_SLEEP_CHECK_LINE, 'Illegal context switch in RCU read-side critical section', frames, irq);
  }

  // lockdep_rcu_suspicious(): a warning that leaves lockdep on
  private suspicious(t: Task, file: string, line: number, s: string, frames: readonly string[], irq: boolean): void {
    const dl = this.ld.debugLocks ? 1 : 0;
    const lines = [
      '',
      '=============================',
      'WARNING: suspicious RCU usage',
      kernelIdent(this.env),
      '-----------------------------',
      `${file}:${line} ${s}!`,
      '',
      'other info that might help us debug this:',
      '',
      '',
      `rcu_scheduler_active = 2, debug_locks = ${dl}`,
      ...(dl ? [] : ['Possible false positive due to lockdep disabling via debug_locks = 0']),
      ...heldLocksLines(this.ld, t),
      '',
      'stack backtrace:',
      ...dumpStack(this.env, t, { frames, irq }),
    ];
    this.env.k.printk(KERN_WARNING, lines.join('\n'));
    this.rec.finding('rcu.suspicious_usage', 'WARNING: suspicious RCU usage', { task: t.comm, pid: t.pid, file, line, message: s });
  }
}
