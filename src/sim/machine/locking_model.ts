// The locking and execution-context model as one kernel subsystem: tasks, lock objects,
// lockdep, the preempt/irq state, RCU readers and the atomic-sleep checks, with the
// scenario-facing API (one method per op) and the views the UI queries.
import type { Hasher } from '../engine/hash.ts';
import type { EventKind } from '../engine/events.ts';
import { KERN_INFO } from '../engine/recorder.ts';
import type { Kernel } from './kernel.ts';
import type { Subsystem } from './subsystem.ts';
import { Rcu } from '../linux/kernel/rcu/update.ts';
import { ExecContext, type ContextHost } from './exec_context.ts';
import { Sched } from '../linux/kernel/sched/core.ts';
import { TASK_DEAD, TASK_RUNNING, TaskTable, type Task, type TaskTuple } from '../linux/include/linux/sched.ts';
import { DEP_NAMES, type DepName } from '../linux/kernel/locking/lockdep_graph.ts';
import { Lockdep, type CycleInfo, type LockdepSnapshot } from '../linux/kernel/locking/lockdep.ts';
import { LOCK_ENABLED_HARDIRQ, LOCK_ENABLED_SOFTIRQ, LOCK_USED_IN_HARDIRQ, LOCK_USED_IN_SOFTIRQ, usageChars, USAGE_STR } from '../linux/kernel/locking/lockdep_states.ts';
import { Locking, type LockInstanceTuple, type LockOptions } from '../linux/kernel/locking/locks.ts';
import type { Caller } from '../linux/kernel/locking/lockdep_report.ts';
import { hex64 } from '../linux/kernel/kallsyms.ts';
import { LockAddresses, Sites } from '../linux/lib/vsprintf.ts';
import { LockInputError, type LockMode, type LockType } from '../linux/include/linux/lockdep_types.ts';
import { WwMutexes, type WwAcquireCtx, type WwSnapshot } from '../linux/kernel/locking/ww_mutex.ts';
import { FsReclaim, FS_RECLAIM_MAP_ID } from '../linux/mm/fs_reclaim.ts';
import { dmaBufBuiltIn } from '../linux/drivers/dma-buf/dma-resv_lockdep.ts';
import { memallocNofsRestore, memallocNofsSave, memallocNoioRestore, memallocNoioSave, mightAlloc, type MightAllocHost } from '../linux/include/linux/sched/mm.ts';

const NO_FRAMES: readonly string[] = [];
const NO_OPTIONS: LockOptions = {};

/** One lock class of the graph view. */
export interface LockClassView {
  idx: number;
  /** As lockdep prints it: "&mm->mmap_lock", "lock_A/1", "name#2". */
  name: string;
  key: string;
  subclass: number;
  lockType: LockType | 'rcu' | 'lockdep_map';
  /** "{+.+.}" characters without the braces. */
  usage: string;
  usageMask: number;
  /** The usage states set, in lockdep's words ("IN-HARDIRQ-W", "SOFTIRQ-ON-W", ...). */
  usageStates: string[];
  hardirq: IrqSafety;
  softirq: IrqSafety;
  /** "-{2:2}" suffix without the dash. */
  waitType: string;
  waitInner: number;
  waitOuter: number;
  /** Event that registered the class (its first acquisition). */
  event: number;
}

/** safe = used in that irq context; unsafe = taken with it enabled; both is what lockdep reports. */
export type IrqSafety = 'none' | 'safe' | 'unsafe' | 'both';

/** One dependency prev -> next ("next was taken while prev was held"). */
export interface LockEdgeView {
  from: string;
  to: string;
  fromIdx: number;
  toIdx: number;
  /** lockdep's dependency kinds for this edge: E/S = prev exclusive/shared, R/N = next recursive-reader/not. */
  deps: DepName[];
  /** 1 = direct nesting, more = across trylocks. */
  distance: number;
  /** Event that created the dependency. */
  event: number;
  /** Where prev was taken and where next was taken (%pS). */
  sites: { prev: string; next: string };
  /** The stack saved with the dependency, innermost first (%pS). */
  trace: string[];
}

