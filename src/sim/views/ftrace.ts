// The function_graph listing and the function profile that follow a cursor: the tracer's text of
// the events from the start of the cursor's step (or the previous mark, or the start of the run)
// up to the cursor, or of a window of events around it, each line with the event it stands for,
// the calls still open at the cursor, and the trace_stat profile of the same range. The layout is
// function_graph.ts's (functionGraphText()); the lines are rebuilt here with their events, and
// only the last `limit` of them are sent.
import type { EventLog } from '../engine/events.ts';
import type { Recorder } from '../engine/recorder.ts';
import { EV_MARK } from '../scenario/runner.ts';
import { duration, FILL, functionProfile, GRAPH_HEADER, graphCalls, modOf, type GraphCall } from './function_graph.ts';
import type { ProfileEntry } from './profile.ts';

/** What the listing covers, up to the cursor: its step, since the previous mark, the whole run; or a window of events around it. */
export type TraceRange = 'step' | 'mark' | 'run' | 'window';

export const TRACE_RANGES: readonly TraceRange[] = ['step', 'mark', 'run', 'window'];

export interface TraceArgs {
  range: TraceRange;
  /** set_graph_function: only this function and what it calls. */
  graphFunction?: string;
  /** Most lines sent (the last ones before the cursor; in a window, those nearest it). */
  limit?: number;
  /** Events each side of the cursor in 'window' mode. */
  window?: number;
}

export interface TraceLine {
  /** The event the line stands for: a call's entry, a leaf call's entry, or a return. */
  event: number;
  text: string;
  /** After the cursor ('window' only). */
  later: boolean;
}

export interface FunctionTrace {
  range: TraceRange;
  /** Events [from, to) the listing and the profile cover. */
  from: number;
  to: number;
  /** What the range is: "step 24 (suspend)", "since mark “suspend”", ... */
  label: string;
  /** Traced calls in the range (with graphFunction: below it). */
  calls: number;
  header: readonly string[];
  lines: TraceLine[];
  /** Lines of the range before and after those sent. */
  omittedBefore: number;
  omittedAfter: number;
  /** The calls open at the cursor, outermost first. */
  stack: string[];
  /** trace_stat/function0 of the range: hits, total, average and s^2 in microseconds, by total time. */
  profile: ProfileEntry[];
}

export const TRACE_LIMIT = 1500;
export const TRACE_WINDOW = 400;

export { GRAPH_HEADER };

interface Row {
  at: number;
  call: GraphCall;
  /** 'leaf': fn();  'open': fn() {  'close': } */
  what: 'leaf' | 'open' | 'close';
}

/** The rows functionGraphText() prints for these calls, in its order. */
export function graphRows(calls: readonly GraphCall[]): Row[] {
  const rows: Row[] = [];
  for (let i = 0; i < calls.length; i++) {
    const c = calls[i]!;
    const next = calls[i + 1];
    if (c.exit >= 0 && (next === undefined || next.entry > c.exit)) {
      rows.push({ at: c.entry, call: c, what: 'leaf' });
      continue;
    }
    rows.push({ at: c.entry, call: c, what: 'open' });
    if (c.exit >= 0) rows.push({ at: c.exit, call: c, what: 'close' });
  }
  // Array.prototype.sort is stable, as functionGraphText() relies on
  return rows.sort((a, b) => a.at - b.at);
}

export function rowText(r: Row): string {
  const c = r.call;
  const cpu = ` ${c.cpu}) `;
  const pad = '  '.repeat(c.depth);
  if (r.what === 'leaf') return `${cpu}${duration(c.dur)}${pad}${c.fn}${modOf(c.fn)}();`;
  if (r.what === 'open') return `${cpu}${FILL}${pad}${c.fn}${modOf(c.fn)}() {`;
  return `${cpu}${duration(c.dur)}${pad}}`;
}

// ---- ranges

