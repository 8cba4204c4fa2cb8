// Keeping the place across a re-run with other options: event numbers shift (boot
// prints differ with the command line), so the place is kept relative to its step.
import type { SimEvent } from '../worker/protocol.ts';

type Events = (from: number, to: number) => Promise<SimEvent[]>;

/** Index of the first event of a later step than `step` (steps never decrease along the log), or `total`. */
export async function stepEnd(events: Events, total: number, step: number): Promise<number> {
  let lo = 0;
  let hi = total;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const [e] = await events(mid, mid + 1);
    if (e !== undefined && e.step > step) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Where the cursor stands within its step, counted back from the step's end. */
export interface StepPlace {
  step: number;
  back: number;
}

export async function placeOf(events: Events, total: number, cursor: number, step: number): Promise<StepPlace> {
  const end = await stepEnd(events, total, step);
  return { step, back: Math.max(0, end - cursor) };
}

/** The same place in another run: as far before the end of the same step, not before its start. */
export async function cursorFor(events: Events, total: number, p: StepPlace): Promise<number> {
  const end = await stepEnd(events, total, p.step);
  const start = await stepEnd(events, total, p.step - 1);
  return Math.max(start, end - p.back);
}
