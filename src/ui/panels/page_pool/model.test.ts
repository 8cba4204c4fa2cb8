import { describe, expect, it } from 'vitest';
import { pagesFirstTroubled, pageTrouble, ringCells } from './model.ts';
import type { PpPage, PpPool } from './slice.ts';

const pool = (ring: { pfn: number; page: string }[], poolSize = 4): PpPool => ({ name: 'rx0', flags: [], order: 0, poolSize, destroyed: false, cache: [], ring: ring.map((r, index) => ({ index, ...r })), fragPage: null, fragOffset: 0, fragUsers: 0, holdCnt: 0, releaseCnt: 0 });
const page = (p: Partial<PpPage>): PpPage => ({ pfn: 1, page: '0xffffea0000000040', phys: '0x1000', pool: 'rx0', refcount: 1, pagecntBias: 0, ppFragCount: '0', ppMagic: '0xdead000000000040', dmaAddr: '0x0', owners: [], inRing: 0, inCache: 0, doubleRecycled: false, history: [], ...p });

describe('page_pool panel model', () => {
  it('draws every ring slot, the empty ones too, and marks a page that is there twice', () => {
    const { cells, more } = ringCells(pool([{ pfn: 1, page: 'a' }, { pfn: 2, page: 'b' }, { pfn: 1, page: 'a' }]));
    expect(cells.map((c) => c.page)).toEqual(['a', 'b', 'a', null]);
    expect(cells.map((c) => c.twice)).toEqual([true, false, true, false]);
    expect(more).toBe(0);
    expect(ringCells(pool([], 256)).more).toBe(256 - 8);
    expect(ringCells(pool([{ pfn: 1, page: 'a' }], 256)).cells).toHaveLength(9);
  });

  it('names what is wrong with a page', () => {
    expect(pageTrouble(page({}))).toBeNull();
    expect(pageTrouble(page({ doubleRecycled: true }))).toBe('recycled twice');
    expect(pageTrouble(page({ inRing: 2 }))).toBe('in the pool twice');
    expect(pageTrouble(page({ pool: null, owners: ['rx:B2'] }))).toBe('left the pool while in use');
    expect(pagesFirstTroubled([page({ pfn: 1 }), page({ pfn: 2, doubleRecycled: true })]).map((p) => p.pfn)).toEqual([2, 1]);
  });
});
