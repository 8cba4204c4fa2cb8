import { describe, expect, it } from 'vitest';
import { densityBars, placeLabels } from './timelineModel.ts';

const b = (from: number, to: number, startNs: number, endNs: number, lines = 0, findings = 0) => ({ from, to, events: to - from, findings, startNs, endNs, lines });

describe('densityBars', () => {
  it('is taller where events come faster in simulated time', () => {
    const bars = densityBars([b(0, 10, 0, 1_000_000_000), b(10, 20, 1_000_000_000, 1_000_010_000, 8, 1), b(20, 30, 1_000_010_000, 1_000_100_000, 2)]);
    expect(bars[1]!.height).toBeGreaterThan(bars[2]!.height);
    expect(bars[2]!.height).toBeGreaterThan(bars[0]!.height);
    expect(bars[1]!.lines).toBe(1);
    expect(bars[2]!.lines).toBe(0.25);
    expect(bars[1]!.findings).toBe(1);
  });

  it('copes with zero-length spans and empty runs', () => {
    expect(densityBars([b(0, 1, 5, 5)])[0]!.height).toBe(1);
    expect(densityBars([])).toEqual([]);
  });
});

describe('placeLabels', () => {
  it('drops labels that would overlap', () => {
    const placed = placeLabels(
      [
        { x: 0, t: 'alloc' },
        { x: 10, t: 'free' },
        { x: 100, t: 'write' },
      ],
      (m) => m.x,
      (m) => m.t,
    );
    expect(placed.map((p) => p.labelled)).toEqual([true, false, true]);
  });
});