export interface LockGraphView {
  debugLocks: boolean;
  classes: LockClassView[];
  edges: LockEdgeView[];
  /** The cycle of the last circular-dependency report: held -> new -> ... (closes back to the first). */
  cycle: CycleInfo | null;
  chains: { process: number; softirq: number; hardirq: number };
}

export interface HeldLockView {
  lock: string;
  class: string;
  type: LockType;
  mode: LockMode;
  /** %px of the lock object. */
  addr: string;
  /** %pS of where it was taken. */
  at: string;
}

export interface TaskView {
  task: string;
  comm: string;
  pid: number;
  cpu: number;
  /** Locks the task owns right now (the lock words), outermost first. */
  locks: HeldLockView[];
  /** lockdep's held_locks[] depth (stale once lockdep has turned itself off). */
  lockdepDepth: number;
  /** preempt_count() as printed, e.g. "0x00000001". */
  preemptCount: string;
  preemptDepth: number;
  softirqDisableDepth: number;
  hardirq: boolean;
  softirq: boolean;
  irqsDisabled: boolean;
  rcuDepth: number;
}

export interface LockingSnapshot {
  tasks: { tasks: TaskTuple[] };
  locks: { locks: LockInstanceTuple[]; nextStatic: number; nextHeap: number };
  lockdep: LockdepSnapshot;
  rcuOnce: number;
  schedOnce: number;
  lastMightResched: number;
  ww?: WwSnapshot;
}

function irqSafety(mask: number, usedIn: number, enabled: number): IrqSafety {
  const s = (mask & ((1 << usedIn) | (1 << (usedIn + 1)))) !== 0;
  const u = (mask & ((1 << enabled) | (1 << (enabled + 1)))) !== 0;
  return s && u ? 'both' : s ? 'safe' : u ? 'unsafe' : 'none';
}

/** The scenario-facing lock ops: one method per op, as the step's task. */
export class LockApi {
  constructor(
    private readonly m: LockingModel,
    private readonly impl: Locking,
  ) {}

  /** lock_init: spin_lock_init()/rwlock_init()/mutex_init()/init_rwsem()/ww_mutex_init(). */
  lockInit(name: string, type: LockType, cls?: string, o?: { ip?: string; stack?: readonly string[] }): void {
    const t = this.m.current();
    this.impl.init(t, name, type, cls, this.m.caller(t, o?.ip, o?.stack));
  }

  /** lock: by type and mode; returns false when a trylock fails. */
  lock(name: string, mode: LockMode = 'write', o: LockOptions = NO_OPTIONS): boolean {
    const t = this.m.current();
    return this.impl.lock(t, name, mode, o, this.m.caller(t, o.ip, o.stack));
  }

  /** unlock: the matching unlock. */
  unlock(name: string, o?: { ip?: string; stack?: readonly string[] }): void {
    const t = this.m.current();
    this.impl.unlock(t, name, this.m.caller(t, o?.ip, o?.stack));
  }
}

/** Where a call is made from: "function+0xoff/0xsize" and the frames above it, innermost first. */
export interface CallSite {
  ip?: string;
  stack?: readonly string[];
}

/**
 * ww_mutex and fs_reclaim as the step's task (include/linux/ww_mutex.h, mm/page_alloc.c,
 * include/linux/sched/mm.h). Locks and contexts are named; errors are LockInputError.
 */
export class WwApi implements MightAllocHost {
  constructor(
    private readonly m: LockingModel,
    private readonly impl: Locking,
    readonly ww: WwMutexes,
    readonly fsReclaim: FsReclaim,
  ) {}

  get mightAllocSite(): string {
    return this.m.mightAllocSite;
  }

  private check(op: string): void {
    if (!this.m.hasWwMutex) throw new LockInputError(`${op}: ww_mutex is not in this kernel (Linux 3.11 added it)`);
  }

