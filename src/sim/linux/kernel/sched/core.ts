// Execution context: irq and bh enable state, hardirq/softirq entry, preemption, and the
// atomic-sleep checks of kernel/sched/core.c (Linux 6.8: __might_sleep, __might_resched,
// __schedule_bug, schedule_debug) plus the irq-flag tracing hooks of kernel/softirq.c
// (__local_bh_disable_ip, __local_bh_enable_ip) and include/linux/irqflags.h.
import { eventKind, KERN_EMERG, KERN_ERR, KERN_WARNING, type Recorder } from '../../../engine/recorder.ts';
import { HUNG_TASK_TIMEOUT_SECS, hungTaskLines, TaskBlocked } from '../hung_task.ts';
import { LOCKDEP_STILL_OK, TAINT_SOFTLOCKUP } from '../panic.ts';
import { softLockupLines, softLockupSecs } from '../watchdog.ts';
import type { Kernel } from '../../../machine/kernel.ts';
import { hardirqsOff, hardirqsOn, softirqsOff, softirqsOn } from '../locking/lockdep_irq_usage.ts';
import type { Lockdep } from '../locking/lockdep.ts';
import { callerFrames, debugShowHeldLocks, type Caller } from '../locking/lockdep_report.ts';
import { LockInputError } from '../../include/linux/lockdep_types.ts';
import type { Rcu } from '../rcu/update.ts';
import { dumpStack, irqtraceLines, warnLines, warnTaint, type SplatEnv } from '../../lib/bug.ts';
import { HARDIRQ_OFFSET, hex8, PREEMPT_MASK, SOFTIRQ_DISABLE_OFFSET } from '../../include/linux/preempt.ts';
import { TASK_BLOCKED, TASK_SPINNING, type Task } from '../../include/linux/sched.ts';
import { HZ, jiffies } from '../time/jiffies.ts';

export const EV_IRQ_DISABLE = eventKind('irq.disable');
export const EV_IRQ_ENABLE = eventKind('irq.enable');
export const EV_BH_DISABLE = eventKind('irq.bh_disable');
export const EV_BH_ENABLE = eventKind('irq.bh_enable');
export const EV_HARDIRQ_ENTER = eventKind('irq.hardirq_enter');
export const EV_HARDIRQ_EXIT = eventKind('irq.hardirq_exit');
export const EV_SOFTIRQ_ENTER = eventKind('irq.softirq_enter');
export const EV_SOFTIRQ_EXIT = eventKind('irq.softirq_exit');
export const EV_PREEMPT_DISABLE = eventKind('preempt.disable');
export const EV_PREEMPT_ENABLE = eventKind('preempt.enable');
export const EV_MIGHT_SLEEP = eventKind('sched.might_sleep');
export const EV_SCHEDULE = eventKind('sched.schedule');
export const EV_SCHED_REPORT = eventKind('sched.report');
export const EV_HANG = eventKind('sched.hang');

/** Where might_sleep() sits in the sleeping lock functions of 6.8 (file:line as __might_resched prints). */
export const MIGHT_SLEEP_SITES = {
  mutex: 'kernel/locking/mutex.c:585',
  down_read: 'kernel/locking/rwsem.c:1525',
  down_write: 'kernel/locking/rwsem.c:1578',
} as const;


// WARN_ON_ONCE() sites
const ONCE_BH_DISABLE_HARDIRQ = 1;
const ONCE_BH_ENABLE_HARDIRQ = 2;
const ONCE_BH_ENABLE_IRQS_OFF = 4;

export interface SchedConfig {
  /** CONFIG_DEBUG_ATOMIC_SLEEP. */
  atomicSleep: boolean;
  /** CONFIG_DEBUG_PREEMPT: preempt_count underflow checks and "Preemption disabled at:". */
  debugPreempt: boolean;
}

export class Sched {
  /** __might_resched()'s prev_jiffy ratelimit (0: never printed). */
  lastMightResched = 0;
  once = 0;

  constructor(
    private readonly k: Kernel,
    private readonly env: SplatEnv,
    private readonly ld: Lockdep,
    private readonly rcu: Rcu,
    private readonly rec: Recorder,
    readonly cfg: SchedConfig,
  ) {}

  // ---------------------------------------------------------------- irq flags

  // local_irq_disable(): raw disable, then trace_hardirqs_off()
  irqDisable(t: Task, ip: string): void {
    t.irqsOff = true;
    hardirqsOff(this.ld, t, ip);
  }

