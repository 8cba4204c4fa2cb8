// The lock dependency graph: struct lock_list entries on each class's locks_after and
// locks_before lists, and the breadth-first search over strong dependency paths
// (__bfs(), kernel/locking/lockdep.c 6.8; Documentation/locking/lockdep-design.rst).
import type { ClassTable } from './lockdep_lock_class.ts';

// DEP_*_BIT in lock_list::dep, for prev -> next: bit0 = prev is exclusive, bit1 = next is non-recursive
export const DEP_SR_BIT = 0;
export const DEP_ER_BIT = 1;
export const DEP_SN_BIT = 2;
export const DEP_EN_BIT = 3;
export const DEP_SR_MASK = 1 << DEP_SR_BIT;
export const DEP_ER_MASK = 1 << DEP_ER_BIT;
export const DEP_SN_MASK = 1 << DEP_SN_BIT;
export const DEP_EN_MASK = 1 << DEP_EN_BIT;

export const DEP_NAMES = ['SR', 'ER', 'SN', 'EN'] as const;
export type DepName = (typeof DEP_NAMES)[number];

// calc_dep(): the forward entry's dependency bit
export function calcDep(prevRead: number, nextRead: number): number {
  return 1 << ((prevRead === 0 ? 1 : 0) + ((nextRead !== 2 ? 1 : 0) << 1));
}

// calc_depb(): the backward entry stores the same fact with the bits swapped
export function calcDepb(prevRead: number, nextRead: number): number {
  return 1 << ((nextRead !== 2 ? 1 : 0) + ((prevRead === 0 ? 1 : 0) << 1));
}

export const BFS_EQUEUEFULL = -2;
export const BFS_RNOMATCH = -1;

/** The two helper entries check_irq_usage() needs at once ("this" and "that"). */
export const ROOT_A = 0;
export const ROOT_B = 1;
const FIRST_ENTRY = 2;

/** MAX_CIRCULAR_QUEUE_SIZE with CONFIG_LOCKDEP_CIRCULAR_QUEUE_BITS=12. */
const CQ_SIZE = 4096;

export interface GraphSnapshot {
  n: number;
  cls: Int32Array;
  linksTo: Int32Array;
  dep: Uint8Array;
  distance: Uint16Array;
  trace: Int32Array;
  event: Int32Array;
  fwd: Uint8Array;
  prevIp: string[];
  nextIp: string[];
}

