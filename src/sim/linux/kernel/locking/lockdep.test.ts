// Lockdep's reports in its own words and layout, its state machine, and the model's views.
import { describe, expect, it } from 'vitest';
import { LockInputError } from '../../include/linux/lockdep_types.ts';
import { lockTest, norm, selftestLocks } from '../../lib/locking-selftest_testing.ts';

describe('lockdep reports, line by line', () => {
  it('possible circular locking dependency (seed 003 layout)', () => {
    const t = lockTest();
    t.as('cc1');
    const l = t.m.locking;
    l.lockInit('fs_reclaim', 'mutex');
    l.lockInit('resv', 'ww_mutex', 'reservation_ww_class_mutex');
    // dma_resv_lockdep(): fs_reclaim taken under the reservation lock
    l.lock('resv', 'write', { ip: 'dma_resv_lockdep+0x2a0/0x3fc' });
    l.lock('fs_reclaim', 'write', { ip: 'fs_reclaim_acquire+0xb8/0x150', stack: ['dma_resv_lockdep+0x298/0x3fc'] });
    l.unlock('fs_reclaim');
    l.unlock('resv');
    const m = t.mark();
    l.lock('fs_reclaim', 'write', { ip: '__alloc_pages_slowpath.constprop.0+0x4d8/0x1470' });
    l.lock('resv', 'write', { ip: 'drm_gem_shmem_free+0x7c/0x198', stack: ['panfrost_gem_free_object+0x118/0x138'] });
    const keep = ['fs_reclaim_acquire+0xb8/0x150', 'dma_resv_lockdep+0x298/0x3fc', 'dma_resv_lockdep+0x2a0/0x3fc', '__alloc_pages_slowpath.constprop.0+0x4d8/0x1470', 'drm_gem_shmem_free+0x7c/0x198', 'panfrost_gem_free_object+0x118/0x138'];
    expect(norm(t.log(m), keep)).toEqual([
      '',
      '======================================================',
      'WARNING: possible circular locking dependency detected',
      '6.8.12-amd64 #1 Not tainted',
      '------------------------------------------------------',
      'cc1/100 is trying to acquire lock:',
      '<addr> (reservation_ww_class_mutex){+.+.}-{3:3}, at: drm_gem_shmem_free+0x7c/0x198',
      '',
      'but task is already holding lock:',
      '<addr> (fs_reclaim){+.+.}-{3:3}, at: __alloc_pages_slowpath.constprop.0+0x4d8/0x1470',
      '',
      'which lock already depends on the new lock.',
      '',
      '',
      'the existing dependency chain (in reverse order) is:',
      '',
      '-> #1 (fs_reclaim){+.+.}-{3:3}:',
      '       __mutex_lock+..',
      '       mutex_lock_nested+..',
      '       fs_reclaim_acquire+0xb8/0x150',
      '       dma_resv_lockdep+0x298/0x3fc',
      '',
      '-> #0 (reservation_ww_class_mutex){+.+.}-{3:3}:',
      '       __lock_acquire+..',
      '       lock_acquire+..',
      '       __ww_mutex_lock+..',
      '       ww_mutex_lock+..',
      '       drm_gem_shmem_free+0x7c/0x198',
      '       panfrost_gem_free_object+0x118/0x138',
      '',
      'other info that might help us debug this:',
      '',
      ' Possible unsafe locking scenario:',
      '',
      '       CPU0                    CPU1',
      '       ----                    ----',
      '  lock(fs_reclaim);',
      '                               lock(reservation_ww_class_mutex);',
      '                               lock(fs_reclaim);',
      '  lock(reservation_ww_class_mutex);',
      '',
      ' *** DEADLOCK ***',
      '',
      '1 lock held by cc1/100:',
      ' #0: <addr> (fs_reclaim){+.+.}-{3:3}, at: __alloc_pages_slowpath.constprop.0+0x4d8/0x1470',
      '',
      'stack backtrace:',
      'CPU: 0 PID: 100 Comm: cc1 Not tainted 6.8.12-amd64 #1',
      'Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.3-debian-1.16.3-2 04/01/2014',
      'Call Trace:',
      ' <TASK>',
      ' dump_stack_lvl+..',
      ' check_noncircular+..',
      ' check_prev_add+..',
      ' validate_chain+..',
      ' __lock_acquire+..',
      ' lock_acquire+..',
      ' __ww_mutex_lock+..',
      ' ww_mutex_lock+..',
      ' drm_gem_shmem_free+0x7c/0x198',
      ' panfrost_gem_free_object+0x118/0x138',
      ' </TASK>',
    ]);
    const f = t.rec.findings[0]!;
    expect(f.kind).toBe('lockdep.circular');
    expect(f.title).toBe('WARNING: possible circular locking dependency detected');
    expect(f.fields).toMatchObject({ lock: 'resv', class: 'reservation_ww_class_mutex', held: 'fs_reclaim', task: 'cc1', pid: 100, cycle: ['fs_reclaim', 'reservation_ww_class_mutex'] });
    expect(f.event).toBe(t.rec.current);
  });

  it('a longer cycle prints "Chain exists of" and every link', () => {
    const t = lockTest();
    selftestLocks(t);
    const l = t.m.locking;
    const pair = (a: string, b: string): void => (l.lock(`lock_${a}`), l.lock(`lock_${b}`), l.unlock(`lock_${b}`), l.unlock(`lock_${a}`));
    pair('A', 'B');
    pair('B', 'C');
    const m = t.mark();
    pair('C', 'A');
    const out = norm(t.log(m));
    // the held lock's class first, back to the lock being taken
    expect(out.filter((x) => x.startsWith('-> #'))).toEqual(['-> #2 (lock_C){+.+.}-{2:2}:', '-> #1 (lock_B){+.+.}-{2:2}:', '-> #0 (lock_A){+.+.}-{2:2}:']);
    const i = out.indexOf('Chain exists of:');
    expect(out.slice(i, i + 3)).toEqual(['Chain exists of:', '  lock_A --> lock_B --> lock_C', '']);
    expect(t.rec.findings[0]!.fields.cycle).toEqual(['lock_C', 'lock_A', 'lock_B']);
    expect(t.m.graph().cycle?.classes).toEqual(['lock_C', 'lock_A', 'lock_B']);
  });

  it('possible recursive locking detected', () => {
    const t = lockTest();
    t.as('kworker/0:1', 0);
    const l = t.m.locking;
    l.lockInit('&x->lock#1', 'spinlock', '&x->lock');
    l.lockInit('&x->lock#2', 'spinlock', '&x->lock');
    l.lock('&x->lock#1', 'write', { ip: 'foo+0x10/0x40' });
    const m = t.mark();
    l.lock('&x->lock#2', 'write', { ip: 'foo+0x20/0x40' });
    expect(norm(t.log(m), ['foo+0x10/0x40', 'foo+0x20/0x40'])).toEqual([
      '',
      '============================================',
      'WARNING: possible recursive locking detected',
      '6.8.12-amd64 #1 Not tainted',
      '--------------------------------------------',
      'kworker/0:1/100 is trying to acquire lock:',
      '<addr> (&x->lock){+.+.}-{2:2}, at: foo+0x20/0x40',
      '',
      'but task is already holding lock:',
      '<addr> (&x->lock){+.+.}-{2:2}, at: foo+0x10/0x40',
      '',
      'other info that might help us debug this:',
      ' Possible unsafe locking scenario:',
      '',
      '       CPU0',
      '       ----',
      '  lock(&x->lock);',
      '  lock(&x->lock);',
      '',
      ' *** DEADLOCK ***',
      '',
      ' May be due to missing lock nesting notation',
      '',
      '1 lock held by kworker/0:1/100:',
      ' #0: <addr> (&x->lock){+.+.}-{2:2}, at: foo+0x10/0x40',
      '',
      'stack backtrace:',
      'CPU: 0 PID: 100 Comm: kworker/0:1 Not tainted 6.8.12-amd64 #1',
      'Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.3-debian-1.16.3-2 04/01/2014',
      'Call Trace:',
      ' <TASK>',
      ' dump_stack_lvl+..',
      ' __lock_acquire+..',
      ' lock_acquire+..',
      ' _raw_spin_lock+..',
      ' foo+0x20/0x40',
      ' </TASK>',
    ]);
    expect(t.rec.findings.map((f) => [f.kind, f.fields.lock, f.fields.class, f.fields.held])).toEqual([['lockdep.recursive', '&x->lock#2', '&x->lock', '&x->lock']]);
  });

  it('a subclass is a separate class ("name/1"), so spin_lock_nested() is not recursion', () => {
    const t = lockTest();
    const l = t.m.locking;
    l.lockInit('p', 'spinlock', '&inode->i_lock');
    l.lockInit('q', 'spinlock', '&inode->i_lock');
    l.lock('p');
    l.lock('q', 'write', { subclass: 1 });
    expect(t.m.debugLocks).toBe(true);
    const g = t.m.graph();
    expect(g.classes.map((c) => c.name)).toEqual(['&inode->i_lock', '&inode->i_lock/1']);
    expect(g.edges.map((e) => `${e.from} -> ${e.to} ${e.deps.join()}`)).toEqual(['&inode->i_lock -> &inode->i_lock/1 EN']);
  });

  it('bad unlock balance detected (seed 001 layout)', () => {
    const t = lockTest({ CONFIG_PROVE_RAW_LOCK_NESTING: true });
    t.as('singlethread', 3);
    const l = t.m.locking;
    l.lockInit('mmap_lock', 'rwsem', '&mm->mmap_lock');
    l.lockInit('ptl', 'spinlock', 'ptlock_ptr(ptdesc)');
    l.lock('mmap_lock', 'read', { ip: 'do_madvise.part.0+0x178/0x518' });
    const m = t.mark();
    l.unlock('ptl', { ip: 'madvise_cold_or_pageout_pte_range+0x80c/0xea0', stack: ['walk_pgd_range+0x388/0x7d8'] });
    const keep = ['do_madvise.part.0+0x178/0x518', 'madvise_cold_or_pageout_pte_range+0x80c/0xea0', 'walk_pgd_range+0x388/0x7d8'];
    expect(norm(t.log(m), keep)).toEqual([
      '',
      '=====================================',
      'WARNING: bad unlock balance detected!',
      '6.8.12-amd64 #1 Not tainted',
      '-------------------------------------',
      'singlethread/100 is trying to release lock (ptlock_ptr(ptdesc)) at:',
      '[<<addr>>] madvise_cold_or_pageout_pte_range+0x80c/0xea0',
      'but there are no more locks to release!',
      '',
      'other info that might help us debug this:',
      '1 lock held by singlethread/100:',
      ' #0: <addr> (&mm->mmap_lock){.+.+}-{4:4}, at: do_madvise.part.0+0x178/0x518',
      '',
      'stack backtrace:',
      'CPU: 3 PID: 100 Comm: singlethread Not tainted 6.8.12-amd64 #1',
      'Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.3-debian-1.16.3-2 04/01/2014',
      'Call Trace:',
      ' <TASK>',
      ' dump_stack_lvl+..',
      ' print_unlock_imbalance_bug+..',
      ' lock_release+..',
      ' _raw_spin_unlock+..',
      ' madvise_cold_or_pageout_pte_range+0x80c/0xea0',
      ' walk_pgd_range+0x388/0x7d8',
      ' </TASK>',
    ]);
    expect(t.rec.findings[0]).toMatchObject({ kind: 'lockdep.bad_unlock_balance', title: 'WARNING: bad unlock balance detected!', fields: { lock: 'ptl', class: 'ptlock_ptr(ptdesc)', task: 'singlethread', pid: 100 } });
    // the real spin_unlock() still ran preempt_enable(): the count underflowed
    expect(t.m.heldLocks().find((x) => x.task === 'singlethread')!.preemptCount).toBe('0x7fffffff');
  });

  it('held lock freed! when a held lock is initialised again', () => {
    const t = lockTest();
    const l = t.m.locking;
    l.lockInit('dev->lock', 'mutex', '&dev->lock');
    l.lock('dev->lock', 'write', { ip: 'dev_open+0x20/0x80' });
    const m = t.mark();
    l.lockInit('dev->lock', 'mutex', '&dev->lock', { ip: 'dev_reset+0x30/0x90' });
    const out = norm(t.log(m), ['dev_open+0x20/0x80', 'dev_reset+0x30/0x90']);
    expect(out.slice(0, 10)).toEqual([
      '',
      '=========================',
      'WARNING: held lock freed!',
      '6.8.12-amd64 #1 Not tainted',
      '-------------------------',
      'selftest/100 is freeing memory <addr>-<addr>, with a lock still held there!',
      '<addr> (&dev->lock){+.+.}-{3:3}, at: dev_open+0x20/0x80',
      '1 lock held by selftest/100:',
      ' #0: <addr> (&dev->lock){+.+.}-{3:3}, at: dev_open+0x20/0x80',
      '',
    ]);
    expect(out.slice(15, 18)).toEqual([' dump_stack_lvl+..', ' debug_check_no_locks_freed+..', ' __mutex_init+..']);
    const f = t.rec.findings[0]!;
    expect(f.kind).toBe('lockdep.held_lock_freed');
    const [from, to] = t.log(m)[5]!.match(/[0-9a-f]{16}/g)!;
    expect(BigInt(`0x${to}`) - BigInt(`0x${from}`)).toBe(0x9fn);
    expect(f.fields.addr).toBe(`0x${from}`);
  });

  it('inconsistent {IN-HARDIRQ-W} -> {HARDIRQ-ON-W} usage', () => {
    const t = lockTest();
    selftestLocks(t);
    const { locking: l, ctx: c } = t.m;
    c.hardirqEnter({ ip: 'handle_irq+0x10/0x80' });
    l.lock('lock_A', 'write', { ip: 'my_handler+0x1c/0x60' });
    l.unlock('lock_A');
    c.hardirqExit({ ip: 'handle_irq+0x30/0x80' });
    const m = t.mark();
    l.lock('lock_A', 'write', { ip: 'my_ioctl+0x44/0x100' });
    const keep = ['my_handler+0x1c/0x60', 'my_ioctl+0x44/0x100', 'handle_irq+0x10/0x80', 'handle_irq+0x30/0x80'];
    expect(norm(t.log(m), keep)).toEqual([
      '',
      '================================',
      'WARNING: inconsistent lock state',
      '6.8.12-amd64 #1 Not tainted',
      '--------------------------------',
      'inconsistent {IN-HARDIRQ-W} -> {HARDIRQ-ON-W} usage.',
      'selftest/100 [HC0[0]:SC0[0]:HE1:SE1] takes:',
      '<addr> (lock_A){?...}-{2:2}, at: my_ioctl+0x44/0x100',
      '{IN-HARDIRQ-W} state was registered at:',
      '  lock_acquire+..',
      '  _raw_spin_lock+..',
      '  my_handler+0x1c/0x60',
      'irq event stamp: 2',
      'hardirqs last  enabled at (2): [<<addr>>] handle_irq+0x30/0x80',
      'hardirqs last disabled at (1): [<<addr>>] handle_irq+0x10/0x80',
      'softirqs last  enabled at (0): [<<addr>>] 0x0',
      'softirqs last disabled at (0): [<<addr>>] 0x0',
      '',
      'other info that might help us debug this:',
      ' Possible unsafe locking scenario:',
      '',
      '       CPU0',
      '       ----',
      '  lock(lock_A);',
      '  <Interrupt>',
      '    lock(lock_A);',
      '',
      ' *** DEADLOCK ***',
      '',
      'no locks held by selftest/100.',
      '',
      'stack backtrace:',
      'CPU: 0 PID: 100 Comm: selftest Not tainted 6.8.12-amd64 #1',
      'Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.3-debian-1.16.3-2 04/01/2014',
      'Call Trace:',
      ' <TASK>',
      ' dump_stack_lvl+..',
      ' mark_lock+..',
      ' __lock_acquire+..',
      ' lock_acquire+..',
      ' _raw_spin_lock+..',
      ' my_ioctl+0x44/0x100',
      ' </TASK>',
    ]);
    expect(t.rec.findings[0]).toMatchObject({ kind: 'lockdep.inconsistent_state', fields: { prev: 'IN-HARDIRQ-W', new: 'HARDIRQ-ON-W', class: 'lock_A' } });
  });

  it('HARDIRQ-safe -> HARDIRQ-unsafe lock order detected', () => {
    const t = lockTest();
    selftestLocks(t);
    const { locking: l, ctx: c } = t.m;
    l.lock('lock_B', 'write', { ip: 'b_user+0x10/0x40' });
    l.unlock('lock_B');
    c.hardirqEnter();
    l.lock('lock_A', 'write', { ip: 'a_irq+0x10/0x40' });
    l.unlock('lock_A');
    c.hardirqExit();
    c.localIrqDisable();
    l.lock('lock_A', 'write', { ip: 'nest+0x10/0x80' });
    const m = t.mark();
    l.lock('lock_B', 'write', { ip: 'nest+0x20/0x80' });
    const out = norm(t.log(m), ['b_user+0x10/0x40', 'a_irq+0x10/0x40', 'nest+0x10/0x80', 'nest+0x20/0x80']);
    expect(out.slice(0, 25)).toEqual([
      '',
      '=====================================================',
      'WARNING: HARDIRQ-safe -> HARDIRQ-unsafe lock order detected',
      '6.8.12-amd64 #1 Not tainted',
      '-----------------------------------------------------',
      'selftest/100 [HC0[0]:SC0[0]:HE0:SE1] is trying to acquire:',
      '<addr> (lock_B){+.+.}-{2:2}, at: nest+0x20/0x80',
      '',
      'and this task is already holding:',
      '<addr> (lock_A){-...}-{2:2}, at: nest+0x10/0x80',
      'which would create a new lock dependency:',
      ' (lock_A){-...}-{2:2} -> (lock_B){+.+.}-{2:2}',
      '',
      'but this new dependency connects a HARDIRQ-irq-safe lock:',
      ' (lock_A){-...}-{2:2}',
      '',
      '... which became HARDIRQ-irq-safe at:',
      '  lock_acquire+..',
      '  _raw_spin_lock+..',
      '  a_irq+0x10/0x40',
      '',
      'to a HARDIRQ-irq-unsafe lock:',
      ' (lock_B){+.+.}-{2:2}',
      '',
      '... which became HARDIRQ-irq-unsafe at:',
    ]);
    expect(out.slice(25, 29)).toEqual(['...', '  lock_acquire+..', '  _raw_spin_lock+..', '  b_user+0x10/0x40']);
    const s = out.indexOf(' Possible interrupt unsafe locking scenario:');
    expect(out.slice(s, s + 13)).toEqual([
      ' Possible interrupt unsafe locking scenario:',
      '',
      '       CPU0                    CPU1',
      '       ----                    ----',
      '  lock(lock_B);',
      '                               local_irq_disable();',
      '                               lock(lock_A);',
      '                               lock(lock_B);',
      '  <Interrupt>',
      '    lock(lock_A);',
      '',
      ' *** DEADLOCK ***',
      '',
    ]);
    const d = out.indexOf('the dependencies between HARDIRQ-irq-safe lock and the holding lock:');
    expect(out.slice(d + 1, d + 3)).toEqual(['-> (lock_A){-...}-{2:2} {', '   IN-HARDIRQ-W at:']);
    expect(out[d + 3]).toBe('                    lock_acquire+..');
    expect(out).toContain('the dependencies between the lock to be acquired');
    expect(out).toContain(' and HARDIRQ-irq-unsafe lock:');
    expect(out).toContain(' ... key      at: [<<addr>>] lock_A+..');
    expect(t.rec.findings[0]).toMatchObject({ kind: 'lockdep.irq_unsafe_order', title: 'WARNING: HARDIRQ-safe -> HARDIRQ-unsafe lock order detected', fields: { safe: 'lock_A', unsafe: 'lock_B', irqclass: 'HARDIRQ' } });
  });

  it('possible irq lock inversion dependency detected', () => {
    const t = lockTest();
    selftestLocks(t);
    const { locking: l, ctx: c } = t.m;
    c.localIrqDisable();
    l.lock('lock_A');
    l.lock('lock_B');
    l.unlock('lock_B');
    l.unlock('lock_A');
    c.localIrqEnable();
    l.lock('lock_B');
    l.unlock('lock_B');
    c.hardirqEnter();
    const m = t.mark();
    l.lock('lock_A', 'write', { ip: 'a_irq+0x10/0x40' });
    const out = norm(t.log(m), ['a_irq+0x10/0x40']);
    expect(out.slice(0, 17)).toEqual([
      '',
      '========================================================',
      'WARNING: possible irq lock inversion dependency detected',
      '6.8.12-amd64 #1 Not tainted',
      '--------------------------------------------------------',
      'selftest/100 just changed the state of lock:',
      '<addr> (lock_A){-...}-{2:2}, at: a_irq+0x10/0x40',
      'but this lock took another, HARDIRQ-unsafe lock in the past:',
      ' (lock_B){+.+.}-{2:2}',
      '',
      '',
      'and interrupts could create inverse lock ordering between them.',
      '',
      '',
      'other info that might help us debug this:',
      ' Possible interrupt unsafe locking scenario:',
      '',
    ]);
    expect(out).toContain('the shortest dependencies between 2nd lock and 1st lock:');
    expect(out).toContain(' <IRQ>');
    expect(t.rec.findings[0]).toMatchObject({ kind: 'lockdep.irq_inversion', fields: { class: 'lock_A', other: 'lock_B', irqclass: 'HARDIRQ', forwards: true } });
  });

  it('[ BUG: Invalid wait context ] for a mutex under a spinlock, after might_sleep complains', () => {
    const t = lockTest();
    const l = t.m.locking;
    l.lockInit('s', 'spinlock', '&s->lock');
    l.lockInit('m', 'mutex', '&m->mutex');
    l.lock('s');
    const m = t.mark();
    l.lock('m', 'write', { ip: 'bad+0x10/0x40' });
    expect(t.kinds()).toEqual(['sched.sleep_in_atomic', 'lockdep.invalid_wait_context']);
    const out = norm(t.log(m), ['bad+0x10/0x40']);
    const i = out.indexOf('[ BUG: Invalid wait context ]');
    expect(out.slice(i - 2, i + 11)).toEqual([
      '',
      '=============================',
      '[ BUG: Invalid wait context ]',
      // might_sleep()'s BUG tainted the kernel W, which print_tainted() pads to 19 flags
      `6.8.12-amd64 #1 Tainted: G        W${' '.repeat(9)}`,
      '-----------------------------',
      'selftest/100 is trying to lock:',
      // checked before the new class gets any usage bits
      '<addr> (&m->mutex){....}-{3:3}, at: bad+0x10/0x40',
      'other info that might help us debug this:',
      'context-{2:2}',
      '1 lock held by selftest/100:',
      ' #0: <addr> (&s->lock){+.+.}-{2:2}, at: locking_selftest+..',
      'stack backtrace:',
      'CPU: 0 PID: 100 Comm: selftest Tainted: G        W          6.8.12-amd64 #1',
    ]);
  });

  it('wait types as lockdep prints them, with and without CONFIG_PROVE_RAW_LOCK_NESTING', () => {
    for (const [raw, want] of [
      [false, ['{2:2}', '{2:2}', '{2:2}', '{3:3}', '{3:3}', '{1:2}']],
      [true, ['{2:2}', '{3:3}', '{3:3}', '{4:4}', '{4:4}', '{1:3}']],
    ] as const) {
      const t = lockTest({ CONFIG_PROVE_RAW_LOCK_NESTING: raw });
      const l = t.m.locking;
      l.lockInit('r', 'raw_spinlock');
      l.lockInit('s', 'spinlock');
      l.lockInit('w', 'rwlock');
      l.lockInit('m', 'mutex');
      l.lockInit('sem', 'rwsem');
      for (const x of ['r', 's', 'w', 'm', 'sem']) (l.lock(x), l.unlock(x));
      t.m.ctx.rcuReadLock();
      t.m.ctx.rcuReadUnlock();
      expect(t.m.graph().classes.map((c) => `{${c.waitType}}`)).toEqual([...want]);
    }
  });
});

