import { describe, expect, it } from 'vitest';
import { Session } from '../session.ts';

function parse(steps: unknown[], config: unknown = {}) {
  return Session.open(JSON.stringify({ format: 'kernscope/1', name: 't', config, steps }));
}

function open(steps: unknown[], config: unknown = {}) {
  const r = parse(steps, config);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.session;
}

const twoLocks = [
  { op: 'lock_init', lock: 'a', type: 'ww_mutex', class: 'reservation_ww_class' },
  { op: 'lock_init', lock: 'b', type: 'ww_mutex', class: 'reservation_ww_class' },
];

describe('ww_mutex and fs_reclaim ops', () => {
  it('refuses bad gfp masks, wound_wait on other lock types and signal without interruptible, at their paths', () => {
    const r = parse([
      { op: 'fs_reclaim_acquire', gfp: 'GFP_KERNAL' },
      { op: 'lock_init', lock: 'm', type: 'mutex', wound_wait: true },
      { op: 'ww_mutex_lock', lock: 'a', ctx: 'c', signal: true },
      { op: 'ww_mutex_lock', lock: 'a', expect: -12 },
    ]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.path)).toEqual(['steps[0].gfp', 'steps[1].wound_wait', 'steps[2].signal', 'steps[3].expect']);
  });

  it('binds the return, checks expect, and a wrong expect fails the run', () => {
    const s = open([
      ...twoLocks,
      { op: 'ww_acquire_init', ctx: 'old', class: 'reservation_ww_class', task: 'A' },
      { op: 'ww_acquire_init', ctx: 'young', class: 'reservation_ww_class', task: 'B' },
      { op: 'ww_mutex_lock', lock: 'a', ctx: 'old', expect: 0, task: 'A' },
      { op: 'ww_mutex_lock', lock: 'b', ctx: 'young', expect: 0, task: 'B' },
      { op: 'ww_mutex_lock', lock: 'a', ctx: 'young', expect: '-EDEADLK', as: 'ret', task: 'B' },
      { op: 'ww_mutex_lock', lock: 'b', ctx: 'young', expect: 0, task: 'B' },
    ]);
    const r = s.report();
    expect(r.expectations.map((e) => [e.pass, e.message])).toEqual([
      [true, 'ww_mutex_lock(a, old) returned 0'],
      [true, 'ww_mutex_lock(b, young) returned 0'],
      [true, 'ww_mutex_lock(a, young) returned -EDEADLK'],
      [false, 'ww_mutex_lock(b, young): expected 0, returned -EALREADY'],
    ]);
    expect(r.ok).toBe(false);
    expect(s.runner.ptrs.get('ret')).toMatchObject({ kind: 'value', raw: 0xffffffffffffffddn });
  });

  it('a ww op on a plain mutex, an unknown context, and ww on 2.6.25 are input errors', () => {
    expect(open([{ op: 'lock_init', lock: 'm', type: 'mutex' }, { op: 'ww_mutex_lock', lock: 'm' }]).errors[0]).toMatchObject({ path: 'steps[1]', message: expect.stringContaining('is a mutex, not a ww_mutex') });
    expect(open([...twoLocks, { op: 'ww_mutex_lock', lock: 'a', ctx: 'nope' }]).errors[0]).toMatchObject({ path: 'steps[2]', message: expect.stringContaining('acquire context "nope" was never initialised') });
    expect(open([{ op: 'ww_acquire_init', ctx: 'c', class: 'x' }], { machine: { kernel: '2.6.25' } }).errors[0]).toMatchObject({ path: 'steps[0]', message: expect.stringContaining('Linux 3.11') });
    expect(open([{ op: 'fs_reclaim_acquire', gfp: 'GFP_KERNEL' }], { machine: { kernel: '2.6.25' } }).errors[0]).toMatchObject({ path: 'steps[0]', message: expect.stringContaining('Linux 4.14') });
    expect(open([{ op: 'ww_acquire_init', ctx: 'c', class: 'k' }, { op: 'ww_acquire_init', ctx: 'd', class: 'k', wound_wait: true }]).errors[0]).toMatchObject({ path: 'steps[1]', message: expect.stringContaining('already defined as wait-die') });
  });

  it('fs_reclaim nests recursively unless memalloc_nofs_save() masks __GFP_FS', () => {
    const nested = [
      { op: 'fs_reclaim_acquire', gfp: 'GFP_KERNEL', task: 'kswapd0' },
      { op: 'might_alloc', gfp: 'GFP_KERNEL', task: 'kswapd0' },
      { op: 'fs_reclaim_release', gfp: 'GFP_KERNEL', task: 'kswapd0' },
    ];
    expect(open(nested).report().findings.map((f) => f.kind)).toEqual(['lockdep.recursive']);
    const saved = [nested[0], { op: 'memalloc_nofs_save', as: 'f', task: 'kswapd0' }, nested[1], { op: 'memalloc_nofs_restore', flags: 'f', task: 'kswapd0' }, nested[2]];
    expect(open(saved).report().findings).toEqual([]);
    expect(open([{ op: 'fs_reclaim_acquire', gfp: 'GFP_NOFS' }, { op: 'fs_reclaim_acquire', gfp: 'GFP_ATOMIC' }, { op: 'might_alloc', gfp: 'GFP_KERNEL|__GFP_NOLOCKDEP' }]).report().findings).toEqual([]);
  });

  it('might_alloc() of a blocking mask in atomic context is a sleep-in-atomic report at include/linux/sched/mm.h', () => {
    const r = open([{ op: 'preempt_disable', task: 'worker' }, { op: 'might_alloc', gfp: 'GFP_KERNEL', task: 'worker' }, { op: 'might_alloc', gfp: 'GFP_ATOMIC', task: 'worker' }]).report();
    expect(r.findings.map((f) => f.kind)).toEqual(['sched.sleep_in_atomic']);
    expect(r.dmesg).toContain('BUG: sleeping function called from invalid context at include/linux/sched/mm.h:306');
  });

  it('seeking into a held ww context and fs_reclaim restores them', () => {
    const s = open([
      ...twoLocks,
      { op: 'ww_acquire_init', ctx: 'c', class: 'reservation_ww_class', task: 'A' },
      { op: 'ww_mutex_lock', lock: 'a', ctx: 'c', task: 'A' },
      { op: 'fs_reclaim_acquire', gfp: 'GFP_KERNEL', task: 'A' },
      { op: 'mark', label: 'held' },
      { op: 'fs_reclaim_release', gfp: 'GFP_KERNEL', task: 'A' },
      { op: 'ww_mutex_unlock', lock: 'a', task: 'A' },
      { op: 'ww_acquire_fini', ctx: 'c', task: 'A' },
      { op: 'expect', finding: 'lockdep.bad_unlock_balance', none: true },
    ]);
    const r = s.report();
    expect(r.ok).toBe(true);
    const mid = Math.floor(s.total / 2);
    s.seek(mid);
    const h = s.runner.machine.stateHash();
    s.seek(0);
    s.seek(mid);
    expect(s.runner.machine.stateHash()).toBe(h);
    s.seek(s.total);
    expect(s.runner.machine.stateHash()).toBe(r.stateHash);
    expect(s.runner.rec.findings).toEqual([]);
  });
});

