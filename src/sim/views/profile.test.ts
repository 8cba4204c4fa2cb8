import { describe, expect, it } from 'vitest';
import { convertTime, diffProfiles, firstDivergence, formatProfile, formatProfileDiff, normalizeProfile, type Profile } from './profile.ts';

const fail: Profile = {
  source: 'fail',
  unit: 'us',
  entries: [
    { fn: 'ttm_mem_evict_first', hits: 10, time: 11435990310 },
    { fn: 'memcpy_fromio', hits: 2256, time: 10367683828 },
  ],
  calls: [
    { fn: 'ttm_bo_move_accel_cleanup', depth: 0 },
    { fn: 'ttm_bo_wait_free_node', depth: 1 },
  ],
};
const ok: Profile = {
  source: 'ok',
  unit: 'ms',
  entries: [
    { fn: 'ttm_mem_evict_first', hits: 119, time: 500532.532 },
    { fn: 'ttm_tt_populate', hits: 119, time: 240333.865 },
  ],
  calls: [
    { fn: 'ttm_bo_move_accel_cleanup', depth: 0 },
    { fn: 'dma_resv_add_excl_fence', depth: 1 },
  ],
};

describe('profile diff', () => {
  it('lines up the functions of both runs in the first run’s unit', () => {
    const d = diffProfiles(fail, ok);
    expect(d.unit).toBe('us');
    expect(d.rows.map((r) => [r.fn, r.a?.hits ?? null, r.b?.hits ?? null, r.dHits])).toEqual([
      ['ttm_mem_evict_first', 10, 119, 109],
      ['memcpy_fromio', 2256, null, -2256],
      ['ttm_tt_populate', null, 119, 119],
    ]);
    expect(d.rows[0]!.b!.time).toBeCloseTo(500532532);
    expect(d.onlyA).toEqual(['memcpy_fromio']);
    expect(d.onlyB).toEqual(['ttm_tt_populate']);
    expect(d.divergence).toEqual({ index: 1, a: { fn: 'ttm_bo_wait_free_node', depth: 1 }, b: { fn: 'dma_resv_add_excl_fence', depth: 1 }, common: [{ fn: 'ttm_bo_move_accel_cleanup', depth: 0 }] });
    expect(formatProfileDiff(d, ['fail', 'ok'])).toMatch(/first divergence at call 1: fail: ttm_bo_wait_free_node  ok: dma_resv_add_excl_fence/);
  });

  it('finds no divergence in equal sequences and one at the end of a prefix', () => {
    expect(firstDivergence(fail.calls!, fail.calls!)).toBeNull();
    expect(firstDivergence(fail.calls!.slice(0, 1), fail.calls!)).toMatchObject({ index: 1, a: null });
  });

  it('merges per-CPU rows and prints the trace_stat layout', () => {
    const p = normalizeProfile({ source: 's', unit: 'us', entries: [{ fn: 'f', hits: 1, time: 2 }, { fn: 'g', hits: 1, time: 5 }, { fn: 'f', hits: 3, time: 6 }] });
    expect(p.entries).toEqual([{ fn: 'f', hits: 4, time: 8, avg: 2 }, { fn: 'g', hits: 1, time: 5 }]);
    expect(formatProfile(p).split('\n')[0]).toMatch(/^ {2}Function +Hit +Time +Avg +s\^2$/);
    expect(convertTime(1500, 'ns', 'us')).toBe(1.5);
  });
});
