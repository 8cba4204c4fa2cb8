// The timeline's ruler: event-number ticks and simulated-time ticks (printk seconds) at readable
// intervals for the window shown, and the window as text. Time comes from the worker's buckets
// (their first and last event's ns): events are not evenly spaced in time, so time ticks are
// placed where the run's clock crosses them.
import type { TimelineBucket } from '../../../worker/protocol.ts';
import type { TimelineWindow } from './timelineModel.ts';

/** The smallest 1, 2 or 5 times a power of ten that is at least `x` (>= `min`). */
export function niceStep(x: number, min = 1): number {
  if (!(x > min)) return min;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 5, 10]) if (m * p >= x) return Math.max(min, m * p);
  return Math.max(min, 10 * p);
}

/** Event numbers to tick, at least `minPx` apart over `px` pixels. */
export function eventTicks(w: TimelineWindow, px: number, minPx = 70): number[] {
  const span = Math.max(1, w.to - w.from);
  const step = niceStep((span * minPx) / Math.max(1, px));
  const out: number[] = [];
  for (let e = Math.ceil(w.from / step) * step; e <= w.to; e += step) out.push(e);
  return out;
}

/** Simulated time (ns) of event `e`, read off the buckets that hold it (interpolated within one). */
export function nsAtEvent(buckets: readonly TimelineBucket[], e: number): number | null {
  if (buckets.length === 0) return null;
  let lo = 0;
  let hi = buckets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (buckets[mid]!.from <= e) lo = mid;
    else hi = mid - 1;
  }
  const b = buckets[lo]!;
  const last = Math.max(b.from, b.to - 1);
  const f = last > b.from ? Math.max(0, Math.min(1, (e - b.from) / (last - b.from))) : e > b.from ? 1 : 0;
  return b.startNs + f * (b.endNs - b.startNs);
}

/** The event where the clock reaches `ns` (the first bucket whose last event is at or after it). */
function eventAtNs(buckets: readonly TimelineBucket[], ns: number): number | null {
  for (const b of buckets) {
    if (b.events === 0 || b.endNs < ns) continue;
    if (b.startNs >= ns) return b.from;
    const last = Math.max(b.from, b.to - 1);
    return b.from + ((ns - b.startNs) / Math.max(1, b.endNs - b.startNs)) * (last - b.from);
  }
  return null;
}

export interface TimeTick {
  ns: number;
  /** Where the clock crosses it, as a (fractional) event number. */
  event: number;
  label: string;
}

/** Decimals of seconds that tell ticks `stepNs` apart (printk prints microseconds: at most 6). */
export function secDecimals(stepNs: number): number {
  return Math.max(0, Math.min(6, Math.ceil(-Math.log10(Math.max(1, stepNs) / 1e9) - 1e-9)));
}

export function seconds(ns: number, decimals: number): string {
  return `${(ns / 1e9).toFixed(decimals)}s`;
}

/** Time ticks over the window at about one per `minPx` pixels of its time span, each at the event where the clock crosses it. */
export function timeTicks(buckets: readonly TimelineBucket[], w: TimelineWindow, px: number, minPx = 90): TimeTick[] {
  const t0 = nsAtEvent(buckets, w.from);
  const t1 = nsAtEvent(buckets, Math.max(w.from, w.to - 1));
  if (t0 === null || t1 === null) return [];
  // every event shown happens at one instant: that instant, at the first
  if (t1 <= t0) return [{ ns: t0, event: w.from, label: seconds(t0, 6) }];
  const step = niceStep(((t1 - t0) * minPx) / Math.max(1, px), 1000);
  const d = secDecimals(step);
  const out: TimeTick[] = [];
  for (let ns = Math.ceil(t0 / step) * step; ns <= t1 && out.length < 200; ns += step) {
    const event = eventAtNs(buckets, ns);
    if (event !== null && event >= w.from && event <= w.to) out.push({ ns, event, label: seconds(ns, d) });
  }
  return out;
}

/** "events 1200–1800 of 140916 · 1.30s–1.31s": the window shown, in events and simulated time. */
export function rangeText(w: TimelineWindow, total: number, buckets: readonly TimelineBucket[]): string {
  const ev = `events ${w.from}–${w.to} of ${total}`;
  const t0 = nsAtEvent(buckets, w.from);
  const t1 = nsAtEvent(buckets, Math.max(w.from, w.to - 1));
  if (t0 === null || t1 === null) return ev;
  const d = Math.max(2, secDecimals(Math.max(1, t1 - t0)));
  return `${ev} · ${seconds(t0, d)}–${seconds(t1, d)}`;
}
