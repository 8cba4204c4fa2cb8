// The runtime locking correctness validator: kernel/locking/lockdep.c of Linux 6.8
// (__lock_acquire, validate_chain, check_deadlock, check_prevs_add, check_prev_add,
// check_noncircular, check_wait_context, __lock_release, debug_check_no_locks_freed).
// Irq usage states live in irq_usage.ts, the reports' text in report.ts.
import { eventKind, KERN_ERR, KERN_WARNING, type FindingValue, type Recorder } from '../../../engine/recorder.ts';
import type { DebugLocks } from '../../lib/debug_locks.ts';
import { dumpStack, warnLines, warnTaint, type SplatEnv } from '../../lib/bug.ts';
import type { Task } from '../../include/linux/sched.ts';
import { ChainCache, type ChainKey, INITIAL_CHAIN_KEY_HI, INITIAL_CHAIN_KEY_LO, iterateChainKey, type ChainCacheSnapshot } from './lockdep_chains.ts';
import { BFS_EQUEUEFULL, BFS_RNOMATCH, calcDep, calcDepb, DepGraph, ROOT_A, type GraphSnapshot } from './lockdep_graph.ts';
import { hlockId, type HeldLock } from '../../include/linux/lockdep.ts';
import { checkIrqUsage, markUsage } from './lockdep_irq_usage.ts';
import { ClassTable, LockClass, type LockdepMap } from './lockdep_lock_class.ts';
import * as R from './lockdep_report.ts';
import { callerFrames, type Caller } from './lockdep_report.ts';
import { hex64 } from '../kallsyms.ts';
import { LD_LOCK_WAIT_OVERRIDE, MAX_LOCK_DEPTH, MAX_LOCKDEP_SUBCLASSES, waitTypes, type WaitTypes } from '../../include/linux/lockdep_types.ts';

export const EV_LOCKDEP_REPORT = eventKind('lockdep.report');

/** Which parts of lockdep the kernel was built with. */
export interface LockdepConfig {
  /** CONFIG_LOCKDEP (PROVE_LOCKING or DEBUG_LOCK_ALLOC): held-lock tracking and its reports. */
  enabled: boolean;
  /** CONFIG_PROVE_LOCKING: dependency, irq-state and wait-context validation. */
  prove: boolean;
  /** CONFIG_PROVE_RAW_LOCK_NESTING: spinlock_t gets its own wait type. */
  rawLockNesting: boolean;
}

/** The cycle of the last circular report, held lock first: held -> new -> ... -> held. */
export interface CycleInfo {
  readonly classes: readonly string[];
  readonly classIdx: readonly number[];
  readonly event: number;
}

export interface LockdepSnapshot {
  keys: string[];
  classes: [key: number, name: string, subclass: number, version: number, inner: number, outer: number, lockType: number, type: string, usage: number, traces: Int32Array, event: number][];
  graph: GraphSnapshot;
  chains: ChainCacheSnapshot;
  traces: (readonly string[])[];
  lastCycle: CycleInfo | null;
  once: number;
}

/** By-reference trace id of check_prevs_add(): saved once per new chain. */
interface TraceRef {
  id: number;
}

// WARN_ON_ONCE() sites, one bit each
export const ONCE_BFS = 1;

export class Lockdep {
  /** The kernel's debug_locks (lib/debug_locks.c): off after lockdep's first report, a taint or an oops. */
  private readonly dl: DebugLocks;
  readonly classes = new ClassTable();
  readonly graph = new DepGraph(this.classes);
  /** iterate_chain_key()'s result, reused by every acquisition. */
  private readonly chainKey: ChainKey = { lo: 0, hi: 0 };
  readonly chains = new ChainCache();
  /** stack_trace[]: saved traces, frames innermost first. */
  traces: (readonly string[])[] = [];
  lastCycle: CycleInfo | null = null;
  readonly w: WaitTypes;
  /** WARN_ON_ONCE() bits already fired. */
  once = 0;
  private keyNames: string[] = [];
  private keyIds = new Map<string, number>();
  private readonly traceRef: TraceRef = { id: -1 };

  constructor(
    readonly env: SplatEnv,
    readonly cfg: LockdepConfig,
    private readonly rec: Recorder,
  ) {
    this.w = waitTypes(cfg.rawLockNesting);
    this.dl = env.k.debugLocks;
  }

  /** debug_locks. */
  get debugLocks(): boolean {
    return this.dl.on;
  }

