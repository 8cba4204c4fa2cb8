// The lock primitives as lockdep, the preempt count and the scheduler see them (Linux 6.8,
// !PREEMPT_RT): spin_lock()/raw_spin_lock() (include/linux/spinlock_api_smp.h), read_lock()/
// write_lock() (rwlock_api_smp.h), mutex_lock()/ww_mutex_lock() (kernel/locking/mutex.c),
// down_read()/down_write() (kernel/locking/rwsem.c), and their trylock/unlock/init.
//
// When the model schedules: a sleeping lock's non-try acquisition sleeps (takes the slowpath
// and calls schedule()) when the lock is owned in a conflicting mode (by another task, or by
// the caller itself), or when the step says the lock is contended. Spinlocks never schedule.
// The model never blocks: after the slowpath's schedule() the acquisition completes, as if
// the owner had released the lock.
import { eventKind, type Recorder } from '../../../engine/recorder.ts';
import { MIGHT_SLEEP_SITES, type Sched } from '../sched/core.ts';
import { TASK_DEAD, TASK_RUNNING, type Task } from '../../include/linux/sched.ts';
import type { Lockdep } from './lockdep.ts';
import { newLockdepMap, type LockdepMap } from './lockdep_lock_class.ts';
import { heldLocksLines, type Caller } from './lockdep_report.ts';
import { LockAddresses } from '../../lib/vsprintf.ts';
import { isSleepingLock, LD_LOCK_NORMAL, LockInputError, lockSize, lockWaitInner, type LockMode, type LockType } from '../../include/linux/lockdep_types.ts';

export const EV_LOCK_INIT = eventKind('lock.init');
export const EV_LOCK_ACQUIRE = eventKind('lock.acquire');
export const EV_LOCK_RELEASE = eventKind('lock.release');

/** sizeof(struct lockdep_map) and where dep_map sits inside each lock (debug configs, x86-64). */
const LOCKDEP_MAP_SIZE = 0x28;
function depMapOffset(type: LockType): number {
  switch (type) {
    case 'spinlock':
    case 'raw_spinlock':
    case 'rwlock':
      return 0x18;
    case 'mutex':
    case 'ww_mutex':
      return 0x60;
    case 'rwsem':
      return 0x88;
  }
}

/** One lock object of the scenario. */
export interface LockInstance {
  readonly id: number;
  readonly name: string;
  type: LockType;
  /** The class name it was initialised with (defaults to its own name). */
  className: string;
  /** Address of the lock object (lockdep prints &lock->dep_map, in map.addr). */
  readonly obj: bigint;
  readonly map: LockdepMap;
  /** Owner of the lock word: task id of a writer, or -1; and the number of readers. */
  writer: number;
  readers: number;
}

// Lock API frames, innermost first
const F = {
  spin: ['_raw_spin_lock'],
  spinNested: ['_raw_spin_lock_nested'],
  spinTry: ['_raw_spin_trylock'],
  spinUnlock: ['_raw_spin_unlock'],
  wlock: ['_raw_write_lock'],
  wlockNested: ['_raw_write_lock_nested'],
  wlockTry: ['_raw_write_trylock'],
  wunlock: ['_raw_write_unlock'],
  rlock: ['_raw_read_lock'],
  rlockTry: ['_raw_read_trylock'],
  runlock: ['_raw_read_unlock'],
  mutex: ['__mutex_lock', 'mutex_lock_nested'],
  mutexTry: ['mutex_trylock'],
  mutexUnlock: ['mutex_unlock'],
  ww: ['__ww_mutex_lock', 'ww_mutex_lock'],
  wwTry: ['ww_mutex_trylock'],
  wwUnlock: ['ww_mutex_unlock'],
  downWrite: ['down_write'],
  downWriteNested: ['down_write_nested'],
  downWriteTry: ['down_write_trylock'],
  upWrite: ['up_write'],
  downRead: ['down_read'],
  downReadNested: ['down_read_nested'],
  downReadTry: ['down_read_trylock'],
  upRead: ['up_read'],
  initSpin: ['__raw_spin_lock_init'],
  initRw: ['__rwlock_init'],
  initMutex: ['__mutex_init'],
  initRwsem: ['__init_rwsem'],
} as const satisfies Record<string, readonly string[]>;