describe('might_alloc() in the allocator ops (5.19+, machines with dma-buf)', () => {
  const dmabuf = { machine: { kernel: '6.8' }, kconfig: { CONFIG_DMA_SHARED_BUFFER: true } };
  const underSpinlock = [
    { op: 'lock_init', lock: 'l', type: 'spinlock' },
    { op: 'lock', lock: 'l', task: 'worker' },
    { op: 'kmalloc', size: 64, as: 'p', gfp: 'GFP_ATOMIC', task: 'worker' },
    { op: 'kmalloc', size: 64, as: 'q', task: 'worker', caller: 'my_work_fn' },
    { op: 'unlock', lock: 'l', task: 'worker' },
  ];

  it('kmalloc(GFP_KERNEL) under a spinlock sleeps in atomic; GFP_ATOMIC does not', () => {
    const r = open(underSpinlock, dmabuf).report();
    expect(r.findings.map((f) => f.kind)).toEqual(['sched.sleep_in_atomic']);
    expect(r.dmesg).toContain('BUG: sleeping function called from invalid context at include/linux/sched/mm.h:306');
    expect(r.dmesg).toMatch(/ __kmalloc\+0x[0-9a-f]+\/0x[0-9a-f]+\n.* my_work_fn\+0x[0-9a-f]+\/0x[0-9a-f]+/);
  });

  it('lockdep learns what an allocation nests in: l -> fs_reclaim', () => {
    const s = open(underSpinlock, dmabuf);
    s.seek(s.total);
    const e = s.runner.machine.locking.graph().edges.find((x) => x.from === 'l' && x.to === 'fs_reclaim');
    expect(e?.trace[0]).toMatch(/^fs_reclaim_acquire\+/);
    expect(e?.trace[1]).toMatch(/^__kmalloc\+/);
  });

  it('kmem_cache_alloc and alloc_pages too; not on 5.10, not without dma-buf', () => {
    const steps = [{ op: 'preempt_disable' }, { op: 'kmem_cache_create', cache: 'c', size: 32 }, { op: 'kmem_cache_alloc', cache: 'c', as: 'a' }, { op: 'alloc_pages', order: 0, as: 'pg', gfp: 'GFP_NOWAIT' }, { op: 'preempt_enable' }];
    expect(open(steps, dmabuf).report().findings.map((f) => f.kind)).toEqual(['sched.sleep_in_atomic']);
    expect(open(steps, { machine: { kernel: '6.8' } }).report().findings).toEqual([]);
    expect(open(steps, { machine: { kernel: '5.10' }, kconfig: { CONFIG_DMA_SHARED_BUFFER: true } }).report().findings).toEqual([]);
  });
});
