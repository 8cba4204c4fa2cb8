// Wound/wait mutexes (Linux 5.19; 6.8 is the same for what is modeled here): struct ww_class,
// struct ww_acquire_ctx and ww_acquire_init()/done()/fini()/ww_mutex_lock_slow() of
// include/linux/ww_mutex.h; ww_mutex_lock_acquired(), __ww_ctx_less(), __ww_mutex_kill(),
// __ww_mutex_check_kill(), __ww_mutex_wound() and __ww_mutex_unlock() of kernel/locking/ww_mutex.h;
// __mutex_lock_common() with a context, ww_mutex_lock(), ww_mutex_trylock(), ww_mutex_unlock()
// and ww_mutex_deadlock_injection() of kernel/locking/mutex.c.
//
// The model never blocks (see locks.ts): a context that must wait sleeps in schedule() and then
// gets the lock as if its holder had released it. Nobody else waits, so the wait list the
// kernel orders by stamp is empty and only the holder's context decides die or wound.
import { eventKind, KERN_WARNING, type Recorder } from '../../../engine/recorder.ts';
import { warnLines, warnTaint } from '../../lib/bug.ts';
import type { Task } from '../../include/linux/sched.ts';
import { LD_LOCK_NORMAL, LockInputError } from '../../include/linux/lockdep_types.ts';
import type { Lockdep } from './lockdep.ts';
import type { LockdepMap } from './lockdep_lock_class.ts';
import { callerFrames, type Caller } from './lockdep_report.ts';
import type { LockInstance, Locking } from './locks.ts';
import { MIGHT_SLEEP_SITES, type Sched } from '../sched/core.ts';

export const EDEADLK = 35;
export const EALREADY = 114;
export const EINTR = 4;

export const EV_WW_ACQUIRE_INIT = eventKind('ww.acquire_init');
export const EV_WW_ACQUIRE_FINI = eventKind('ww.acquire_fini');
export const EV_WW_LOCK = eventKind('ww.lock');

/** sizeof(struct ww_acquire_ctx) with DEBUG_WW_MUTEXES, DEBUG_LOCK_ALLOC and DEBUG_WW_MUTEX_SLOWPATH (x86-64). */
const WW_ACQUIRE_CTX_SIZE = 0x68;
/** offsetof(struct ww_acquire_ctx, dep_map). */
const CTX_DEP_MAP_OFFSET = 0x28;
/** held_locks[] instance ids of acquire contexts: CTX_MAP_ID_BASE - ctx id. */
export const CTX_MAP_ID_BASE = -1000;
/** ww->ctx of a lock the model has none for. */
const NO_CTX = -1;

/** struct ww_class: the stamp counter and the algorithm (DEFINE_WD_CLASS or DEFINE_WW_CLASS). */
export interface WwClass {
  readonly name: string;
  readonly isWaitDie: boolean;
  /** atomic_long_t stamp: the last stamp handed out. */
  stamp: number;
}

/** struct ww_acquire_ctx. */
export interface WwAcquireCtx {
  readonly id: number;
  /** The scenario's name for it. */
  readonly name: string;
  /** ctx->task: the task id that initialised it. */
  task: number;
  stamp: number;
  acquired: number;
  wounded: boolean;
  isWaitDie: boolean;
  /** ctx->ww_class (DEBUG_WW_MUTEXES): a class name, or null. */
  wwClass: string | null;
  doneAcquire: boolean;
  /** ctx->contending_lock: a lock id, or -1. */
  contendingLock: number;
  deadlockInjectInterval: number;
  deadlockInjectCountdown: number;
  /** ctx->dep_map: lockdep's "<class>_acquire". */
  readonly map: LockdepMap;
}

export type WwCtxTuple = [name: string, task: number, stamp: number, acquired: number, wounded: boolean, isWaitDie: boolean, wwClass: string | null, done: boolean, contending: number, interval: number, countdown: number, key: number, mapName: string, addr: string];

export interface WwSnapshot {
  classes: [name: string, isWaitDie: boolean, stamp: number][];
  ctxs: WwCtxTuple[];
  /** ww->ctx per lock id, and ww->ww_class set by ww_mutex_init(). */
  lockCtx: [lock: number, ctx: number][];
  lockClass: [lock: number, cls: string][];
}

