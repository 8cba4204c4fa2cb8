// The kernel's single globals: tainted_mask and add_taint() (kernel/panic.c), debug_locks
// (lib/debug_locks.c), the pid of a task (kernel/pid.c) and kallsyms, shared by SLUB, the
// oops/WARN code and the locking model.
import { describe, expect, it } from 'vitest';
import { LOCKDEP_NOW_UNRELIABLE, LOCKDEP_STILL_OK, TAINT_BAD_PAGE, TAINT_DIE, TAINT_WARN } from './panic.ts';
import { bootTest, type TestMachine } from '../mm/slub_testing.ts';
import { bootSys } from '../../machine/testing.ts';
import { kernelFault } from '../arch/x86/mm/fault.ts';
import { TaskDied } from '../arch/x86/kernel/dumpstack.ts';

/** A Right Redzone report in the 6.8 layout, as `task`. */
function redzoneReport(m: TestMachine, task: string): void {
  const s = m.slub.kmemCacheCreate(`rz-${task}`, 64, 8, ['SLAB_RED_ZONE', 'SLAB_STORE_USER']);
  const obj = m.as(task, 0, () => m.slub.kmemCacheAlloc(s)!);
  m.k.memWrite(obj + 64, Uint8Array.of(0x12), 'test');
  m.as(task, 0, () => m.slub.validateSlabCache(s));
}

/** lock_A then lock_B, then lock_B then lock_A: lockdep's circular dependency. */
function abba(m: TestMachine, task: string): void {
  const l = m.locking.locking;
  m.as(task, 0, () => {
    l.lockInit('lock_A', 'spinlock');
    l.lockInit('lock_B', 'spinlock');
    for (const [x, y] of [['lock_A', 'lock_B'], ['lock_B', 'lock_A']] as const) {
      l.lock(x);
      l.lock(y);
      l.unlock(y);
      l.unlock(x);
    }
  });
}

describe('add_taint() and print_tainted() (kernel/panic.c)', () => {
  it('prints the 6.8 and the 2.6.25 formats from one mask', () => {
    const a = bootTest({ kernel: '6.8' }).k.panic;
    expect(a.printTainted()).toBe('Not tainted');
    a.addTaint(TAINT_BAD_PAGE, LOCKDEP_STILL_OK);
    expect(a.printTainted()).toBe('Tainted: G    B             ');
    a.addTaint(TAINT_WARN, LOCKDEP_STILL_OK);
    expect(a.printTainted()).toBe('Tainted: G    B   W         ');
    const b = bootTest({ kernel: '2.6.25' }).k.panic;
    b.addTaint(TAINT_DIE, LOCKDEP_STILL_OK);
    expect(b.printTainted()).toBe('Tainted: G      D ');
  });

  it('prints eighteen flags before 6.0 (TAINT_TEST came later), 5.19 on arm64 too', () => {
    const c = bootTest({ kernel: '5.10' }).k.panic;
    c.addTaint(TAINT_WARN, LOCKDEP_STILL_OK);
    expect(c.printTainted()).toBe('Tainted: G        W        ');
    const d = bootSys({ arch: 'arm64' }).m.k.panic;
    d.addTaint(TAINT_DIE, LOCKDEP_STILL_OK);
    expect(d.printTainted()).toBe('Tainted: G      D          ');
  });

  it('LOCKDEP_NOW_UNRELIABLE calls debug_locks_off(): the message comes once, only while debug_locks was on', () => {
    const m = bootTest();
    const from = m.mark();
    m.k.panic.addTaint(TAINT_WARN, LOCKDEP_STILL_OK);
    expect(m.k.debugLocks.on).toBe(true);
    m.k.panic.addTaint(TAINT_BAD_PAGE, LOCKDEP_NOW_UNRELIABLE);
    m.k.panic.addTaint(TAINT_BAD_PAGE, LOCKDEP_NOW_UNRELIABLE);
    expect(m.k.debugLocks.on).toBe(false);
    expect(m.log(from)).toEqual(['Disabling lock debugging due to kernel taint']);
  });

  it('2.6.25 add_taint() clears debug_locks on any taint, silently', () => {
    const m = bootTest({ kernel: '2.6.25' });
    const from = m.mark();
    m.k.panic.addTaint(TAINT_BAD_PAGE, LOCKDEP_STILL_OK);
    expect(m.k.debugLocks.on).toBe(false);
    expect(m.log(from)).toEqual([]);
  });
});

