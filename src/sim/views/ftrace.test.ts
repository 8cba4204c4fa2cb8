import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Session } from '../scenario/session.ts';
import { functionGraphText, functionProfile } from './function_graph.ts';
import { functionTrace, GRAPH_HEADER, tracedFunctions } from './ftrace.ts';

let s: Session;
beforeAll(() => {
  const r = Session.open(readFileSync(join(__dirname, '../../../scenarios/nouveau-suspend-eviction.json'), 'utf8'));
  if (!r.ok) throw new Error('bad scenario');
  s = r.session;
});

function eventOf(kind: string, bo?: string): number {
  for (let i = 0; i < s.rec.log.length; i++) {
    const e = s.rec.log.get(i);
    if (e.kind === kind && (bo === undefined || e.payload?.bo === bo)) return i;
  }
  throw new Error(`no ${kind}`);
}

describe('the function_graph listing at the cursor', () => {
  it('prints what functionGraphText() prints for the same range, each line with its event', () => {
    const at = eventOf('ttm.evict', 'ff-tex0') + 50;
    const t = functionTrace(s.rec, s.total, at, { range: 'step', limit: 1e9 });
    expect(t.label).toBe('step 24');
    expect(t.to).toBe(at);
    expect(t.header).toEqual(GRAPH_HEADER);
    const text = functionGraphText(s.rec, { from: t.from, to: t.to }).trimEnd().split('\n');
    expect([...t.header, ...t.lines.map((l) => l.text)]).toEqual(text);
    expect(t.omittedBefore).toBe(0);
    // and the profile functionProfile() makes of the range
    expect(t.profile).toEqual(functionProfile(s.rec, { from: t.from, to: t.to }).entries);
    // events rise along the listing and stay in the range
    for (let i = 1; i < t.lines.length; i++) expect(t.lines[i]!.event).toBeGreaterThanOrEqual(t.lines[i - 1]!.event);
    expect(t.lines[0]!.event).toBeGreaterThanOrEqual(t.from);
    expect(t.lines.at(-1)!.event).toBeLessThan(at);
    // the step starts with the suspend; the calls open at the cursor go down to the eviction
    expect(t.lines[0]!.text).toMatch(/pm_suspend|suspend/);
    expect(t.stack.slice(0, 6)).toEqual(expect.arrayContaining(['ttm_bo_evict_mm', 'ttm_resource_manager_force_list_clean', 'ttm_mem_evict_first', 'ttm_bo_evict']));
  });

  it('sends the last lines before the cursor and counts the others; the profile covers the whole range', () => {
    const end = s.rec.log.length;
    const t = functionTrace(s.rec, s.total, end, { range: 'run', limit: 100 });
    expect(t.lines).toHaveLength(100);
    expect(t.omittedBefore).toBeGreaterThan(1000);
    expect(t.omittedAfter).toBe(0);
    const evict = t.profile.find((e) => e.fn === 'ttm_mem_evict_first')!;
    expect(evict.hits).toBe(10);
    expect(t.profile.find((e) => e.fn === 'memcpy_fromio')!.hits).toBeGreaterThan(1000);
    // sorted by total time, as trace_stat is
    for (let i = 1; i < t.profile.length; i++) expect(t.profile[i]!.time).toBeLessThanOrEqual(t.profile[i - 1]!.time);
  });

  it('since the last mark, below one graph function, and in a window around the cursor with what follows it marked', () => {
    const at = eventOf('ttm.eviction_failed') + 1;
    const m = functionTrace(s.rec, s.total, at, { range: 'mark' });
    expect(m.label).toBe('since mark “suspend”');
    const g = functionTrace(s.rec, s.total, s.total, { range: 'mark', graphFunction: 'ttm_bo_evict', limit: 1e9 });
    expect(g.lines[0]!.text).toBe(' 0)               |  ttm_bo_evict [ttm]() {');
    expect(g.profile[0]!.fn).toBe('ttm_bo_evict');
    expect(g.profile[0]!.hits).toBe(10);
    const mid = eventOf('ttm.evict', 'ff-tex5') + 300;
    const w = functionTrace(s.rec, s.total, mid, { range: 'window', window: 200 });
    expect(w.from).toBe(mid - 200);
    expect(w.to).toBe(mid + 200);
    expect(w.lines.some((l) => l.later)).toBe(true);
    expect(w.lines.some((l) => !l.later)).toBe(true);
    for (const l of w.lines) expect(l.later).toBe(l.event >= mid);
    // depths are the step's: the window does not start the tree over at its left edge
    expect(w.lines.every((l) => !/^ 0\)\s+(\S+\s+us\s+)?\|  \S/.test(l.text))).toBe(true);
  });

  it('names every traced function, the most called first, and has nothing to say before the first event', () => {
    const fns = tracedFunctions(s.rec);
    expect(fns).toContain('ttm_mem_evict_first');
    expect(fns).toContain('memcpy_fromio');
    expect(new Set(fns).size).toBe(fns.length);
    const t = functionTrace(s.rec, s.total, 0, { range: 'step' });
    expect(t).toMatchObject({ from: 0, to: 0, calls: 0, lines: [], profile: [], stack: [] });
  });
});
