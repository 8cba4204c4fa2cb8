// calib_ops_per_s: a fixed plain-JavaScript loop (integer hash mixing over a typed array) timed in
// the bench's own process, so figures from two machines, or from one loaded machine at two
// moments, can be compared as ratios to it. It never changes: a change would break every ratio.
import { performance } from 'node:perf_hooks';

const SIZE = 1 << 16;
const OPS = 20_000_000;

/** One op: mix an element into a running FNV-1a/xorshift hash and store the hash back. */
function mix(a: Uint32Array, ops: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < ops; i++) {
    const j = i & (SIZE - 1);
    h = Math.imul(h ^ a[j]!, 0x01000193);
    h ^= h >>> 15;
    a[j] = h >>> 0;
  }
  return h >>> 0;
}

/** Ops per second: the best of five timed runs of 20,000,000 ops after a warm-up. */
export function calibOpsPerS(): number {
  const a = new Uint32Array(SIZE);
  for (let i = 0; i < SIZE; i++) a[i] = Math.imul(i, 0x9e3779b1) >>> 0;
  // every op stores into the array, so the loop cannot be optimised away
  mix(a, 1_000_000);
  let best = Infinity;
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    mix(a, OPS);
    best = Math.min(best, performance.now() - t0);
  }
  return Math.round(OPS / (best / 1000));
}

/** throughput / calib_ops_per_s, with four significant digits. */
export function ratio(throughput: number | null | undefined, calib: number): number | null {
  if (throughput === null || throughput === undefined || !(calib > 0)) return null;
  return Number((throughput / calib).toPrecision(4));
}
