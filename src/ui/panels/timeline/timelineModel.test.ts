import { describe, expect, it } from 'vitest';
import { densityBars, findingColumns, isWholeRun, MIN_WINDOW, panWindow, phaseLabel, phaseLanes, placeLabels, windowAround, zoomWindow } from './timelineModel.ts';

const b = (from: number, to: number, startNs: number, endNs: number, lines = 0, findings = 0) => ({ from, to, events: to - from, findings, startNs, endNs, lines, pokes: 0, strayWrites: 0 });

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

describe('zoom window', () => {
  it('zooms around the event under the pointer and never past the run', () => {
    const w = zoomWindow({ from: 0, to: 1000 }, 1000, 500, 0.5);
    expect(w).toEqual({ from: 250, to: 750 });
    const left = zoomWindow({ from: 0, to: 1000 }, 1000, 0, 0.1);
    expect(left).toEqual({ from: 0, to: 100 });
    // zooming out beyond the run is the run
    expect(zoomWindow({ from: 100, to: 200 }, 1000, 150, 100)).toEqual({ from: 0, to: 1000 });
    // not narrower than MIN_WINDOW events
    expect(zoomWindow({ from: 100, to: 200 }, 1000, 150, 0.001).to - 100).toBeGreaterThanOrEqual(0);
    const tiny = zoomWindow({ from: 100, to: 200 }, 1000, 150, 0.001);
    expect(tiny.to - tiny.from).toBe(MIN_WINDOW);
    expect(panWindow({ from: 100, to: 200 }, 1000, 850)).toEqual({ from: 900, to: 1000 });
    expect(panWindow({ from: 100, to: 200 }, 1000, -500)).toEqual({ from: 0, to: 100 });
    expect(isWholeRun({ from: 0, to: 1000 }, 1000)).toBe(true);
    expect(windowAround(500, 600, 10000)).toEqual({ from: 492, to: 608 });
  });
});

describe('suspend lanes', () => {
  const p = (phase: string, from: number, to: number, cycle = 0) => ({ cycle, phase, from, to });
  it('gives a lane per phase in the order the kernel runs them, console and platform hooks sharing one', () => {
    const phases = [p('sync', 10, 11), p('freeze', 11, 12), p('suspend_console', 12, 13), p('suspend_devices', 13, 20), p('platform_prepare', 20, 21), p('disable_cpus', 21, 60), p('sleep', 60, 61), p('enable_cpus', 61, 90), p('platform_finish', 90, 91), p('resume_devices', 91, 99), p('resume_console', 99, 100), p('thaw', 100, 101), p('sync', 200, 201, 1)];
    const lanes = phaseLanes(phases);
    expect(lanes.map((l) => l.phase)).toEqual(['sync', 'freeze', 'console_platform', 'suspend_devices', 'disable_cpus', 'sleep', 'enable_cpus', 'resume_devices', 'thaw']);
    expect(lanes.map((l) => l.label)).toEqual(['sync', 'freeze tasks', 'console, platform', 'devices suspend', 'disable non-boot CPUs', 'sleep', 'enable non-boot CPUs', 'devices resume', 'thaw tasks']);
    expect(lanes[0]!.ranges).toHaveLength(2);
    expect(lanes[2]!.ranges.map((r) => r.phase)).toEqual(['suspend_console', 'platform_prepare', 'platform_finish', 'resume_console']);
    expect(phaseLabel('something_new')).toBe('something new');
  });
});

describe('finding columns', () => {
  it('draws one marker per few pixels, named by its rarest kind', () => {
    const findings = [
      ...Array.from({ length: 2000 }, (_, i) => ({ kind: 'mm.stray_write', event: 1000 + i })),
      { kind: 'mm.paging_request', event: 1500 },
      { kind: 'slub.redzone_overwritten', event: 9000 },
    ];
    const x = (e: number) => e / 100; // 100 events a pixel
    const cols = findingColumns(findings, x, 0, 10000, 5);
    expect(cols.length).toBeLessThanOrEqual(Math.ceil(100 / 5));
    expect(cols.reduce((n, c) => n + c.total, 0)).toBe(findings.length);
    const withOops = cols.find((c) => c.kinds.some(([k]) => k === 'mm.paging_request'))!;
    expect(withOops.kinds[0]).toEqual(['mm.paging_request', 1]);
    expect(cols.at(-1)!.kinds).toEqual([['slub.redzone_overwritten', 1]]);
    // those outside the window are left out
    expect(findingColumns(findings, x, 0, 2000, 5).reduce((n, c) => n + c.total, 0)).toBe(1002);
  });
});
