// One cursor for two runs: run b follows run a. While the runs agree event for event the cursor is
// the same event number; past the first divergent event it is the same scenario step, at the same
// offset into it, clamped to the step's events in b. The end of a is the end of b.
import type { RunComparison, StepSpan } from '../../worker/protocol.ts';

/** The span of the step that event `e` belongs to (spans are in log order), or null. */
function spanOf(spans: readonly StepSpan[], e: number): StepSpan | null {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const s = spans[mid]!;
    if (e < s.from) hi = mid - 1;
    else if (e >= s.to) lo = mid + 1;
    else return s;
  }
  return null;
}

/** Run b's cursor for run a's cursor `c`. */
export function linkCursor(cmp: Pick<RunComparison, 'divergence' | 'steps' | 'totalA' | 'totalB'>, c: number): number {
  const at = Math.max(0, Math.min(cmp.totalA, Math.round(c)));
  // the end of one run is the end of the other, whatever either ran after their last common step
  if (at === cmp.totalA) return cmp.totalB;
  const div = cmp.divergence?.event ?? Infinity;
  if (at <= div) return Math.min(at, cmp.totalB);
  const sa = spanOf(cmp.steps.a, at - 1);
  if (sa === null) return cmp.totalB;
  // the same step in b; the last step b reached before it if b stopped earlier
  let sb: StepSpan | null = null;
  for (const s of cmp.steps.b) {
    if (s.step === sa.step) {
      sb = s;
      break;
    }
    if (s.step < sa.step) sb = { ...s, from: s.to };
  }
  if (sb === null) return Math.min(at, cmp.totalB);
  return Math.max(sb.from, Math.min(sb.to, sb.from + (at - sa.from)));
}
