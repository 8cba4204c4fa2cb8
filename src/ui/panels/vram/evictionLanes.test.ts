import { describe, expect, it } from 'vitest';
import type { RunInfo } from '../../../worker/protocol.ts';
import type { EvictionSpan } from './gpu.ts';
import { evictionLaneRows, laneMarks, markTitle, spanKind } from './evictionLanes.ts';

function span(bo: string, from: number, to: number, outcome: EvictionSpan['outcome'] = 'moved', timedOut = false): EvictionSpan {
  return { bo, id: 0, from, to, outcome, dest: outcome === 'moved' ? 'TT' : null, error: outcome === 'failed' ? -22 : null, timedOut };
}

describe('eviction lanes', () => {
  it('one lane per memory type and LRU priority, none without a GPU', () => {
    const info = { gpu: { vramBytes: 1, barBytes: 1, lanes: [{ mem: 'VRAM', priority: 0, spans: [span('a', 1, 5)] }, { mem: 'VRAM', priority: 2, spans: [] }] } } as unknown as RunInfo;
    expect(evictionLaneRows(info).map((l) => [l.key, l.label])).toEqual([
      ['VRAM:0', 'evict VRAM prio 0'],
      ['VRAM:2', 'evict VRAM prio 2'],
    ]);
    expect(evictionLaneRows({} as RunInfo)).toEqual([]);
    expect(evictionLaneRows(null)).toEqual([]);
  });

  it('names a span by how it ended', () => {
    expect(spanKind(span('a', 0, 1))).toBe('moved');
    expect(spanKind(span('a', 0, 1, 'moved', true))).toBe('slow');
    expect(spanKind(span('a', 0, 1, 'failed', true))).toBe('failed');
    expect(spanKind(span('a', 0, 1, 'unfinished'))).toBe('unfinished');
  });

  it('draws wide spans one each and merges the narrow neighbours, named by the worst', () => {
    const x = (e: number) => e; // one event a pixel
    const wide = [span('a', 0, 100, 'moved', true), span('b', 101, 200), span('c', 200, 300, 'failed')];
    const marks = laneMarks(wide, x, 0, 1000, 0, 1000);
    expect(marks.map((m) => [m.kind, m.spans.length])).toEqual([
      ['slow', 1],
      ['moved', 1],
      ['failed', 1],
    ]);
    const narrow = Array.from({ length: 1000 }, (_, i) => span(`n${i}`, i, i + 1, i === 500 ? 'failed' : 'moved'));
    const merged = laneMarks(narrow, (e) => e / 100, 0, 1000, 0, 10);
    expect(merged.length).toBeLessThan(10);
    expect(merged.reduce((n, m) => n + m.spans.length, 0)).toBe(1000);
    expect(merged.some((m) => m.kind === 'failed')).toBe(true);
    // outside the window: left out; clipped to the lane
    expect(laneMarks(wide, x, 150, 250, 0, 1000).map((m) => m.spans[0]!.bo)).toEqual(['b', 'c']);
    expect(laneMarks(wide, (e) => e - 150, 150, 250, 0, 100)[0]!.x0).toBe(0);
  });

  it('says what a mark is', () => {
    expect(markTitle({ x0: 0, x1: 5, from: 10, to: 20, spans: [span('ff-tex5', 10, 20, 'failed', true)], kind: 'failed' })).toBe('evict ff-tex5: events 10–19, failed (-EINVAL), its fence wait timed out; pressing it picks the buffer in the VRAM view, double-clicking zooms to it');
    expect(markTitle({ x0: 0, x1: 5, from: 10, to: 40, spans: [span('a', 10, 20), span('b', 20, 40, 'failed')], kind: 'failed' })).toBe('2 evictions, events 10–39, 1 failed; double-click to zoom');
  });
});