export interface LockOptions {
  trylock?: boolean;
  subclass?: number;
  /** Call site: "function+0xoff/0xsize" (or just "function"). */
  ip?: string;
  /** Frames above the call site, innermost first. */
  stack?: readonly string[];
  /** spin_lock_nest_lock()/mutex_lock_nest_lock(): the lock that serialises this class. */
  nestLock?: string;
  /** Force the sleeping-lock slowpath (schedule()) even if no owner is modelled. */
  contended?: boolean;
}

export type LockInstanceTuple = [name: string, type: LockType, className: string, obj: string, mapAddr: string, key: number, inner: number, outer: number, c0: number, c1: number, writer: number, readers: number];

export class Locking {
  readonly locks: LockInstance[] = [];
  private readonly byName = new Map<string, LockInstance>();
  readonly addresses: LockAddresses;

  constructor(
    private readonly ld: Lockdep,
    private readonly sched: Sched,
    private readonly rec: Recorder,
    private readonly cfgQueuedRwlocks: boolean,
    addresses: LockAddresses,
  ) {
    this.addresses = addresses;
  }

  find(name: string): LockInstance | undefined {
    return this.byName.get(name);
  }

  get(name: string, op: string): LockInstance {
    const l = this.byName.get(name);
    if (!l) throw new LockInputError(`${op}: lock "${name}" was never initialised (add a lock_init step first)`);
    return l;
  }

  mapById(id: number): LockdepMap | null {
    return id >= 0 ? (this.locks[id]?.map ?? null) : null;
  }

  // spin_lock_init()/rwlock_init()/mutex_init()/init_rwsem()/ww_mutex_init()
  init(t: Task, name: string, type: LockType, cls: string | undefined, caller: Caller): void {
    let l = this.byName.get(name);
    if (l && l.type !== type) throw new LockInputError(`lock_init: lock "${name}" is a ${l.type}, not a ${type}`);
    this.rec.emit(EV_LOCK_INIT, l ? l.id : this.locks.length);
    const className = cls ?? name;
    if (!l) {
      const size = lockSize(type);
      const obj = this.addresses.alloc(name, size);
      const id = this.locks.length;
      const map = newLockdepMap({ id, label: name, name: className, key: -1, waitInner: 0, addr: obj + BigInt(depMapOffset(type)), size: LOCKDEP_MAP_SIZE, type });
      l = { id, name, type, className, obj, map, writer: -1, readers: 0 };
      this.locks.push(l);
      this.byName.set(name, l);
    }
    caller.prim = type === 'spinlock' || type === 'raw_spinlock' ? F.initSpin : type === 'rwlock' ? F.initRw : type === 'rwsem' ? F.initRwsem : F.initMutex;
    this.ld.checkNoLocksFreed(t, l.obj, lockSize(type), name, caller);
    l.className = className;
    this.ld.initMap(l.map, className, this.ld.keyFor(className), lockWaitInner(type, this.ld.w), 0, LD_LOCK_NORMAL);
    // the lock word starts out unlocked, whoever thought they held it
    this.dropAllHolds(l);
  }

  /** A lock object that lives in one function's frame (never listed, never saved): id < 0. */
  transient(id: number, name: string, type: LockType, className: string, obj: bigint): LockInstance {
    const map = newLockdepMap({ id, label: name, name: className, key: this.ld.keyFor(className), waitInner: lockWaitInner(type, this.ld.w), addr: obj + BigInt(depMapOffset(type)), size: LOCKDEP_MAP_SIZE, type });
    return { id, name, type, className, obj, map, writer: -1, readers: 0 };
  }

