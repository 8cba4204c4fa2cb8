import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PrintkLine } from '../engine/recorder.ts';
import { Session, type RunOverrides } from '../scenario/session.ts';
import { compareRuns, diffDmesg } from './run_compare.ts';

function open(name: string, o: RunOverrides = {}): Session {
  const r = Session.open(readFileSync(join(__dirname, '../../../scenarios', `${name}.json`), 'utf8'), o);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.session;
}

function line(event: number, ns: number, text: string): PrintkLine {
  return { event, ns, level: 6, text } as PrintkLine;
}

describe('diffDmesg', () => {
  it('aligns the logs by text, not by timestamp, and marks the lines only one run printed', () => {
    const d = diffDmesg([line(1, 1000, 'one'), line(2, 2000, 'two'), line(3, 3000, 'three')], [line(1, 1000, 'one'), line(2, 9000, 'two'), line(4, 9500, 'other'), line(5, 9900, 'three')]);
    expect(d.rows).toEqual([
      { a: 0, b: 0 },
      { a: 1, b: 1 },
      { a: -1, b: 2 },
      { a: 2, b: 3 },
    ]);
    expect(d.a.differs).toEqual([false, false, false]);
    expect(d.b.differs).toEqual([false, false, true, false]);
    expect(d.b.lines[1]).toMatch(/^\[\s+0\.000009\] two$/);
    expect(d.b.events).toEqual([1, 2, 4, 5]);
  });
});

describe('compareRuns', () => {
  it('a run against itself: nothing differs, the same steps', () => {
    const c = compareRuns(open('slub-debug-vs-init-on-free'), open('slub-debug-vs-init-on-free'));
    expect(c.divergence).toBeNull();
    expect(c.onlyA).toEqual([]);
    expect(c.dmesg.rows.every((r) => r.a >= 0 && r.b >= 0)).toBe(true);
    expect(c.steps.a).toEqual(c.steps.b);
    expect(c.steps.a[0]!.from).toBe(0);
    expect(c.steps.a.at(-1)!.to).toBe(c.totalA);
    expect(c.profile).toBeNull();
    expect(structuredClone(c)).toEqual(c);
  });

  it('init_on_free off: the runs part, the secret stays in b, dmesg lines differ', () => {
    const c = compareRuns(open('slub-debug-vs-init-on-free'), open('slub-debug-vs-init-on-free', { kconfig: { CONFIG_INIT_ON_FREE_DEFAULT_ON: false } }));
    expect(c.divergence).not.toBeNull();
    expect(c.dmesg.a.differs.some(Boolean) || c.dmesg.b.differs.some(Boolean)).toBe(true);
    // steps keep their numbers in both runs
    expect(c.steps.a.map((s) => s.step)).toEqual(c.steps.b.map((s) => s.step));
  });

  it('nouveau with and without init_on_alloc: the function profiles side by side', () => {
    const c = compareRuns(open('nouveau-suspend-eviction'), open('nouveau-suspend-eviction', { cmdline: 'init_on_alloc=0 init_on_free=0' }));
    expect(c.profile).not.toBeNull();
    const row = c.profile!.rows.find((r) => r.fn === 'ttm_mem_evict_first')!;
    expect([row.a!.hits, row.b!.hits]).toEqual([10, 119]);
    expect(c.profile!.divergesIn?.fn).toBe('ttm_bo_wait_free_node');
    expect(structuredClone(c.profile)).toEqual(c.profile);
  }, 60_000);
});