function growI32(a: Int32Array, n: number): Int32Array {
  if (n <= a.length) return a;
  const b = new Int32Array(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}

/** lock_list entries (list_entries[]) plus the BFS circular queue. */
export class DepGraph {
  /** Number of entries in use, including the two roots. */
  n = FIRST_ENTRY;
  cls: Int32Array = new Int32Array(256);
  linksTo: Int32Array = new Int32Array(256);
  dep = new Uint8Array(256);
  distance = new Uint16Array(256);
  trace: Int32Array = new Int32Array(256);
  event: Int32Array = new Int32Array(256);
  /** Position in the list it sits on (locks_after of linksTo, or locks_before). */
  pos: Int32Array = new Int32Array(256);
  /** 1 = on a locks_after list (forward), 0 = locks_before. */
  fwd = new Uint8Array(256);
  /** Call sites: where prev was taken, where next was taken (the view's edge labels). */
  prevIp: string[] = ['', ''];
  nextIp: string[] = ['', ''];
  // BFS scratch: lock_list::parent and ::only_xr
  parent: Int32Array = new Int32Array(256);
  onlyXr = new Uint8Array(256);
  private readonly cq = new Int32Array(CQ_SIZE);
  private genId = 0;

  constructor(private readonly classes: ClassTable) {}

  private ensure(n: number): void {
    if (n <= this.cls.length) return;
    this.cls = growI32(this.cls, n);
    this.linksTo = growI32(this.linksTo, n);
    this.trace = growI32(this.trace, n);
    this.event = growI32(this.event, n);
    this.pos = growI32(this.pos, n);
    this.parent = growI32(this.parent, n);
    const len = this.cls.length;
    const dep = new Uint8Array(len);
    dep.set(this.dep);
    this.dep = dep;
    const fwd = new Uint8Array(len);
    fwd.set(this.fwd);
    this.fwd = fwd;
    const only = new Uint8Array(len);
    only.set(this.onlyXr);
    this.onlyXr = only;
    const dist = new Uint16Array(len);
    dist.set(this.distance);
    this.distance = dist;
  }

  // add_lock_to_list(): a new entry at the tail of a class's list
  add(cls: number, linksTo: number, forward: boolean, distance: number, dep: number, trace: number, event: number, prevIp: string, nextIp: string): number {
    const e = this.n++;
    this.ensure(this.n);
    this.cls[e] = cls;
    this.linksTo[e] = linksTo;
    this.dep[e] = dep;
    this.distance[e] = distance;
    this.trace[e] = trace;
    this.event[e] = event;
    this.fwd[e] = forward ? 1 : 0;
    const owner = this.classes.get(linksTo);
    const list = forward ? owner.after : owner.before;
    this.pos[e] = list.length;
    list.push(e);
    this.prevIp[e] = prevIp;
    this.nextIp[e] = nextIp;
    return e;
  }

  // __bfs_init_root(): a helper entry that only names where the search starts
  initRoot(root: number, cls: number, onlyXr: boolean): void {
    this.cls[root] = cls;
    this.parent[root] = -1;
    this.onlyXr[root] = onlyXr ? 1 : 0;
    this.linksTo[root] = -1;
  }

  // __bfs_next(): the next sibling on the list the entry was found on
  private nextSibling(e: number): number {
    if (this.parent[e] < 0) return -1;
    const owner = this.classes.get(this.linksTo[e]!);
    const list = this.fwd[e] ? owner.after : owner.before;
    const i = this.pos[e]! + 1;
    return i < list.length ? list[i]! : -1;
  }

  /**
   * __bfs(): breadth-first over strong paths only (no -(*R)-> followed by -(S*)->).
   * Classes are marked visited before the strength check, exactly like the kernel.
   * Returns the matching entry, BFS_RNOMATCH, or BFS_EQUEUEFULL.
   */
  bfs(source: number, forward: boolean, match: (e: number) => boolean, skip: ((e: number) => boolean) | null): number {
    const gen = ++this.genId;
    const cq = this.cq;
    let front = 0;
    let rear = 0;
    cq[rear] = source;
    rear = (rear + 1) & (CQ_SIZE - 1);
    let lock = -1;
    for (;;) {
      let next = lock >= 0 ? this.nextSibling(lock) : -1;
      if (next < 0) {
        if (front === rear) break;
        next = cq[front]!;
        front = (front + 1) & (CQ_SIZE - 1);
      }
      lock = next;
      const c = this.classes.get(this.cls[lock]!);
      if (c.depGenId === gen) continue;
      c.depGenId = gen;
      const parent = this.parent[lock]!;
      if (parent >= 0) {
        let dep = this.dep[lock]!;
        if (this.onlyXr[parent]) dep &= ~(DEP_SR_MASK | DEP_SN_MASK);
        if (!dep) continue;
        this.onlyXr[lock] = dep & (DEP_SN_MASK | DEP_EN_MASK) ? 0 : 1;
      }
      if (skip && skip(lock)) continue;
      if (match(lock)) return lock;
      const list = forward ? c.after : c.before;
      for (let i = 0; i < list.length; i++) this.parent[list[i]!] = lock;
      if (list.length > 0) {
        if (((rear + 1) & (CQ_SIZE - 1)) === front) return BFS_EQUEUEFULL;
        cq[rear] = list[0]!;
        rear = (rear + 1) & (CQ_SIZE - 1);
      }
    }
    return BFS_RNOMATCH;
  }

  // get_lock_depth()
  depth(e: number): number {
    let d = 0;
    while (this.parent[e]! >= 0) {
      e = this.parent[e]!;
      d++;
    }
    return d;
  }

  /** The forward entry prev -> next, or -1. */
  findForward(prevCls: number, nextCls: number): number {
    const list = this.classes.get(prevCls).after;
    for (const e of list) if (this.cls[e] === nextCls) return e;
    return -1;
  }

  /** The backward entry for prev -> next on next's locks_before, or -1. */
  findBackward(prevCls: number, nextCls: number): number {
    const list = this.classes.get(nextCls).before;
    for (const e of list) if (this.cls[e] === prevCls) return e;
    return -1;
  }

  clear(): void {
    this.n = FIRST_ENTRY;
    this.prevIp.length = FIRST_ENTRY;
    this.nextIp.length = FIRST_ENTRY;
  }

  snapshot(): GraphSnapshot {
    const n = this.n;
    return {
      n,
      cls: this.cls.slice(0, n),
      linksTo: this.linksTo.slice(0, n),
      dep: this.dep.slice(0, n),
      distance: this.distance.slice(0, n),
      trace: this.trace.slice(0, n),
      event: this.event.slice(0, n),
      fwd: this.fwd.slice(0, n),
      prevIp: this.prevIp.slice(0, n),
      nextIp: this.nextIp.slice(0, n),
    };
  }

  /** Restores entries; the class table must already be restored with empty lists. */
  restore(s: GraphSnapshot): void {
    this.n = FIRST_ENTRY;
    this.ensure(s.n);
    this.prevIp = s.prevIp.slice(0, FIRST_ENTRY);
    this.nextIp = s.nextIp.slice(0, FIRST_ENTRY);
    for (let e = FIRST_ENTRY; e < s.n; e++) {
      this.add(s.cls[e]!, s.linksTo[e]!, s.fwd[e] === 1, s.distance[e]!, s.dep[e]!, s.trace[e]!, s.event[e]!, s.prevIp[e]!, s.nextIp[e]!);
    }
  }
}
