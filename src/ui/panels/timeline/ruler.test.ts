import { describe, expect, it } from 'vitest';
import { eventTicks, niceStep, nsAtEvent, rangeText, secDecimals, timeTicks } from './ruler.ts';

const b = (from: number, to: number, startNs: number, endNs: number) => ({ from, to, events: to - from, findings: 0, startNs, endNs, lines: 0, pokes: 0, strayWrites: 0 });

describe('ruler', () => {
  it('ticks event numbers at 1, 2, 5 times a power of ten, far enough apart for their labels', () => {
    expect([niceStep(0.3), niceStep(3), niceStep(140), niceStep(600)]).toEqual([1, 5, 200, 1000]);
    expect(eventTicks({ from: 1200, to: 1800 }, 700)).toEqual([1200, 1300, 1400, 1500, 1600, 1700, 1800]);
    expect(eventTicks({ from: 0, to: 140916 }, 1000).slice(0, 3)).toEqual([0, 10000, 20000]);
    // single events at high zoom
    expect(eventTicks({ from: 100, to: 116 }, 1200)).toEqual(Array.from({ length: 17 }, (_, i) => 100 + i));
  });

  it('reads simulated time off the buckets and puts time ticks where the clock crosses them', () => {
    // 1.3s..1.31s over events 1200..1800 in two buckets, the second ten times slower
    const bs = [b(1200, 1500, 1_300_000_000, 1_300_100_000), b(1500, 1800, 1_300_100_000, 1_310_000_000)];
    expect(nsAtEvent(bs, 1200)).toBe(1_300_000_000);
    expect(nsAtEvent(bs, 1799)).toBe(1_310_000_000);
    expect(rangeText({ from: 1200, to: 1800 }, 140916, bs)).toBe('events 1200–1800 of 140916 · 1.30s–1.31s');
    expect(rangeText({ from: 0, to: 10 }, 10, [])).toBe('events 0–10 of 10');
    const ticks = timeTicks(bs, { from: 1200, to: 1800 }, 600);
    expect(ticks.length).toBeGreaterThan(2);
    for (let i = 1; i < ticks.length; i++) {
      expect(ticks[i]!.ns).toBeGreaterThan(ticks[i - 1]!.ns);
      expect(ticks[i]!.event).toBeGreaterThanOrEqual(ticks[i - 1]!.event);
    }
    // most of the time passes in the second bucket: so do most ticks
    expect(ticks.filter((t) => t.event >= 1500).length).toBeGreaterThan(ticks.length / 2);
    expect(ticks[0]!.label).toMatch(/^1\.30\d*s$/);
    // a window of events at one instant: that instant
    expect(timeTicks([b(10, 20, 5_000_000, 5_000_000)], { from: 10, to: 20 }, 600)).toEqual([{ ns: 5_000_000, event: 10, label: '0.005000s' }]);
    expect(secDecimals(1000)).toBe(6);
    expect(secDecimals(1e9)).toBe(0);
    expect(secDecimals(2e6)).toBe(3);
  });
});
