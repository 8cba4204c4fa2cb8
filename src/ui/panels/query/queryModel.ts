// What the query page shows, free of React: the example queries, each cell as text, the width of
// each column, the event a result row names, and the line under the results.
import type { QueryAnswer, SqlCell } from '../../../worker/protocol.ts';

export interface ExampleQuery {
  label: string;
  sql: string;
}

export const EXAMPLES: readonly ExampleQuery[] = [
  { label: 'events per kind', sql: 'SELECT kind, count(*) AS n FROM events GROUP BY kind ORDER BY n DESC' },
  { label: 'findings by kind', sql: 'SELECT kind, count(*) AS n, min(event) AS event, title FROM findings GROUP BY kind ORDER BY event' },
  { label: 'every finding', sql: 'SELECT id, event, kind, addr, title FROM findings ORDER BY id' },
  {
    label: 'writes to an address range',
    sql: "SELECT seq, kind, task, addr, details FROM events\nWHERE addr BETWEEN addr('0xffff888000000000') AND addr('0xffff8880ffffffff')\nORDER BY seq",
  },
  { label: 'writes to a physical range', sql: 'SELECT event, addr(phys) AS phys, len, writer FROM writes\nWHERE phys BETWEEN 0x0 AND 0xfffffff\nORDER BY id' },
  { label: 'events per task and CPU', sql: 'SELECT task, cpu, count(*) AS n, min(seq) AS first, max(seq) AS last FROM events GROUP BY task, cpu ORDER BY n DESC' },
  { label: 'dmesg lines at KERN_ERR or worse', sql: 'SELECT line, event, time, text FROM dmesg WHERE level <= 3 ORDER BY line' },
  { label: 'a payload field', sql: "SELECT seq, kind, json_extract(payload, '$.addr') AS addr FROM events WHERE payload IS NOT NULL LIMIT 100" },
];

export const LIMITS = [100, 1000, 10_000, 100_000] as const;

export function cellText(v: SqlCell): string {
  if (v === null) return 'NULL';
  return String(v);
}

/** Column widths in characters: the header or the widest of the first rows, within bounds. */
export function columnWidths(a: Pick<QueryAnswer, 'columns' | 'rows'>, sample = 200): number[] {
  return a.columns.map((name, i) => {
    let w = name.length;
    for (let r = 0; r < Math.min(sample, a.rows.length); r++) w = Math.max(w, cellText(a.rows[r]![i] ?? null).length);
    return Math.max(4, Math.min(60, w));
  });
}

/** The event row `r` names (in the answer's event column), or null. */
export function rowEvent(a: Pick<QueryAnswer, 'eventColumn' | 'rows'>, r: number): number | null {
  if (a.eventColumn < 0) return null;
  const v = a.rows[r]?.[a.eventColumn];
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null;
}

/** The line under the results: how many rows, whether some were left, how long it took. */
export function statusText(a: QueryAnswer): string {
  const n = a.rows.length;
  const rows = `${n} row${n === 1 ? '' : 's'}`;
  const left = a.truncated === 'limit' ? ` (the first ${a.limit}: more were left; raise the limit or add a LIMIT)` : a.truncated === 'time' ? ' (stopped reading after the time budget: narrow the query)' : '';
  const built = a.buildMs > 0 ? `, tables built in ${a.buildMs} ms` : '';
  return `${rows}${left} in ${a.runMs} ms${built}`;
}

/** Ctrl+Enter (Cmd+Enter on a Mac) runs the query. */
export function isRunKey(e: { key: string; ctrlKey: boolean; metaKey: boolean }): boolean {
  return e.key === 'Enter' && (e.ctrlKey || e.metaKey);
}