  /** ww_mutex_init(lock, class): a ww_mutex of lockdep class "<class>_mutex" (wound-wait classes say so once). */
  wwMutexInit(lock: string, wwClass: string, o: CallSite & { woundWait?: boolean } = {}): void {
    this.check('ww_mutex_init');
    this.ww.defineClass(wwClass, o.woundWait === undefined ? undefined : !o.woundWait);
    const t = this.m.current();
    this.impl.init(t, lock, 'ww_mutex', `${wwClass}_mutex`, this.m.caller(t, o.ip, o.stack));
    this.ww.setLockClass(this.impl.get(lock, 'ww_mutex_init'), wwClass);
    this.ww.setHoldCtx(this.impl.get(lock, 'ww_mutex_init'), null);
  }

  /** ww_acquire_init(ctx, class). */
  wwAcquireInit(ctx: string, wwClass: string, o: CallSite & { woundWait?: boolean } = {}): WwAcquireCtx {
    this.check('ww_acquire_init');
    const t = this.m.current();
    const c = this.ww.findCtx(ctx);
    if (c && c.task >= 0 && c.task !== t.id && this.m.lockdep.isHeld(this.m.tasks.list[c.task]!, c.map)) throw new LockInputError(`ww_acquire_init: acquire context "${ctx}" is in use by ${this.m.tasks.list[c.task]!.comm}`);
    return this.ww.acquireInit(t, ctx, wwClass, this.m.caller(t, o.ip, o.stack), o.woundWait === undefined ? undefined : !o.woundWait);
  }

  /** ww_acquire_done(ctx). */
  wwAcquireDone(ctx: string, o: CallSite = {}): void {
    const t = this.m.current();
    this.ww.acquireDone(t, this.ww.ctx(ctx, 'ww_acquire_done'), this.m.caller(t, o.ip, o.stack));
  }

  /** ww_acquire_fini(ctx). */
  wwAcquireFini(ctx: string, o: CallSite = {}): void {
    const t = this.m.current();
    this.ww.acquireFini(t, this.ww.ctx(ctx, 'ww_acquire_fini'), this.m.caller(t, o.ip, o.stack));
  }

  /** ww_mutex_lock(lock, ctx or null) (interruptible: ww_mutex_lock_interruptible(); slow: ww_mutex_lock_slow()): 0, -EDEADLK, -EALREADY, -EINTR. */
  wwMutexLock(lock: string, ctx: string | null, o: CallSite & { interruptible?: boolean; slow?: boolean; signal?: boolean } = {}): number {
    this.check('ww_mutex_lock');
    const t = this.m.current();
    const l = this.impl.get(lock, 'ww_mutex_lock');
    const c = ctx === null ? null : this.ww.ctx(ctx, 'ww_mutex_lock');
    return this.ww.lock(t, l, c, { ...(o.interruptible !== undefined ? { interruptible: o.interruptible } : {}), ...(o.slow !== undefined ? { slow: o.slow } : {}), ...(o.signal !== undefined ? { signal: o.signal } : {}) }, this.m.caller(t, o.ip, o.stack));
  }

  /** ww_mutex_trylock(lock, ctx or null). */
  wwMutexTrylock(lock: string, ctx: string | null, o: CallSite = {}): boolean {
    this.check('ww_mutex_trylock');
    const t = this.m.current();
    const l = this.impl.get(lock, 'ww_mutex_trylock');
    return this.ww.trylock(t, l, ctx === null ? null : this.ww.ctx(ctx, 'ww_mutex_trylock'), this.m.caller(t, o.ip, o.stack));
  }

  /** ww_mutex_unlock(lock). */
  wwMutexUnlock(lock: string, o: CallSite = {}): void {
    const t = this.m.current();
    this.impl.unlock(t, lock, this.m.caller(t, o.ip, o.stack));
  }

