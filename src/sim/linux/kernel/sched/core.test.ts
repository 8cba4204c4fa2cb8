// Execution contexts, might_sleep() and schedule() checks, RCU nesting: the sched/rcu half
// of the locking model, in kernel/sched/core.c's and kernel/rcu's own words.
import { describe, expect, it } from 'vitest';
import { lockTest, norm, type LockTest } from '../../lib/locking-selftest_testing.ts';

const W_TAINT = `Tainted: G        W${' '.repeat(9)}`;

function state(t: LockTest, task: string) {
  return t.m.heldLocks().find((x) => x.task === task)!;
}

describe('execution contexts', () => {
  it('preempt_count carries preemption, bh-disable, softirq and hardirq levels', () => {
    const t = lockTest();
    t.as('w');
    const c = t.m.ctx;
    const pc = (): string => state(t, 'w').preemptCount;
    c.preemptDisable();
    expect(pc()).toBe('0x00000001');
    c.localBhDisable();
    expect(pc()).toBe('0x00000201');
    c.hardirqEnter();
    expect([pc(), state(t, 'w').hardirq, state(t, 'w').irqsDisabled]).toEqual(['0x00010201', true, true]);
    c.hardirqExit();
    expect([pc(), state(t, 'w').irqsDisabled]).toEqual(['0x00000201', false]);
    c.localBhEnable();
    c.softirqEnter();
    expect([pc(), state(t, 'w').softirq, state(t, 'w').irqsDisabled]).toEqual(['0x00000201', true, true]);
    c.softirqExit();
    c.preemptEnable();
    expect([pc(), state(t, 'w').softirq, state(t, 'w').irqsDisabled]).toEqual(['0x00000000', false, false]);
    expect(t.rec.findings).toEqual([]);
  });

  it('spin_lock disables preemption, mutex_lock does not', () => {
    const t = lockTest();
    t.as('w');
    const l = t.m.locking;
    l.lockInit('s', 'spinlock');
    l.lockInit('m', 'mutex');
    l.lock('m');
    expect(state(t, 'w').preemptCount).toBe('0x00000000');
    l.lock('s');
    expect(state(t, 'w').preemptCount).toBe('0x00000001');
    l.unlock('s');
    l.unlock('m');
    expect(state(t, 'w').preemptCount).toBe('0x00000000');
  });

  it('local_irq_enable() inside a hardirq is a DEBUG_LOCKS_WARN_ON that turns lockdep off', () => {
    const t = lockTest();
    const c = t.m.ctx;
    c.hardirqEnter();
    c.localIrqEnable({ ip: 'bad_handler+0x20/0x80' });
    const out = t.log();
    expect(out.slice(0, 3)).toEqual(['------------[ cut here ]------------', 'DEBUG_LOCKS_WARN_ON(lockdep_hardirq_context())', out[2]!]);
    expect(out[2]).toMatch(/^WARNING: CPU: 0 PID: 100 at kernel\/locking\/lockdep\.c:\d+ lockdep_hardirqs_on_prepare\+0x[0-9a-f]+\/0x[0-9a-f]+$/);
    expect(out).toContain('---[ end trace 0000000000000000 ]---');
    expect(t.m.debugLocks).toBe(false);
  });

  it('local_bh_enable() with irqs disabled warns once (kernel/softirq.c)', () => {
    const t = lockTest();
    const c = t.m.ctx;
    for (let i = 0; i < 2; i++) {
      c.localBhDisable();
      c.localIrqDisable();
      c.localBhEnable({ ip: 'net_rx+0x40/0x100' });
    }
    expect(t.rec.findings.map((f) => f.title.replace(/\+0x.*/, ''))).toEqual(['WARNING: CPU: 0 PID: 100 at kernel/softirq.c:362 __local_bh_enable_ip']);
    // __local_bh_enable_ip() re-enables irqs at its end, whatever the caller had
    expect(state(t, 'selftest').irqsDisabled).toBe(false);
  });
});