  /** A lock_class_key per class name; static-looking names key on the lock itself, others on an init-site __key. */
  keyFor(name: string): number {
    let id = this.keyIds.get(name);
    if (id === undefined) {
      id = this.keyNames.length;
      this.keyNames.push(name);
      this.keyIds.set(name, id);
    }
    return id;
  }

  /** "[<%px>] %pS" of a class key, as print_lock_class_header() shows it. */
  keySym(key: number): string {
    const name = this.keyNames[key] ?? '?';
    const sym = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? `${name}+0x0/0x40` : `__key.${key}+0x0/0x10`;
    const addr = this.env.k.layout.startKernelMap + BigInt(this.env.k.layout.physicalStart) + 0x3a21000n + BigInt(key) * 0x40n;
    return `[<${hex64(addr)}>] ${sym}`;
  }

  saveTrace(frames: readonly string[]): number {
    this.traces.push(frames);
    return this.traces.length - 1;
  }

  // ---------------------------------------------------------------- reports

  /** debug_locks_off() for a report: the report's event first, then lockdep turns itself off. */
  beginReport(): boolean {
    if (!this.dl.on) return false;
    this.rec.emit(EV_LOCKDEP_REPORT);
    this.dl.off();
    return true;
  }

  report(kind: string, title: string, lines: string[], fields: Record<string, FindingValue>, level: 3 | 4 = KERN_WARNING): void {
    this.env.k.printk(level, lines.join('\n'));
    this.rec.finding(kind, title, fields);
  }

  private fields(t: Task, extra: Record<string, FindingValue>): Record<string, FindingValue> {
    return { task: t.comm, pid: t.pid, ...extra };
  }

  /** DEBUG_LOCKS_WARN_ON(cond): a WARN from inside lockdep that also turns it off. */
  debugLocksWarnOn(t: Task, cond: string, func: string, line: number, caller: Caller, file = 'kernel/locking/lockdep.c'): void {
    if (!this.beginReport()) return;
    const { lines, title } = warnLines(this.env, t, file, line, func, { frames: callerFrames([], caller), irq: caller.irq }, `DEBUG_LOCKS_WARN_ON(${cond})`);
    this.env.k.printk(KERN_WARNING, lines.join('\n'));
    this.rec.finding('lockdep.warning', title, this.fields(t, { condition: cond }));
    warnTaint(this.env);
  }

  // print_bfs_bug()
  private bfsBug(t: Task, ret: number, caller: Caller): void {
    if (!this.beginReport()) return;
    const { lines, title } = warnLines(this.env, t, 'kernel/locking/lockdep.c', 2226, 'print_bfs_bug', { frames: callerFrames(['check_noncircular', 'validate_chain', '__lock_acquire', 'lock_acquire'], caller), irq: caller.irq }, `lockdep bfs error:${ret}`);
    this.env.k.printk(KERN_WARNING, lines.join('\n'));
    this.rec.finding('lockdep.warning', title, this.fields(t, { condition: `lockdep bfs error:${ret}` }));
    warnTaint(this.env);
  }

  printBfsBug(t: Task, ret: number, caller: Caller): void {
    this.bfsBug(t, ret, caller);
  }

  // ---------------------------------------------------------------- maps and classes

  // lockdep_init_map_type(): name, key and wait types; forget cached classes
  initMap(map: LockdepMap, name: string, key: number, inner: number, outer: number, lockType: number): void {
    map.classCache0 = -1;
    map.classCache1 = -1;
    map.name = name;
    map.key = key;
    map.waitInner = inner;
    map.waitOuter = outer;
    map.lockType = lockType;
  }

  // look_up_lock_class() + register_lock_class(); null when lockdep gave up
  private registerLockClass(t: Task, map: LockdepMap, subclass: number, caller: Caller): LockClass | null {
    if (subclass >= MAX_LOCKDEP_SUBCLASSES) {
      if (this.beginReport()) {
        const lines = [`BUG: looking up invalid subclass: ${subclass}`, 'turning off the locking correctness validator.', ...dumpStack(this.env, t, { frames: callerFrames(['look_up_lock_class', 'register_lock_class', '__lock_acquire', 'lock_acquire'], caller), irq: caller.irq })];
        this.report('lockdep.invalid_subclass', `BUG: looking up invalid subclass: ${subclass}`, lines, this.fields(t, { lock: map.label, subclass }), KERN_ERR);
      }
      return null;
    }
    let c = this.classes.lookup(map.key, subclass);
    if (!c) {
      if (!this.debugLocks) return null;
      c = this.classes.register(map, subclass, this.rec.current);
    }
    if (subclass === 0) map.classCache0 = c.idx;
    else if (subclass === 1) map.classCache1 = c.idx;
    return c;
  }

