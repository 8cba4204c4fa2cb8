import { describe, expect, it } from 'vitest';
import { bootSys } from '../../../machine/testing.ts';
import { formatPageFlags, pageLinks, pageZonenum, ZONE_DMA, ZONE_DMA32 } from './page-flags-layout.ts';

describe('page->flags node and zone bits (include/linux/page-flags-layout.h)', () => {
  it('takes the zone from where the frame is: ZONE_DMA below 16 MiB, ZONE_DMA32 below 4 GiB on x86-64', () => {
    const k = bootSys({ kernel: '6.8' }).m.k;
    expect(pageZonenum(k, 0x100)).toBe(ZONE_DMA);
    expect(pageZonenum(k, 0x1000)).toBe(ZONE_DMA32);
    expect(pageLinks(k, 0x100)).toBe(0n);
    expect(pageLinks(k, 0x1000)).toBe(1n << 56n);
    expect(formatPageFlags(k, 0x100, 1n << 11n, ['slab'])).toBe('0x800(slab|node=0|zone=0)');
    expect(formatPageFlags(k, 0x1000, 1n << 11n, ['slab'])).toBe('0x100000000000800(slab|node=0|zone=1)');
  });

  it('arm64 5.19: ZONE_DMA covers the first 4 GiB', () => {
    const k = bootSys({ arch: 'arm64' }).m.k;
    expect(pageZonenum(k, 0x1000)).toBe(ZONE_DMA);
  });
});