  // local_irq_enable(): trace_hardirqs_on() (lockdep marks held locks irq-unsafe), then raw enable
  irqEnable(t: Task, ip: string, caller: Caller): void {
    hardirqsOn(this.ld, t, ip, caller);
    t.irqsOff = false;
  }

  localIrqDisable(t: Task, caller: Caller): void {
    this.rec.emit(EV_IRQ_DISABLE);
    this.irqDisable(t, caller.ip);
  }

  localIrqEnable(t: Task, caller: Caller): void {
    this.rec.emit(EV_IRQ_ENABLE);
    this.irqEnable(t, caller.ip, caller);
  }

  // ---------------------------------------------------------------- bottom halves

  // __local_bh_disable_ip(ip, SOFTIRQ_DISABLE_OFFSET), kernel/softirq.c 6.8
  bhDisable(t: Task, caller: Caller): void {
    if (t.hardirqCount()) this.warnOnce(t, ONCE_BH_DISABLE_HARDIRQ, 'kernel/softirq.c', 315, '__local_bh_disable_ip', caller);
    t.preemptCount += SOFTIRQ_DISABLE_OFFSET;
    if (t.softirqCount() === SOFTIRQ_DISABLE_OFFSET) softirqsOff(this.ld, t, caller.ip);
    if (t.preemptCountValue === SOFTIRQ_DISABLE_OFFSET) t.preemptDisableIp = caller.ip;
  }

  // __local_bh_enable_ip(ip, SOFTIRQ_DISABLE_OFFSET): irqs go off and back on around it
  bhEnable(t: Task, caller: Caller): void {
    if (t.hardirqCount()) this.warnOnce(t, ONCE_BH_ENABLE_HARDIRQ, 'kernel/softirq.c', 361, '__local_bh_enable_ip', caller);
    if (this.ld.cfg.enabled && this.ld.debugLocks && !t.hardirqsEnabled) this.warnOnce(t, ONCE_BH_ENABLE_IRQS_OFF, 'kernel/softirq.c', 362, '__local_bh_enable_ip', caller);
    const inner = this.env.syms.fn('__local_bh_enable_ip').text;
    this.irqDisable(t, inner);
    if (t.softirqCount() === SOFTIRQ_DISABLE_OFFSET) softirqsOn(this.ld, t, caller.ip, caller);
    t.preemptCount -= SOFTIRQ_DISABLE_OFFSET - 1;
    this.preemptCountSub(t, 1, caller);
    this.irqEnable(t, inner, caller);
  }

  localBhDisable(t: Task, caller: Caller): void {
    this.rec.emit(EV_BH_DISABLE);
    this.bhDisable(t, caller);
  }

  localBhEnable(t: Task, caller: Caller): void {
    this.rec.emit(EV_BH_ENABLE);
    this.bhEnable(t, caller);
  }

  // ---------------------------------------------------------------- simulated interrupts

  // HARDIRQ_ENTER() of lib/locking-selftest.c: irqs off, __irq_enter(), lockdep_hardirq_threaded()
  hardirqEnter(t: Task, caller: Caller): void {
    this.rec.emit(EV_HARDIRQ_ENTER);
    this.irqDisable(t, caller.ip);
    this.preemptCountAdd(t, HARDIRQ_OFFSET, caller.ip);
    if (++t.hardirqContext === 1) t.hardirqThreaded = false;
    t.hardirqThreaded = true;
    t.hardirqDepth++;
  }

  // HARDIRQ_EXIT(): __irq_exit() then local_irq_enable()
  hardirqExit(t: Task, caller: Caller): void {
    if (t.hardirqDepth === 0) throw new LockInputError(`hardirq_exit: ${t.name} is not in a hardirq (no matching hardirq_enter)`);
    this.rec.emit(EV_HARDIRQ_EXIT);
    t.hardirqDepth--;
    t.hardirqContext--;
    this.preemptCountSub(t, HARDIRQ_OFFSET, caller);
    this.irqEnable(t, caller.ip, caller);
  }

  // SOFTIRQ_ENTER(): local_bh_disable(), local_irq_disable(), lockdep_softirq_enter()
  softirqEnter(t: Task, caller: Caller): void {
    this.rec.emit(EV_SOFTIRQ_ENTER);
    this.bhDisable(t, caller);
    this.irqDisable(t, caller.ip);
    t.softirqContext++;
    t.softirqDepth++;
  }

