import { describe, expect, it } from 'vitest';
import { encodeShare } from '../share/url.ts';
import { bundledFromFiles, defaultScenario } from './bundledList.ts';
import { planFromUrl } from './startPlan.ts';

describe('planFromUrl', () => {
  const names = ['slub-double-free', 'slub-redzone-overwrite'];

  it('follows a share link', () => {
    const url = new URL(encodeShare('http://h/', '{"x":1}', 5, { cmdline: 'a' }));
    expect(planFromUrl(url.search, url.hash, names)).toEqual({ plan: { kind: 'text', text: '{"x":1}', at: 5, overrides: { cmdline: 'a' } }, error: null });
  });

  it('follows ?scenario=NAME&at=N', () => {
    expect(planFromUrl('?scenario=slub-double-free&at=3', '', names).plan).toEqual({ kind: 'bundled', name: 'slub-double-free', at: 3, overrides: {} });
  });

  it('explains a damaged link and an unknown name', () => {
    expect(planFromUrl('', '#v=1&at=-2', names).error).toContain('not a non-negative integer');
    expect(planFromUrl('', '#v=9', names).error).toContain('version');
    expect(planFromUrl('?scenario=x', '', names).error).toContain('no bundled scenario named "x"');
    expect(planFromUrl('', '', names)).toEqual({ plan: { kind: 'none' }, error: null });
  });

  it('explains a fragment or query that names no scenario (/#garbage)', () => {
    const r = planFromUrl('', '#garbage', names);
    expect(r.plan).toEqual({ kind: 'none' });
    expect(r.error).toContain('fragment "#garbage" names no scenario');
    expect(planFromUrl('?nonsense=1', '', names).error).toContain('query "?nonsense=1" names no scenario');
    expect(planFromUrl('', '#' + 'x'.repeat(100), names).error).toContain('x'.repeat(40) + '…"');
    expect(planFromUrl('', '#', names).error).toBeNull();
  });
});

describe('bundledFromFiles', () => {
  it('names scenarios by file, titles them from JSON, and survives broken files', () => {
    const list = bundledFromFiles({
      '/scenarios/slub-redzone-overwrite.json': '{"title": "Redzone overwritten"}',
      '/scenarios/a-broken.json': '{',
    });
    expect(list.map((b) => [b.name, b.title])).toEqual([
      ['a-broken', 'a-broken (not valid JSON)'],
      ['slub-redzone-overwrite', 'Redzone overwritten'],
    ]);
    expect(defaultScenario(list)?.name).toBe('slub-redzone-overwrite');
    expect(defaultScenario([])).toBeNull();
  });
});
