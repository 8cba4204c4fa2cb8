// The execution-context ops a scenario step can perform, one method per op, each running
// as the step's task on the step's CPU (rec.ctx). Every op emits its own event first.
import { eventKind, type EventKind } from '../engine/recorder.ts';
import type { Caller } from '../linux/kernel/locking/lockdep_report.ts';
import type { Rcu } from '../linux/kernel/rcu/update.ts';
import type { Sched } from '../linux/kernel/sched/core.ts';
import type { Task } from '../linux/include/linux/sched.ts';

export const EV_RCU_READ_LOCK = eventKind('rcu.read_lock');
export const EV_RCU_READ_UNLOCK = eventKind('rcu.read_unlock');

/** What the ops need from the model: the current task and a call-site for this op. */
export interface ContextHost {
  current(): Task;
  caller(t: Task, ip: string | undefined, stack: readonly string[] | undefined): Caller;
  emit(kind: EventKind): void;
}

/** Optional call-site details every context op accepts. */
export interface SiteOptions {
  /** "function+0xoff/0xsize" or "function". */
  ip?: string;
  /** Frames above the call site, innermost first. */
  stack?: readonly string[];
}

export class ExecContext {
  constructor(
    private readonly host: ContextHost,
    private readonly sched: Sched,
    private readonly rcu: Rcu,
  ) {}

  private t(): Task {
    return this.host.current();
  }

  private c(t: Task, o: SiteOptions | undefined): Caller {
    return this.host.caller(t, o?.ip, o?.stack);
  }

  localIrqDisable(o?: SiteOptions): void {
    const t = this.t();
    this.sched.localIrqDisable(t, this.c(t, o));
  }

  localIrqEnable(o?: SiteOptions): void {
    const t = this.t();
    this.sched.localIrqEnable(t, this.c(t, o));
  }

  localBhDisable(o?: SiteOptions): void {
    const t = this.t();
    this.sched.localBhDisable(t, this.c(t, o));
  }

  localBhEnable(o?: SiteOptions): void {
    const t = this.t();
    this.sched.localBhEnable(t, this.c(t, o));
  }

  hardirqEnter(o?: SiteOptions): void {
    const t = this.t();
    this.sched.hardirqEnter(t, this.c(t, o));
  }

  hardirqExit(o?: SiteOptions): void {
    const t = this.t();
    this.sched.hardirqExit(t, this.c(t, o));
  }

  softirqEnter(o?: SiteOptions): void {
    const t = this.t();
    this.sched.softirqEnter(t, this.c(t, o));
  }

  softirqExit(o?: SiteOptions): void {
    const t = this.t();
    this.sched.softirqExit(t, this.c(t, o));
  }

  preemptDisable(o?: SiteOptions): void {
    const t = this.t();
    this.sched.preemptDisable(t, this.c(t, o));
  }

  preemptEnable(o?: SiteOptions): void {
    const t = this.t();
    this.sched.preemptEnable(t, this.c(t, o));
  }

  rcuReadLock(o?: SiteOptions): void {
    const t = this.t();
    const c = this.c(t, o);
    this.host.emit(EV_RCU_READ_LOCK);
    this.rcu.readLock(t, c.ip, c);
  }

  rcuReadUnlock(o?: SiteOptions): void {
    const t = this.t();
    const c = this.c(t, o);
    this.host.emit(EV_RCU_READ_UNLOCK);
    this.rcu.readUnlock(t, c.ip, c);
  }

  /**
   * might_sleep() at the call site. `at` is the "file:line" __might_resched() prints
   * (the caller's __FILE__/__LINE__); default "kernel/kernscope.c:<step+1>".
   */
  mightSleep(o?: SiteOptions & { at?: string }): void {
    const t = this.t();
    // a raw step stands for a test module provoking the bug (LKDTM's drivers/misc/lkdtm/bugs.c), its line the step's number
    this.sched.mightSleepOp(t, o?.at ?? `drivers/misc/lkdtm/bugs.c:${this.stepLine()}`, this.c(t, o));
  }

  private stepLine = (): number => 1;

  /** Lets the model report the scenario step for the default might_sleep() location. */
  setStepSource(f: () => number): void {
    this.stepLine = f;
  }
}