describe('might_sleep(): BUG: sleeping function called from invalid context', () => {
  it('with a spinlock held (preempt_count 1), listing the held locks', () => {
    const t = lockTest();
    t.as('kworker/1:2', 1);
    const { locking: l, ctx: c } = t.m;
    l.lockInit('s', 'spinlock', '&dev->lock');
    l.lock('s', 'write', { ip: 'dev_poll+0x30/0x90' });
    c.mightSleep({ ip: 'dev_wait+0x14/0x60', at: 'drivers/foo/dev.c:214', stack: ['dev_poll+0x48/0x90'] });
    expect(norm(t.log(), ['dev_poll+0x30/0x90', 'dev_wait+0x14/0x60', 'dev_poll+0x48/0x90'])).toEqual([
      'BUG: sleeping function called from invalid context at drivers/foo/dev.c:214',
      'in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 100, name: kworker/1:2',
      'preempt_count: 1, expected: 0',
      'RCU nest depth: 0, expected: 0',
      '1 lock held by kworker/1:2/100:',
      ' #0: <addr> (&dev->lock){+.+.}-{2:2}, at: dev_poll+0x30/0x90',
      'CPU: 1 PID: 100 Comm: kworker/1:2 Not tainted 6.8.12-amd64 #1',
      'Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.3-debian-1.16.3-2 04/01/2014',
      'Call Trace:',
      ' <TASK>',
      ' dump_stack_lvl+..',
      ' __might_resched+..',
      ' __might_sleep+..',
      ' dev_wait+0x14/0x60',
      ' dev_poll+0x48/0x90',
      ' </TASK>',
    ]);
    expect(t.rec.findings[0]).toMatchObject({
      kind: 'sched.sleep_in_atomic',
      title: 'BUG: sleeping function called from invalid context at drivers/foo/dev.c:214',
      fields: { task: 'kworker/1:2', pid: 100, in_atomic: 1, irqs_disabled: 0, preempt_count: '0x1', rcu_depth: 0 },
    });
    // the BUG taints the kernel W (lockdep stays on)
    l.unlock('s');
    l.unlock('s');
    expect(t.log().find((x) => x.includes('#1 Tainted'))).toBe(`6.8.12-amd64 #1 ${W_TAINT}`);
  });

  it('with irqs disabled: in_atomic() 0, irqs_disabled() 1, and the irq event stamps', () => {
    const t = lockTest();
    const c = t.m.ctx;
    c.localIrqDisable({ ip: 'irq_off_here+0x8/0x40' });
    c.mightSleep({ at: 'mm/slab.h:419' });
    const out = norm(t.log(), ['irq_off_here+0x8/0x40']);
    expect(out.slice(1, 10)).toEqual([
      'in_atomic(): 0, irqs_disabled(): 1, non_block: 0, pid: 100, name: selftest',
      'preempt_count: 0, expected: 0',
      'RCU nest depth: 0, expected: 0',
      'no locks held by selftest/100.',
      'irq event stamp: 1',
      'hardirqs last  enabled at (0): [<<addr>>] 0x0',
      'hardirqs last disabled at (1): [<<addr>>] irq_off_here+0x8/0x40',
      'softirqs last  enabled at (0): [<<addr>>] 0x0',
      'softirqs last disabled at (0): [<<addr>>] 0x0',
    ]);
  });

  it('inside rcu_read_lock(): suspicious RCU usage, then the BUG with RCU nest depth 1', () => {
    const t = lockTest();
    const c = t.m.ctx;
    c.rcuReadLock({ ip: 'lookup+0x10/0x80' });
    c.mightSleep({ at: 'fs/x.c:10' });
    expect(t.kinds()).toEqual(['rcu.suspicious_usage', 'sched.sleep_in_atomic']);
    const out = norm(t.log(), ['lookup+0x10/0x80']);
    expect(out.slice(0, 15)).toEqual([
      '',
      '=============================',
      'WARNING: suspicious RCU usage',
      '6.8.12-amd64 #1 Not tainted',
      '-----------------------------',
      'include/linux/rcupdate.h:339 Illegal context switch in RCU read-side critical section!',
      '',
      'other info that might help us debug this:',
      '',
      '',
      'rcu_scheduler_active = 2, debug_locks = 1',
      '1 lock held by selftest/100:',
      ' #0: <addr> (rcu_read_lock){....}-{1:2}, at: lookup+0x10/0x80',
      '',
      'stack backtrace:',
    ]);
    expect(out).toContain('in_atomic(): 0, irqs_disabled(): 0, non_block: 0, pid: 100, name: selftest');
    expect(out).toContain('RCU nest depth: 1, expected: 0');
  });

  it('is ratelimited to one report per second, like the kernel (prev_jiffy + HZ)', () => {
    const t = lockTest();
    const c = t.m.ctx;
    c.preemptDisable();
    c.mightSleep();
    c.mightSleep();
    expect(t.kinds()).toEqual(['sched.sleep_in_atomic']);
    t.k.clock.advance(1_100_000_000);
    c.mightSleep();
    expect(t.kinds()).toEqual(['sched.sleep_in_atomic', 'sched.sleep_in_atomic']);
  });

  it('the idle task may never sleep, even with nothing held', () => {
    const t = lockTest();
    t.as('swapper/0');
    t.m.ctx.mightSleep({ at: 'kernel/x.c:1' });
    expect(t.log()[1]).toBe('in_atomic(): 0, irqs_disabled(): 0, non_block: 0, pid: 0, name: swapper/0');
    t.as('worker');
    t.m.ctx.mightSleep();
    expect(t.kinds()).toEqual(['sched.sleep_in_atomic']);
  });

  it('with CONFIG_DEBUG_PREEMPT: "Preemption disabled at:" and underflows refused', () => {
    const t = lockTest({ CONFIG_DEBUG_PREEMPT: true });
    const c = t.m.ctx;
    c.preemptDisable({ ip: 'grab_cpu+0x22/0x70' });
    c.preemptDisable({ ip: 'again+0x10/0x20' });
    c.mightSleep();
    const out = norm(t.log(), ['grab_cpu+0x22/0x70']);
    const i = out.indexOf('Preemption disabled at:');
    expect(out[i + 1]).toBe('[<<addr>>] grab_cpu+0x22/0x70');
    c.preemptEnable();
    c.preemptEnable();
    c.preemptEnable();
    expect(state(t, 'selftest').preemptCount).toBe('0x00000000');
    expect(t.log()).toContain('DEBUG_LOCKS_WARN_ON(val > preempt_count())');
  });

  it('without CONFIG_DEBUG_ATOMIC_SLEEP there is no check', () => {
    const t = lockTest({ CONFIG_DEBUG_ATOMIC_SLEEP: false });
    t.m.ctx.preemptDisable();
    t.m.ctx.mightSleep();
    expect(t.rec.findings).toEqual([]);
  });
});