describe('lockdep state machine', () => {
  it('turns itself off after the first report: later bugs print nothing', () => {
    const t = lockTest();
    selftestLocks(t);
    const l = t.m.locking;
    l.lock('lock_A');
    l.unlock('lock_A');
    l.unlock('lock_A');
    const m = t.mark();
    l.lock('lock_X1');
    l.lock('lock_X2');
    l.lock('lock_A');
    l.unlock('lock_B');
    expect(t.log(m)).toEqual([]);
    expect(t.kinds()).toEqual(['lockdep.bad_unlock_balance']);
    expect(t.m.debugLocks).toBe(false);
  });

  it('a cached chain is not validated again, a read/write difference is a new chain', () => {
    const t = lockTest();
    selftestLocks(t);
    const l = t.m.locking;
    for (let i = 0; i < 3; i++) (l.lock('rwlock_A', 'read'), l.lock('lock_B'), l.unlock('lock_B'), l.unlock('rwlock_A'));
    expect(t.m.graph().chains.process).toBe(2);
    l.lock('rwlock_A', 'write');
    l.lock('lock_B');
    expect(t.m.graph().chains.process).toBe(4);
    expect(t.m.graph().edges.map((e) => e.deps.join())).toEqual(['SN,EN']);
  });

  it('trylocks add no dependency of their own, but later locks link across them', () => {
    const t = lockTest();
    selftestLocks(t);
    const l = t.m.locking;
    l.lock('lock_A');
    expect(l.lock('lock_B', 'write', { trylock: true })).toBe(true);
    l.lock('lock_C');
    const edges = t.m.graph().edges.map((e) => `${e.from}->${e.to}:${e.distance}`);
    expect(edges.sort()).toEqual(['lock_A->lock_C:2', 'lock_B->lock_C:1']);
  });

  it('a trylock of a lock held elsewhere fails and lockdep never hears of it', () => {
    const t = lockTest();
    const l = t.m.locking;
    l.lockInit('s', 'spinlock');
    t.as('a');
    l.lock('s');
    t.as('b');
    expect(l.lock('s', 'write', { trylock: true })).toBe(false);
    const b = t.m.heldLocks().find((x) => x.task === 'b')!;
    expect([b.locks.length, b.lockdepDepth, b.preemptCount]).toEqual([0, 0, '0x00000000']);
  });

  it('an unlock out of order re-validates the locks above it (no report)', () => {
    const t = lockTest();
    selftestLocks(t);
    const l = t.m.locking;
    l.lock('lock_A');
    l.lock('lock_B');
    l.lock('lock_C');
    l.unlock('lock_A');
    expect(t.m.heldLocks()[0]!.lockdepDepth).toBe(2);
    l.unlock('lock_C');
    l.unlock('lock_B');
    expect(t.m.debugLocks).toBe(true);
    expect(t.m.heldLocks()[0]!.lockdepDepth).toBe(0);
  });

  it('BUG: MAX_LOCK_DEPTH too low! at the 48th held lock', () => {
    const t = lockTest();
    const l = t.m.locking;
    for (let i = 0; i < 48; i++) {
      l.lockInit(`l${i}`, 'mutex');
      l.lock(`l${i}`);
    }
    expect(t.kinds()).toEqual(['lockdep.max_lock_depth']);
    expect(t.log()).toContain('depth: 48  max: 48!');
  });

  it('an invalid subclass turns lockdep off', () => {
    const t = lockTest();
    const l = t.m.locking;
    l.lockInit('s', 'spinlock');
    l.lock('s', 'write', { subclass: 8 });
    expect(t.log().slice(0, 2)).toEqual(['BUG: looking up invalid subclass: 8', 'turning off the locking correctness validator.']);
    expect(t.m.debugLocks).toBe(false);
  });

  it('without CONFIG_PROVE_LOCKING there is no lockdep at all', () => {
    const t = lockTest({ CONFIG_PROVE_LOCKING: false });
    selftestLocks(t);
    const l = t.m.locking;
    l.lock('lock_A');
    l.lock('lock_A');
    l.unlock('lock_B');
    expect(t.rec.findings).toEqual([]);
    expect(t.m.graph().classes).toEqual([]);
  });

  it('with only CONFIG_DEBUG_LOCK_ALLOC it tracks held locks but proves nothing', () => {
    const t = lockTest({ CONFIG_PROVE_LOCKING: false, CONFIG_DEBUG_LOCK_ALLOC: true });
    selftestLocks(t);
    const l = t.m.locking;
    l.lock('lock_A');
    l.lock('lock_B');
    l.unlock('lock_B');
    l.unlock('lock_A');
    l.lock('lock_B');
    l.lock('lock_A');
    expect(t.rec.findings).toEqual([]);
    l.unlock('lock_C');
    expect(t.kinds()).toEqual(['lockdep.bad_unlock_balance']);
  });
});

