// lib/locking-selftest.c's ww_tests() and fs_reclaim_tests() re-expressed (5.19): each case runs on a
// fresh lockdep with the selftest's DEFINE_WD_CLASS(ww_lockdep) locks o, o2, o3 and contexts t, t2;
// its verdict is debug_locks afterwards (SUCCESS = still on, FAILURE = a report or a
// DEBUG_LOCKS_WARN_ON turned it off). The WARN_ON()s on return values are expects.
import { describe, expect, it } from 'vitest';
import { lockTest, selftestLocks, type LockTest } from './locking-selftest_testing.ts';
import { EALREADY, EDEADLK, type WwAcquireCtx } from '../kernel/locking/ww_mutex.ts';
import { GFP_KERNEL, GFP_NOFS } from '../include/linux/gfp_types.ts';

const SUCCESS = true;
const FAILURE = false;

interface Ww {
  t: LockTest;
  WWAI(c: string): void;
  WWAD(c: string): void;
  WWAF(c: string): void;
  WWL(o: string, c: string): number;
  WWL1(o: string): number;
  WWT(o: string): boolean;
  WWU(o: string): void;
  slow(o: string, c: string): number;
  ctx(c: string): WwAcquireCtx;
  /** t2 = t */
  copy(from: string, to: string): WwAcquireCtx;
  /** o.ctx = &c (or NULL) */
  setCtx(o: string, c: string | null): void;
  /** ww_mutex_base_lock() / ww_mutex_base_unlock(): the base mutex only */
  baseLock(o: string): void;
  baseUnlock(o: string): void;
  /** mutex_release(&o.base.dep_map) and mutex_acquire(&o.base.dep_map, 0, 1): lockdep only */
  release(o: string): void;
  acquireTry(o: string): void;
}

function ww(): Ww {
  const t = lockTest();
  selftestLocks(t);
  const m = t.m;
  const w = m.ww;
  // init_shared_classes()/the selftest's statics: ww_mutex_init(&o, &ww_lockdep) ...
  for (const o of ['o', 'o2', 'o3']) w.wwMutexInit(o, 'ww_lockdep');
  const inst = (o: string) => m.impl.get(o, 'test');
  const cur = () => m.current();
  return {
    t,
    WWAI: (c) => void w.wwAcquireInit(c, 'ww_lockdep'),
    WWAD: (c) => w.wwAcquireDone(c),
    WWAF: (c) => w.wwAcquireFini(c),
    WWL: (o, c) => w.wwMutexLock(o, c),
    WWL1: (o) => w.wwMutexLock(o, null),
    WWT: (o) => w.wwMutexTrylock(o, null),
    WWU: (o) => w.wwMutexUnlock(o),
    slow: (o, c) => w.wwMutexLock(o, c, { slow: true }),
    ctx: (c) => w.ww.ctx(c, 'test'),
    copy: (from, to) => w.ww.copyCtx(w.ww.ctx(from, 'test'), to),
    setCtx: (o, c) => w.ww.setHoldCtx(inst(o), c === null ? null : w.ww.ctx(c, 'test')),
    baseLock: (o) => void m.locking.lock(o),
    baseUnlock: (o) => m.impl.unlock(cur(), o, m.caller(cur(), undefined, undefined), true),
    release: (o) => m.lockdep.lockRelease(cur(), inst(o).map, 'locking_selftest', m.caller(cur(), undefined, undefined)),
    acquireTry: (o) => m.lockdep.lockAcquire(cur(), inst(o).map, 0, 1, 0, 1, null, 'locking_selftest', m.caller(cur(), undefined, undefined)),
  };
}

function verdict(fn: (w: Ww) => void): boolean {
  const w = ww();
  fn(w);
  return w.t.m.debugLocks;
}

/** The EDEADLK cases' preamble: o2 (and o3) held as plain mutexes "by" an older context t2 = t, stamp - 1. */
function edeadlkSetup(w: Ww, alsoO3 = false): void {
  w.baseLock('o2');
  w.release('o2');
  if (alsoO3) {
    w.baseLock('o3');
    w.release('o3');
  }
  w.WWAI('t');
  const t2 = w.copy('t', 't2');
  t2.stamp--;
  w.setCtx('o2', 't2');
  if (alsoO3) w.setCtx('o3', 't2');
  expect(w.WWL('o', 't')).toBe(0);
  expect(w.WWL('o2', 't')).toBe(-EDEADLK);
}