  private fsCheck(op: string): void {
    if (!this.m.hasFsReclaimMap) throw new LockInputError(`${op}: the fs_reclaim lockdep map is not in this kernel (Linux 4.14 added it)`);
  }

  /** fs_reclaim_acquire(gfp): a caller of the page allocator's slowpath (or a shrinker) entering reclaim. */
  fsReclaimAcquire(gfp: number, o: CallSite = {}): void {
    this.fsCheck('fs_reclaim_acquire');
    const t = this.m.current();
    this.fsReclaim.acquire(t, gfp, this.m.caller(t, o.ip, o.stack));
  }

  /** fs_reclaim_release(gfp). */
  fsReclaimRelease(gfp: number, o: CallSite = {}): void {
    this.fsCheck('fs_reclaim_release');
    const t = this.m.current();
    this.fsReclaim.release(t, gfp, this.m.caller(t, o.ip, o.stack));
  }

  /** might_alloc(gfp). */
  mightAllocAt(gfp: number, o: CallSite = {}): void {
    this.fsCheck('might_alloc');
    const t = this.m.current();
    mightAlloc(this, t, gfp, this.m.caller(t, o.ip, o.stack));
  }

  /**
   * might_alloc() where the allocators call it (5.19+): slab_pre_alloc_hook() inlined into __kmalloc()/
   * kmem_cache_alloc(), prepare_alloc_pages() inlined into __alloc_pages(), for the step's caller.
   */
  allocatorMightAlloc(entry: 'kmalloc' | 'kmem_cache_alloc' | 'alloc_pages', gfp: number): void {
    if (!this.m.allocatorsCallMightAlloc) return;
    const k = this.m.k;
    const c0 = k.rec.ctx.caller;
    const from = k.syms.pS(c0.name, c0.module);
    const t = this.m.current();
    const caller = entry === 'kmalloc' ? this.m.caller(t, '__kmalloc', [from]) : entry === 'kmem_cache_alloc' ? this.m.caller(t, 'kmem_cache_alloc', [from]) : this.m.caller(t, '__alloc_pages', ['alloc_pages_mpol', 'alloc_pages', from]);
    mightAlloc(this, t, gfp, caller);
  }

  // MightAllocHost
  mightSleep(t: Task, at: string, caller: Caller): void {
    this.m.sched.mightSleep(t, at, caller);
  }

  /** memalloc_nofs_save(): the old flag, for memallocNofsRestore(). */
  memallocNofsSave(): number {
    return memallocNofsSave(this.m.current());
  }

  memallocNofsRestore(flags: number): void {
    memallocNofsRestore(this.m.current(), flags);
  }

  memallocNoioSave(): number {
    return memallocNoioSave(this.m.current());
  }

  memallocNoioRestore(flags: number): void {
    memallocNoioRestore(this.m.current(), flags);
  }
}

export class LockingModel implements Subsystem<LockingSnapshot>, ContextHost {
  readonly name = 'locking';
  readonly tasks: TaskTable;
  readonly syms: Sites;
  readonly lockdep: Lockdep;
  readonly rcu: Rcu;
  readonly sched: Sched;
  readonly impl: Locking;
  /** lock_init / lock / unlock. */
  readonly locking: LockApi;
  /** irq, bh, hardirq/softirq entry, preemption, RCU readers, might_sleep. */
  readonly ctx: ExecContext;
  /** ww_mutex acquire contexts, fs_reclaim, memalloc scopes. */
  readonly ww: WwApi;
  private readonly callerBuf: Caller = { ip: '', prim: [], outer: [], irq: false };
  private allocatorsCallMightAllocMemo: boolean | undefined = undefined;

