import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Session } from '../scenario/session.ts';
import { functionGraphText, functionProfile, runProfileDiff } from './function_graph.ts';

const SCENARIO = readFileSync(join(__dirname, '../../../scenarios/nouveau-suspend-eviction.json'), 'utf8');

describe('function_graph view and the profile diff (seed 000)', () => {
  it('prints the tracer layout below a graph function, with marks for long calls', () => {
    const r = Session.open(SCENARIO);
    if (!r.ok) throw new Error('bad scenario');
    const text = functionGraphText(r.session.rec, { graphFunction: 'ttm_bo_evict_mm' });
    const lines = text.split('\n');
    expect(lines.slice(0, 4)).toEqual(['# tracer: function_graph', '#', '# CPU  DURATION                  FUNCTION CALLS', '# |     |   |                     |   |   |   |']);
    expect(lines[4]).toBe(' 0)               |  ttm_bo_evict_mm [ttm]() {');
    expect(lines[5]).toBe(' 0)               |    ttm_resource_manager_force_list_clean [ttm]() {');
    expect(lines).toContainEqual(expect.stringMatching(/^ 0\) \$ 15000000 us \|\s+}$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ 0\) ! 102\.\d+ us +\|\s+memcpy_fromio\(\);$/));
    const p = functionProfile(r.session.rec, { graphFunction: 'ttm_bo_evict_mm' });
    expect(p.entries[0]!.fn).toBe('ttm_bo_evict_mm');
    expect(p.entries.find((e) => e.fn === 'memcpy_fromio')!.hits).toBe(2240);
  });

  it('diffs a good and a bad run: 119 vs 10 evictions, memcpy only in the bad one, the flows part in ttm_bo_wait_free_node', () => {
    const d = runProfileDiff(SCENARIO, { cmdline: 'slub_debug=FPZ init_on_alloc=1 init_on_free=1' }, {}, { graphFunction: 'ttm_resource_manager_force_list_clean' });
    if (!d.ok) throw new Error('bad scenario');
    const row = (fn: string) => d.diff.rows.find((r) => r.fn === fn)!;
    expect(row('ttm_mem_evict_first')).toMatchObject({ a: { hits: 119 }, b: { hits: 10 } });
    expect(d.diff.onlyB).toEqual(expect.arrayContaining(['ttm_bo_move_memcpy', 'memcpy_fromio']));
    expect(row('memcpy_fromio').a).toBeNull();
    expect(d.diff.divergesIn).toEqual({ fn: 'ttm_bo_wait_free_node', call: 'ttm_bo_wait', retA: 0, retB: -16 });
    expect(d.diff.divergence!.common.map((c) => c.fn)).toContain('ttm_bo_wait_free_node');
  });
});
