import { describe, expect, it } from 'vitest';
import type { TimelineLanes } from '../../../worker/protocol.ts';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { GROUP_H, subsystemColor, subsystemLetters, subsystemRuns, TASK_LANE_H, TaskLanes, taskLanesHeight, visibleLanes } from './TaskLanes.tsx';

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

describe('task lanes without color', () => {
  it('give each subsystem a distinct letter, the same for the same set', () => {
    const l = subsystemLetters(['slab', 'sched', 'mm', 'slub', 'lock', 'mem']);
    // in name order: the first letter, else the next free one of the name, else a digit
    expect([...l]).toEqual([
      ['lock', 'L'],
      ['mem', 'M'],
      ['mm', '0'],
      ['sched', 'S'],
      ['slab', 'A'],
      ['slub', 'U'],
    ]);
    expect(new Set(l.values()).size).toBe(6);
    expect(subsystemLetters(['slub', 'slab', 'mem', 'mm', 'lock', 'sched'])).toEqual(l);
  });

  it('join neighbouring buckets of one subsystem into one labelled stretch', () => {
    const b = (events: number, kind: string) => ({ events, kinds: events > 0 ? ([[kind, events]] as [string, number][]) : [] });
    expect(subsystemRuns({ buckets: [b(2, 'slab.alloc'), b(1, 'slab.free'), b(0, ''), b(3, 'slab.alloc'), b(1, 'mem.write')] })).toEqual([
      [0, 1, 'slab'],
      [3, 3, 'slab'],
      [4, 4, 'mem'],
    ]);
  });

  it('draw the letter on stretches wide enough and name the letters in the header', () => {
    const bucket = (events: number, kind: string) => ({ events, kinds: events > 0 ? ([[kind, events]] as [string, number][]) : [] });
    const lanes: TimelineLanes = {
      from: 0,
      to: 4,
      edges: [0, 1, 2, 3, 4],
      lanes: [{ id: 'cpu:0', by: 'cpu', label: '0', events: 4, buckets: [bucket(1, 'slab.alloc'), bucket(1, 'slab.free'), bucket(1, 'mem.write'), bucket(1, 'mem.write')] }],
    };
    const svg = renderToStaticMarkup(createElement('svg', null, createElement(TaskLanes, { left: 40, right: 440, top: 0, lanes, limit: 8, onLimit: () => {} })));
    const letters = [...svg.matchAll(/class="tl-lane-letter"[^>]*>([^<]*)</g)].map((m) => m[1]);
    expect(letters).toEqual(['S', 'M']);
    expect(svg).toContain('Subsystem letters');
    expect(svg).toMatch(/■ M<\/tspan> mem/);
    expect(svg).toMatch(/■ S<\/tspan> slab/);
  });
});