  constructor(readonly k: Kernel) {
    this.tasks = new TaskTable(k.pids, k.layout.arch === 'x86_64');
    this.syms = new Sites(k.syms);
    const env = { k, syms: this.syms };
    const prove = k.kconfig('CONFIG_PROVE_LOCKING');
    this.lockdep = new Lockdep(env, { enabled: prove || k.kconfig('CONFIG_DEBUG_LOCK_ALLOC'), prove, rawLockNesting: k.kconfig('CONFIG_PROVE_RAW_LOCK_NESTING') }, k.rec);
    const addresses = new LockAddresses(k.layout, k.ramBytes, (n) => k.syms.dataSymbol(n));
    this.rcu = new Rcu(env, this.lockdep, k.rec, addresses.alloc('rcu_lock_map', 0x28));
    this.sched = new Sched(k, env, this.lockdep, this.rcu, k.rec, { atomicSleep: k.kconfig('CONFIG_DEBUG_ATOMIC_SLEEP'), debugPreempt: k.kconfig('CONFIG_DEBUG_PREEMPT') });
    this.impl = new Locking(this.lockdep, this.sched, k.rec, k.kconfig('CONFIG_QUEUED_RWLOCKS'), addresses);
    this.impl.holders = this.tasks.list;
    this.locking = new LockApi(this, this.impl);
    const debugMutexes = prove || k.kconfig('CONFIG_DEBUG_MUTEXES');
    const ww = new WwMutexes(this.lockdep, this.impl, this.sched, k.rec, debugMutexes, prove || k.kconfig('CONFIG_DEBUG_WW_MUTEX_SLOWPATH'), k.layout.startKernelMap === 0xffffffff80000000n ? 0xffffc90000a4fd00n : 0xffff810000a4fd00n);
    // __fs_reclaim_map in .bss: where this machine's vmlinux has it, else a plausible offset from _text
    const fr = new FsReclaim(this.lockdep, k.syms.dataSymbol('fs_reclaim') ?? k.layout.startKernelMap + BigInt(k.layout.physicalStart) + 0x1b4b820n);
    this.ww = new WwApi(this, this.impl, ww, fr);
    this.ctx = new ExecContext(this, this.sched, this.rcu);
    this.ctx.setStepSource(() => k.rec.ctx.step + 1);
    k.onTaskExit({ panicReason: (comm) => this.exitPanicReason(comm), exit: (comm) => this.taskExit(comm) });
  }

  /** ww_mutex exists (Linux 3.11+). */
  get hasWwMutex(): boolean {
    return this.k.since('3.11');
  }

  /** The fs_reclaim lockdep map exists (Linux 4.14+). */
  get hasFsReclaimMap(): boolean {
    return this.k.since('4.14');
  }

  /**
   * slab_pre_alloc_hook() and prepare_alloc_pages() call might_alloc() (5.14 added it; the model follows
   * 5.19). The kernel does on every CONFIG_LOCKDEP build; the model only on machines with dma-buf built in,
   * so the lock graphs of the scenarios about other things keep only their own classes.
   */
  get allocatorsCallMightAlloc(): boolean {
    // asked on every allocation; the answer is the machine's configuration's
    return (this.allocatorsCallMightAllocMemo ??= this.k.since('5.19') && dmaBufBuiltIn(this.k));
  }

  /** might_alloc()'s might_sleep_if() site, include/linux/sched/mm.h (6.8: line 306; 5.19: 274). */
  get mightAllocSite(): string {
    return this.k.since('6.8') ? 'include/linux/sched/mm.h:306' : 'include/linux/sched/mm.h:274';
  }

  // oops_end(), arch/x86/kernel/dumpstack.c: an oops in interrupt context cannot kill a task
  private exitPanicReason(comm: string): string | null {
    return this.tasks.find(comm)?.inInterrupt() ? 'Fatal exception in interrupt' : null;
  }

