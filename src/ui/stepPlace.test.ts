import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../worker/protocol.ts';
import { cursorFor, placeOf, stepEnd } from './stepPlace.ts';

/** A log whose events have these steps. */
function log(steps: number[]) {
  return async (from: number, to: number): Promise<SimEvent[]> => steps.slice(from, to).map((step, i) => ({ index: from + i, kind: 'k', ns: 0, step, cpu: 0, task: 't', a: 0, b: 0, payload: null }));
}

describe('stepPlace', () => {
  const oldRun = [-1, -1, -1, 0, 1, 1, 1, 2];
  const newRun = [-1, -1, -1, -1, -1, 0, 1, 1, 1, 1, 2];

  it('finds the end of a step', async () => {
    expect(await stepEnd(log(oldRun), oldRun.length, 1)).toBe(7);
    expect(await stepEnd(log(oldRun), oldRun.length, -2)).toBe(0);
    expect(await stepEnd(log(oldRun), oldRun.length, 2)).toBe(8);
  });

  it('keeps the place within the step when boot grows and the step gets longer', async () => {
    // cursor 6: after the second event of step 1 (one before its end)
    const p = await placeOf(log(oldRun), oldRun.length, 6, 1);
    expect(p).toEqual({ step: 1, back: 1 });
    expect(await cursorFor(log(newRun), newRun.length, p)).toBe(9);
  });

  it('does not go before the start of the step', async () => {
    const p = { step: 0, back: 5 };
    expect(await cursorFor(log(newRun), newRun.length, p)).toBe(5);
  });
});