/** The first event of the step event `i` belongs to (steps never decrease along the log). */
function stepStart(log: EventLog, i: number): number {
  const step = log.stepAt(i);
  let lo = 0;
  let hi = i;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (log.stepAt(mid) < step) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The last mark before `at`: its event and label, or null. */
function markBefore(log: EventLog, at: number): { event: number; label: string } | null {
  const k = log.seenKindId(EV_MARK);
  if (k < 0) return null;
  for (let i = Math.min(at, log.length) - 1; i >= 0; i--) if (log.kindAt(i) === k) return { event: i, label: String(log.payloadAt(i)?.label ?? '') };
  return null;
}

function rangeOf(log: EventLog, total: number, at: number, a: TraceArgs, stepName: (step: number) => string): { from: number; to: number; label: string } {
  const end = Math.min(at, log.length, total);
  if (a.range === 'run') return { from: 0, to: end, label: 'the run so far' };
  if (a.range === 'mark') {
    const m = markBefore(log, end);
    return m ? { from: m.event, to: end, label: `since mark “${m.label}”` } : { from: 0, to: end, label: 'the run so far (no mark before the cursor)' };
  }
  if (a.range === 'window') {
    const w = Math.max(1, Math.floor(a.window ?? TRACE_WINDOW));
    const from = Math.max(0, end - w);
    const to = Math.min(total, log.length, end + w);
    return { from, to, label: `events ${from}–${to - 1} around the cursor` };
  }
  if (end <= 0) return { from: 0, to: 0, label: 'nothing yet' };
  const step = log.stepAt(end - 1);
  return { from: stepStart(log, end - 1), to: end, label: stepName(step) };
}

/** The function_graph listing and profile for `at` (reads the recorded run only). */
export function functionTrace(rec: Recorder, total: number, at: number, a: TraceArgs, stepName: (step: number) => string = (n) => (n < 0 ? 'boot' : `step ${n}`)): FunctionTrace {
  const log = rec.log;
  const range: TraceRange = a.range;
  const { from, to, label } = rangeOf(log, total, at, a, stepName);
  const gf = a.graphFunction?.trim() || undefined;
  const r = gf === undefined ? { from, to } : { from, to, graphFunction: gf };
  // a window's calls are followed from the start of its first step, so their depths are the step's
  const callsFrom = range === 'window' && from > 0 ? stepStart(log, from) : from;
  const calls = graphCalls(log, { ...r, from: callsFrom });
  const rows = callsFrom < from ? graphRows(calls).filter((row) => row.at >= from) : graphRows(calls);
  const limit = Math.max(1, Math.floor(a.limit ?? TRACE_LIMIT));
  // the lines nearest the cursor: the last ones before it, and in a window as many after
  let first = 0;
  let last = rows.length;
  if (range === 'window') {
    let c = 0;
    while (c < rows.length && rows[c]!.at < at) c++;
    first = Math.max(0, c - Math.ceil(limit / 2));
    last = Math.min(rows.length, first + limit);
    first = Math.max(0, last - limit);
  } else first = Math.max(0, rows.length - limit);
  const lines: TraceLine[] = [];
  for (let i = first; i < last; i++) {
    const row = rows[i]!;
    lines.push({ event: row.at, text: rowText(row), later: row.at >= at });
  }
  const stack = calls.filter((c) => c.entry < at && (c.exit < 0 || c.exit >= at)).map((c) => c.fn);
  const inRange = callsFrom < from ? calls.filter((c) => c.entry >= from) : calls;
  const profile = profileOf(inRange);
  return { range, from, to, label, calls: inRange.length, header: GRAPH_HEADER, lines, omittedBefore: first, omittedAfter: rows.length - last, stack, profile };
}

/** functionProfile()'s entries for calls already followed (one walk of the log, not two): hits, total, average and s^2 in us, by total time. */
export function profileOf(calls: readonly GraphCall[]): ProfileEntry[] {
  const by = new Map<string, { hits: number; sum: number; sq: number }>();
  for (const c of calls) {
    if (c.exit < 0) continue;
    let e = by.get(c.fn);
    if (!e) by.set(c.fn, (e = { hits: 0, sum: 0, sq: 0 }));
    const us = c.dur / 1000;
    e.hits++;
    e.sum += us;
    e.sq += us * us;
  }
  const out: ProfileEntry[] = [];
  for (const [fn, e] of by) {
    const avg = e.sum / e.hits;
    out.push({ fn, hits: e.hits, time: e.sum, avg, s2: e.hits > 1 ? Math.max(0, (e.sq - e.hits * avg * avg) / (e.hits - 1)) : 0 });
  }
  return out.sort((a, b) => b.time - a.time || a.fn.localeCompare(b.fn));
}

/** Every traced function of the run, the most called first (for choosing a graph function). */
export function tracedFunctions(rec: Recorder): string[] {
  return functionProfile(rec)
    .entries.slice()
    .sort((a, b) => b.hits - a.hits || a.fn.localeCompare(b.fn))
    .map((e) => e.fn);
}