/** The classes the kernel defines itself, with their algorithm. */
const BUILTIN_CLASSES: Readonly<Record<string, boolean>> = {
  // DEFINE_WD_CLASS(reservation_ww_class), drivers/dma-buf/dma-resv.c
  reservation_ww_class: true,
  // DEFINE_WW_CLASS(crtc_ww_class), drivers/gpu/drm/drm_modeset_lock.c
  crtc_ww_class: false,
};

// kernel/locking/ww_mutex.h (6.8) lines of the DEBUG_LOCKS_WARN_ON()s the report names
const L_ACQUIRED_CTX = 190;
const L_ACQUIRED_DONE = 195;
const L_ACQUIRED_CONTENDING = 202;
const L_ACQUIRED_MORE = 208;
const L_ACQUIRED_CLASS = 215;
const L_KILL_CONTENDING = 397;
const L_UNLOCK_ACQUIRED = 561;
// include/linux/ww_mutex.h (6.8), inlined into the caller
const L_DONE_ASSERT = 188;
const L_DONE_TWICE = 190;
const L_FINI_ACQUIRED = 208;
const L_SLOW_NOT_CONTENDING = 315;

const F_LOCK: readonly string[] = ['__ww_mutex_lock', 'ww_mutex_lock'];
const F_LOCK_INTR: readonly string[] = ['__ww_mutex_lock', 'ww_mutex_lock_interruptible'];
const F_TRY: readonly string[] = ['ww_mutex_trylock'];

export interface WwLockOptions {
  interruptible?: boolean;
  /** ww_mutex_lock_slow(): the caller says this is the contended lock after -EDEADLK. */
  slow?: boolean;
  /** A signal is pending while the interruptible lock would sleep. */
  signal?: boolean;
  /** __might_sleep() of ww_mutex_lock(): off for code that runs before the model has a non-idle task (boot). */
  mightSleep?: boolean;
  subclass?: number;
}

export class WwMutexes {
  private readonly classes = new Map<string, WwClass>();
  readonly ctxs: WwAcquireCtx[] = [];
  private readonly byName = new Map<string, WwAcquireCtx>();
  /** ww->ctx by lock id. */
  private readonly lockCtx = new Map<number, number>();
  /** ww->ww_class by lock id, for locks ww_mutex_init() named a class for. */
  private readonly lockClass = new Map<number, string>();

  constructor(
    private readonly ld: Lockdep,
    private readonly locks: Locking,
    private readonly sched: Sched,
    private readonly rec: Recorder,
    /** DEBUG_WW_MUTEXES (CONFIG_DEBUG_MUTEXES, which PROVE_LOCKING selects). */
    private readonly debug: boolean,
    /** CONFIG_DEBUG_WW_MUTEX_SLOWPATH (also selected by PROVE_LOCKING). */
    private readonly slowpathDebug: boolean,
    /** Where acquire contexts live (a kernel stack). */
    private readonly stackBase: bigint,
  ) {
    locks.wwUnlock = (t, l, caller) => this.wwUnlockCtx(t, l, caller);
  }

  // ---------------------------------------------------------------- classes and objects

  /** DEFINE_WD_CLASS (wait-die) or DEFINE_WW_CLASS (wound-wait); a class is defined once. */
  defineClass(name: string, isWaitDie?: boolean): WwClass {
    let c = this.classes.get(name);
    const want = isWaitDie ?? BUILTIN_CLASSES[name] ?? true;
    if (c) {
      if (isWaitDie !== undefined && c.isWaitDie !== isWaitDie) throw new LockInputError(`ww class "${name}" is already defined as ${c.isWaitDie ? 'wait-die' : 'wound-wait'}`);
      return c;
    }
    c = { name, isWaitDie: want, stamp: 0 };
    this.classes.set(name, c);
    return c;
  }

  classOf(name: string): WwClass | undefined {
    return this.classes.get(name);
  }

  /** ww->ww_class: what ww_mutex_init() gave, else the lockdep class name without "_mutex". */
  lockWwClass(l: LockInstance): string {
    return this.lockClass.get(l.id) ?? (l.className.endsWith('_mutex') ? l.className.slice(0, -'_mutex'.length) : l.className);
  }

