import { describe, expect, it } from 'vitest';
import { compareParams, compareRequest } from './params.ts';

describe('share parameters of the second run', () => {
  it('round-trips overrides', () => {
    const o = { cmdline: 'slub_debug=FPZ init_on_alloc=1', kconfig: { CONFIG_A: false, CONFIG_B: true }, patches: { fix: true }, seed: 4 };
    const q = new URLSearchParams(compareParams(o)).toString();
    expect(compareRequest('', `#v=1&${q}`)).toEqual({ kind: 'compare', overrides: o });
    expect(compareRequest(`?scenario=x&${new URLSearchParams(compareParams({})).toString()}`, '')).toEqual({ kind: 'compare', overrides: {} });
    expect(compareRequest('?scenario=x', '')).toEqual({ kind: 'none' });
  });

  it('names a damaged parameter', () => {
    expect(compareRequest('', '#b=1&b.kconfig=CONFIG_A%3Dmaybe')).toEqual({ kind: 'error', error: expect.stringContaining('b.kconfig=CONFIG_A=maybe') });
    expect(compareRequest('', '#b=1&b.seed=-1')).toMatchObject({ kind: 'error' });
    expect(compareRequest('', '#b=1&b.patch=x')).toMatchObject({ kind: 'error' });
    expect(compareRequest('', '#b=1&b.color=red')).toMatchObject({ kind: 'error', error: expect.stringContaining('"b.color"') });
    expect(compareRequest('', '#b=yes')).toMatchObject({ kind: 'error' });
  });
});