  // read_lock_is_recursive(): !CONFIG_QUEUED_RWLOCKS (the contract's default, like the selftests) or in_interrupt()
  private readLockIsRecursive(t: Task): boolean {
    return !this.cfgQueuedRwlocks || t.inInterrupt();
  }

  conflicts(l: LockInstance, read: boolean): boolean {
    return l.writer >= 0 || (!read && l.readers > 0);
  }

  /** A task in the way that will never release l (dead in an oops, or stuck itself), or null. */
  goneHolder(l: LockInstance, read: boolean): Task | null {
    for (const o of this.holders) {
      if (o.state === TASK_RUNNING) continue;
      const i = this.holdIndex(o, l);
      if (i >= 0 && (!read || o.holdRead[i] !== 1)) return o;
    }
    return null;
  }

  // debug_show_all_locks(), kernel/locking/lockdep.c 6.8 (what khungtaskd prints after the hung tasks)
  private allLocksLines(): string[] {
    if (!this.ld.cfg.enabled) return [];
    if (!this.ld.debugLocks) return ['INFO: lockdep is turned off.'];
    const out = ['', 'Showing all locks held in the system:'];
    for (const o of this.holders) if (o.lockdepDepth > 0) out.push(...heldLocksLines(this.ld, o));
    out.push('', '=============================================', '');
    return out;
  }

  /** A lock l that `gone` will never release: the acquirer t waits for good (see Sched.blockForever()). */
  stuck(t: Task, l: LockInstance, gone: Task, frames: readonly string[], caller: Caller): never {
    const why = `${l.className} held by ${gone.comm}/${gone.pid}, which ${gone.state === TASK_DEAD ? 'died' : 'is stuck'}`;
    return this.sched.blockForever(t, [...frames, caller.ip, ...caller.outer], !isSleepingLock(l.type), why, this.allLocksLines());
  }

