// The findings list's model: kinds with their counts (rarest first, so the one oops among
// thousands of stray writes is the first chip), the kind filter, and the cursor split.
import type { Finding } from '../../../worker/protocol.ts';
import { byCodeUnits } from '../../byCodeUnits.ts';

export interface KindCount {
  kind: string;
  count: number;
}

export function kindCounts(findings: readonly Finding[]): KindCount[] {
  const m = new Map<string, number>();
  for (const f of findings) m.set(f.kind, (m.get(f.kind) ?? 0) + 1);
  return [...m].map(([kind, count]) => ({ kind, count })).sort((a, b) => a.count - b.count || byCodeUnits(a.kind, b.kind));
}

export function filterByKind(findings: readonly Finding[], kind: string | null): readonly Finding[] {
  return kind === null ? findings : findings.filter((f) => f.kind === kind);
}

/** How many findings (in event order) come before the cursor: binary search. */
export function countBefore(findings: readonly Finding[], cursor: number): number {
  let lo = 0;
  let hi = findings.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (findings[mid]!.event < cursor) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** One row of the virtual list: a finding (index into the filtered list), or the heading of those later in the run. */
export type FindingRow = { kind: 'finding'; index: number; later: boolean } | { kind: 'later-heading'; count: number };

/** Rows of the list: findings before the cursor, then a heading and the later ones. */
export function rowCount(total: number, before: number): number {
  return total > before ? total + 1 : total;
}

export function rowAt(r: number, total: number, before: number): FindingRow {
  if (r < before) return { kind: 'finding', index: r, later: false };
  if (r === before) return { kind: 'later-heading', count: total - before };
  return { kind: 'finding', index: r - 1, later: true };
}
