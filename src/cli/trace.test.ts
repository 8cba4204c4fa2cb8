import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main, type Io } from './main.ts';
import { overridesOf } from './trace.ts';

const dir = join(__dirname, '..', '..', 'scenarios');

function io() {
  const t = { out: '', err: '' };
  const x: Io = { out: (s) => void (t.out += s), err: (s) => void (t.err += s), readFile: (p) => readFileSync(p, 'utf8') };
  return { t, x };
}

describe('kernscope trace / profile / diff', () => {
  const ttm = join(dir, 'ttm-lru-eviction.json');

  it('trace prints the function_graph text, profile the trace_stat table', async () => {
    const a = io();
    expect(await main(['trace', ttm], a.x)).toBe(0);
    expect(a.t.out).toMatch(/^# tracer: function_graph\n#\n# CPU  DURATION {18}FUNCTION CALLS\n/);
    expect(a.t.out).toMatch(/ttm_bo_evict \[ttm\]\(\) \{/);
    const b = io();
    expect(await main(['profile', ttm], b.x)).toBe(0);
    expect(b.t.out).toMatch(/^ {2}Function +Hit +Time +Avg +s\^2\n/);
    expect(b.t.out).toContain('ttm_mem_evict_first');
  });

  it('diff names the first divergent event and the findings only one run has', async () => {
    const a = io();
    expect(await main(['diff', join(dir, 'slub-double-free.json'), '--a', '', '--b', '--cmdline slub_debug=-'], a.x)).toBe(0);
    expect(a.t.out).toMatch(/^first divergent event: \d+\n {2}a: /);
    expect(a.t.out).toMatch(/findings only in a: [1-9]\d*\n {2}slub\.double_free/);
    expect(a.t.out).toContain('findings only in b: 0');
  });

  it('diff --profile on the nouveau scenario: 10 vs 119 evictions, memcpy only in the failing run', async () => {
    const a = io();
    expect(await main(['diff', join(dir, 'nouveau-suspend-eviction.json'), '--a', '', '--b', "--cmdline 'init_on_alloc=0 init_on_free=0'", '--profile', '--json'], a.x)).toBe(0);
    const d = JSON.parse(a.t.out) as { profile: { rows: { fn: string; a: { hits: number } | null; b: { hits: number } | null }[]; divergesIn: { fn: string } | null } };
    const row = (fn: string) => d.profile.rows.find((r) => r.fn === fn)!;
    expect([row('ttm_mem_evict_first').a?.hits, row('ttm_mem_evict_first').b?.hits]).toEqual([10, 119]);
    expect(row('memcpy_fromio').b).toBeNull();
    expect(d.profile.divergesIn?.fn).toBe('ttm_bo_wait_free_node');
  }, 60_000);

  it('bad overrides in --a/--b are a usage error naming the flag', () => {
    expect(() => overridesOf('--b', '--kconfig FOO')).toThrow('--b: --kconfig: expected CONFIG_NAME=y or CONFIG_NAME=n, got "FOO"');
  });
});
