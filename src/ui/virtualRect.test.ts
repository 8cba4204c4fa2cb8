import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Virtualizer } from '@tanstack/react-virtual';
import { measureOr } from './virtualRect.ts';

/** A row whose height can be read only by forcing a layout (offsetHeight), counted. */
function row(height: number) {
  const reads = { n: 0 };
  const el = { getAttribute: () => '3' } as unknown as Element;
  Object.defineProperty(el, 'offsetHeight', {
    get: () => {
      reads.n++;
      return height;
    },
  });
  return { el, reads };
}

function instance(cached: Map<string, number>) {
  return { indexFromElement: () => 3, itemSizeCache: cached, options: { getItemKey: (i: number) => `k${i}`, horizontal: false, useCachedMeasurements: false } } as unknown as Virtualizer<HTMLDivElement, Element>;
}

describe('measureOr', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('a row just attached keeps its known or estimated size: no layout is forced, the ResizeObserver measures it', () => {
    vi.stubGlobal('ResizeObserver', class {});
    const m = measureOr((i) => 10 * i);
    const r = row(44);
    expect(m(r.el, undefined, instance(new Map()))).toBe(30);
    expect(m(r.el, undefined, instance(new Map([['k3', 52]])))).toBe(52);
    expect(r.reads.n).toBe(0);
    const entry = { borderBoxSize: [{ blockSize: 44, inlineSize: 300 }] } as unknown as ResizeObserverEntry;
    expect(m(r.el, entry, instance(new Map()))).toBe(44);
  });

  it('without a ResizeObserver the row is read at once, and a row measuring 0 gets the estimate', () => {
    vi.stubGlobal('ResizeObserver', undefined);
    const m = measureOr(() => 24);
    const r = row(40);
    expect(m(r.el, undefined, instance(new Map()))).toBe(40);
    expect(r.reads.n).toBe(1);
    expect(m(row(0).el, undefined, instance(new Map()))).toBe(24);
  });
});
