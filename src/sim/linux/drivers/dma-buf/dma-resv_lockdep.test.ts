import { describe, expect, it } from 'vitest';
import { Session } from '../../../scenario/session.ts';
import { EDEADLK } from '../../kernel/locking/ww_mutex.ts';
import { dmaResvInit, dmaResvLock, dmaResvLockSlow, dmaResvTrylock, dmaResvUnlock, dmaResvInitLock } from './dma-resv.ts';

function open(config: Record<string, unknown>, steps: unknown[] = [{ op: 'mark', label: 'booted' }]): Session {
  const r = Session.open(JSON.stringify({ format: 'kernscope/1', name: 't', config, steps }));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.session;
}

function edges(s: Session): string[] {
  s.seek(s.total);
  return s.runner.machine.locking
    .graph()
    .edges.map((e) => `${e.from} -> ${e.to}`)
    .sort();
}

describe('dma_resv_lockdep() at boot', () => {
  it('primes lockdep with the reservation order on a machine with dma-buf built in', () => {
    const s = open({ machine: { kernel: '6.8' }, kconfig: { CONFIG_DMA_SHARED_BUFFER: true } });
    expect(edges(s)).toEqual([
      '&mm->mmap_lock -> reservation_ww_class_acquire',
      'fs_reclaim -> &mapping->i_mmap_rwsem',
      'fs_reclaim -> dma_fence_map',
      'reservation_ww_class_acquire -> reservation_ww_class_mutex',
      'reservation_ww_class_mutex -> fs_reclaim',
    ]);
    const g = s.runner.machine.locking.graph();
    const e = g.edges.find((x) => x.from === 'reservation_ww_class_mutex' && x.to === 'fs_reclaim')!;
    expect(e.trace.slice(0, 2).map((f) => f.replace(/\+.*/, ''))).toEqual(['fs_reclaim_acquire', 'dma_resv_lockdep']);
    expect(e.trace.slice(2)).toEqual(['do_one_initcall+0x5f/0x2f0', 'kernel_init_freeable+0x30a/0x390', 'kernel_init+0x1a/0x1c0', 'ret_from_fork+0x31/0x50', 'ret_from_fork_asm+0x1a/0x30']);
    expect(g.classes.find((c) => c.name === 'fs_reclaim')).toMatchObject({ usage: '+.+.', waitType: '0:0' });
    expect(s.report().findings).toEqual([]);
    // everything it took is released, and the class's stamp counter moved on
    expect(s.runner.machine.locking.heldLocks().every((t) => t.lockdepDepth === 0 && t.locks.length === 0)).toBe(true);
    expect(s.runner.machine.locking.ww.ww.classOf('reservation_ww_class')?.stamp).toBe(1);
  });

  it('runs on GPU machines (5.10), not without dma-buf, not without CONFIG_LOCKDEP, not before 5.4', () => {
    expect(edges(open({ machine: { kernel: '5.10', vramMiB: 64, barMiB: 64, gpu: 'NV96' } }))).toContain('reservation_ww_class_mutex -> fs_reclaim');
    expect(edges(open({ machine: { kernel: '6.8' } }))).toEqual([]);
    expect(edges(open({ machine: { kernel: '6.8' }, kconfig: { CONFIG_DMA_SHARED_BUFFER: true, CONFIG_PROVE_LOCKING: false } }))).toEqual([]);
    expect(edges(open({ machine: { kernel: '2.6.25' }, kconfig: { CONFIG_DMA_SHARED_BUFFER: true } }))).toEqual([]);
  });
});

describe('dma_resv lock wrappers', () => {
  it('lock with and without a context, back off with lock_slow, trylock, unlock', () => {
    const s = open({ machine: { kernel: '6.8' } });
    s.seek(s.total);
    const lk = s.runner.machine.locking;
    const rec = s.runner.rec;
    const as = (task: string) => (rec.ctx = { ...rec.ctx, task });
    const a = dmaResvInit('bo_a.resv');
    const b = dmaResvInit('bo_b.resv');
    as('gem_a');
    dmaResvInitLock(lk.ww, a);
    dmaResvInitLock(lk.ww, b);
    lk.ww.wwAcquireInit('old', 'reservation_ww_class');
    as('gem_b');
    lk.ww.wwAcquireInit('young', 'reservation_ww_class');
    as('gem_a');
    expect(dmaResvLock(lk.ww, a, 'old', { ip: 'drm_gem_lock_reservations+0x9c/0x1a0' })).toBe(0);
    as('gem_b');
    expect(dmaResvLock(lk.ww, b, 'young')).toBe(0);
    expect(dmaResvLock(lk.ww, a, 'young')).toBe(-EDEADLK);
    dmaResvUnlock(lk.ww, b);
    as('gem_a');
    expect(dmaResvLock(lk.ww, b, 'old')).toBe(0);
    dmaResvUnlock(lk.ww, b);
    dmaResvUnlock(lk.ww, a);
    lk.ww.wwAcquireFini('old');
    as('gem_b');
    dmaResvLockSlow(lk.ww, a, 'young');
    expect(dmaResvTrylock(lk.ww, b)).toBe(true);
    dmaResvUnlock(lk.ww, b);
    dmaResvUnlock(lk.ww, a);
    lk.ww.wwAcquireFini('young');
    // without a context the lock is a plain mutex: a second one of the class is recursive locking
    as('shrinker');
    expect(dmaResvLock(lk.ww, a, null, { ip: 'drm_gem_shmem_free+0x7c/0x198', stack: ['panfrost_gem_free_object+0x118/0x138'] })).toBe(0);
    expect(dmaResvLock(lk.ww, b, null)).toBe(0);
    expect(rec.findings.map((f) => f.kind)).toEqual(['lockdep.recursive']);
    expect(rec.dmesg.map((l) => l.text).join('\n')).toContain('(reservation_ww_class_mutex){+.+.}-{3:3}, at: drm_gem_shmem_free+0x7c/0x198');
  });
});
