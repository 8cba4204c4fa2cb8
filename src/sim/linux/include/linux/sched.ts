// Tasks: the parts of struct task_struct (and of the per-CPU state a task runs with) that
// the locking model needs. The irq flag, preempt_count and lockdep's hardirq state are
// per CPU in the kernel; scenario steps name a task per step, so the model keeps them
// with the task that set them (what thread_info->preempt_count does on arm64).
import { HeldLock, heldLockFromTuple, heldLockToTuple, type HeldLockTuple } from './lockdep.ts';
import type { LockdepMap } from '../../kernel/locking/lockdep_lock_class.ts';
import { INITIAL_CHAIN_KEY_HI, INITIAL_CHAIN_KEY_LO } from '../../kernel/locking/lockdep_chains.ts';
import { taskComm, type PidTable } from '../../kernel/pid.ts';
import { HARDIRQ_MASK, HARDIRQ_SHIFT, NMI_MASK, preemptCountValue, SOFTIRQ_MASK, SOFTIRQ_SHIFT } from './preempt.ts';

/** struct irqtrace_events: what "irq event stamp" prints. */
export class IrqTrace {
  irqEvents = 0;
  hardirqEnableIp = '';
  hardirqEnableEvent = 0;
  hardirqDisableIp = '';
  hardirqDisableEvent = 0;
  softirqEnableIp = '';
  softirqEnableEvent = 0;
  softirqDisableIp = '';
  softirqDisableEvent = 0;
}

/** What the scheduler would say of the task: running (or runnable), dead (do_exit() after an oops), or stuck for good. */
export const TASK_RUNNING = 0;
export const TASK_DEAD = 1;
/** TASK_UNINTERRUPTIBLE on a lock whose owner will never release it. */
export const TASK_BLOCKED = 2;
/** Spinning on a lock whose owner will never release it (the CPU is stuck). */
export const TASK_SPINNING = 3;

export class Task {
  /** Last CPU the task ran on. */
  cpu = 0;
  /** TASK_RUNNING, TASK_DEAD, TASK_BLOCKED or TASK_SPINNING. */
  state = TASK_RUNNING;
  /** Why it is dead or stuck, and since which event, for the steps that name it later. */
  stateWhy = '';
  // --- arch / core state carried by the task ---
  /** Signed model of preempt_count (x86 prints it masked, see preemptCountValue). */
  preemptCount = 0;
  /** The hardware irq flag (arch_irqs_disabled()). */
  irqsOff = false;
  /** current->preempt_disable_ip (CONFIG_DEBUG_PREEMPT). */
  preemptDisableIp = '';
  /** hardirq_enter/softirq_enter ops not yet exited (input checking only). */
  hardirqDepth = 0;
  softirqDepth = 0;
  /** current->rcu_read_lock_nesting (CONFIG_PREEMPT_RCU). */
  rcuReadLockNesting = 0;
  /** current->flags: the PF_MEMALLOC* bits (include/linux/sched/mm.ts). */
  flags = 0;
  // --- lockdep (task_struct fields and lockdep's per-CPU hardirq state) ---
  lockdepDepth = 0;
  readonly heldLocks: HeldLock[] = [];
  currChainKeyLo = INITIAL_CHAIN_KEY_LO;
  currChainKeyHi = INITIAL_CHAIN_KEY_HI;
  hardirqChainKeyLo = INITIAL_CHAIN_KEY_LO;
  hardirqChainKeyHi = INITIAL_CHAIN_KEY_HI;
  /** lockdep_hardirqs_enabled(): lockdep's idea of the irq flag. */
  hardirqsEnabled = true;
  /** lockdep_hardirq_context(). */
  hardirqContext = 0;
  hardirqThreaded = false;
  softirqsEnabled = true;
  softirqContext = 0;
  readonly irqtrace = new IrqTrace();
  // --- locks the task really owns (the lock words), independent of lockdep ---
  readonly holdLock: number[] = [];
  readonly holdRead: number[] = [];
  readonly holdIp: string[] = [];

  constructor(
    readonly id: number,
    readonly name: string,
    readonly pid: number,
    /** x86 folds PREEMPT_NEED_RESCHED into the count's top bit; arm64 does not. */
    readonly foldsNeedResched = true,
  ) {}

  /** current->comm as printed (TASK_COMM_LEN 16). */
  get comm(): string {
    return taskComm(this.name);
  }

  get isIdle(): boolean {
    return this.pid === 0;
  }

  /** preempt_count() as the kernel reads it. */
  get preemptCountValue(): number {
    return preemptCountValue(this.preemptCount, this.foldsNeedResched);
  }

  /** preempt_count() of a raw count this task would have (the one __schedule() runs with). */
  countValue(raw: number): number {
    return preemptCountValue(raw, this.foldsNeedResched);
  }

  hardirqCount(): number {
    return this.preemptCountValue & HARDIRQ_MASK;
  }

  softirqCount(): number {
    return this.preemptCountValue & SOFTIRQ_MASK;
  }

  inInterrupt(): boolean {
    return (this.preemptCountValue & (HARDIRQ_MASK | SOFTIRQ_MASK | NMI_MASK)) !== 0;
  }