  /** The lock op: returns false when a trylock fails (lockdep is then never told). */
  lock(t: Task, name: string, mode: LockMode, o: LockOptions, caller: Caller): boolean {
    const l = this.get(name, 'lock');
    const read = mode === 'read';
    if (read && l.type !== 'rwlock' && l.type !== 'rwsem') throw new LockInputError(`lock: "${name}" is a ${l.type}; only rwlock and rwsem take mode "read"`);
    const subclass = o.subclass ?? 0;
    if (!Number.isInteger(subclass) || subclass < 0) throw new LockInputError(`lock: subclass must be a non-negative integer, got ${subclass}`);
    const nest = o.nestLock !== undefined ? this.get(o.nestLock, 'lock (nestLock)').map : null;
    const trylock = o.trylock === true;
    this.rec.emit(EV_LOCK_ACQUIRE, l.id, (read ? 1 : 0) | (trylock ? 2 : 0));
    const ip = caller.ip;
    switch (l.type) {
      case 'spinlock':
      case 'raw_spinlock':
      case 'rwlock': {
        this.sched.preemptCountAdd(t, 1, ip);
        const rwl = l.type === 'rwlock';
        if (trylock) {
          caller.prim = rwl ? (read ? F.rlockTry : F.wlockTry) : F.spinTry;
          if (this.conflicts(l, read)) {
            this.sched.preemptCountSub(t, 1, caller);
            return false;
          }
        } else {
          caller.prim = rwl ? (read ? F.rlock : subclass ? F.wlockNested : F.wlock) : subclass ? F.spinNested : F.spin;
        }
        const r = read ? (this.readLockIsRecursive(t) ? 2 : 1) : 0;
        this.ld.lockAcquire(t, l.map, subclass, trylock ? 1 : 0, r, 1, nest, ip, caller);
        const goneSpin = trylock ? null : this.goneHolder(l, read);
        if (goneSpin) this.stuck(t, l, goneSpin, [rwl ? 'queued_write_lock_slowpath' : 'native_queued_spin_lock_slowpath', ...caller.prim], caller);
        this.own(t, l, read, ip);
        return true;
      }
      case 'mutex':
      case 'ww_mutex': {
        const ww = l.type === 'ww_mutex';
        if (trylock) {
          caller.prim = ww ? F.wwTry : F.mutexTry;
          if (this.conflicts(l, false)) return false;
          this.ld.lockAcquire(t, l.map, subclass, 1, 0, 1, nest, ip, caller);
          this.own(t, l, false, ip);
          return true;
        }
        caller.prim = ww ? F.ww : F.mutex;
        this.sched.mightSleep(t, MIGHT_SLEEP_SITES.mutex, caller);
        this.ld.lockAcquire(t, l.map, subclass, 0, 0, 1, nest, ip, caller);
        if (o.contended === true || this.conflicts(l, false)) this.sched.schedule(t, ['schedule_preempt_disabled', ...caller.prim, ip, ...caller.outer], caller);
        const goneMutex = this.goneHolder(l, false);
        if (goneMutex) this.stuck(t, l, goneMutex, ['__schedule', 'schedule', 'schedule_preempt_disabled', ...caller.prim], caller);
        this.own(t, l, false, ip);
        return true;
      }
      case 'rwsem': {
        if (trylock) {
          caller.prim = read ? F.downReadTry : F.downWriteTry;
          if (this.conflicts(l, read)) return false;
          this.ld.lockAcquire(t, l.map, subclass, 1, read ? 1 : 0, 1, nest, ip, caller);
          this.own(t, l, read, ip);
          return true;
        }
        caller.prim = read ? (subclass ? F.downReadNested : F.downRead) : subclass ? F.downWriteNested : F.downWrite;
        this.sched.mightSleep(t, read ? MIGHT_SLEEP_SITES.down_read : MIGHT_SLEEP_SITES.down_write, caller);
        this.ld.lockAcquire(t, l.map, subclass, 0, read ? 1 : 0, 1, nest, ip, caller);
        if (o.contended === true || this.conflicts(l, read)) {
          const slow = read ? ['schedule', 'rwsem_down_read_slowpath'] : ['schedule_preempt_disabled', 'rwsem_down_write_slowpath'];
          this.sched.schedule(t, [...slow, ...caller.prim, ip, ...caller.outer], caller);
        }
        const goneRwsem = this.goneHolder(l, read);
        if (goneRwsem) this.stuck(t, l, goneRwsem, ['__schedule', 'schedule', read ? 'rwsem_down_read_slowpath' : 'rwsem_down_write_slowpath', ...caller.prim], caller);
        this.own(t, l, read, ip);
        return true;
      }
    }
  }

  // spin_unlock()/read_unlock()/write_unlock()/mutex_unlock()/up_read()/up_write(): lockdep first, then the lock word
  unlock(t: Task, name: string, caller: Caller, base = false): void {
    this.unlockInstance(t, this.get(name, 'unlock'), caller, base);
  }

  /** ww_mutex_unlock()'s own part (__ww_mutex_unlock()), set by the ww_mutex model. */
  wwUnlock: ((t: Task, l: LockInstance, caller: Caller) => void) | null = null;

  /** The unlock of one lock object; base: mutex_unlock() of a ww_mutex's base mutex. */
  unlockInstance(t: Task, l: LockInstance, caller: Caller, base = false): void {
    const held = this.holdIndex(t, l);
    const read = held >= 0 ? t.holdRead[held] === 1 : l.writer < 0 && l.readers > 0;
    this.rec.emit(EV_LOCK_RELEASE, l.id, read ? 1 : 0);
    switch (l.type) {
      case 'spinlock':
      case 'raw_spinlock':
        caller.prim = F.spinUnlock;
        break;
      case 'rwlock':
        caller.prim = read ? F.runlock : F.wunlock;
        break;
      case 'mutex':
        caller.prim = F.mutexUnlock;
        break;
      case 'ww_mutex':
        caller.prim = base ? F.mutexUnlock : F.wwUnlock;
        if (!base && this.wwUnlock) this.wwUnlock(t, l, caller);
        break;
      case 'rwsem':
        caller.prim = read ? F.upRead : F.upWrite;
        break;
    }
    this.ld.lockRelease(t, l.map, caller.ip, caller);
    this.disown(t, l, held);
    if (!isSleepingLock(l.type)) this.sched.preemptCountSub(t, 1, caller);
  }