  // ---------------------------------------------------------------- acquire

  // lock_acquire(): the entry point every lock primitive calls
  lockAcquire(t: Task, map: LockdepMap, subclass: number, trylock: number, read: number, check: number, nest: LockdepMap | null, ip: string, caller: Caller): void {
    if (!this.cfg.enabled || !this.debugLocks) return;
    this.acquire(t, map, subclass, trylock, read, check, t.irqsOff ? 1 : 0, nest, ip, 0, caller);
  }

  // __lock_acquire(): 0 = lockdep gave up or reported, 1 = pushed, 2 = merged into a nest_lock reference
  private acquire(t: Task, map: LockdepMap, subclass: number, trylock: number, read: number, check: number, hardirqsOff: number, nest: LockdepMap | null, ip: string, references: number, caller: Caller): number {
    if (!this.debugLocks) return 0;
    if (!this.cfg.prove) check = 0;
    let cls = subclass === 0 ? map.classCache0 : subclass === 1 ? map.classCache1 : -1;
    if (cls < 0) {
      const c = this.registerLockClass(t, map, subclass, caller);
      if (!c) return 0;
      cls = c.idx;
    }
    const depth = t.lockdepDepth;
    if (depth >= MAX_LOCK_DEPTH) {
      this.debugLocksWarnOn(t, 'depth >= MAX_LOCK_DEPTH', '__lock_acquire', 5003, caller);
      return 0;
    }
    if (depth > 0 && nest) {
      const top = t.heldLocks[depth - 1]!;
      if (top.classIdx === cls) {
        if (!references) references++;
        if (!top.references) top.references++;
        top.references += references;
        return 2;
      }
    }
    const h = t.slot(depth);
    h.classIdx = cls;
    h.acquireIp = ip;
    h.instance = map;
    h.nestLock = nest;
    h.irqContext = (t.hardirqContext ? 2 : 0) + (t.softirqContext ? 1 : 0);
    h.trylock = trylock;
    h.read = read;
    h.check = check;
    h.hardirqsOff = hardirqsOff;
    h.references = references;

    this.checkWaitContext(t, h, caller);
    if (!markUsage(this, t, h, check, caller)) return 0;

    let lo = t.currChainKeyLo;
    let hi = t.currChainKeyHi;
    let chainHead = depth === 0 ? 1 : 0;
    h.prevChainKeyLo = lo;
    h.prevChainKeyHi = hi;
    if (depth > 0 && t.heldLocks[depth - 1]!.irqContext !== h.irqContext) {
      lo = INITIAL_CHAIN_KEY_LO;
      hi = INITIAL_CHAIN_KEY_HI;
      chainHead = 1;
    }
    iterateChainKey(this.chainKey, lo, hi, hlockId(h));
    lo = this.chainKey.lo;
    hi = this.chainKey.hi;

    if (nest && !this.isHeld(t, nest)) {
      if (this.beginReport()) {
        const lines = R.nestedLockNotHeld(this, t, h, callerFrames(['__lock_acquire', 'lock_acquire'], caller), caller.irq);
        this.report('lockdep.nest_lock_not_held', 'WARNING: Nested lock was not taken', lines, this.fields(t, { lock: map.label, nest: nest.label }));
      }
      return 0;
    }
    if (!this.validateChain(t, h, chainHead, lo, hi, caller)) return 0;

    t.currChainKeyLo = lo;
    t.currChainKeyHi = hi;
    t.lockdepDepth++;
    if (t.lockdepDepth >= MAX_LOCK_DEPTH) {
      if (this.beginReport()) {
        const lines = [
          'BUG: MAX_LOCK_DEPTH too low!',
          'turning off the locking correctness validator.',
          `depth: ${t.lockdepDepth}  max: ${MAX_LOCK_DEPTH}!`,
          ...R.heldLocksLines(this, t),
          'INFO: lockdep is turned off.',
          ...dumpStack(this.env, t, { frames: callerFrames(['__lock_acquire', 'lock_acquire'], caller), irq: caller.irq }),
        ];
        this.report('lockdep.max_lock_depth', 'BUG: MAX_LOCK_DEPTH too low!', lines, this.fields(t, { depth: t.lockdepDepth }));
      }
      return 0;
    }
    return 1;
  }

