// The scrubber's buckets: a window of the run cut into equal slices of events, each with its
// density over simulated time, dmesg lines, findings, text_poke() writes and stray writes.
// The UI asks for the window on screen only, so zooming into a huge run stays cheap.
import { eventKind, type Recorder } from '../engine/recorder.ts';
import { linesBefore } from './dmesg.ts';

export interface TimelineBucket {
  from: number;
  to: number;
  events: number;
  findings: number;
  /** Simulated time of the bucket's first and last event, ns: events per time is the density. */
  startNs: number;
  endNs: number;
  /** dmesg lines printed by the bucket's events. */
  lines: number;
  /** text_poke() writes (alt.text_poke events) in the bucket. */
  pokes: number;
  /** Of the findings, mm.stray_write ones: bytes that landed outside their site's frame. */
  strayWrites: number;
}

const EV_TEXT_POKE = eventKind('alt.text_poke');

/** First index of `findings` (in event order) whose event is >= e. */
function firstFindingAt(rec: Recorder, e: number): number {
  const f = rec.findings;
  let lo = 0;
  let hi = f.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (f[mid]!.event < e) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * `buckets` equal slices of events [from, to) of a run of `total` events (the whole run by default).
 * Bucket b covers [from + floor(b*n/buckets), from + floor((b+1)*n/buckets)).
 */
export function timelineBuckets(rec: Recorder, total: number, buckets: number, from = 0, to = total): TimelineBucket[] {
  const log = rec.log;
  const lo = Math.max(0, Math.min(Math.floor(from), total));
  const hi = Math.max(lo, Math.min(Math.ceil(to), total));
  const span = hi - lo;
  const n = Math.max(1, Math.min(Math.floor(buckets), Math.max(1, span)));
  const out: TimelineBucket[] = [];
  const poke = log.seenKindId(EV_TEXT_POKE);
  for (let b = 0; b < n; b++) {
    const bf = lo + Math.floor((b * span) / n);
    const bt = lo + Math.floor(((b + 1) * span) / n);
    const inLog = (i: number) => Math.min(i, log.length - 1);
    const startNs = bt > bf && log.length > 0 ? log.nsAt(inLog(bf)) : 0;
    const endNs = bt > bf && log.length > 0 ? log.nsAt(inLog(bt - 1)) : startNs;
    let pokes = 0;
    for (let i = bf; i < Math.min(bt, log.length); i++) if (log.kindAt(i) === poke) pokes++;
    out.push({ from: bf, to: bt, events: bt - bf, findings: 0, startNs, endNs, lines: linesBefore(rec.dmesg, bt) - linesBefore(rec.dmesg, bf), pokes, strayWrites: 0 });
  }
  const fs = rec.findings;
  for (let i = firstFindingAt(rec, lo); i < fs.length && fs[i]!.event < hi; i++) {
    const f = fs[i]!;
    // the bucket whose [from, to) holds the event (the estimate is off by one at most)
    let b = Math.min(n - 1, Math.floor(((f.event - lo) * n) / Math.max(1, span)));
    while (b > 0 && out[b]!.from > f.event) b--;
    while (b < n - 1 && out[b + 1]!.from <= f.event) b++;
    out[b]!.findings++;
    if (f.kind === 'mm.stray_write') out[b]!.strayWrites++;
  }
  return out;
}