describe('locking selftest: ww api failures', () => {
  it('ww_test_fail_acquire: -EALREADY, trylock fails, an older twin gets -EDEADLK / SUCCESS', () => {
    expect(
      verdict((w) => {
        w.WWAI('t');
        w.ctx('t').stamp++;
        expect(w.WWL('o', 't')).toBe(0);
        expect(w.t.m.ww.ww.holdCtx(w.t.m.impl.get('o', 'x'))?.name).toBe('t');
        expect(w.WWL('o', 't')).toBe(-EALREADY);
        expect(w.WWT('o')).toBe(false);
        const t2 = w.copy('t', 't2');
        t2.stamp++;
        expect(w.WWL('o', 't2')).toBe(-EDEADLK);
        w.WWU('o');
        expect(w.WWT('o')).toBe(true);
        w.WWU('o');
      }),
    ).toBe(SUCCESS);
  });

  it('ww_test_normal: the base mutex calls leave o.ctx alone / SUCCESS', () => {
    expect(
      verdict((w) => {
        w.WWAI('t');
        w.setCtx('o', 't');
        w.baseLock('o');
        w.baseUnlock('o');
        expect(w.t.m.locking.lock('o', 'write', { trylock: true })).toBe(true);
        w.baseUnlock('o');
        w.baseLock('o');
        expect(w.t.m.locking.lock('o', 'write', { trylock: true })).toBe(false);
        w.baseUnlock('o');
        expect(w.t.m.ww.ww.holdCtx(w.t.m.impl.get('o', 'x'))?.name).toBe('t');
      }),
    ).toBe(SUCCESS);
  });

  it('ww_test_unneeded_slow: ww_mutex_lock_slow() without a contended lock / FAILURE', () => {
    expect(verdict((w) => (w.WWAI('t'), w.slow('o', 't')))).toBe(FAILURE);
  });
});

describe('locking selftest: ww contexts mixing', () => {
  it('ww_test_two_contexts / FAILURE', () => expect(verdict((w) => (w.WWAI('t'), w.WWAI('t2')))).toBe(FAILURE));
  it('ww_test_diff_class / FAILURE', () =>
    expect(
      verdict((w) => {
        w.WWAI('t');
        w.ctx('t').wwClass = null;
        w.WWL('o', 't');
      }),
    ).toBe(FAILURE));
});

describe('locking selftest: finishing ww context', () => {
  it('ww_test_context_done_twice / FAILURE', () => expect(verdict((w) => (w.WWAI('t'), w.WWAD('t'), w.WWAD('t'), w.WWAF('t')))).toBe(FAILURE));
  it('ww_test_context_unlock_twice / FAILURE', () => expect(verdict((w) => (w.WWAI('t'), w.WWAD('t'), w.WWAF('t'), w.WWAF('t')))).toBe(FAILURE));
  it('ww_test_context_fini_early / FAILURE', () => expect(verdict((w) => (w.WWAI('t'), w.WWL('o', 't'), w.WWAD('t'), w.WWAF('t')))).toBe(FAILURE));
  it('ww_test_context_lock_after_done / FAILURE', () => expect(verdict((w) => (w.WWAI('t'), w.WWAD('t'), w.WWL('o', 't')))).toBe(FAILURE));
});

describe('locking selftest: locking mismatches', () => {
  it('ww_test_object_unlock_twice / FAILURE', () => expect(verdict((w) => (w.WWL1('o'), w.WWU('o'), w.WWU('o')))).toBe(FAILURE));
  it('ww_test_object_lock_unbalanced / FAILURE', () =>
    expect(
      verdict((w) => {
        w.WWAI('t');
        w.WWL('o', 't');
        w.ctx('t').acquired = 0;
        w.WWU('o');
        w.WWAF('t');
      }),
    ).toBe(FAILURE));
  it('ww_test_object_lock_stale_context / FAILURE', () =>
    expect(
      verdict((w) => {
        w.WWAI('t');
        w.copy('t', 't2');
        w.setCtx('o', 't2');
        w.WWL('o', 't');
      }),
    ).toBe(FAILURE));
});

