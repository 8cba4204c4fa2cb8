// debug_locks, lib/debug_locks.c: the one switch every lock debugging facility (lockdep, the
// held-lock checks, the locking selftests) looks at. Anything that stops trusting the kernel's
// state turns it off for good: lockdep's own reports, add_taint(..., LOCKDEP_NOW_UNRELIABLE),
// oops_enter(). Owned by the Kernel and saved with its snapshot.

export class DebugLocks {
  /** debug_locks: 1 until the first debug_locks_off(). */
  on = true;

  // debug_locks_off(), lib/debug_locks.c 6.8 (__debug_locks_off(): xchg(&debug_locks, 0)); returns whether it was on
  off(): boolean {
    if (!this.on) return false;
    this.on = false;
    return true;
  }
}
