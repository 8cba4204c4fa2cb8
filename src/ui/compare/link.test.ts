import { describe, expect, it } from 'vitest';
import type { RunComparison } from '../../worker/protocol.ts';
import { linkCursor } from './link.ts';

describe('linkCursor', () => {
  // a: boot 0..4, step 0 4..10, step 1 10..12; b parts at event 6 and its step 0 is longer
  const cmp: Pick<RunComparison, 'divergence' | 'steps' | 'totalA' | 'totalB'> = {
    divergence: { event: 6, a: null, b: null },
    totalA: 12,
    totalB: 20,
    steps: {
      a: [
        { step: -1, from: 0, to: 4 },
        { step: 0, from: 4, to: 10 },
        { step: 1, from: 10, to: 12 },
      ],
      b: [
        { step: -1, from: 0, to: 4 },
        { step: 0, from: 4, to: 16 },
        { step: 1, from: 16, to: 20 },
      ],
    },
  };

  it('is the same event up to the divergence', () => {
    expect([0, 3, 6].map((c) => linkCursor(cmp, c))).toEqual([0, 3, 6]);
  });

  it('past it, the same step at the same offset, clamped to the step', () => {
    expect(linkCursor(cmp, 8)).toBe(8);
    expect(linkCursor(cmp, 11)).toBe(17);
    expect(linkCursor(cmp, 12)).toBe(20);
    const shortB = { ...cmp, totalB: 7, steps: { a: cmp.steps.a, b: [cmp.steps.b[0]!, { step: 0, from: 4, to: 7 }] } };
    expect(linkCursor(shortB, 9)).toBe(7);
    // b stopped before step 1: the end of what it ran
    expect(linkCursor(shortB, 11)).toBe(7);
  });

  it('the end of a is the end of b, also when b runs longer after the divergence', () => {
    expect(linkCursor({ ...cmp, divergence: { event: 12, a: null, b: null } }, 12)).toBe(20);
  });

  it('without divergence the cursors are equal', () => {
    expect(linkCursor({ ...cmp, divergence: null, totalB: 12 }, 11)).toBe(11);
  });
});
