// struct held_lock (include/linux/lockdep.h, 6.8): one entry of a task's held_locks[].
// Slots are reused, so taking and dropping a lock allocates nothing.
import { MAX_LOCKDEP_KEYS_BITS } from './lockdep_types.ts';
import type { LockdepMap } from '../../kernel/locking/lockdep_lock_class.ts';

export class HeldLock {
  classIdx = 0;
  /** Call site string as the scenario gave it (hlock->acquire_ip). */
  acquireIp = '';
  instance: LockdepMap | null = null;
  nestLock: LockdepMap | null = null;
  prevChainKeyLo = 0;
  prevChainKeyHi = 0;
  /** LOCK_CHAIN_SOFTIRQ_CONTEXT (1) | LOCK_CHAIN_HARDIRQ_CONTEXT (2). */
  irqContext = 0;
  trylock = 0;
  /** 0 = exclusive, 1 = shared, 2 = shared-recursive. */
  read = 0;
  check = 0;
  hardirqsOff = 0;
  references = 0;

  copyFrom(o: HeldLock): void {
    this.classIdx = o.classIdx;
    this.acquireIp = o.acquireIp;
    this.instance = o.instance;
    this.nestLock = o.nestLock;
    this.prevChainKeyLo = o.prevChainKeyLo;
    this.prevChainKeyHi = o.prevChainKeyHi;
    this.irqContext = o.irqContext;
    this.trylock = o.trylock;
    this.read = o.read;
    this.check = o.check;
    this.hardirqsOff = o.hardirqsOff;
    this.references = o.references;
  }
}

// hlock_id(): what the chain key hashes, the class plus its read-ness
export function hlockId(h: HeldLock): number {
  return h.classIdx | (h.read << MAX_LOCKDEP_KEYS_BITS);
}

/** A held lock as a plain tuple, for snapshots. */
export type HeldLockTuple = [
  classIdx: number,
  acquireIp: string,
  instance: number,
  nestLock: number,
  prevLo: number,
  prevHi: number,
  irqContext: number,
  trylock: number,
  read: number,
  check: number,
  hardirqsOff: number,
  references: number,
];

export function heldLockToTuple(h: HeldLock): HeldLockTuple {
  return [
    h.classIdx,
    h.acquireIp,
    h.instance ? h.instance.id : -1,
    h.nestLock ? h.nestLock.id : -1,
    h.prevChainKeyLo,
    h.prevChainKeyHi,
    h.irqContext,
    h.trylock,
    h.read,
    h.check,
    h.hardirqsOff,
    h.references,
  ];
}

export function heldLockFromTuple(h: HeldLock, t: HeldLockTuple, mapOf: (id: number) => LockdepMap | null): void {
  h.classIdx = t[0];
  h.acquireIp = t[1];
  h.instance = mapOf(t[2]);
  h.nestLock = mapOf(t[3]);
  h.prevChainKeyLo = t[4];
  h.prevChainKeyHi = t[5];
  h.irqContext = t[6];
  h.trylock = t[7];
  h.read = t[8];
  h.check = t[9];
  h.hardirqsOff = t[10];
  h.references = t[11];
}