  // make_task_dead() (6.8) / do_exit() (2.6.25), kernel/exit.c: the notes about what the task still had
  // disabled, then it is gone. Its locks stay held: nobody will release them.
  private taskExit(comm: string): void {
    const t = this.tasks.find(comm);
    if (!t) return;
    const k = this.k;
    if (k.since('2.6.26') && t.irqsOff) {
      k.printk(KERN_INFO, `note: ${t.comm}[${t.pid}] exited with irqs disabled`);
      t.irqsOff = false;
    }
    if (t.preemptCountValue !== 0) {
      k.printk(KERN_INFO, `note: ${t.comm}[${t.pid}] exited with preempt_count ${t.preemptCountValue}`);
      // preempt_count_set(PREEMPT_ENABLED) (6.8); 2.6.25's do_exit() leaves it for schedule()'s final switch
      t.preemptCount = 0;
    }
    t.state = TASK_DEAD;
    t.stateWhy = `dead since event ${k.rec.current} (oops)`;
    this.tasks.retire(comm);
  }

  /** Why a task can run no more steps (it died, or waits for good), or null. */
  stuckReason(name: string): string | null {
    const t = this.tasks.find(name);
    return t && t.state !== TASK_RUNNING ? `${t.comm}/${t.pid} is ${t.stateWhy}` : null;
  }

  // ---------------------------------------------------------------- ContextHost

  /** The step's task, on the step's CPU. */
  current(): Task {
    const c = this.k.rec.ctx;
    const t = this.tasks.get(c.task);
    t.cpu = c.cpu;
    return t;
  }

  caller(t: Task, ip: string | undefined, stack: readonly string[] | undefined): Caller {
    // a step that names no ip runs where its caller is (%pS of the step's function)
    const c0 = this.k.rec.ctx.caller;
    const site = ip ?? this.k.syms.pS(c0.name, c0.module);
    this.syms.site(site);
    if (stack) for (const f of stack) this.syms.site(f);
    const c = this.callerBuf;
    c.ip = site;
    c.prim = NO_FRAMES;
    c.outer = stack ?? NO_FRAMES;
    c.irq = t.hardirqContext > 0;
    return c;
  }

  emit(kind: EventKind): void {
    this.k.rec.emit(kind);
  }

  // ---------------------------------------------------------------- state others may need

  /** The kernel's debug_locks: false once lockdep has reported (or a taint or an oops turned it off). */
  get debugLocks(): boolean {
    return this.k.debugLocks.on;
  }

  // ---------------------------------------------------------------- views

  graph(): LockGraphView {
    const ld = this.lockdep;
    const g = ld.graph;
    const classes = ld.classes.list.map(
      (c): LockClassView => ({
        idx: c.idx,
        name: c.printName(),
        key: c.name,
        subclass: c.subclass,
        lockType: c.type,
        usage: usageChars(c.usageMask),
        usageMask: c.usageMask,
        usageStates: USAGE_STR.filter((_, i) => i < 10 && (c.usageMask & (1 << i)) !== 0),
        hardirq: irqSafety(c.usageMask, LOCK_USED_IN_HARDIRQ, LOCK_ENABLED_HARDIRQ),
        softirq: irqSafety(c.usageMask, LOCK_USED_IN_SOFTIRQ, LOCK_ENABLED_SOFTIRQ),
        waitType: `${c.waitOuter || c.waitInner}:${c.waitInner}`,
        waitInner: c.waitInner,
        waitOuter: c.waitOuter,
        event: c.event,
      }),
    );
    const edges: LockEdgeView[] = [];
    for (let e = 2; e < g.n; e++) {
      if (!g.fwd[e]) continue;
      const from = g.linksTo[e]!;
      const to = g.cls[e]!;
      const dep = g.dep[e]!;
      edges.push({
        from: classes[from]!.name,
        to: classes[to]!.name,
        fromIdx: from,
        toIdx: to,
        deps: DEP_NAMES.filter((_, i) => (dep & (1 << i)) !== 0),
        distance: g.distance[e]!,
        event: g.event[e]!,
        sites: { prev: this.syms.site(g.prevIp[e]!).text, next: this.syms.site(g.nextIp[e]!).text },
        trace: (ld.traces[g.trace[e]!] ?? []).map((f) => this.syms.site(f).text),
      });
    }
    return { debugLocks: ld.debugLocks, classes, edges, cycle: ld.lastCycle, chains: ld.chains.countByContext() };
  }