  /** ww_mutex_init(lock, class): lockdep class "<class>_mutex". */
  setLockClass(l: LockInstance, cls: string): void {
    this.lockClass.set(l.id, cls);
  }

  ctx(name: string, op: string): WwAcquireCtx {
    const c = this.byName.get(name);
    if (!c) throw new LockInputError(`${op}: acquire context "${name}" was never initialised (add a ww_acquire_init step first)`);
    return c;
  }

  findCtx(name: string): WwAcquireCtx | undefined {
    return this.byName.get(name);
  }

  mapById(id: number): LockdepMap | null {
    return id <= CTX_MAP_ID_BASE ? (this.ctxs[CTX_MAP_ID_BASE - id]?.map ?? null) : null;
  }

  /** ww->ctx as a context, or null (ww_mutex_init() leaves NULL; ww_mutex_unlock() clears it). */
  holdCtx(l: LockInstance): WwAcquireCtx | null {
    const id = this.lockCtx.get(l.id) ?? NO_CTX;
    return id >= 0 ? (this.ctxs[id] ?? null) : null;
  }

  /** Sets ww->ctx directly (what lib/locking-selftest.c does to fake a holder). */
  setHoldCtx(l: LockInstance, ctx: WwAcquireCtx | null): void {
    if (ctx) this.lockCtx.set(l.id, ctx.id);
    else this.lockCtx.delete(l.id);
  }

  /** A context object by name (a new one gets its own place on the stack). */
  private ctxObject(name: string): WwAcquireCtx {
    let c = this.byName.get(name);
    if (c) return c;
    const id = this.ctxs.length;
    const addr = this.stackBase - BigInt(id) * 0x100n;
    c = {
      id,
      name,
      task: -1,
      stamp: 0,
      acquired: 0,
      wounded: false,
      isWaitDie: true,
      wwClass: null,
      doneAcquire: false,
      contendingLock: -1,
      deadlockInjectInterval: 1,
      deadlockInjectCountdown: 0,
      map: { id: CTX_MAP_ID_BASE - id, label: name, name: '', key: -1, waitInner: 0, waitOuter: 0, lockType: LD_LOCK_NORMAL, classCache0: -1, classCache1: -1, addr: addr + BigInt(CTX_DEP_MAP_OFFSET), size: 0x28, type: 'lockdep_map' },
    };
    this.ctxs.push(c);
    this.byName.set(name, c);
    return c;
  }

  /** "t2 = t": a struct copy of a context under another name (its dep_map copied, at its own address). */
  copyCtx(from: WwAcquireCtx, name: string): WwAcquireCtx {
    const c = this.ctxObject(name);
    c.task = from.task;
    c.stamp = from.stamp;
    c.acquired = from.acquired;
    c.wounded = from.wounded;
    c.isWaitDie = from.isWaitDie;
    c.wwClass = from.wwClass;
    c.doneAcquire = from.doneAcquire;
    c.contendingLock = from.contendingLock;
    c.deadlockInjectInterval = from.deadlockInjectInterval;
    c.deadlockInjectCountdown = from.deadlockInjectCountdown;
    c.map.name = from.map.name;
    c.map.key = from.map.key;
    c.map.classCache0 = from.map.classCache0;
    c.map.classCache1 = from.map.classCache1;
    return c;
  }

  // ---------------------------------------------------------------- DEBUG_LOCKS_WARN_ON

  private warnOn(t: Task, cond: string, file: string, line: number, func: string, caller: Caller): void {
    this.ld.debugLocksWarnOn(t, cond, func, line, caller, file);
  }

  // lockdep_assert_held(): WARN_ON(debug_locks && !lockdep_is_held()), a plain WARN that leaves lockdep on
  private assertHeldWarn(t: Task, file: string, line: number, func: string, caller: Caller): void {
    const env = this.ld.env;
    const { lines, title } = warnLines(env, t, file, line, func, { frames: callerFrames([], caller), irq: caller.irq }, null);
    env.k.printk(KERN_WARNING, lines.join('\n'));
    this.rec.finding('lockdep.warning', title, { task: t.comm, pid: t.pid, condition: 'lockdep_assert_held(ctx)' });
    warnTaint(env);
  }