describe('locking selftest: EDEADLK handling', () => {
  const backOff = (w: Ww): void => {
    w.setCtx('o2', null);
    w.acquireTry('o2');
    w.baseUnlock('o2');
  };
  it('ww_test_edeadlk_normal / SUCCESS', () => expect(verdict((w) => (edeadlkSetup(w), backOff(w), w.WWU('o'), expect(w.WWL('o2', 't')).toBe(0)))).toBe(SUCCESS));
  it('ww_test_edeadlk_normal_slow / SUCCESS', () => expect(verdict((w) => (edeadlkSetup(w), backOff(w), w.WWU('o'), w.slow('o2', 't')))).toBe(SUCCESS));
  it('ww_test_edeadlk_no_unlock / FAILURE', () => expect(verdict((w) => (edeadlkSetup(w), backOff(w), w.WWL('o2', 't')))).toBe(FAILURE));
  it('ww_test_edeadlk_no_unlock_slow / FAILURE', () => expect(verdict((w) => (edeadlkSetup(w), backOff(w), w.slow('o2', 't')))).toBe(FAILURE));
  it('ww_test_edeadlk_acquire_more / FAILURE', () => expect(verdict((w) => (edeadlkSetup(w), w.WWL('o3', 't')))).toBe(FAILURE));
  it('ww_test_edeadlk_acquire_more_slow / FAILURE', () => expect(verdict((w) => (edeadlkSetup(w), w.slow('o3', 't')))).toBe(FAILURE));
  it('ww_test_edeadlk_acquire_more_edeadlk / FAILURE', () => expect(verdict((w) => (edeadlkSetup(w, true), expect(w.WWL('o3', 't')).toBe(-EDEADLK)))).toBe(FAILURE));
  it('ww_test_edeadlk_acquire_more_edeadlk_slow / FAILURE', () => expect(verdict((w) => (edeadlkSetup(w, true), w.slow('o3', 't')))).toBe(FAILURE));
  it('ww_test_edeadlk_acquire_wrong / FAILURE', () => expect(verdict((w) => (edeadlkSetup(w), w.WWU('o'), w.WWL('o3', 't')))).toBe(FAILURE));
  it('ww_test_edeadlk_acquire_wrong_slow / FAILURE', () => expect(verdict((w) => (edeadlkSetup(w), w.WWU('o'), w.slow('o3', 't')))).toBe(FAILURE));
});

describe('locking selftest: spinlock nesting', () => {
  it('ww_test_spin_nest_unlocked / FAILURE', () =>
    expect(
      verdict((w) => {
        w.t.m.locking.lock('lock_A', 'write', { nestLock: 'o' });
        w.t.m.locking.unlock('lock_A');
      }),
    ).toBe(FAILURE));
  it('ww_test_spin_nest_lock: X1 serialises Y1 and Y2 / SUCCESS', () =>
    expect(
      verdict((w) => {
        const l = w.t.m.locking;
        l.lock('lock_X1');
        l.lock('lock_Y1', 'write', { nestLock: 'lock_X1' });
        l.lock('lock_A');
        l.lock('lock_Y2', 'write', { nestLock: 'lock_X1' });
        l.unlock('lock_A');
        l.unlock('lock_Y2');
        l.unlock('lock_Y1');
        l.unlock('lock_X1');
      }),
    ).toBe(SUCCESS));
});

describe('locking selftest: block / try / context', () => {
  const L = (w: Ww) => void w.t.m.locking.lock('lock_A');
  const U = (w: Ww) => w.t.m.locking.unlock('lock_A');
  const cases: [string, (w: Ww) => void, boolean][] = [
    ['ww_test_context_block', (w) => (w.WWAI('t'), expect(w.WWL('o', 't')).toBe(0), w.WWL1('o2')), FAILURE],
    ['ww_test_context_try', (w) => (w.WWAI('t'), expect(w.WWL('o', 't')).toBe(0), expect(w.WWT('o2')).toBe(true), w.WWU('o2'), w.WWU('o')), SUCCESS],
    ['ww_test_context_context', (w) => (w.WWAI('t'), expect(w.WWL('o', 't')).toBe(0), expect(w.WWL('o2', 't')).toBe(0), w.WWU('o2'), w.WWU('o')), SUCCESS],
    ['ww_test_try_block', (w) => (expect(w.WWT('o')).toBe(true), w.WWL1('o2'), w.WWU('o2'), w.WWU('o')), FAILURE],
    ['ww_test_try_try', (w) => (expect(w.WWT('o')).toBe(true), expect(w.WWT('o2')).toBe(true), w.WWU('o2'), w.WWU('o')), SUCCESS],
    ['ww_test_try_context', (w) => (expect(w.WWT('o')).toBe(true), w.WWAI('t'), w.WWL('o2', 't')), FAILURE],
    ['ww_test_block_block', (w) => (w.WWL1('o'), w.WWL1('o2')), FAILURE],
    ['ww_test_block_try', (w) => (w.WWL1('o'), expect(w.WWT('o2')).toBe(true)), SUCCESS],
    ['ww_test_block_context', (w) => (w.WWL1('o'), w.WWAI('t'), w.WWL('o2', 't')), FAILURE],
    ['ww_test_spin_block', (w) => (L(w), U(w), w.WWL1('o'), L(w), U(w), w.WWU('o'), L(w), w.WWL1('o'), w.WWU('o'), U(w)), FAILURE],
    ['ww_test_spin_try', (w) => (L(w), U(w), expect(w.WWT('o')).toBe(true), L(w), U(w), w.WWU('o'), L(w), expect(w.WWT('o')).toBe(true), w.WWU('o'), U(w)), SUCCESS],
    ['ww_test_spin_context', (w) => (L(w), U(w), w.WWAI('t'), expect(w.WWL('o', 't')).toBe(0), L(w), U(w), w.WWU('o'), L(w), w.WWL('o', 't'), w.WWU('o'), U(w)), FAILURE],
  ];
  for (const [name, fn, expected] of cases) it(`${name} / ${expected ? 'SUCCESS' : 'FAILURE'}`, () => expect(verdict(fn)).toBe(expected));
});

