import { describe, expect, it } from 'vitest';
import type { QueryAnswer } from '../../../worker/protocol.ts';
import { cellText, columnWidths, isRunKey, rowEvent, statusText } from './queryModel.ts';
import { FIRST_QUERY, loadQueryText, saveQueryText } from './queryText.ts';

const base: QueryAnswer = { columns: ['seq', 'kind'], rows: [[3, 'slab.alloc'], [7, null]], truncated: null, eventColumn: 0, error: null, buildMs: 0, runMs: 2, limit: 1000 };

describe('queryModel', () => {
  it('names the event of a row in the event column only', () => {
    expect(rowEvent(base, 1)).toBe(7);
    expect(rowEvent({ ...base, eventColumn: -1 }, 1)).toBeNull();
    expect(rowEvent({ ...base, rows: [['x', 1]] }, 0)).toBeNull();
  });

  it('sizes columns from the header and the rows, within bounds', () => {
    expect(columnWidths(base)).toEqual([4, 10]);
    expect(columnWidths({ columns: ['t'], rows: [['x'.repeat(500)]] })).toEqual([60]);
    expect(cellText(null)).toBe('NULL');
  });

  it('says when rows were left and when tables were built', () => {
    expect(statusText(base)).toBe('2 rows in 2 ms');
    expect(statusText({ ...base, truncated: 'limit', buildMs: 40 })).toBe('2 rows (the first 1000: more were left; raise the limit or add a LIMIT) in 2 ms, tables built in 40 ms');
    expect(statusText({ ...base, rows: [[1, 'a']], truncated: 'time' })).toMatch(/^1 row \(stopped reading/);
  });

  it('runs on Ctrl+Enter or Cmd+Enter only', () => {
    expect(isRunKey({ key: 'Enter', ctrlKey: true, metaKey: false })).toBe(true);
    expect(isRunKey({ key: 'Enter', ctrlKey: false, metaKey: true })).toBe(true);
    expect(isRunKey({ key: 'Enter', ctrlKey: false, metaKey: false })).toBe(false);
  });

  it('keeps the SQL as typed, with a first query before any', () => {
    const m = new Map<string, string>();
    const storage = { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
    expect(loadQueryText(storage)).toBe(FIRST_QUERY);
    saveQueryText('SELECT 1', storage);
    expect(loadQueryText(storage)).toBe('SELECT 1');
    expect(loadQueryText(null)).toBe(FIRST_QUERY);
  });
});