  // task_wait_context()
  private taskWaitContext(t: Task): number {
    if (t.hardirqContext) return t.hardirqThreaded ? this.w.config : this.w.spin;
    if (t.softirqContext) return this.w.config;
    return this.w.max;
  }

  // check_wait_context(): the strictest context in this irq context's stack vs. the new lock's outer type
  private checkWaitContext(t: Task, next: HeldLock, caller: Caller): void {
    if (!this.cfg.prove) return;
    const nc = this.classes.get(next.classIdx);
    const nextInner = nc.waitInner;
    let nextOuter = nc.waitOuter;
    if (!nextInner || next.trylock) return;
    if (!nextOuter) nextOuter = nextInner;
    let depth = t.lockdepDepth - 1;
    for (; depth >= 0; depth--) if (t.heldLocks[depth]!.irqContext !== next.irqContext) break;
    depth++;
    let currInner = this.taskWaitContext(t);
    for (; depth < t.lockdepDepth; depth++) {
      const pc = this.classes.get(t.heldLocks[depth]!.classIdx);
      if (pc.waitInner) {
        currInner = Math.min(currInner, pc.waitInner);
        if (pc.lockType === LD_LOCK_WAIT_OVERRIDE) currInner = pc.waitInner;
      }
    }
    if (nextOuter > currInner && this.beginReport()) {
      const lines = R.invalidWaitContext(this, t, next, currInner, callerFrames(['__lock_acquire', 'lock_acquire'], caller), caller.irq);
      this.report('lockdep.invalid_wait_context', '[ BUG: Invalid wait context ]', lines, this.fields(t, { lock: next.instance ? next.instance.label : '', class: nc.printName(), context: currInner }));
    }
  }

  // validate_chain(): only a chain not seen before is checked, and only non-trylock, checked locks
  private validateChain(t: Task, h: HeldLock, chainHead: number, lo: number, hi: number, caller: Caller): boolean {
    if (!h.trylock && h.check && !this.chains.has(lo, hi) && this.debugLocks) {
      this.chains.add(lo, hi, h.irqContext);
      const ret = this.checkDeadlock(t, h, caller);
      if (!ret) return false;
      if (!chainHead && ret !== 2) {
        if (!this.checkPrevsAdd(t, h, caller)) return false;
      }
      return true;
    }
    return this.debugLocks;
  }

  // check_deadlock(): the same class already held (read-after-read recursion allowed)
  private checkDeadlock(t: Task, next: HeldLock, caller: Caller): number {
    let nest: HeldLock | null = null;
    for (let i = 0; i < t.lockdepDepth; i++) {
      const prev = t.heldLocks[i]!;
      if (next.nestLock !== null && prev.instance === next.nestLock) nest = prev;
      if (prev.classIdx !== next.classIdx) continue;
      if (next.read === 2 && prev.read) continue;
      if (nest) return 2;
      this.deadlockBug(t, prev, next, caller);
      return 0;
    }
    return 1;
  }

  // print_deadlock_bug()
  private deadlockBug(t: Task, prev: HeldLock, next: HeldLock, caller: Caller): void {
    if (!this.beginReport()) return;
    const cls = this.classes.get(next.classIdx).printName();
    const lines = R.deadlockBug(this, t, prev, next, callerFrames(['__lock_acquire', 'lock_acquire'], caller), caller.irq);
    this.report('lockdep.recursive', 'WARNING: possible recursive locking detected', lines, this.fields(t, { lock: next.instance ? next.instance.label : '', class: cls, held: this.classes.get(prev.classIdx).printName() }));
  }

  // check_prevs_add(): link the new lock to the previous one, and across trylocks to the last non-trylock
  private checkPrevsAdd(t: Task, next: HeldLock, caller: Caller): boolean {
    const ref = this.traceRef;
    ref.id = -1;
    let depth = t.lockdepDepth;
    if (!depth || next.irqContext !== t.heldLocks[depth - 1]!.irqContext) return false;
    for (;;) {
      const distance = t.lockdepDepth - depth + 1;
      const prev = t.heldLocks[depth - 1]!;
      if (prev.check) {
        if (!this.checkPrevAdd(t, prev, next, distance, ref, caller)) return false;
        if (!prev.trylock) break;
      }
      depth--;
      if (!depth) break;
      if (t.heldLocks[depth]!.irqContext !== t.heldLocks[depth - 1]!.irqContext) break;
    }
    return true;
  }