  private fnOf(caller: Caller): string {
    const m = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(caller.ip);
    return m ? m[0] : caller.ip;
  }

  // ---------------------------------------------------------------- acquire contexts

  // ww_acquire_init()
  acquireInit(t: Task, name: string, className: string, caller: Caller, isWaitDie?: boolean): WwAcquireCtx {
    const cls = this.defineClass(className, isWaitDie);
    const c = this.ctxObject(name);
    this.rec.emit(EV_WW_ACQUIRE_INIT, c.id, 0, { ctx: name, class: className });
    c.task = t.id;
    c.stamp = ++cls.stamp;
    c.acquired = 0;
    c.wounded = false;
    c.isWaitDie = cls.isWaitDie;
    if (this.debug) {
      c.wwClass = className;
      c.doneAcquire = false;
      c.contendingLock = -1;
    }
    if (this.ld.cfg.enabled) {
      // debug_check_no_locks_freed(ctx, sizeof(*ctx)), lockdep_init_map(), mutex_acquire()
      caller.prim = [];
      this.ld.checkNoLocksFreed(t, c.map.addr - BigInt(CTX_DEP_MAP_OFFSET), WW_ACQUIRE_CTX_SIZE, name, caller);
      const acquireName = `${className}_acquire`;
      this.ld.initMap(c.map, acquireName, this.ld.keyFor(acquireName), 0, 0, LD_LOCK_NORMAL);
      this.ld.lockAcquire(t, c.map, 0, 0, 0, 1, null, caller.ip, caller);
    }
    if (this.slowpathDebug) {
      c.deadlockInjectInterval = 1;
      c.deadlockInjectCountdown = c.stamp & 0xf;
    }
    return c;
  }

  // ww_acquire_done(): lockdep_assert_held(ctx), then the acquire phase is over
  acquireDone(t: Task, c: WwAcquireCtx, caller: Caller): void {
    if (!this.debug) return;
    caller.prim = [];
    if (this.ld.cfg.enabled && this.ld.debugLocks && !this.ld.isHeld(t, c.map)) this.assertHeldWarn(t, 'include/linux/ww_mutex.h', L_DONE_ASSERT, this.fnOf(caller), caller);
    if (c.doneAcquire) this.warnOn(t, 'ctx->done_acquire', 'include/linux/ww_mutex.h', L_DONE_TWICE, this.fnOf(caller), caller);
    c.doneAcquire = true;
  }

  // ww_acquire_fini(): mutex_release(&ctx->dep_map); every lock must have been unlocked
  acquireFini(t: Task, c: WwAcquireCtx, caller: Caller): void {
    this.rec.emit(EV_WW_ACQUIRE_FINI, c.id);
    caller.prim = [];
    if (this.ld.cfg.enabled) this.ld.lockRelease(t, c.map, caller.ip, caller);
    if (this.debug) {
      if (c.acquired) this.warnOn(t, 'ctx->acquired', 'include/linux/ww_mutex.h', L_FINI_ACQUIRED, this.fnOf(caller), caller);
      if (!this.ld.cfg.prove) c.doneAcquire = true;
      if (!this.ld.cfg.enabled) c.acquired = 0xffffffff;
    }
  }

  // ---------------------------------------------------------------- locking

  // __ww_ctx_less(): a is younger than b (FIFO tie break, bigger stamp is younger)
  private less(a: WwAcquireCtx, b: WwAcquireCtx): boolean {
    return a.stamp - b.stamp > 0;
  }

  // ww_mutex_lock_acquired()
  private lockAcquired(t: Task, l: LockInstance, c: WwAcquireCtx, caller: Caller): void {
    if (this.debug) {
      const F = 'kernel/locking/ww_mutex.h';
      const fn = caller.prim[0] ?? '__ww_mutex_lock';
      if ((this.lockCtx.get(l.id) ?? NO_CTX) !== NO_CTX) this.warnOn(t, 'ww->ctx', F, L_ACQUIRED_CTX, fn, caller);
      if (c.doneAcquire) this.warnOn(t, 'ww_ctx->done_acquire', F, L_ACQUIRED_DONE, fn, caller);
      if (c.contendingLock !== -1) {
        if (c.contendingLock !== l.id) this.warnOn(t, 'ww_ctx->contending_lock != ww', F, L_ACQUIRED_CONTENDING, fn, caller);
        if (c.acquired > 0) this.warnOn(t, 'ww_ctx->acquired > 0', F, L_ACQUIRED_MORE, fn, caller);
        c.contendingLock = -1;
      }
      if (c.wwClass !== this.lockWwClass(l)) this.warnOn(t, 'ww_ctx->ww_class != ww->ww_class', F, L_ACQUIRED_CLASS, fn, caller);
    }
    c.acquired++;
    this.lockCtx.set(l.id, c.id);
  }

