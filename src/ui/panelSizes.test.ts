import { describe, expect, it } from 'vitest';
import { decodeSizes, DEFAULT_SIZES, encodeSizes, initialSizes, saveSizes, SIZES_KEY, sizesParam, withSizes } from './panelSizes.ts';

function storage(init: Record<string, string> = {}) {
  const m = { ...init };
  return { m, getItem: (k: string) => m[k] ?? null, setItem: (k: string, v: string) => void (m[k] = v) };
}

describe('panel sizes', () => {
  it('round-trips through the compact parameter', () => {
    const s = { left: 18.25, right: 30, log: 60.04 };
    expect(encodeSizes(s)).toBe('18.3,30,60');
    expect(decodeSizes('18.3,30,60')).toEqual({ left: 18.3, right: 30, log: 60 });
    expect(sizesParam(s)).toBe('&layout=18.3,30,60');
    expect(sizesParam(DEFAULT_SIZES)).toBe('');
  });

  it('ignores corrupt values', () => {
    for (const bad of ['', 'x', '22,50', '22,50,40,1', '1,50,50', '50,45,50', '22,22,99', '-5,22,47', '22,22,NaN', '22 ,22,47', '1e1,22,47']) {
      expect(decodeSizes(bad), bad).toBeNull();
    }
  });

  it('opens with the link, else the browser, else the defaults', () => {
    const st = storage({ [SIZES_KEY]: '30,20,40' });
    expect(initialSizes('?scenario=x&layout=15,25,60', '', st)).toEqual({ left: 15, right: 25, log: 60 });
    expect(initialSizes('?layout=15,25,60', '#layout=16,26,61', st)).toEqual({ left: 16, right: 26, log: 61 });
    expect(initialSizes('?layout=garbage', '', st)).toEqual({ left: 30, right: 20, log: 40 });
    expect(initialSizes('', '', storage({ [SIZES_KEY]: '{"broken' }))).toEqual(DEFAULT_SIZES);
    expect(initialSizes('', '', null)).toEqual(DEFAULT_SIZES);
    const out = storage();
    saveSizes(out, { left: 20, right: 21, log: 50 });
    expect(out.m[SIZES_KEY]).toBe('20,21,50');
  });
});

describe('withSizes', () => {
  const s = { left: 18, right: 25, log: 60 };
  it('puts layout= in the query of a ?scenario= address and in the fragment of a share link', () => {
    expect(withSizes('http://h/?scenario=x', s)).toBe('http://h/?scenario=x&layout=18,25,60');
    expect(withSizes('http://h/#v=1&s=abc&at=3', s)).toBe('http://h/#v=1&s=abc&at=3&layout=18,25,60');
    expect(withSizes('http://h/', s)).toBe('http://h/?layout=18,25,60');
  });

  it('replaces a layout it had, wherever it was, and drops it for the defaults', () => {
    expect(withSizes('http://h/?scenario=x&layout=10,10,10&at=2', s)).toBe('http://h/?scenario=x&at=2&layout=18,25,60');
    expect(withSizes('http://h/?layout=10,10,10#v=1&s=a', s)).toBe('http://h/#v=1&s=a&layout=18,25,60');
    expect(withSizes('http://h/?scenario=x&layout=18,25,60', DEFAULT_SIZES)).toBe('http://h/?scenario=x');
    expect(withSizes('http://h/#v=1&layout=18,25,60', DEFAULT_SIZES)).toBe('http://h/#v=1');
    // what it writes reads back as the sizes
    const u = new URL(withSizes('http://h/#v=1&s=a', s));
    expect(initialSizes(u.search, u.hash, null)).toEqual(s);
  });
});
