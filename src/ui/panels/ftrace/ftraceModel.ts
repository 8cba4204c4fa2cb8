// What the Function graph view computes from the worker's answer: the rows of the listing (the
// tracer's header, a note for the lines left out, the lines), which line the cursor is at, the
// profile sorted as asked, and numbers as trace_stat prints them.
import type { FunctionTrace, ProfileEntry, TraceRange } from './slice.ts';

export type ListRow = { kind: 'omitted'; text: string } | { kind: 'line'; text: string; event: number; later: boolean };

/** The listing's rows below the tracer's header (which stays in view above them). */
export function listRows(t: FunctionTrace): ListRow[] {
  const rows: ListRow[] = [];
  if (t.omittedBefore > 0) rows.push({ kind: 'omitted', text: `   … ${t.omittedBefore} earlier line${t.omittedBefore === 1 ? '' : 's'} of this range not shown` });
  for (const l of t.lines) rows.push({ kind: 'line', text: l.text, event: l.event, later: l.later });
  if (t.omittedAfter > 0) rows.push({ kind: 'omitted', text: `   … ${t.omittedAfter} later line${t.omittedAfter === 1 ? '' : 's'} not shown` });
  return rows;
}

/** The row of the last line before the cursor (what the cursor has just done), or -1. */
export function cursorRow(rows: readonly ListRow[], cursor: number): number {
  let at = -1;
  rows.forEach((r, i) => {
    if (r.kind === 'line' && r.event < cursor) at = i;
  });
  return at;
}

export type SortKey = 'fn' | 'hits' | 'time' | 'avg' | 's2';

export function sortProfile(entries: readonly ProfileEntry[], key: SortKey): ProfileEntry[] {
  const v = (e: ProfileEntry): number => (key === 'hits' ? e.hits : key === 'avg' ? (e.avg ?? (e.hits > 0 ? e.time / e.hits : 0)) : key === 's2' ? (e.s2 ?? 0) : e.time);
  return [...entries].sort((a, b) => (key === 'fn' ? a.fn.localeCompare(b.fn) : v(b) - v(a) || a.fn.localeCompare(b.fn)));
}

/** Microseconds as trace_stat prints them, without the unit (the column names it): "1234.567". */
export function usNumber(us: number): string {
  return us.toFixed(3);
}

export const RANGE_LABELS: Readonly<Record<TraceRange, string>> = { step: 'step', mark: 'since mark', run: 'whole run', window: 'around cursor' };

export const RANGE_TITLES: Readonly<Record<TraceRange, string>> = {
  step: 'from the start of the cursor’s step up to the cursor',
  mark: 'from the last mark before the cursor up to it',
  run: 'from the start of the run up to the cursor',
  window: 'a window of events either side of the cursor (what follows it dimmed)',
};
