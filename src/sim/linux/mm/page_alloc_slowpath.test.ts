import { describe, expect, it } from 'vitest';
import { bootSys } from '../../machine/testing.ts';
import { GFP_KERNEL, GFP_NOFS, __GFP_DIRECT_RECLAIM } from '../include/linux/gfp_types.ts';
import { DEFAULT_SEEKS, type Shrinker } from '../include/linux/shrinker.ts';
import { PageAllocator, zoneWatermarks, type FsReclaimHooks } from './page_alloc_slowpath.ts';
import { Shrinkers } from './shrinker.ts';

function hooks(log: string[]): FsReclaimHooks {
  return {
    mightAlloc: (gfp) => void log.push(`might_alloc ${gfp.toString(16)}`),
    acquire: (gfp) => void log.push(`acquire ${gfp.toString(16)}`),
    release: (gfp) => void log.push(`release ${gfp.toString(16)}`),
  };
}

describe('zone watermarks (init_per_zone_wmark_min() + __setup_per_zone_wmarks(), 5.19)', () => {
  it('follows min_free_kbytes = sqrt(16 * lowmem) and watermark_scale_factor 10', () => {
    // 64 MiB: min_free_kbytes 1024 -> 256 pages; the 0.1% step is smaller than min/4
    expect(zoneWatermarks(16384)).toEqual({ min: 256, low: 320, high: 384 });
    // 4 GiB: min_free_kbytes 8192 -> 2048 pages; 0.1% of the zone (1048) beats min/4 (512)
    expect(zoneWatermarks(1048576)).toEqual({ min: 2048, low: 3096, high: 4144 });
    // clamped at 128 KiB
    expect(zoneWatermarks(64).min).toBe(32);
  });
});

describe('__alloc_pages() and direct reclaim', () => {
  it('takes the fast path above the low watermark and reclaims through the shrinkers below the min one', () => {
    const { m } = bootSys({ kernel: '6.8', ramMiB: 64 });
    const k = m.k;
    const shr = new Shrinkers(k);
    const held: number[] = [];
    const owner = k.pages.ownerId('test');
    let scans = 0;
    const s: Shrinker = {
      name: 'test',
      countFn: 'test_count',
      scanFn: 'test_scan',
      seeks: DEFAULT_SEEKS,
      batch: 0,
      countObjects: () => held.length,
      scanObjects: (sc) => {
        scans++;
        const n = Math.min(sc.nrToScan, held.length);
        for (const pfn of held.splice(0, n)) k.buddy.freeBlock(pfn, 0);
        return n;
      },
    };
    shr.register(s);
    const log: string[] = [];
    const a = new PageAllocator(k, shr, hooks(log));
    const wm = a.watermarks();
    // fill memory down to the min watermark with pages the shrinker may give back
    while (k.buddy.nrFreePages > wm.min) held.push(k.buddy.allocPages(0, false, owner)!);
    log.length = 0;
    const pfn = a.allocPages({ order: 0, gfp: GFP_KERNEL, owner, stack: [] });
    expect(pfn).not.toBeNull();
    expect(scans).toBeGreaterThan(0);
    expect(log).toEqual([`might_alloc ${GFP_KERNEL.toString(16)}`, `acquire ${GFP_KERNEL.toString(16)}`, `release ${GFP_KERNEL.toString(16)}`]);
    // an allocation that may not sleep does not reclaim: it fails below the min watermark
    while (k.buddy.nrFreePages > wm.min) k.buddy.allocPages(0, false, owner);
    const before = scans;
    expect(a.allocPages({ order: 0, gfp: GFP_NOFS & ~__GFP_DIRECT_RECLAIM, owner, stack: [] })).toBeNull();
    expect(scans).toBe(before);
  });
});