  // __ww_mutex_kill(): die only when holding something (else just wait)
  private kill(t: Task, l: LockInstance, c: WwAcquireCtx, caller: Caller): number {
    if (c.acquired > 0) {
      if (this.debug) {
        if (c.contendingLock !== -1) this.warnOn(t, 'ww_ctx->contending_lock', 'kernel/locking/ww_mutex.h', L_KILL_CONTENDING, caller.prim[0] ?? '__ww_mutex_lock', caller);
        c.contendingLock = l.id;
      }
      return -EDEADLK;
    }
    return 0;
  }

  /**
   * ww_mutex_lock(lock, ctx) / ww_mutex_lock_interruptible() / ww_mutex_lock_slow(): 0, -EDEADLK,
   * -EALREADY or -EINTR. Without a context it is a plain mutex_lock() of the base mutex.
   */
  lock(t: Task, l: LockInstance, c: WwAcquireCtx | null, o: WwLockOptions, caller: Caller): number {
    if (l.type !== 'ww_mutex') throw new LockInputError(`ww_mutex_lock: "${l.name}" is a ${l.type}, not a ww_mutex`);
    const ip = caller.ip;
    if (o.slow && c && this.debug && c.contendingLock === -1) {
      caller.prim = [];
      this.warnOn(t, '!ctx->contending_lock', 'include/linux/ww_mutex.h', L_SLOW_NOT_CONTENDING, this.fnOf(caller), caller);
    }
    caller.prim = o.interruptible ? F_LOCK_INTR : F_LOCK;
    this.rec.emit(EV_WW_LOCK, l.id, c ? c.id : -1);
    if (o.mightSleep !== false) this.sched.mightSleep(t, MIGHT_SLEEP_SITES.mutex, caller);
    // __mutex_lock_common()
    let nest: LockdepMap | null = null;
    if (c) {
      if ((this.lockCtx.get(l.id) ?? NO_CTX) === c.id) return -EALREADY;
      if (c.acquired === 0) c.wounded = false;
      nest = c.map;
    }
    this.ld.lockAcquire(t, l.map, o.subclass ?? 0, 0, 0, 1, nest, ip, caller);
    if (this.locks.conflicts(l, false)) {
      const hold = this.holdCtx(l);
      let ret = 0;
      if (c) {
        if (!c.isWaitDie) {
          // __ww_mutex_add_waiter() -> __ww_mutex_wound(): an older context wounds a younger holder
          if (hold && c.acquired > 0 && this.less(hold, c)) hold.wounded = true;
          if (c.wounded) ret = this.kill(t, l, c, caller);
        } else if (hold && this.less(c, hold)) {
          // __ww_mutex_check_kill(): wait-die, the younger context dies
          ret = this.kill(t, l, c, caller);
        }
      }
      if (ret === 0 && o.interruptible && o.signal) ret = -EINTR;
      if (ret) {
        // err: mutex_release(&lock->dep_map, ip)
        this.ld.lockRelease(t, l.map, ip, caller);
        return ret;
      }
      this.sched.schedule(t, ['schedule_preempt_disabled', ...caller.prim, ip, ...caller.outer], caller);
      const gone = this.locks.goneHolder(l, false);
      if (gone) this.locks.stuck(t, l, gone, ['__schedule', 'schedule', 'schedule_preempt_disabled', ...caller.prim], caller);
    }
    this.locks.own(t, l, false, ip);
    if (c) this.lockAcquired(t, l, c, caller);
    if (c && c.acquired > 1 && this.slowpathDebug) return this.deadlockInjection(t, l, c, caller);
    return 0;
  }

