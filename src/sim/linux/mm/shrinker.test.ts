import { describe, expect, it } from 'vitest';
import { bootSys } from '../../machine/testing.ts';
import { SHRINK_EMPTY, SHRINK_STOP, type Shrinker } from '../include/linux/shrinker.ts';
import { Shrinkers } from './shrinker.ts';

/** A cache of `objects` that frees what it is asked to scan, recording each nr_to_scan. */
function cache(objects: number, asked: number[], stopAfter = Infinity): Shrinker {
  let left = objects;
  return {
    name: 'test',
    countFn: 'test_count',
    scanFn: 'test_scan',
    seeks: 2,
    batch: 0,
    countObjects: () => (left === 0 ? SHRINK_EMPTY : left),
    scanObjects: (sc) => {
      asked.push(sc.nrToScan);
      if (asked.length > stopAfter) return SHRINK_STOP;
      const n = Math.min(left, sc.nrToScan);
      left -= n;
      return n;
    },
  };
}

describe('do_shrink_slab() (mm/vmscan.c 5.19)', () => {
  it('asks nothing of a small cache at DEF_PRIORITY and defers the work to later calls', () => {
    const { m } = bootSys({ kernel: '6.8' });
    const s = new Shrinkers(m.k);
    const asked: number[] = [];
    s.register(cache(4096, asked));
    // delta = (4096 >> 12) * 4 / 2 = 2: less than a batch and less than the cache, no scan
    expect(s.shrinkSlab(0xcc0, 12, [])).toBe(0);
    expect(asked).toEqual([]);
    expect(s.nrDeferred(0)).toBe(2);
  });

  it('scans in batches of SHRINK_BATCH once the priority is low enough', () => {
    const { m } = bootSys({ kernel: '6.8' });
    const s = new Shrinkers(m.k);
    const asked: number[] = [];
    s.register(cache(4096, asked));
    // priority 4: delta = (4096 >> 4) * 4 / 2 = 512 -> four batches of 128
    expect(s.shrinkSlab(0xcc0, 4, [])).toBe(512);
    expect(asked).toEqual([128, 128, 128, 128]);
  });

  it('scans a cache smaller than a batch whole, and stops at SHRINK_STOP', () => {
    const { m } = bootSys({ kernel: '6.8' });
    const s = new Shrinkers(m.k);
    const asked: number[] = [];
    s.register(cache(40, asked));
    // priority 0: delta = 40 * 4 / 2 = 80, capped at 2 * freeable; total_scan >= freeable: one scan of 80
    expect(s.shrinkSlab(0xcc0, 0, [])).toBe(40);
    expect(asked).toEqual([80]);
    const stop: number[] = [];
    const s2 = new Shrinkers(m.k);
    s2.register(cache(4096, stop, 1));
    expect(s2.shrinkSlab(0xcc0, 4, [])).toBe(128);
    expect(stop).toEqual([128, 128]);
  });
});
