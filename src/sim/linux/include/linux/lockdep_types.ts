// Lock kinds, wait types and lockdep limits: include/linux/lockdep_types.h and
// kernel/locking/lockdep_internals.h of Linux 6.8, plus the model's input error.

export type LockType = 'spinlock' | 'raw_spinlock' | 'rwlock' | 'mutex' | 'rwsem' | 'ww_mutex';
export type LockMode = 'write' | 'read';

export const LOCK_TYPES: readonly LockType[] = ['spinlock', 'raw_spinlock', 'rwlock', 'mutex', 'rwsem', 'ww_mutex'];

/** Bad scenario input (an uninitialised lock, an impossible context), never a simulated kernel bug. */
export class LockInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LockInputError';
  }
}

export const MAX_LOCK_DEPTH = 48;
export const MAX_LOCKDEP_SUBCLASSES = 8;
export const NR_LOCKDEP_CACHING_CLASSES = 2;
export const MAX_LOCKDEP_KEYS_BITS = 13;

// enum lockdep_lock_type
export const LD_LOCK_NORMAL = 0;
export const LD_LOCK_PERCPU = 1;
export const LD_LOCK_WAIT_OVERRIDE = 2;

/**
 * enum lockdep_wait_type. LD_WAIT_CONFIG only gets its own value with
 * CONFIG_PROVE_RAW_LOCK_NESTING (default n in 6.8), which shifts SLEEP and MAX up.
 */
export interface WaitTypes {
  readonly inv: 0;
  readonly free: 1;
  readonly spin: 2;
  readonly config: number;
  readonly sleep: number;
  readonly max: number;
}

export function waitTypes(rawLockNesting: boolean): WaitTypes {
  return rawLockNesting ? { inv: 0, free: 1, spin: 2, config: 3, sleep: 4, max: 5 } : { inv: 0, free: 1, spin: 2, config: 2, sleep: 3, max: 4 };
}

/** The wait type an initialiser gives each lock kind (spin_lock_init, rwlock_init, mutex_init, ...). */
export function lockWaitInner(type: LockType, w: WaitTypes): number {
  switch (type) {
    case 'raw_spinlock':
      return w.spin;
    case 'spinlock':
    case 'rwlock':
      return w.config;
    case 'mutex':
    case 'rwsem':
    case 'ww_mutex':
      return w.sleep;
  }
}

export function isSleepingLock(type: LockType): boolean {
  return type === 'mutex' || type === 'rwsem' || type === 'ww_mutex';
}

/** sizeof() of each lock with CONFIG_DEBUG_SPINLOCK/DEBUG_MUTEXES/DEBUG_LOCK_ALLOC on x86-64 (debug_check_no_locks_freed ranges). */
export function lockSize(type: LockType): number {
  switch (type) {
    case 'spinlock':
    case 'raw_spinlock':
    case 'rwlock':
      return 0x40;
    case 'mutex':
      return 0xa0;
    case 'ww_mutex':
      return 0xb0;
    case 'rwsem':
      return 0xb8;
  }
}