describe('one taint and one debug_locks for SLUB and lockdep', () => {
  it('a SLUB report taints B and turns lockdep off: later splats say Tainted: G B and "INFO: lockdep is turned off."', () => {
    const m = bootTest({ cmdline: 'slub_debug=FZPU' });
    redzoneReport(m, 'kunit_try_catch');
    expect(m.log()).toContain('Disabling lock debugging due to kernel taint');
    expect(m.k.debugLocks.on).toBe(false);
    expect(m.locking.graph().debugLocks).toBe(false);
    // lockdep is off: no circular report
    abba(m, 'kunit_try_catch');
    expect(m.rec.findings.some((f) => f.kind === 'lockdep.circular')).toBe(false);
    // the atomic-sleep check still reports, with the kernel's taint and without held locks
    const from = m.mark();
    m.as('kunit_try_catch', 0, () => {
      m.locking.locking.lock('lock_A');
      m.locking.ctx.mightSleep({ at: 'mm/slub.c:1' });
    });
    const log = m.log(from);
    expect(log).toContain('INFO: lockdep is turned off.');
    expect(log).toContain('CPU: 0 PID: 100 Comm: kunit_try_catch Tainted: G    B              6.8.12-amd64 #1');
  });

  it('lockdep turns debug_locks off itself; a later SLUB taint has nothing left to disable', () => {
    const m = bootTest({ cmdline: 'slub_debug=FZPU' });
    abba(m, 'modprobe');
    expect(m.rec.findings.map((f) => f.kind)).toEqual(['lockdep.circular']);
    expect(m.k.debugLocks.on).toBe(false);
    const from = m.mark();
    redzoneReport(m, 'modprobe');
    const log = m.log(from);
    expect(log).toContain('BUG rz-modprobe (Not tainted): Right Redzone overwritten');
    expect(log).not.toContain('Disabling lock debugging due to kernel taint');
    expect(m.k.panic.printTainted()).toBe('Tainted: G    B             ');
  });

  it('an oops turns debug_locks off in oops_enter() and taints D through the same mask', () => {
    const t = bootSys({ kernel: '6.8' });
    const from = t.mark();
    expect(() => kernelFault(t.sys, { addr: 0x10n, write: false, ip: { fn: 'd_free', off: 0x18 }, trace: [{ fn: 'kswapd' }] })).toThrow(TaskDied);
    expect(t.sys.k.debugLocks.on).toBe(false);
    expect(t.log(from)).not.toContain('Disabling lock debugging due to kernel taint');
    expect(t.sys.k.panic.printTainted()).toBe('Tainted: G      D           ');
    expect(t.m.locking.graph().debugLocks).toBe(false);
  });
});

describe('one pid per task (kernel/pid.c)', () => {
  it('SLUB tracks, lockdep reports, WARNs and the task view show the same pid for a task', () => {
    const m = bootTest({ cmdline: 'slub_debug=FZPU' });
    const s = m.slub.kmemCacheCreate('pidtest', 64, 8, ['SLAB_STORE_USER', 'SLAB_RED_ZONE']);
    const obj = m.as('kworker/0:1', 0, () => m.slub.kmemCacheAlloc(s)!);
    abba(m, 'kworker/0:1');
    const pid = m.k.pids.pidOf('kworker/0:1');
    expect(pid).toBe(100);
    expect(m.log()).toContain(`kworker/0:1/${pid} is trying to acquire lock:`);
    expect(m.locking.heldLocks().find((v) => v.task === 'kworker/0:1')?.pid).toBe(pid);
    m.k.memWrite(obj + 64, Uint8Array.of(0x12), 'test');
    const from = m.mark();
    m.as('swapper/0', 0, () => m.slub.validateSlabCache(s));
    const log = m.log(from);
    expect(log.find((l) => l.startsWith('Allocated in '))).toMatch(new RegExp(` pid=${pid}$`));
    // the report runs as the idle task: pid 0 (lockdep's report did not taint; SLUB taints after printing)
    expect(log).toContain('CPU: 0 PID: 0 Comm: swapper/0 Not tainted 6.8.12-amd64 #1');
    // a WARN from the oops/WARN code, as the same task
    const title = m.as('kworker/0:1', 1, () => m.traps.warn('kernel/kernscope.c', 1, { fn: 'kernscope_warn' }, []));
    expect(title).toMatch(new RegExp(`^WARNING: CPU: 1 PID: ${pid} at kernel/kernscope\\.c:1 kernscope_warn\\+`));
    // a second task gets the next pid, whoever asks first
    expect(m.as('modprobe', 1, () => m.k.pids.pidOf(m.rec.ctx.task))).toBe(101);
  });

  it('the pid table is saved with the kernel', () => {
    const m = bootTest();
    m.k.pids.pidOf('a');
    const snap = m.snapshot();
    const hash = m.stateHash();
    expect(m.k.pids.pidOf('b')).toBe(101);
    m.restore(snap);
    expect(m.stateHash()).toBe(hash);
    expect(m.k.pids.pidOf('c')).toBe(101);
    expect(m.k.pids.pidOf('a')).toBe(100);
  });
});

describe('one symbol table (kernel/kallsyms.c)', () => {
  it('a function has one address in SLUB, oops/WARN and lockdep output', () => {
    const m = bootTest({ cmdline: 'slub_debug=FZPU' });
    expect(m.traps.syms).toBe(m.k.syms);
    const ret = m.k.syms.retAddr('kmem_cache_alloc');
    expect(m.locking.syms.fn('kmem_cache_alloc').addr).toBe(ret);
    expect(m.locking.syms.fn('kmem_cache_alloc').text).toBe(m.k.syms.pS('kmem_cache_alloc'));
    expect(m.traps.syms.address({ fn: 'kmem_cache_alloc' })).toBe(ret);
    // the SLUB track's stack prints the same %pS
    const s = m.slub.kmemCacheCreate('symtest', 64, 8, ['SLAB_STORE_USER', 'SLAB_RED_ZONE']);
    const obj = m.as('t', 0, () => m.slub.kmemCacheAlloc(s)!);
    m.k.memWrite(obj + 64, Uint8Array.of(0x12), 'test');
    const from = m.mark();
    m.as('t', 0, () => m.slub.validateSlabCache(s));
    expect(m.log(from)).toContain(` ${m.k.syms.pS('kmem_cache_alloc')}`);
  });
});
