import { describe, expect, it } from 'vitest';
import { laneTicks, madvText, residencyText, ringSteps, tickHeight } from './gemModel.ts';
import type { GemList, GemObjectRow } from './slice.ts';

const obj = (o: Partial<GemObjectRow>): GemObjectRow => ({ name: 'tex.0', addr: '0xffff000001000000', task: 'glmark2', pages: 256, resident: 256, swapped: 0, cached: 0, slots: '', evicted: false, resourceId: null, detached: null, madv: 0, refcount: 1, pagesUse: 1, pins: null, vmapUse: 0, vaddr: null, handle: true, state: 'resident', list: null, ...o });

describe('the GEM view model', () => {
  it('names madvise states and residency as the driver means them', () => {
    expect(madvText(obj({ madv: 1 }))).toBe('DONTNEED');
    expect(madvText(obj({ madv: -1 }))).toBe('purged');
    expect(madvText(obj({ madv: null, state: 'freed' }))).toBe('—');
    expect(residencyText(obj({ resident: 0, swapped: 256, state: 'evicted' }))).toBe('0/256 resident, 256 swapped');
    expect(residencyText(obj({ state: 'freed' }))).toBe('freed');
    expect(residencyText(obj({ resident: 0, cached: 223, swapped: 33, slots: '0x101-0x121', evicted: true, state: 'swapped' }))).toBe('0/256 resident, 223 in page cache, 33 swapped (slots 0x101-0x121), evicted');
  });

  it('marks the node where a ring stops returning to its head', () => {
    const l: GemList = {
      name: 'pfdev->shrinker_list',
      addr: '0xa0',
      nodes: [
        { addr: '0xb0', object: 'tex.1', next: '0xc0', prev: '0xa0', consistent: true },
        { addr: '0xc0', object: 'tex.3', next: '0xc0', prev: '0xc0', consistent: true },
      ],
      broken: { at: 2, why: '0xc0 comes round again without the head' },
    };
    const steps = ringSteps(l);
    expect(steps.map((s) => s.label)).toEqual(['pfdev->shrinker_list', 'tex.1', 'tex.3']);
    expect(steps.map((s) => s.bad)).toEqual([false, false, true]);
    expect(steps[2]!.why).toContain('without the head');
    // an intact ring marks nothing
    expect(ringSteps({ ...l, broken: null }).some((s) => s.bad)).toBe(false);
  });

  it('places the lane ticks along the run', () => {
    const ticks = laneTicks([{ event: 0, kind: 'reclaim', task: 'cc1', text: '' }, { event: 500, kind: 'scan', task: 'cc1', text: '' }], 1000, 101);
    expect(ticks.map((t) => t.x)).toEqual([0, 50]);
    expect(laneTicks([], 0, 100)).toEqual([]);
  });

  it('draws evictions and purges between scans and reclaims', () => {
    expect([tickHeight('scan', 12), tickHeight('evict', 12), tickHeight('purge', 12), tickHeight('reclaim', 12)]).toEqual([12, 9, 9, 6]);
  });
});
