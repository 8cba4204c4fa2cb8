// What the scrubber draws, computed from the worker's buckets: event density over
// simulated time, dmesg activity, and where labels fit.
import type { TimelineBucket } from '../worker/api.ts';

export interface DensityBar {
  from: number;
  to: number;
  /** 0..1, log-scaled events per simulated microsecond. */
  height: number;
  /** 0..1, dmesg lines relative to the busiest bucket. */
  lines: number;
  findings: number;
}

export function densityBars(buckets: readonly TimelineBucket[]): DensityBar[] {
  const rates = buckets.map((b, i) => {
    const next = buckets[i + 1];
    const span = (next ? next.startNs : b.endNs) - b.startNs;
    // a bucket whose events all happen at one instant is as dense as it gets
    return b.events === 0 ? 0 : span <= 0 ? Infinity : (b.events * 1000) / span;
  });
  const finite = rates.filter((r) => Number.isFinite(r) && r > 0);
  const lo = finite.length > 0 ? Math.min(...finite) : 1;
  const hi = finite.length > 0 ? Math.max(...finite) : 1;
  const maxLines = Math.max(1, ...buckets.map((b) => b.lines));
  const logSpan = Math.log(hi / lo) || 1;
  return buckets.map((b, i) => {
    const r = rates[i]!;
    let h = 0;
    if (r === Infinity) h = 1;
    else if (r > 0) h = hi === lo ? 0.6 : 0.15 + (0.85 * Math.log(r / lo)) / logSpan;
    return { from: b.from, to: b.to, height: h, lines: b.lines / maxLines, findings: b.findings };
  });
}

export interface Placed<T> {
  item: T;
  x: number;
  /** False when it would overlap the previous label: draw the tick only. */
  labelled: boolean;
}

/** Greedy left-to-right placement of labels of about `charW` px per character. */
export function placeLabels<T>(items: readonly T[], x: (t: T) => number, text: (t: T) => string, charW = 6, gap = 6): Placed<T>[] {
  let end = -Infinity;
  return [...items]
    .sort((a, b) => x(a) - x(b))
    .map((item) => {
      const px = x(item);
      const labelled = px >= end + gap;
      if (labelled) end = px + text(item).length * charW;
      return { item, x: px, labelled };
    });
}