  heldLocks(): TaskView[] {
    return this.tasks.list.map((t): TaskView => {
      const locks: HeldLockView[] = [];
      for (let i = 0; i < t.holdLock.length; i++) {
        const l = this.impl.locks[t.holdLock[i]!]!;
        locks.push({ lock: l.name, class: l.className, type: l.type, mode: t.holdRead[i] ? 'read' : 'write', addr: `0x${hex64(l.obj)}`, at: this.syms.site(t.holdIp[i]!).text });
      }
      const pc = t.preemptCountValue;
      return {
        task: t.name,
        comm: t.comm,
        pid: t.pid,
        cpu: t.cpu,
        locks,
        lockdepDepth: t.lockdepDepth,
        preemptCount: `0x${pc.toString(16).padStart(8, '0')}`,
        preemptDepth: pc & 0xff,
        softirqDisableDepth: (pc >> 9) & 0x7f,
        hardirq: t.hardirqContext > 0,
        softirq: t.softirqContext > 0,
        irqsDisabled: t.irqsOff,
        rcuDepth: t.rcuReadLockNesting,
      };
    });
  }

  // ---------------------------------------------------------------- Subsystem

  snapshot(): LockingSnapshot {
    return {
      tasks: this.tasks.snapshot(),
      locks: this.impl.snapshot(),
      lockdep: this.lockdep.snapshot(),
      rcuOnce: this.rcu.once,
      schedOnce: this.sched.once,
      lastMightResched: this.sched.lastMightResched,
      ww: this.ww.ww.snapshot(),
    };
  }

  restore(s: LockingSnapshot): void {
    this.lockdep.restore(s.lockdep);
    this.impl.restore(s.locks);
    if (s.ww) this.ww.ww.restore(s.ww);
    this.tasks.restore(s.tasks, (id) => (id === -2 ? this.rcu.lockMap : id === FS_RECLAIM_MAP_ID ? this.ww.fsReclaim.map : id < 0 ? this.ww.ww.mapById(id) : this.impl.mapById(id)));
    this.ww.fsReclaim.resetCache();
    for (const c of this.ww.ww.ctxs) {
      c.map.classCache0 = -1;
      c.map.classCache1 = -1;
    }
    this.rcu.once = s.rcuOnce;
    this.sched.once = s.schedOnce;
    this.sched.lastMightResched = s.lastMightResched;
    this.rcu.lockMap.classCache0 = -1;
    this.rcu.lockMap.classCache1 = -1;
  }

  hashInto(h: Hasher): void {
    const ld = this.lockdep;
    h.u32(ld.classes.list.length).u32(ld.graph.n).u32(ld.chains.count);
    for (const c of ld.classes.list) h.u32(c.usageMask);
    for (let e = 2; e < ld.graph.n; e++) h.u32(ld.graph.dep[e]!).u32(ld.graph.cls[e]!);
    for (const t of this.tasks.list) {
      if (t.state !== TASK_RUNNING) h.u32(0xdead0000 + t.state);
      h.str(t.name).u32(t.preemptCount).u32(t.irqsOff ? 1 : 0).u32(t.rcuReadLockNesting).u32(t.lockdepDepth).u32(t.holdLock.length);
      h.u32(t.hardirqsEnabled ? 1 : 0).u32(t.softirqsEnabled ? 1 : 0).u32(t.hardirqContext).u32(t.softirqContext).u32(t.irqtrace.irqEvents);
      for (let i = 0; i < t.lockdepDepth; i++) h.u32(t.heldLocks[i]!.classIdx);
    }
    for (const l of this.impl.locks) h.u32(l.writer + 1).u32(l.readers);
    for (const t of this.tasks.list) if (t.flags) h.u32(t.flags);
    this.ww.ww.hashInto((n) => h.u32(n >>> 0));
  }
}
