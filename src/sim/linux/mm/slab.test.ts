// Object layouts against calculate_sizes()/calculate_order() worked out by hand from mm/slub.c.
import { describe, expect, it } from 'vitest';
import {
  __OBJECT_POISON,
  calculateAlignment68,
  calculateOrder68,
  calculateSizes68,
  getOrder,
  SLAB_CONSISTENCY_CHECKS,
  SLAB_HWCACHE_ALIGN,
  SLAB_KMALLOC,
  SLAB_POISON,
  SLAB_RED_ZONE,
  SLAB_STORE_USER,
  SLAB_TYPESAFE_BY_RCU,
} from './slab.ts';
import { bootTest } from './slub_testing.ts';

const orders = { minOrder: 0, maxOrder: 3, minObjects: 0, nrCpus: 2 };

describe('calculate_sizes() (6.8)', () => {
  it('kmalloc-64 with slub_debug=FZPU: 64-byte left red zone (natural alignment), tracks, orig_size, 256-byte slots', () => {
    const m = bootTest({ cmdline: 'slub_debug=FZPU' });
    const s = m.slub.findCache('kmalloc-64')!;
    // size 64, +8 right red zone -> inuse 72; free pointer after it (poison) -> 80; 2 tracks of 32 -> 144;
    // orig_size -> 148; one more word -> 156; red_left_pad = ALIGN(8, 64) = 64 -> 220; ALIGN(220, 64) = 256
    expect({ objectSize: s.objectSize, align: s.align, inuse: s.inuse, offset: s.offset, redLeftPad: s.redLeftPad, size: s.size, order: s.order, objects: s.objects }).toEqual({
      objectSize: 64,
      align: 64,
      inuse: 72,
      offset: 72,
      redLeftPad: 64,
      size: 256,
      order: 0,
      objects: 16,
    });
    expect(s.flags & (SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER | SLAB_KMALLOC)).toBe(SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER | SLAB_KMALLOC);
    expect(s.flags & __OBJECT_POISON).not.toBe(0);
    expect(s.debug && s.origSize).toBe(true);
    expect(s.infoEnd).toBe(80);
    expect(s.sizeFromObject).toBe(192);
  });

  it('kmalloc caches without debugging: the free pointer sits in the middle of the object', () => {
    const m = bootTest();
    const at = (n: string) => {
      const s = m.slub.findCache(n)!;
      return [s.size, s.offset, s.inuse, s.order, s.objects];
    };
    expect(at('kmalloc-8')).toEqual([8, 0, 8, 0, 512]);
    expect(at('kmalloc-64')).toEqual([64, 32, 64, 0, 64]);
    expect(at('kmalloc-96')).toEqual([96, 48, 96, 0, 42]);
    expect(at('kmalloc-192')).toEqual([192, 96, 192, 0, 21]);
    // min_objects = 4 * (fls(2) + 1) = 12 pushes the big caches to order 3
    expect(at('kmalloc-1k')).toEqual([1024, 512, 1024, 2, 16]);
    expect(at('kmalloc-8k')).toEqual([8192, 4096, 8192, 3, 4]);
    expect(m.slub.findCache('kmalloc-8192')).toBe(m.slub.findCache('kmalloc-8k'));
  });

  it('debug layouts of other kmalloc sizes', () => {
    const m = bootTest({ cmdline: 'slub_debug=FZPU' });
    const at = (n: string) => {
      const s = m.slub.findCache(n)!;
      return [s.redLeftPad, s.inuse, s.offset, s.size, s.order, s.objects];
    };
    expect(at('kmalloc-8')).toEqual([8, 16, 16, 112, 0, 36]);
    expect(at('kmalloc-96')).toEqual([8, 104, 104, 200, 0, 20]);
    // power-of-two kmalloc caches are aligned to their size: the left red zone is a whole slot
    expect(at('kmalloc-4k')).toEqual([4096, 4104, 4104, 12288, 3, 2]);
    expect(at('kmalloc-8k')).toEqual([8192, 8200, 8200, 24576, 3, 1]);
  });

  it('the caches of lib/slub_kunit.c', () => {
    const m = bootTest();
    const mk = (name: string, size: number, flags: string[]) => m.slub.kmemCacheCreate(name, size, 0, [...flags, 'SLAB_NO_USER_FLAGS']);
    const rz = mk('TestSlub_RZ_alloc', 64, ['SLAB_RED_ZONE']);
    // object >= one word and no poison: the free pointer stays inside, at 32
    expect([rz.redLeftPad, rz.inuse, rz.offset, rz.size, rz.objects]).toEqual([8, 72, 32, 88, 46]);
    const p = mk('TestSlub_next_ptr_free', 64, ['SLAB_POISON']);
    expect([p.redLeftPad, p.inuse, p.offset, p.size, p.objects]).toEqual([0, 64, 64, 72, 56]);
    const km = mk('TestSlub_RZ_kmalloc', 32, ['SLAB_KMALLOC', 'SLAB_STORE_USER', 'SLAB_RED_ZONE']);
    // 32 + 8 = 40 inuse; free pointer moved out for orig_size; 2 tracks + orig_size + word + left pad
    expect([km.redLeftPad, km.inuse, km.offset, km.size, km.objects]).toEqual([8, 40, 40, 136, 30]);
  });

  it('RCU and tiny red-zoned objects keep the free pointer outside the object', () => {
    const rcu = calculateSizes68(64, 8, SLAB_TYPESAFE_BY_RCU | SLAB_POISON, false, orders)!;
    expect(rcu.flags & __OBJECT_POISON).toBe(0);
    expect([rcu.offset, rcu.size]).toEqual([64, 72]);
    const tiny = calculateSizes68(4, 8, SLAB_RED_ZONE, false, orders)!;
    expect([tiny.inuse, tiny.offset, tiny.size, tiny.redLeftPad, tiny.objects]).toEqual([8, 8, 32, 8, 128]);
  });

  it('slub_debug=O drops the metadata flags where they would raise the order', () => {
    const m = bootTest({ cmdline: 'slub_debug=FZPUO' });
    const big = m.slub.findCache('kmalloc-4k')!;
    expect(big.flags & (SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER)).toBe(0);
    expect(big.flags & SLAB_CONSISTENCY_CHECKS).not.toBe(0);
    expect(big.size).toBe(4096);
    expect(m.slub.findCache('kmalloc-64')!.size).toBe(256);
  });

  it('calculate_alignment() and calculate_order()', () => {
    expect(calculateAlignment68(SLAB_HWCACHE_ALIGN, 0, 20)).toBe(32);
    expect(calculateAlignment68(SLAB_HWCACHE_ALIGN, 0, 100)).toBe(64);
    expect(calculateAlignment68(0, 0, 100)).toBe(8);
    expect(calculateAlignment68(0, 12, 100)).toBe(16);
    expect(getOrder(4097)).toBe(1);
    expect(calculateOrder68(12288, orders)).toBe(3);
    expect(calculateOrder68(256, orders)).toBe(0);
    expect(calculateOrder68(256, { ...orders, minOrder: 2 })).toBe(2);
  });
});

describe('calculate_sizes() (2.6.25)', () => {
  it('kmalloc-4096 with slub_debug: 4168-byte objects, seven to an order-3 slab (seed 002)', () => {
    const m = bootTest({ kernel: '2.6.25', cmdline: 'slub_debug=FZPU' });
    const s = m.slub.findCache('kmalloc-4096')!;
    // 4096 + 8 red zone = 4104 (inuse, free pointer offset) + 8 + 2 * 24 tracks + 8 = 4168
    expect([s.redLeftPad, s.inuse, s.offset, s.size, s.order, s.objects]).toEqual([0, 4104, 4104, 4168, 3, 7]);
    expect(m.slub.findCache('kmalloc-4k')).toBe(s);
    const s64 = m.slub.findCache('kmalloc-64')!;
    expect([s64.inuse, s64.offset, s64.size, s64.objects]).toEqual([72, 72, 136, 30]);
  });

  it('without debugging the free pointer is the first word', () => {
    const m = bootTest({ kernel: '2.6.25' });
    const s = m.slub.findCache('kmalloc-64')!;
    expect([s.offset, s.size, s.objects]).toEqual([0, 64, 64]);
  });
});