describe('schedule(): BUG: scheduling while atomic', () => {
  it('a contended mutex taken under a spinlock: both BUGs, count 0x00000002, and the count reset after', () => {
    const t = lockTest();
    const l = t.m.locking;
    l.lockInit('m', 'mutex', '&dev->mutex');
    l.lockInit('s', 'spinlock', '&dev->lock');
    t.as('owner');
    l.lock('m');
    t.as('waiter', 1);
    l.lock('s', 'write', { ip: 'dev_irq_work+0x10/0x90' });
    const m = t.mark();
    l.lock('m', 'write', { ip: 'dev_irq_work+0x44/0x90' });
    expect(t.kinds()).toEqual(['sched.sleep_in_atomic', 'lockdep.invalid_wait_context', 'sched.scheduling_while_atomic']);
    const out = norm(t.log(m), ['dev_irq_work+0x44/0x90']);
    const i = out.indexOf('BUG: scheduling while atomic: waiter/102/0x00000002');
    expect(out.slice(i, i + 16)).toEqual([
      'BUG: scheduling while atomic: waiter/102/0x00000002',
      'INFO: lockdep is turned off.',
      'Modules linked in:',
      `CPU: 1 PID: 102 Comm: waiter ${W_TAINT} 6.8.12-amd64 #1`,
      'Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.3-debian-1.16.3-2 04/01/2014',
      'Call Trace:',
      ' <TASK>',
      ' dump_stack_lvl+..',
      ' __schedule_bug+..',
      ' __schedule+..',
      ' schedule+..',
      ' schedule_preempt_disabled+..',
      ' __mutex_lock+..',
      ' mutex_lock_nested+..',
      ' dev_irq_work+0x44/0x90',
      ' </TASK>',
    ]);
    expect(t.rec.findings[2]).toMatchObject({ title: 'BUG: scheduling while atomic: waiter/102/0x00000002', fields: { preempt_count: '0x00000002' } });
    // preempt_count_set(PREEMPT_DISABLED) in schedule_debug(): the spinlock's count is gone
    expect(state(t, 'waiter').preemptCount).toBe('0x00000000');
    l.unlock('s');
    expect(state(t, 'waiter').preemptCount).toBe('0x7fffffff');
  });

  it('an uncontended sleeping lock does not schedule', () => {
    const t = lockTest();
    const l = t.m.locking;
    l.lockInit('sem', 'rwsem');
    t.m.ctx.preemptDisable();
    l.lock('sem', 'read');
    expect(t.kinds()).toEqual(['sched.sleep_in_atomic']);
  });

  it('the step can force the slowpath (contended: true); only the preempt count makes it "atomic"', () => {
    const t = lockTest();
    const { locking: l, ctx: c } = t.m;
    l.lockInit('sem', 'rwsem', '&anon_vma->rwsem');
    c.localIrqDisable({ ip: 'irqs_off+0x1/0x10' });
    l.lock('sem', 'write', { contended: true });
    // irqs off is a might_sleep() BUG, but schedule_debug() only looks at preempt_count
    expect(t.kinds()).toEqual(['sched.sleep_in_atomic']);
    // and the switch back re-enables irqs (finish_task_switch -> raw_spin_rq_unlock_irq)
    expect(state(t, 'selftest').irqsDisabled).toBe(false);
    c.preemptDisable();
    l.lock('sem', 'read', { contended: true });
    expect(t.log()).toContain('BUG: scheduling while atomic: selftest/100/0x00000002');
  });

  it('seed 001: bad unlock balance, RCU nest depth -1, sleeping in atomic, scheduling while atomic', () => {
    const t = lockTest({ CONFIG_PROVE_RAW_LOCK_NESTING: true });
    const { locking: l, ctx: c } = t.m;
    t.as('khugepaged', 0);
    l.lockInit('anon_vma', 'rwsem', '&anon_vma->rwsem');
    l.lock('anon_vma', 'read');
    t.as('singlethread', 3);
    l.lockInit('mmap_lock', 'rwsem', '&mm->mmap_lock');
    l.lockInit('ptl', 'spinlock', 'ptlock_ptr(ptdesc)');
    l.lock('mmap_lock', 'read', { ip: 'do_madvise.part.0+0x178/0x518' });
    const walk = ['walk_pgd_range+0x388/0x7d8', '__walk_page_range+0x1e0/0x1f0'];
    // pte_offset_map_lock() / pte_unmap_unlock()
    c.rcuReadLock({ ip: '__pte_offset_map+0x1c/0x1a0' });
    l.lock('ptl', 'write', { ip: '__pte_offset_map_lock+0x64/0x110' });
    l.unlock('ptl', { ip: 'madvise_cold_or_pageout_pte_range+0x80c/0xea0', stack: walk });
    c.rcuReadUnlock({ ip: 'madvise_cold_or_pageout_pte_range+0x828/0xea0', stack: walk });
    // the split failed and the loop continued without re-taking the PTL
    const m = t.mark();
    l.unlock('ptl', { ip: 'madvise_cold_or_pageout_pte_range+0x80c/0xea0', stack: walk });
    c.rcuReadUnlock({ ip: 'madvise_cold_or_pageout_pte_range+0x828/0xea0', stack: walk });
    l.lock('anon_vma', 'write', { ip: 'split_huge_page_to_list_to_order+0x3c8/0x1130', stack: ['madvise_cold_or_pageout_pte_range+0x84c/0xea0', ...walk] });
    expect(t.kinds()).toEqual(['lockdep.bad_unlock_balance', 'rcu.unbalanced', 'sched.sleep_in_atomic', 'sched.scheduling_while_atomic']);
    const out = t.log(m);
    expect(out).toContain('singlethread/101 is trying to release lock (ptlock_ptr(ptdesc)) at:');
    const w = out.indexOf('------------[ cut here ]------------');
    expect(out[w + 1]).toMatch(/^WARNING: CPU: 3 PID: 101 at kernel\/rcu\/tree_plugin\.h:431 __rcu_read_unlock\+0x[0-9a-f]+\/0x[0-9a-f]+$/);
    expect(out[w + 3]).toBe('CPU: 3 PID: 101 Comm: singlethread Not tainted 6.8.12-amd64 #1');
    expect(out.slice(out.indexOf('BUG: sleeping function called from invalid context at kernel/locking/rwsem.c:1578'), out.indexOf('BUG: sleeping function called from invalid context at kernel/locking/rwsem.c:1578') + 6)).toEqual([
      'BUG: sleeping function called from invalid context at kernel/locking/rwsem.c:1578',
      'in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 101, name: singlethread',
      // x86's preempt_count() masks the inverted NEED_RESCHED bit: -1 reads 7fffffff (arm64 printed ffffffff)
      'preempt_count: 7fffffff, expected: 0',
      'RCU nest depth: -1, expected: 0',
      'INFO: lockdep is turned off.',
      `CPU: 3 PID: 101 Comm: singlethread ${W_TAINT} 6.8.12-amd64 #1`,
    ]);
    const s = out.indexOf('BUG: scheduling while atomic: singlethread/101/0x00000000');
    expect(out.slice(s, s + 3)).toEqual(['BUG: scheduling while atomic: singlethread/101/0x00000000', 'INFO: lockdep is turned off.', 'Modules linked in:']);
    expect(out.slice(s).map((x) => x.replace(/\+0x.*/, ''))).toContain(' rwsem_down_write_slowpath');
    expect(t.rec.findings[1]!.fields.depth).toBe(-1);
  });
});