describe('the model around lockdep', () => {
  it('input errors throw LockInputError, before anything is recorded', () => {
    const t = lockTest();
    const l = t.m.locking;
    l.lockInit('s', 'spinlock');
    const pos = t.rec.pos;
    expect(() => l.lock('nope')).toThrow(LockInputError);
    expect(() => l.unlock('nope')).toThrow(/never initialised/);
    expect(() => l.lock('s', 'read')).toThrow(/only rwlock and rwsem/);
    expect(() => l.lock('s', 'write', { ip: 'not a site' })).toThrow(LockInputError);
    expect(() => l.lock('s', 'write', { subclass: -1 })).toThrow(/subclass/);
    expect(() => l.lockInit('s', 'mutex')).toThrow(/is a spinlock/);
    expect(() => t.m.ctx.hardirqExit()).toThrow(/no matching hardirq_enter/);
    expect(() => t.m.ctx.softirqExit()).toThrow(/no matching softirq_enter/);
    expect(t.rec.pos).toBe(pos);
  });

  it('each op emits its own event; dependencies carry the event that created them', () => {
    const t = lockTest();
    const l = t.m.locking;
    l.lockInit('a', 'mutex');
    l.lockInit('b', 'mutex');
    const before = t.rec.pos;
    l.lock('a');
    l.lock('b', 'write', { ip: 'f+0x10/0x40' });
    const ev = t.rec.current;
    expect(t.rec.pos - before).toBe(2);
    const e = t.m.graph().edges[0]!;
    expect(e).toMatchObject({ from: 'a', to: 'b', deps: ['EN'], distance: 1, event: ev, sites: { prev: t.k.syms.pS('locking_selftest'), next: 'f+0x10/0x40' } });
    expect(e.trace.slice(0, 3).map((f) => f.replace(/\+.*/, ''))).toEqual(['__mutex_lock', 'mutex_lock_nested', 'f']);
  });

  it('addresses: static locks in kernel .data, embedded locks in the direct map, never overlapping', () => {
    const t = lockTest();
    const l = t.m.locking;
    l.lockInit('lock_A', 'spinlock');
    l.lockInit('&mm->mmap_lock', 'rwsem');
    l.lockInit('ptlock_ptr(ptdesc)', 'spinlock');
    t.as('a');
    for (const x of ['lock_A', '&mm->mmap_lock', 'ptlock_ptr(ptdesc)']) l.lock(x);
    const addrs = t.m.heldLocks()[1]!.locks.map((x) => x.addr);
    expect(addrs[0]).toMatch(/^0xffffffff8[0-9a-f]{7}$/);
    expect(addrs[1]).toMatch(/^0xffff888[0-9a-f]{9}$/);
    expect(addrs[2]).toMatch(/^0xffff888[0-9a-f]{9}$/);
    expect(new Set(addrs).size).toBe(3);
  });

  it('pids: swapper/N is 0, other tasks get pids from 100 in order of appearance', () => {
    const t = lockTest();
    for (const x of ['swapper/1', 'kworker/u8:2', 'swapper/0', 'systemd']) {
      t.as(x);
      t.m.ctx.preemptDisable();
      t.m.ctx.preemptEnable();
    }
    expect(t.m.heldLocks().map((x) => [x.task, x.pid])).toEqual([
      ['swapper/1', 0],
      ['kworker/u8:2', 100],
      ['swapper/0', 0],
      ['systemd', 101],
    ]);
  });

  it('snapshot and restore reproduce the same future', () => {
    const t = lockTest();
    selftestLocks(t);
    const { locking: l, ctx: c } = t.m;
    l.lock('lock_A');
    l.lock('rwlock_B', 'read');
    c.rcuReadLock();
    // debug_locks, the taint and the pids are the kernel's: the whole kernel is saved, as checkpoints do
    const snap = t.machine.snapshot();
    const pos = t.rec.pos;
    const hash0 = t.machine.stateHash();
    const future = (): void => {
      l.unlock('rwlock_B');
      l.unlock('lock_A');
      l.lock('rwlock_B', 'write');
      l.lock('lock_A');
      c.rcuReadUnlock();
      c.rcuReadUnlock();
    };
    future();
    const hash1 = t.machine.stateHash();
    const log1 = t.log().length;
    const graph1 = JSON.stringify(t.m.graph());
    for (let round = 0; round < 2; round++) {
      t.machine.restore(snap);
      t.rec.pos = pos;
      expect(t.machine.stateHash()).toBe(hash0);
      future();
      expect(t.machine.stateHash()).toBe(hash1);
      expect(JSON.stringify(t.m.graph())).toBe(graph1);
    }
    expect(t.kinds()).toEqual(['lockdep.circular', 'rcu.unbalanced', 'lockdep.circular', 'rcu.unbalanced', 'lockdep.circular', 'rcu.unbalanced']);
    expect(log1).toBeGreaterThan(0);
  });
});