  own(t: Task, l: LockInstance, read: boolean, ip: string): void {
    t.holdLock.push(l.id);
    t.holdRead.push(read ? 1 : 0);
    t.holdIp.push(ip);
    if (read) l.readers++;
    else l.writer = t.id;
  }

  holdIndex(t: Task, l: LockInstance): number {
    for (let i = t.holdLock.length - 1; i >= 0; i--) if (t.holdLock[i] === l.id) return i;
    return -1;
  }

  private removeHold(t: Task, i: number, l: LockInstance): void {
    if (t.holdRead[i] === 1) l.readers--;
    else if (l.writer === t.id) l.writer = -1;
    for (let j = i + 1; j < t.holdLock.length; j++) {
      t.holdLock[j - 1] = t.holdLock[j]!;
      t.holdRead[j - 1] = t.holdRead[j]!;
      t.holdIp[j - 1] = t.holdIp[j]!;
    }
    t.holdLock.length--;
    t.holdRead.length--;
    t.holdIp.length--;
  }

  /** Unlocking releases the lock word even when someone else took it. */
  private disown(t: Task, l: LockInstance, held: number): void {
    if (held >= 0) {
      this.removeHold(t, held, l);
      return;
    }
    for (const o of this.holders) {
      const i = this.holdIndex(o, l);
      if (i >= 0) {
        this.removeHold(o, i, l);
        return;
      }
    }
  }

  private dropAllHolds(l: LockInstance): void {
    for (const o of this.holders) {
      for (let i = this.holdIndex(o, l); i >= 0; i = this.holdIndex(o, l)) this.removeHold(o, i, l);
    }
    l.writer = -1;
    l.readers = 0;
  }

  /** All tasks, for lock-word bookkeeping (set by the model). */
  holders: readonly Task[] = [];

  snapshot(): { locks: LockInstanceTuple[]; nextStatic: number; nextHeap: number } {
    return {
      locks: this.locks.map((l) => [l.name, l.type, l.className, l.obj.toString(16), l.map.addr.toString(16), l.map.key, l.map.waitInner, l.map.waitOuter, l.map.classCache0, l.map.classCache1, l.writer, l.readers]),
      nextStatic: this.addresses.nextStatic,
      nextHeap: this.addresses.nextHeap,
    };
  }

  restore(s: { locks: LockInstanceTuple[]; nextStatic: number; nextHeap: number }): void {
    this.locks.length = 0;
    this.byName.clear();
    for (const x of s.locks) {
      const id = this.locks.length;
      const map: LockdepMap = {
        id,
        label: x[0],
        name: x[2],
        key: x[5],
        waitInner: x[6],
        waitOuter: x[7],
        lockType: LD_LOCK_NORMAL,
        classCache0: x[8],
        classCache1: x[9],
        addr: BigInt(`0x${x[4]}`),
        size: LOCKDEP_MAP_SIZE,
        type: x[1],
      };
      const l: LockInstance = { id, name: x[0], type: x[1], className: x[2], obj: BigInt(`0x${x[3]}`), map, writer: x[10], readers: x[11] };
      this.locks.push(l);
      this.byName.set(l.name, l);
    }
    this.addresses.nextStatic = s.nextStatic;
    this.addresses.nextHeap = s.nextHeap;
  }
}
