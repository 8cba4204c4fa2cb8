import { describe, expect, it } from 'vitest';
import type { TimelineLanes } from '../../../worker/protocol.ts';
import { GROUP_H, subsystemColor, TASK_LANE_H, taskLanesHeight, visibleLanes } from './TaskLanes.tsx';

const lane = (id: string, events: number) => ({ id, by: id.startsWith('cpu') ? ('cpu' as const) : ('task' as const), label: id.slice(id.indexOf(':') + 1), events, buckets: [] });

describe('task lanes', () => {
  it('show every CPU and the busiest tasks in their own order, the rest on asking', () => {
    const l: TimelineLanes = { from: 0, to: 10, edges: [0, 10], lanes: [lane('cpu:0', 10), lane('task:a', 1), lane('task:b', 5), lane('task:c', 3), lane('task:d', 1)] };
    const v = visibleLanes(l, 2);
    expect(v.shown.map((x) => x.id)).toEqual(['cpu:0', 'task:b', 'task:c']);
    expect(v.hidden).toBe(2);
    expect(visibleLanes(l, null).shown).toHaveLength(5);
    expect(taskLanesHeight(l, 2)).toBe(2 * GROUP_H + 3 * TASK_LANE_H + 2);
    expect(taskLanesHeight(null, 2)).toBe(0);
    expect(subsystemColor('slub.alloc')).toBe(subsystemColor('slub.free'));
  });
});
