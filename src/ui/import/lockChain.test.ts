import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importText } from '../../import/importer.ts';
import { buildLockScene } from '../panels/locks/lockGraphModel.ts';
import { lockGraphOf, lockTypeOf, siteOf } from './lockChain.ts';

const seed003 = readFileSync(new URL('../../../e2e/fixtures/import/seed003-lockdep.txt', import.meta.url), 'utf8');

describe('lockGraphOf', () => {
  it('turns the chain of seed 003’s circular report into the Locks view’s graph: the recorded dependency and the refused one closing the cycle', () => {
    const f = importText(seed003).findings[0]!;
    const g = lockGraphOf(f)!;
    expect(g.classes.map((c) => [c.name, c.usage, c.waitType, c.lockType, c.hardirq, c.softirq])).toEqual([
      ['reservation_ww_class_mutex', '+.+.', '3:3', 'ww_mutex', 'unsafe', 'unsafe'],
      ['fs_reclaim', '+.+.', '0:0', 'lockdep_map', 'unsafe', 'unsafe'],
    ]);
    // -> #1 fs_reclaim was taken while #0 reservation_ww_class_mutex was held (dma_resv_lockdep)
    expect(g.edges.map((e) => [e.from, e.to, e.sites.next])).toEqual([['reservation_ww_class_mutex', 'fs_reclaim', 'dma_resv_lockdep']]);
    expect(g.cycle?.classes).toEqual(['fs_reclaim', 'reservation_ww_class_mutex']);
    const scene = buildLockScene(g, g);
    expect(scene.edges.map((e) => [e.from, e.to, e.closing, e.inCycle])).toEqual([
      ['reservation_ww_class_mutex', 'fs_reclaim', false, true],
      ['fs_reclaim', 'reservation_ww_class_mutex', true, true],
    ]);
    expect(scene.scenario?.rows.map((r) => `${r.cpu} ${r.text}`)).toEqual(['CPU0 lock(fs_reclaim);', 'CPU1 lock(reservation_ww_class_mutex);', 'CPU1 lock(fs_reclaim);', 'CPU0 lock(reservation_ww_class_mutex);']);
  });

  it('has no graph for a report without a chain', () => {
    const f = importText(seed003).findings[0]!;
    expect(lockGraphOf({ ...f, fields: {} })).toBeNull();
  });

  it('names the primitive and the call site below lockdep', () => {
    expect(lockTypeOf(['lock_acquire', '_raw_spin_lock_irqsave', 'foo'])).toBe('spinlock');
    expect(lockTypeOf(['down_write', 'foo'])).toBe('rwsem');
    expect(siteOf(['__lock_acquire', 'lock_acquire', '__mutex_lock', 'mutex_lock_nested', 'drm_gem_shmem_free'])).toBe('drm_gem_shmem_free');
  });
});
