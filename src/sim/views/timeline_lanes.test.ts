import { describe, expect, it } from 'vitest';
import { EventLog, eventKind } from '../engine/events.ts';
import { timelineLanes } from './timeline_lanes.ts';

/** 40 events: task A on CPU 1 allocates and frees, task B on CPU 0 takes locks, interleaved by tens. */
function log(): EventLog {
  const l = new EventLog();
  const k = (n: string) => l.kindId(eventKind(n));
  for (let i = 0; i < 40; i++) {
    const a = Math.floor(i / 10) % 2 === 0;
    const kind = a ? (i % 3 === 0 ? 'slub.free' : 'slub.alloc') : 'lock.acquire';
    l.append(k(kind), i, i * 1000, a ? 1 : 0, l.taskId(a ? 'kunit_try_catch' : 'kworker/0:1'), 0, 0, null);
  }
  return l;
}

describe('timeline lanes', () => {
  it('count every event of the window once per CPU lane and once per task lane, in N slices', () => {
    const l = log();
    const t = timelineLanes(l, 40, 4);
    expect(t.edges).toEqual([0, 10, 20, 30, 40]);
    expect(t.lanes.map((x) => x.id)).toEqual(['cpu:0', 'cpu:1', 'task:kunit_try_catch', 'task:kworker/0:1']);
    expect(t.lanes.map((x) => x.label)).toEqual(['CPU 0', 'CPU 1', 'kunit_try_catch', 'kworker/0:1']);
    for (const by of ['cpu', 'task'] as const) expect(t.lanes.filter((x) => x.by === by).reduce((n, x) => n + x.events, 0)).toBe(40);
    const a = t.lanes.find((x) => x.id === 'task:kunit_try_catch')!;
    expect(a.buckets.map((b) => b.events)).toEqual([10, 0, 10, 0]);
    // slice 0: i = 0..9, free at 0, 3, 6, 9
    expect(a.buckets[0]!.kinds).toEqual([
      ['slub.alloc', 6],
      ['slub.free', 4],
    ]);
    expect(a.buckets[1]!.kinds).toEqual([]);
    expect(t.lanes.find((x) => x.id === 'cpu:0')!.buckets[1]!.kinds).toEqual([['lock.acquire', 10]]);
    expect(structuredClone(t)).toEqual(t);
  });

  it('cut a window only, down to one event per slice, and stay inside the run', () => {
    const l = log();
    const t = timelineLanes(l, 40, 100, 8, 13);
    expect(t.edges).toEqual([8, 9, 10, 11, 12, 13]);
    const cpu1 = t.lanes.find((x) => x.id === 'cpu:1')!;
    expect(cpu1.buckets.map((b) => b.kinds[0]?.[0] ?? null)).toEqual(['slub.alloc', 'slub.free', null, null, null]);
    expect(t.lanes.find((x) => x.id === 'cpu:0')!.events).toBe(3);
    const out = timelineLanes(l, 40, 10, 35, 500);
    expect([out.from, out.to]).toEqual([35, 40]);
    expect(timelineLanes(l, 40, 10, 50, 60).lanes).toEqual([]);
  });
});