  // check_prev_add(): cycle check, irq-safety check, then record prev -> next
  private checkPrevAdd(t: Task, prev: HeldLock, next: HeldLock, distance: number, ref: TraceRef, caller: Caller): number {
    const ret = this.checkNoncircular(t, next, prev, ref, caller);
    if (ret !== BFS_RNOMATCH) return 0;
    if (!checkIrqUsage(this, t, prev, next, caller)) return 0;
    const g = this.graph;
    const f = g.findForward(prev.classIdx, next.classIdx);
    if (f >= 0) {
      if (distance === 1) g.distance[f] = 1;
      g.dep[f]! |= calcDep(prev.read, next.read);
      const b = g.findBackward(prev.classIdx, next.classIdx);
      if (b < 0) return 0;
      if (distance === 1) g.distance[b] = 1;
      g.dep[b]! |= calcDepb(prev.read, next.read);
      return 1;
    }
    // check_redundant() only exists with CONFIG_LOCKDEP_SMALL
    if (ref.id < 0) ref.id = this.saveTrace(callerFrames([], caller));
    const ev = this.rec.current;
    g.add(next.classIdx, prev.classIdx, true, distance, calcDep(prev.read, next.read), ref.id, ev, prev.acquireIp, next.acquireIp);
    g.add(prev.classIdx, next.classIdx, false, distance, calcDepb(prev.read, next.read), ref.id, ev, prev.acquireIp, next.acquireIp);
    return 2;
  }

  // check_noncircular(): can <src> reach <target> by a strong path? then adding target -> src closes a cycle
  private checkNoncircular(t: Task, src: HeldLock, target: HeldLock, ref: TraceRef, caller: Caller): number {
    const g = this.graph;
    g.initRoot(ROOT_A, src.classIdx, src.read === 2);
    const tc = target.classIdx;
    const tread = target.read;
    // hlock_conflict(): B -> A is -(E*)-> or A -> .. -> B is -(*N)->
    const ret = g.bfs(ROOT_A, true, (e) => g.cls[e] === tc && (tread === 0 || !g.onlyXr[e]), null);
    if (ret === BFS_EQUEUEFULL) {
      this.bfsBug(t, ret, caller);
      return ret;
    }
    if (ret >= 0) {
      if (ref.id < 0) ref.id = this.saveTrace(callerFrames([], caller));
      if (src.classIdx === target.classIdx) this.deadlockBug(t, src, target, caller);
      else this.circularBug(t, ret, src, target, caller);
      return ret;
    }
    return BFS_RNOMATCH;
  }

  // print_circular_bug()
  private circularBug(t: Task, target: number, src: HeldLock, tgt: HeldLock, caller: Caller): void {
    if (!this.beginReport()) return;
    const g = this.graph;
    g.trace[ROOT_A] = this.saveTrace(callerFrames(['__lock_acquire', 'lock_acquire'], caller));
    // the path next -> ... -> held, then the new held -> next edge closes it
    const path: number[] = [];
    for (let e = target; e >= 0; e = g.parent[e]!) path.unshift(g.cls[e]!);
    const idx = [path[path.length - 1]!, ...path.slice(0, -1)];
    const names = idx.map((i) => this.classes.get(i).printName());
    this.lastCycle = { classes: names, classIdx: idx, event: this.rec.current };
    const lines = R.circularBug(this, t, ROOT_A, target, src, tgt, callerFrames(['check_noncircular', 'check_prev_add', 'validate_chain', '__lock_acquire', 'lock_acquire'], caller), caller.irq);
    this.report('lockdep.circular', 'WARNING: possible circular locking dependency detected', lines, this.fields(t, { lock: src.instance ? src.instance.label : '', class: names[1]!, held: names[0]!, cycle: names }));
  }

  // ---------------------------------------------------------------- release

  // lock_release()
  lockRelease(t: Task, map: LockdepMap, ip: string, caller: Caller): void {
    if (!this.cfg.enabled || !this.debugLocks) return;
    const depth = t.lockdepDepth;
    if (depth <= 0) {
      this.unlockImbalance(t, map, ip, caller);
      return;
    }
    const i = this.findHeldLock(t, map, depth);
    if (i < 0) {
      this.unlockImbalance(t, map, ip, caller);
      return;
    }
    const h = t.heldLocks[i]!;
    if (h.references) {
      h.references--;
      if (h.references) return;
    }
    t.lockdepDepth = i;
    t.currChainKeyLo = h.prevChainKeyLo;
    t.currChainKeyHi = h.prevChainKeyHi;
    if (i === depth - 1) return;
    this.reacquireHeldLocks(t, depth, i + 1, caller);
  }