describe('locking selftest: fs_reclaim', () => {
  it('correct nesting: might_alloc(GFP_NOFS) inside fs_reclaim / SUCCESS', () =>
    expect(verdict((w) => (w.t.m.ww.fsReclaimAcquire(GFP_KERNEL), w.t.m.ww.mightAllocAt(GFP_NOFS), w.t.m.ww.fsReclaimRelease(GFP_KERNEL)))).toBe(SUCCESS));
  it('wrong nesting: might_alloc(GFP_KERNEL) inside fs_reclaim / FAILURE', () => {
    const w = ww();
    const a = w.t.m.ww;
    a.fsReclaimAcquire(GFP_KERNEL);
    a.mightAllocAt(GFP_KERNEL);
    a.fsReclaimRelease(GFP_KERNEL);
    expect(w.t.m.debugLocks).toBe(FAILURE);
    expect(w.t.kinds()).toEqual(['lockdep.recursive']);
    expect(w.t.log().join('\n')).toMatch(/fs_reclaim\)\{\+\.\+\.\}-\{0:0\}, at: locking_selftest/);
  });
  it('protected nesting: memalloc_nofs_save() masks __GFP_FS / SUCCESS', () =>
    expect(
      verdict((w) => {
        const a = w.t.m.ww;
        a.fsReclaimAcquire(GFP_KERNEL);
        const flags = a.memallocNofsSave();
        a.mightAllocAt(GFP_KERNEL);
        a.memallocNofsRestore(flags);
        a.fsReclaimRelease(GFP_KERNEL);
      }),
    ).toBe(SUCCESS));
});

describe('locking selftest: why the ww cases fail', () => {
  const why: [string, (w: Ww) => void, string, RegExp][] = [
    ['diff_class', (w) => (w.WWAI('t'), (w.ctx('t').wwClass = null), w.WWL('o', 't')), 'lockdep.warning', /DEBUG_LOCKS_WARN_ON\(ww_ctx->ww_class != ww->ww_class\)/],
    ['done_twice', (w) => (w.WWAI('t'), w.WWAD('t'), w.WWAD('t')), 'lockdep.warning', /DEBUG_LOCKS_WARN_ON\(ctx->done_acquire\)\nWARNING: CPU: 0 PID: \d+ at include\/linux\/ww_mutex\.h:\d+ locking_selftest/],
    ['two_contexts', (w) => (w.WWAI('t'), w.WWAI('t2')), 'lockdep.recursive', /ww_lockdep_acquire/],
    ['context_block', (w) => (w.WWAI('t'), w.WWL('o', 't'), w.WWL1('o2')), 'lockdep.recursive', /ww_lockdep_mutex/],
    ['unlock_twice', (w) => (w.WWAI('t'), w.WWAF('t'), w.WWAF('t')), 'lockdep.bad_unlock_balance', /ww_lockdep_acquire/],
    ['edeadlk_acquire_wrong', (w) => (edeadlkSetup(w), w.WWU('o'), w.WWL('o3', 't')), 'lockdep.warning', /DEBUG_LOCKS_WARN_ON\(ww_ctx->contending_lock != ww\)/],
    ['unneeded_slow', (w) => (w.WWAI('t'), w.slow('o', 't')), 'lockdep.warning', /DEBUG_LOCKS_WARN_ON\(!ctx->contending_lock\)/],
  ];
  for (const [name, fn, kind, text] of why) {
    it(name, () => {
      const w = ww();
      fn(w);
      expect(w.t.kinds()).toEqual([kind]);
      expect(w.t.log().join('\n')).toMatch(text);
    });
  }
});