  /** "[HC%u[%lu]:SC%u[%lu]:HE%u:SE%u]" of lockdep's irq reports. */
  irqState(): string {
    return `[HC${this.hardirqContext}[${this.hardirqCount() >>> HARDIRQ_SHIFT}]:SC${this.softirqContext}[${this.softirqCount() >>> SOFTIRQ_SHIFT}]:HE${this.hardirqsEnabled ? 1 : 0}:SE${this.softirqsEnabled ? 1 : 0}]`;
  }

  /** held_locks[i], allocated on first use and reused after. */
  slot(i: number): HeldLock {
    let h = this.heldLocks[i];
    if (!h) {
      h = new HeldLock();
      this.heldLocks[i] = h;
    }
    return h;
  }
}

export type TaskTuple = [
  name: string,
  pid: number,
  cpu: number,
  preemptCount: number,
  irqsOff: boolean,
  preemptDisableIp: string,
  hardirqDepth: number,
  softirqDepth: number,
  rcu: number,
  lockdepDepth: number,
  held: HeldLockTuple[],
  chain: [number, number, number, number],
  irq: [boolean, number, boolean, boolean, number],
  trace: [number, string, number, string, number, string, number, string, number],
  holds: [number[], number[], string[]],
  life: [state: number, why: string],
  flags?: number,
];

/** All tasks by name, with the pids the kernel's pid table gives them (kernel/pid.ts). */
export class TaskTable {
  readonly list: Task[] = [];
  private readonly byName = new Map<string, Task>();

  constructor(
    private readonly pids: PidTable,
    private readonly foldsNeedResched = true,
  ) {}

  get(name: string): Task {
    let t = this.byName.get(name);
    if (!t) {
      t = new Task(this.list.length, name, this.pids.pidOf(name), this.foldsNeedResched);
      this.list.push(t);
      this.byName.set(name, t);
    }
    return t;
  }

  find(name: string): Task | undefined {
    return this.byName.get(name);
  }

  /** The task with this name is gone (do_exit()): a later step with the name is a new task. */
  retire(name: string): void {
    this.byName.delete(name);
  }

  snapshot(): { tasks: TaskTuple[] } {
    return {
      tasks: this.list.map((t): TaskTuple => {
        const tr = t.irqtrace;
        const held: HeldLockTuple[] = [];
        for (let i = 0; i < t.lockdepDepth; i++) held.push(heldLockToTuple(t.heldLocks[i]!));
        return [
          t.name,
          t.pid,
          t.cpu,
          t.preemptCount,
          t.irqsOff,
          t.preemptDisableIp,
          t.hardirqDepth,
          t.softirqDepth,
          t.rcuReadLockNesting,
          t.lockdepDepth,
          held,
          [t.currChainKeyLo, t.currChainKeyHi, t.hardirqChainKeyLo, t.hardirqChainKeyHi],
          [t.hardirqsEnabled, t.hardirqContext, t.hardirqThreaded, t.softirqsEnabled, t.softirqContext],
          [
            tr.irqEvents,
            tr.hardirqEnableIp,
            tr.hardirqEnableEvent,
            tr.hardirqDisableIp,
            tr.hardirqDisableEvent,
            tr.softirqEnableIp,
            tr.softirqEnableEvent,
            tr.softirqDisableIp,
            tr.softirqDisableEvent,
          ],
          [t.holdLock.slice(), t.holdRead.slice(), t.holdIp.slice()],
          [t.state, t.stateWhy],
          t.flags,
        ];
      }),
    };
  }

  restore(s: { tasks: TaskTuple[] }, mapOf: (id: number) => LockdepMap | null): void {
    this.list.length = 0;
    this.byName.clear();
    for (const x of s.tasks) {
      const t = new Task(this.list.length, x[0], x[1], this.foldsNeedResched);
      t.cpu = x[2];
      t.preemptCount = x[3];
      t.irqsOff = x[4];
      t.preemptDisableIp = x[5];
      t.hardirqDepth = x[6];
      t.softirqDepth = x[7];
      t.rcuReadLockNesting = x[8];
      t.lockdepDepth = x[9];
      x[10].forEach((h, i) => heldLockFromTuple(t.slot(i), h, mapOf));
      [t.currChainKeyLo, t.currChainKeyHi, t.hardirqChainKeyLo, t.hardirqChainKeyHi] = x[11];
      [t.hardirqsEnabled, t.hardirqContext, t.hardirqThreaded, t.softirqsEnabled, t.softirqContext] = x[12];
      const tr = t.irqtrace;
      [
        tr.irqEvents,
        tr.hardirqEnableIp,
        tr.hardirqEnableEvent,
        tr.hardirqDisableIp,
        tr.hardirqDisableEvent,
        tr.softirqEnableIp,
        tr.softirqEnableEvent,
        tr.softirqDisableIp,
        tr.softirqDisableEvent,
      ] = x[13];
      t.holdLock.push(...x[14][0]);
      t.holdRead.push(...x[14][1]);
      t.holdIp.push(...x[14][2]);
      [t.state, t.stateWhy] = x[15];
      t.flags = x[16] ?? 0;
      this.list.push(t);
      if (t.state !== TASK_DEAD) this.byName.set(t.name, t);
    }
  }
}
