import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../worker/protocol.ts';
import { countBefore, filterByKind, kindCounts, rowAt, rowCount } from './findingsModel.ts';

const f = (kind: string, event: number): Finding => ({ kind, event, title: `${kind} ${event}`, step: 0, fields: {} });

describe('findings model', () => {
  const all = [f('mm.stray_write', 1), f('mm.stray_write', 2), f('mm.paging_request', 5), f('mm.stray_write', 7), f('slub.redzone_overwritten', 9), f('mm.stray_write', 9)];

  it('counts kinds rarest first, so the one oops is the first chip', () => {
    expect(kindCounts(all)).toEqual([
      { kind: 'mm.paging_request', count: 1 },
      { kind: 'slub.redzone_overwritten', count: 1 },
      { kind: 'mm.stray_write', count: 4 },
    ]);
    expect(kindCounts([])).toEqual([]);
  });

  it('filters by kind and splits at the cursor', () => {
    expect(filterByKind(all, 'mm.paging_request').map((x) => x.event)).toEqual([5]);
    expect(filterByKind(all, null)).toBe(all);
    expect(countBefore(all, 0)).toBe(0);
    expect(countBefore(all, 5)).toBe(2);
    expect(countBefore(all, 6)).toBe(3);
    expect(countBefore(all, 9)).toBe(4);
    expect(countBefore(all, 10)).toBe(6);
  });

  it('lays out rows: those before, a heading, those later', () => {
    expect(rowCount(6, 2)).toBe(7);
    expect(rowCount(6, 6)).toBe(6);
    expect(rowAt(1, 6, 2)).toEqual({ kind: 'finding', index: 1, later: false });
    expect(rowAt(2, 6, 2)).toEqual({ kind: 'later-heading', count: 4 });
    expect(rowAt(3, 6, 2)).toEqual({ kind: 'finding', index: 2, later: true });
    expect(rowAt(6, 6, 2)).toEqual({ kind: 'finding', index: 5, later: true });
    expect(rowAt(0, 3, 0)).toEqual({ kind: 'later-heading', count: 3 });
  });
});