  // reacquire_held_locks(): re-push the locks above a released one; true if lockdep gave up
  private reacquireHeldLocks(t: Task, depth: number, idx: number, caller: Caller): boolean {
    for (; idx < depth; idx++) {
      const h = t.heldLocks[idx]!;
      const inst = h.instance;
      if (!inst) return true;
      const r = this.acquire(t, inst, this.classes.get(h.classIdx).subclass, h.trylock, h.read, h.check, h.hardirqsOff, h.nestLock, h.acquireIp, h.references, caller);
      if (r === 0) return true;
    }
    return false;
  }

  // match_held_lock()
  private matchHeldLock(h: HeldLock, map: LockdepMap): boolean {
    if (h.instance === map) return true;
    if (h.references) {
      const c = map.classCache0 >= 0 ? map.classCache0 : (this.classes.lookup(map.key, 0)?.idx ?? -1);
      if (c < 0 || !h.nestLock) return false;
      if (h.classIdx === c) return true;
    }
    return false;
  }

  // find_held_lock(): search down from the top without crossing into another irq context
  private findHeldLock(t: Task, map: LockdepMap, depth: number): number {
    let i = depth - 1;
    let prev = t.heldLocks[i]!;
    if (this.matchHeldLock(prev, map)) return i;
    for (i--; i >= 0; i--) {
      const h = t.heldLocks[i]!;
      if (prev.irqContext !== h.irqContext) return -1;
      if (this.matchHeldLock(h, map)) return i;
      prev = h;
    }
    return -1;
  }

  // __lock_is_held()
  isHeld(t: Task, map: LockdepMap): boolean {
    for (let i = 0; i < t.lockdepDepth; i++) if (this.matchHeldLock(t.heldLocks[i]!, map)) return true;
    return false;
  }

  // print_unlock_imbalance_bug()
  private unlockImbalance(t: Task, map: LockdepMap, ip: string, caller: Caller): void {
    if (!this.beginReport()) return;
    const lines = R.unlockImbalanceBug(this, t, map, ip, callerFrames(['print_unlock_imbalance_bug', 'lock_release'], caller), caller.irq);
    this.report('lockdep.bad_unlock_balance', 'WARNING: bad unlock balance detected!', lines, this.fields(t, { lock: map.label, class: map.name, ip: this.env.syms.site(ip).text }));
  }

  // debug_check_no_locks_freed(): a lock being freed or re-initialised while the current task holds it
  checkNoLocksFreed(t: Task, from: bigint, len: number, lockName: string, caller: Caller): void {
    if (!this.cfg.enabled || !this.debugLocks) return;
    const to = from + BigInt(len);
    for (let i = 0; i < t.lockdepDepth; i++) {
      const h = t.heldLocks[i]!;
      const inst = h.instance;
      if (!inst) continue;
      if (inst.addr + BigInt(inst.size) <= from || to <= inst.addr) continue;
      if (!this.beginReport()) return;
      const lines = R.freedLockBug(this, t, from, len, h, callerFrames(['debug_check_no_locks_freed'], caller), caller.irq);
      this.report('lockdep.held_lock_freed', 'WARNING: held lock freed!', lines, this.fields(t, { lock: lockName, class: this.classes.get(h.classIdx).printName(), addr: `0x${hex64(from)}` }));
      return;
    }
  }

  // ---------------------------------------------------------------- snapshots

  snapshot(): LockdepSnapshot {
    return {
      keys: this.keyNames.slice(),
      classes: this.classes.list.map((c) => [c.key, c.name, c.subclass, c.nameVersion, c.waitInner, c.waitOuter, c.lockType, c.type, c.usageMask, c.usageTraces.slice(), c.event]),
      graph: this.graph.snapshot(),
      chains: this.chains.snapshot(),
      traces: this.traces.slice(),
      lastCycle: this.lastCycle,
      once: this.once,
    };
  }

  restore(s: LockdepSnapshot): void {
    this.keyNames = s.keys.slice();
    this.keyIds = new Map(this.keyNames.map((n, i) => [n, i]));
    this.classes.clear();
    for (const x of s.classes) {
      const c = new LockClass(this.classes.list.length, x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7] as LockClass['type']);
      c.usageMask = x[8];
      c.usageTraces.set(x[9]);
      c.event = x[10];
      this.classes.list.push(c);
    }
    this.classes.rebuildIndex();
    this.graph.restore(s.graph);
    this.chains.restore(s.chains);
    this.traces = s.traces.slice();
    this.lastCycle = s.lastCycle;
    this.once = s.once;
  }
}