  // ww_mutex_deadlock_injection(): CONFIG_DEBUG_WW_MUTEX_SLOWPATH backs off on purpose now and then
  private deadlockInjection(t: Task, l: LockInstance, c: WwAcquireCtx, caller: Caller): number {
    if (c.deadlockInjectCountdown-- === 0) {
      let tmp = c.deadlockInjectInterval;
      tmp = tmp > 0xffffffff / 4 ? 0xffffffff : tmp * 2 + tmp + Math.floor(tmp / 2);
      c.deadlockInjectInterval = tmp;
      c.deadlockInjectCountdown = tmp;
      c.contendingLock = l.id;
      const prim = caller.prim;
      this.locks.unlockInstance(t, l, caller);
      caller.prim = prim;
      return -EDEADLK;
    }
    return 0;
  }

  // ww_mutex_trylock(): without a context a mutex_trylock(); with one, the context is set as by the fastpath
  trylock(t: Task, l: LockInstance, c: WwAcquireCtx | null, caller: Caller): boolean {
    if (l.type !== 'ww_mutex') throw new LockInputError(`ww_mutex_trylock: "${l.name}" is a ${l.type}, not a ww_mutex`);
    caller.prim = F_TRY;
    this.rec.emit(EV_WW_LOCK, l.id, c ? c.id : -1);
    if (c && c.acquired === 0) c.wounded = false;
    if (this.locks.conflicts(l, false)) return false;
    if (c) this.lockAcquired(t, l, c, caller);
    this.ld.lockAcquire(t, l.map, 0, 1, 0, 1, c ? c.map : null, caller.ip, caller);
    this.locks.own(t, l, false, caller.ip);
    return true;
  }

  // __ww_mutex_unlock(): the context loses the lock, then mutex_unlock() of the base
  private wwUnlockCtx(t: Task, l: LockInstance, caller: Caller): void {
    const id = this.lockCtx.get(l.id) ?? NO_CTX;
    if (id === NO_CTX) return;
    const c = this.ctxs[id];
    if (c) {
      if (this.debug && !c.acquired) this.warnOn(t, '!lock->ctx->acquired', 'kernel/locking/ww_mutex.h', L_UNLOCK_ACQUIRED, 'ww_mutex_unlock', caller);
      if (c.acquired > 0) c.acquired--;
    }
    this.lockCtx.delete(l.id);
  }

  // ---------------------------------------------------------------- snapshots

  snapshot(): WwSnapshot {
    return {
      classes: [...this.classes.values()].map((c) => [c.name, c.isWaitDie, c.stamp]),
      ctxs: this.ctxs.map((c) => [c.name, c.task, c.stamp, c.acquired, c.wounded, c.isWaitDie, c.wwClass, c.doneAcquire, c.contendingLock, c.deadlockInjectInterval, c.deadlockInjectCountdown, c.map.key, c.map.name, c.map.addr.toString(16)]),
      lockCtx: [...this.lockCtx],
      lockClass: [...this.lockClass],
    };
  }

  restore(s: WwSnapshot): void {
    this.classes.clear();
    for (const [name, isWaitDie, stamp] of s.classes) this.classes.set(name, { name, isWaitDie, stamp });
    this.ctxs.length = 0;
    this.byName.clear();
    for (const x of s.ctxs) {
      const c = this.ctxObject(x[0]);
      [, c.task, c.stamp, c.acquired, c.wounded, c.isWaitDie, c.wwClass, c.doneAcquire, c.contendingLock, c.deadlockInjectInterval, c.deadlockInjectCountdown] = x;
      c.map.key = x[11];
      c.map.name = x[12];
      c.map.addr = BigInt(`0x${x[13]}`);
    }
    this.lockCtx.clear();
    for (const [l, c] of s.lockCtx) this.lockCtx.set(l, c);
    this.lockClass.clear();
    for (const [l, c] of s.lockClass) this.lockClass.set(l, c);
  }

  hashInto(u32: (n: number) => void): void {
    for (const c of this.classes.values()) u32(c.stamp);
    for (const c of this.ctxs) {
      u32(c.stamp);
      u32(c.acquired);
      u32((c.wounded ? 1 : 0) | (c.doneAcquire ? 2 : 0));
      u32(c.contendingLock + 1);
    }
    for (const [l, c] of this.lockCtx) {
      u32(l);
      u32(c);
    }
  }
}
