import { describe, expect, it } from 'vitest';
import { SHRINKER_GROUP_H, SHRINKER_LANE_H, shrinkerLaneHeight, shrinkerTicks, type ShrinkerScanRow } from './ShrinkerLane.tsx';

const scan = (event: number, kind: 'scan' | 'reclaim'): ShrinkerScanRow => ({ event, kind, task: 't', text: kind });

describe('shrinker lane', () => {
  it('takes no room in a run without reclaim, a group header and one lane otherwise', () => {
    expect(shrinkerLaneHeight([])).toBe(0);
    expect(shrinkerLaneHeight([scan(3, 'reclaim')])).toBe(SHRINKER_GROUP_H + SHRINKER_LANE_H + 2);
  });

  it('places the scans of the window at their events and leaves the others out', () => {
    const t = shrinkerTicks([scan(5, 'reclaim'), scan(10, 'scan'), scan(15, 'scan'), scan(30, 'scan')], 10, 30, 100, 300);
    expect(t.map(({ x, scan: s }) => [s.event, x])).toEqual([
      [10, 100],
      [15, 150],
    ]);
  });
});
