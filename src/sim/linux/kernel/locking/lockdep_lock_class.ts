// Lock classes and lockdep maps: struct lock_class, struct lockdep_map and
// register_lock_class() / count_matching_names() of kernel/locking/lockdep.c (6.8).
import { LOCK_TRACE_STATES } from './lockdep_states.ts';
import { LD_LOCK_NORMAL, type LockType } from '../../include/linux/lockdep_types.ts';

/** struct lockdep_map: what a lock instance carries for lockdep. */
export interface LockdepMap {
  /** Unique instance id: hlock->instance compares these. */
  readonly id: number;
  /** The lock's own name in the scenario (for findings and views). */
  readonly label: string;
  /** lock->name: the class name it registers ("&mm->mmap_lock", "lock_A"). */
  name: string;
  /** Class key id: instances initialised with the same key share classes. */
  key: number;
  waitInner: number;
  waitOuter: number;
  lockType: number;
  /** lock->class_cache[0..1], -1 when empty. */
  classCache0: number;
  classCache1: number;
  /** The instance's address, for "%px" and freed-memory checks. */
  addr: bigint;
  size: number;
  /** The primitive it belongs to (for views; lockdep itself does not look). */
  type: LockType | 'rcu' | 'lockdep_map';
}

/** lockdep_init_map_type(): a map with empty class caches, of the normal lock type unless told. */
export function newLockdepMap(m: Omit<LockdepMap, 'classCache0' | 'classCache1' | 'lockType' | 'waitOuter'> & { lockType?: number; waitOuter?: number }): LockdepMap {
  return { lockType: LD_LOCK_NORMAL, waitOuter: 0, ...m, classCache0: -1, classCache1: -1 };
}

/** struct lock_class. */
export class LockClass {
  usageMask = 0;
  /** usage_traces[]: trace ids per usage bit, -1 when unset. */
  readonly usageTraces = new Int32Array(LOCK_TRACE_STATES).fill(-1);
  /** locks_after / locks_before: lock_list entry ids in insertion order. */
  readonly after: number[] = [];
  readonly before: number[] = [];
  depGenId = 0;
  /** Event that registered the class. */
  event = -1;

  constructor(
    readonly idx: number,
    readonly key: number,
    readonly name: string,
    readonly subclass: number,
    readonly nameVersion: number,
    readonly waitInner: number,
    readonly waitOuter: number,
    readonly lockType: number,
    readonly type: LockType | 'rcu' | 'lockdep_map',
  ) {}

  // __print_lock_name()
  printName(): string {
    let s = this.name;
    if (this.nameVersion > 1) s += `#${this.nameVersion}`;
    if (this.subclass) s += `/${this.subclass}`;
    return s;
  }
}

/** The class table: lock_classes[] plus the class hash. */
export class ClassTable {
  readonly list: LockClass[] = [];
  private readonly byKey = new Map<number, number>();

  lookup(key: number, subclass: number): LockClass | null {
    const i = this.byKey.get(key * 8 + subclass);
    return i === undefined ? null : this.list[i]!;
  }

  // register_lock_class(): allocate a new class for (key, subclass)
  register(map: LockdepMap, subclass: number, event: number): LockClass {
    const c = new LockClass(
      this.list.length,
      map.key,
      map.name,
      subclass,
      this.countMatchingNames(map.key, subclass, map.name),
      map.waitInner,
      map.waitOuter,
      map.lockType,
      map.type,
    );
    c.event = event;
    this.list.push(c);
    this.byKey.set(map.key * 8 + subclass, c.idx);
    return c;
  }

  // count_matching_names(): "#2" for a second key with an already used name
  private countMatchingNames(key: number, subclass: number, name: string): number {
    let count = 0;
    for (const c of this.list) {
      if (c.key === key && subclass !== c.subclass && c.subclass === 0) return c.nameVersion;
      if (c.name === name) count = Math.max(count, c.nameVersion);
    }
    return count + 1;
  }

  get(idx: number): LockClass {
    return this.list[idx]!;
  }

  clear(): void {
    this.list.length = 0;
    this.byKey.clear();
  }

  rebuildIndex(): void {
    this.byKey.clear();
    for (const c of this.list) this.byKey.set(c.key * 8 + c.subclass, c.idx);
  }
}