describe('RCU read-side nesting', () => {
  it('an unbalanced rcu_read_unlock() is lockdep\'s bad unlock balance first, then a WARN_ON_ONCE in __rcu_read_unlock()', () => {
    const t = lockTest();
    const c = t.m.ctx;
    c.rcuReadUnlock({ ip: 'oops+0x10/0x40' });
    expect(t.kinds()).toEqual(['lockdep.bad_unlock_balance', 'rcu.unbalanced']);
    expect(t.log()).toContain('selftest/100 is trying to release lock (rcu_read_lock) at:');
    // WARN_ON_ONCE: a second underflow is silent
    c.rcuReadUnlock();
    expect(t.kinds()).toEqual(['lockdep.bad_unlock_balance', 'rcu.unbalanced']);
    expect(state(t, 'selftest').rcuDepth).toBe(-2);
    c.rcuReadLock();
    c.rcuReadLock();
    expect(state(t, 'selftest').rcuDepth).toBe(0);
  });

  it('rcu_read_lock() shows up in lockdep\'s held locks', () => {
    const t = lockTest();
    const { locking: l, ctx: c } = t.m;
    l.lockInit('s', 'spinlock');
    c.rcuReadLock({ ip: 'a+0x1/0x10' });
    l.lock('s');
    l.unlock('s');
    l.unlock('s');
    const out = norm(t.log(), ['a+0x1/0x10']);
    expect(out).toContain('1 lock held by selftest/100:');
    expect(out).toContain(' #0: <addr> (rcu_read_lock){....}-{1:2}, at: a+0x1/0x10');
  });
});