describe('ww_mutex: the algorithms', () => {
  it('wait-die: the younger context dies on a lock an older one holds, the older one waits', () => {
    const w = ww();
    w.t.as('A');
    w.WWAI('a');
    w.t.as('B');
    w.WWAI('b');
    w.t.as('A');
    expect(w.WWL('o', 'a')).toBe(0);
    w.t.as('B');
    expect(w.WWL('o2', 'b')).toBe(0);
    expect(w.WWL('o', 'b')).toBe(-EDEADLK);
    expect(w.ctx('b').contendingLock).toBe(w.t.m.impl.get('o', 'x').id);
    w.WWU('o2');
    w.t.as('A');
    expect(w.WWL('o2', 'a')).toBe(0);
    w.WWU('o2');
    w.WWU('o');
    w.WWAF('a');
    w.t.as('B');
    w.slow('o', 'b');
    expect(w.WWL('o2', 'b')).toBe(0);
    w.WWU('o2');
    w.WWU('o');
    w.WWAF('b');
    expect(w.t.m.debugLocks).toBe(true);
    expect(w.t.kinds()).toEqual([]);
  });

  it('wound-wait: an older context wounds the younger holder, which dies at its next contended lock', () => {
    const w = ww();
    const a = w.t.m.ww;
    for (const o of ['p', 'p2']) a.wwMutexInit(o, 'ww_wound', { woundWait: true });
    w.t.as('A');
    a.wwAcquireInit('a', 'ww_wound');
    w.t.as('B');
    a.wwAcquireInit('b', 'ww_wound');
    expect(a.wwMutexLock('p2', 'b')).toBe(0);
    w.t.as('A');
    expect(a.wwMutexLock('p', 'a')).toBe(0);
    // A (older) asks for p2, held by B: B is wounded, A waits
    expect(a.wwMutexLock('p2', 'a')).toBe(0);
    expect(a.ww.ctx('b', 'x').wounded).toBe(true);
    w.t.as('B');
    expect(a.wwMutexLock('p', 'b')).toBe(-EDEADLK);
  });

  it('CONFIG_DEBUG_WW_MUTEX_SLOWPATH injects -EDEADLK when the countdown from the stamp runs out', () => {
    const w = ww();
    const c = w.t.m.ww.wwAcquireInit('t', 'ww_lockdep');
    expect(c.deadlockInjectCountdown).toBe(1);
    expect(w.WWL('o', 't')).toBe(0);
    expect(w.WWL('o2', 't')).toBe(0);
    expect(w.WWL('o3', 't')).toBe(-EDEADLK);
    expect(c.contendingLock).toBe(w.t.m.impl.get('o3', 'x').id);
    expect(c.acquired).toBe(2);
    expect(w.t.m.debugLocks).toBe(true);
  });
});

describe('ww_mutex and fs_reclaim state in snapshots', () => {
  it('a restored machine still holds the context, the lock and fs_reclaim', () => {
    const w = ww();
    const m = w.t.m;
    w.WWAI('t');
    expect(w.WWL('o', 't')).toBe(0);
    m.ww.fsReclaimAcquire(GFP_KERNEL);
    const flags = m.ww.memallocNofsSave();
    const snap = m.snapshot();
    m.ww.memallocNofsRestore(flags);
    m.ww.fsReclaimRelease(GFP_KERNEL);
    w.WWU('o');
    w.WWAF('t');
    m.restore(structuredClone(snap));
    expect(w.ctx('t').acquired).toBe(1);
    expect(m.ww.ww.holdCtx(m.impl.get('o', 'x'))?.name).toBe('t');
    expect(m.current().flags).not.toBe(0);
    m.ww.memallocNofsRestore(flags);
    m.ww.fsReclaimRelease(GFP_KERNEL);
    expect(w.WWL('o2', 't')).toBe(0);
    w.WWU('o2');
    w.WWU('o');
    w.WWAF('t');
    expect(w.t.kinds()).toEqual([]);
    expect(m.current().lockdepDepth).toBe(0);
  });
});