  // SOFTIRQ_EXIT(): lockdep_softirq_exit(), local_irq_enable(), local_bh_enable()
  softirqExit(t: Task, caller: Caller): void {
    if (t.softirqDepth === 0) throw new LockInputError(`softirq_exit: ${t.name} is not in a softirq (no matching softirq_enter)`);
    this.rec.emit(EV_SOFTIRQ_EXIT);
    t.softirqDepth--;
    t.softirqContext--;
    this.irqEnable(t, caller.ip, caller);
    this.bhEnable(t, caller);
  }

  // ---------------------------------------------------------------- preemption

  // preempt_count_add(): remember where preemption was first disabled
  preemptCountAdd(t: Task, val: number, ip: string): void {
    t.preemptCount += val;
    if (t.preemptCountValue === val) t.preemptDisableIp = ip;
  }

  // preempt_count_sub(): with CONFIG_DEBUG_PREEMPT an underflow is refused and warned about
  preemptCountSub(t: Task, val: number, caller: Caller): void {
    if (this.cfg.debugPreempt) {
      const pc = t.preemptCountValue;
      if (val > pc) {
        this.ld.debugLocksWarnOn(t, 'val > preempt_count()', 'preempt_count_sub', 5839, caller);
        return;
      }
      if (val < PREEMPT_MASK && (pc & PREEMPT_MASK) === 0) {
        this.ld.debugLocksWarnOn(t, '(val < PREEMPT_MASK) && !(preempt_count() & PREEMPT_MASK)', 'preempt_count_sub', 5846, caller);
        return;
      }
    }
    t.preemptCount -= val;
  }

  preemptDisable(t: Task, caller: Caller): void {
    this.rec.emit(EV_PREEMPT_DISABLE);
    this.preemptCountAdd(t, 1, caller.ip);
  }

  preemptEnable(t: Task, caller: Caller): void {
    this.rec.emit(EV_PREEMPT_ENABLE);
    this.preemptCountSub(t, 1, caller);
  }

  // ---------------------------------------------------------------- sleeping

  /** The might_sleep op: __might_sleep(file, line) at the caller. */
  mightSleepOp(t: Task, at: string, caller: Caller): void {
    this.rec.emit(EV_MIGHT_SLEEP);
    this.mightSleep(t, at, caller);
  }

  // __might_sleep() -> __might_resched(file, line, 0)
  mightSleep(t: Task, at: string, caller: Caller): void {
    if (!this.cfg.atomicSleep) return;
    const frames = callerFrames(['__might_resched', '__might_sleep'], caller);
    this.rcu.sleepCheck(t, false, frames, caller.irq);
    const pc = t.preemptCountValue;
    // resched_offsets_ok(0): the RCU depth is added in above bit 8, in unsigned arithmetic
    const nested = (pc + (t.rcuReadLockNesting << 8)) >>> 0;
    if (nested === 0 && !t.irqsOff && !t.isIdle) return;
    // time_before(jiffies, prev_jiffy + HZ) && prev_jiffy
    const now = jiffies(this.k.clock);
    if (this.lastMightResched !== 0 && now < this.lastMightResched + HZ) return;
    this.rec.emit(EV_SCHED_REPORT);
    this.lastMightResched = now;
    const title = `BUG: sleeping function called from invalid context at ${at}`;
    this.k.printk(
      KERN_ERR,
      [
        title,
        `in_atomic(): ${pc !== 0 ? 1 : 0}, irqs_disabled(): ${t.irqsOff ? 1 : 0}, non_block: 0, pid: ${t.pid}, name: ${t.comm}`,
        `preempt_count: ${pc.toString(16)}, expected: 0`,
        `RCU nest depth: ${t.rcuReadLockNesting}, expected: 0`,
      ].join('\n'),
    );
    const more = [...debugShowHeldLocks(this.ld, t)];
    if (t.irqsOff) more.push(...irqtraceLines(this.env, t));
    if (this.cfg.debugPreempt && pc !== 0) more.push('Preemption disabled at:', this.ipSym(t.preemptDisableIp));
    more.push(...dumpStack(this.env, t, { frames, irq: caller.irq }));
    this.k.printk(KERN_WARNING, more.join('\n'));
    this.rec.finding('sched.sleep_in_atomic', title, {
      task: t.comm,
      pid: t.pid,
      at,
      in_atomic: pc !== 0 ? 1 : 0,
      irqs_disabled: t.irqsOff ? 1 : 0,
      preempt_count: `0x${pc.toString(16)}`,
      rcu_depth: t.rcuReadLockNesting,
    });
    warnTaint(this.env);
  }

  private ipSym(ip: string): string {
    return ip === '' ? '[<0000000000000000>] 0x0' : this.env.syms.ipSym(ip);
  }

