import { describe, expect, it } from 'vitest';
import { cursorRow, listRows, sortProfile, usNumber } from './ftraceModel.ts';
import type { FunctionTrace } from './slice.ts';

const trace: FunctionTrace = {
  range: 'step',
  from: 10,
  to: 50,
  label: 'step 3 (suspend)',
  calls: 3,
  header: ['# tracer: function_graph', '#'],
  lines: [
    { event: 12, text: ' 0)               |  ttm_bo_evict [ttm]() {', later: false },
    { event: 13, text: ' 0)   0.220 us    |    ttm_bo_wait [ttm]();', later: false },
    { event: 20, text: ' 0) $ 15000034 us |  }', later: false },
  ],
  omittedBefore: 7,
  omittedAfter: 0,
  stack: [],
  profile: [
    { fn: 'ttm_bo_wait', hits: 32, time: 90, avg: 2.8, s2: 1 },
    { fn: 'ttm_bo_evict', hits: 10, time: 100, avg: 10, s2: 5 },
    { fn: 'memcpy_fromio', hits: 2240, time: 50, avg: 0.02 },
  ],
};

describe('the function graph view', () => {
  it('lists what was left out, then the lines with their events', () => {
    const rows = listRows(trace);
    expect(rows.map((r) => r.kind)).toEqual(['omitted', 'line', 'line', 'line']);
    expect(rows[0]!.text).toContain('7 earlier lines');
    expect(listRows({ ...trace, omittedBefore: 0, omittedAfter: 1 }).at(-1)).toMatchObject({ kind: 'omitted', text: '   … 1 later line not shown' });
  });

  it('finds the line the cursor has just passed', () => {
    const rows = listRows(trace);
    expect(cursorRow(rows, 14)).toBe(2);
    expect(cursorRow(rows, 100)).toBe(3);
    expect(cursorRow(rows, 5)).toBe(-1);
  });

  it('sorts the profile by a column, the largest first, names alphabetically', () => {
    expect(sortProfile(trace.profile, 'time').map((e) => e.fn)).toEqual(['ttm_bo_evict', 'ttm_bo_wait', 'memcpy_fromio']);
    expect(sortProfile(trace.profile, 'hits').map((e) => e.fn)).toEqual(['memcpy_fromio', 'ttm_bo_wait', 'ttm_bo_evict']);
    expect(sortProfile(trace.profile, 'fn').map((e) => e.fn)).toEqual(['memcpy_fromio', 'ttm_bo_evict', 'ttm_bo_wait']);
    expect(sortProfile(trace.profile, 's2').map((e) => e.fn)).toEqual(['ttm_bo_evict', 'ttm_bo_wait', 'memcpy_fromio']);
    expect(usNumber(15000034.5)).toBe('15000034.500');
  });
});
