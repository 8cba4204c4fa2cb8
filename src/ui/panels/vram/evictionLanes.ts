// The eviction lanes of the timeline, from the run's GPU info: one lane per memory type and LRU
// priority, each eviction a span from its ttm.evict event to the move that ended it (or its
// failure). Spans narrower than a few pixels merge with their narrow neighbours into one mark,
// named by its worst outcome, so a run of ten thousand evictions still costs a few hundred nodes.
import type { RunInfo } from '../../../worker/protocol.ts';
import type { EvictionLane, EvictionSpan } from './gpu.ts';

export interface LaneRow {
  key: string;
  label: string;
  spans: readonly EvictionSpan[];
}

const NONE: readonly LaneRow[] = [];

/** The lanes of a run (none without a GPU or without evictions). */
export function evictionLaneRows(info: RunInfo | null): readonly LaneRow[] {
  const lanes = info?.gpu?.lanes;
  if (!lanes || lanes.length === 0) return NONE;
  return lanes.map((l: EvictionLane) => ({ key: `${l.mem}:${l.priority}`, label: `evict ${l.mem} prio ${l.priority}`, spans: l.spans }));
}

export type MarkKind = 'moved' | 'slow' | 'failed' | 'unfinished';

export interface LaneMark {
  x0: number;
  x1: number;
  /** Events [from, to) the mark covers. */
  from: number;
  to: number;
  spans: EvictionSpan[];
  /** The worst of its spans: failed, unfinished, slow (a fence wait timed out), moved. */
  kind: MarkKind;
}

const WORST: readonly MarkKind[] = ['failed', 'unfinished', 'slow', 'moved'];

export function spanKind(s: EvictionSpan): MarkKind {
  if (s.outcome === 'failed') return 'failed';
  if (s.outcome === 'unfinished') return 'unfinished';
  return s.timedOut ? 'slow' : 'moved';
}

/**
 * The marks to draw for the spans inside events [from, to], `x` mapping events to px. A span at
 * least `gapPx` wide is a mark of its own; narrower ones next to each other (within `gapPx`)
 * merge into one, named by their worst outcome.
 */
export function laneMarks(spans: readonly EvictionSpan[], x: (e: number) => number, from: number, to: number, left: number, right: number, gapPx = 2): LaneMark[] {
  const out: LaneMark[] = [];
  let tiny = false;
  for (const s of spans) {
    if (s.to <= from || s.from >= to) continue;
    const x0 = Math.max(left, x(s.from));
    const x1 = Math.min(right, x(s.to));
    const small = x1 - x0 < gapPx;
    const last = out[out.length - 1];
    const k = spanKind(s);
    if (small && tiny && last && x0 - last.x1 < gapPx) {
      last.x1 = Math.max(last.x1, x1);
      last.to = Math.max(last.to, s.to);
      last.spans.push(s);
      if (WORST.indexOf(k) < WORST.indexOf(last.kind)) last.kind = k;
      continue;
    }
    out.push({ x0, x1: Math.max(x1, x0 + 1), from: s.from, to: s.to, spans: [s], kind: k });
    tiny = small;
  }
  return out;
}

function errno(e: number | null): string {
  return e === -22 ? '-EINVAL' : e === -16 ? '-EBUSY' : e === -12 ? '-ENOMEM' : e === -28 ? '-ENOSPC' : String(e);
}

/** A mark's tooltip. */
export function markTitle(m: LaneMark): string {
  if (m.spans.length === 1) {
    const s = m.spans[0]!;
    const what = s.outcome === 'moved' ? `moved to ${s.dest}` : s.outcome === 'failed' ? `failed (${errno(s.error)})` : 'did not finish';
    return `evict ${s.bo}: events ${s.from}–${s.to - 1}, ${what}${s.timedOut ? ', its fence wait timed out' : ''}; pressing it picks the buffer in the VRAM view, double-clicking zooms to it`;
  }
  const failed = m.spans.filter((s) => s.outcome === 'failed').length;
  return `${m.spans.length} evictions, events ${m.from}–${m.to - 1}${failed > 0 ? `, ${failed} failed` : ''}; double-click to zoom`;
}