  /**
   * schedule() from a sleeping lock's slowpath (schedule_preempt_disabled()): the task
   * blocks. schedule_debug() checks the count __schedule() runs with (the caller's plus
   * one); after a "scheduling while atomic" report it resets it, and the switch back
   * re-enables irqs (finish_task_switch() -> raw_spin_rq_unlock_irq()).
   */
  schedule(t: Task, frames: readonly string[], caller: Caller): void {
    this.rec.emit(EV_SCHEDULE);
    // schedule_debug() runs before __schedule() disables irqs
    const inSchedule = t.preemptCount + 1;
    const pc = t.countValue(inSchedule);
    if (pc !== 1) {
      this.rec.emit(EV_SCHED_REPORT);
      const title = `BUG: scheduling while atomic: ${t.comm}/${t.pid}/0x${hex8(pc)}`;
      const lines = [title, ...debugShowHeldLocks(this.ld, t), this.k.modules.printModules()];
      if (t.irqsOff) lines.push(...irqtraceLines(this.env, t));
      if (this.cfg.debugPreempt) lines.push('Preemption disabled at:', this.ipSym(t.preemptDisableIp));
      lines.push(...dumpStack(this.env, t, { frames: ['__schedule_bug', '__schedule', 'schedule', ...frames], irq: caller.irq }));
      this.k.printk(KERN_ERR, lines.join('\n'));
      this.rec.finding('sched.scheduling_while_atomic', title, { task: t.comm, pid: t.pid, preempt_count: `0x${hex8(pc)}` });
      warnTaint(this.env);
      // preempt_count_set(PREEMPT_DISABLED), then schedule() drops its own disable
      t.preemptCount = 0;
    }
    this.rcu.sleepCheck(t, true, ['__schedule', 'schedule', ...frames], caller.irq);
    this.irqDisable(t, this.env.syms.fn('__schedule').text);
    this.irqEnable(t, this.env.syms.fn('_raw_spin_unlock_irq').text, { ip: '_raw_spin_unlock_irq', prim: [], outer: ['finish_task_switch', '__schedule', 'schedule', ...frames], irq: false });
  }

  /**
   * A lock whose owner will never release it (the owner died in an oops, or is stuck itself). A sleeping lock:
   * the task sleeps in TASK_UNINTERRUPTIBLE for good and khungtaskd reports it hung_task_timeout_secs later,
   * with every lock held in the system (`allLocks`). A spinlock: the CPU spins with preemption off and the
   * soft-lockup detector reports it. The op ends here (TaskBlocked); the task runs no more.
   */
  blockForever(t: Task, frames: readonly string[], spinning: boolean, why: string, allLocks: readonly string[]): never {
    const k = this.k;
    this.rec.emit(EV_HANG, spinning ? 1 : 0);
    const sites = frames.map((f) => this.env.syms.site(f).text);
    let title: string;
    if (spinning) {
      k.clock.advance(softLockupSecs(k) * 1e9);
      const r = softLockupLines(k, t, sites);
      title = r.title;
      k.printk(KERN_EMERG, r.lines.join('\n'));
      this.rec.finding('watchdog.soft_lockup', title, { task: t.comm, pid: t.pid, cpu: t.cpu, waiting_for: why });
      k.panic.addTaint(TAINT_SOFTLOCKUP, LOCKDEP_STILL_OK);
      t.state = TASK_SPINNING;
    } else {
      k.clock.advance(HUNG_TASK_TIMEOUT_SECS * 1e9);
      const r = hungTaskLines(k, t, sites);
      title = r.title;
      k.printk(KERN_ERR, [...r.lines, ...allLocks].join('\n'));
      this.rec.finding('sched.hung_task', title, { task: t.comm, pid: t.pid, waiting_for: why });
      t.state = TASK_BLOCKED;
    }
    t.stateWhy = `${spinning ? 'spinning' : 'blocked'} since event ${this.rec.current} on ${why}`;
    throw new TaskBlocked(title);
  }

  // WARN_ON_ONCE() in kernel/softirq.c and friends
  private warnOnce(t: Task, bit: number, file: string, line: number, func: string, caller: Caller): void {
    if (this.once & bit) return;
    this.rec.emit(EV_SCHED_REPORT);
    this.once |= bit;
    const { lines, title } = warnLines(this.env, t, file, line, func, { frames: callerFrames([], caller), irq: caller.irq }, null);
    this.k.printk(KERN_WARNING, lines.join('\n'));
    this.rec.finding('sched.warning', title, { task: t.comm, pid: t.pid, at: `${file}:${line}` });
    warnTaint(this.env);
  }
}

