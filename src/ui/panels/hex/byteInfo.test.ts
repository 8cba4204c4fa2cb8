import { describe, expect, it } from 'vitest';
import type { HexAnswer } from '../../../worker/protocol.ts';
import { byteInfo, byteSummary, isScenarioWrite, patternClass, regionClass } from './byteInfo.ts';

function view(): HexAnswer {
  const bytes = Uint8Array.from([0xbb, 0x6b, 0x6b, 0xa5, 0x00, 0x41]);
  return {
    addr: '0xffff888003a1c03f',
    phys: 0x3a1c03f,
    len: bytes.length,
    bytes,
    writer: Int32Array.from([0, 1, 1, 1, 2, -1]),
    event: Int32Array.from([10, 412, 412, 412, 500, -1]),
    writers: ['init_object', 'slab_free', 'init_on_free'],
    pattern: ['SLUB_RED_INACTIVE', 'POISON_FREE', 'POISON_FREE', 'POISON_END', 'init_on_free', null],
    regions: [
      { name: 'Redzone', start: 0, end: 1 },
      { name: 'Object', start: 1, end: 5 },
    ],
    object: { cache: 'test', addr: '0xffff888003a1c040', allocated: false, objectSize: 4, size: 16 },
    owner: 'slab',
    error: null,
    meanings: { SLUB_RED_INACTIVE: 'red zone of a free object', POISON_FREE: 'freed slab object (SLAB_POISON)', POISON_END: 'last byte of a poisoned object', init_on_free: 'zeroed on free (init_on_free=1)' },
  };
}

describe('byteInfo', () => {
  it('names a poison byte with its meaning, region and writer', () => {
    const b = byteInfo(view(), 1)!;
    expect(b.addr).toBe('0xffff888003a1c040');
    expect(b.pattern).toBe('POISON_FREE');
    expect(b.region).toBe('Object');
    expect(byteSummary(b)).toBe("0x6b 'k', POISON_FREE (freed slab object (SLAB_POISON)), in Object, written by slab_free at event 412");
  });

  it('knows init_on_free zeroes and bytes never written', () => {
    expect(byteInfo(view(), 4)!.meaning).toContain('init_on_free');
    const b = byteInfo(view(), 5)!;
    expect(b.writer).toBeNull();
    expect(b.region).toBeNull();
    expect(byteSummary(b)).toContain('not written since boot');
    expect(byteInfo(view(), 6)).toBeNull();
  });
});

describe('classes', () => {
  it('groups region names', () => {
    expect(regionClass('Redzone')).toBe('redzone');
    expect(regionClass('Left Redzone')).toBe('left-redzone');
    expect(regionClass('red_zone')).toBe('redzone');
    expect(regionClass('Free pointer')).toBe('freeptr');
    expect(regionClass('alloc track')).toBe('track');
    expect(regionClass('Padding')).toBe('padding');
    expect(regionClass('Object')).toBe('object');
    expect(regionClass('slab header')).toBe('other');
  });

  it('maps patterns and plain zeroes', () => {
    expect(patternClass('POISON_FREE', 0x6b)).toBe('free');
    expect(patternClass('SLUB_RED_ACTIVE', 0xcc)).toBe('red-active');
    expect(patternClass(null, 0)).toBe('zero');
    expect(patternClass(null, 0x41)).toBe('none');
  });

  it('recognises the scenario own stores', () => {
    expect(isScenarioWrite('write (steps[3])')).toBe(true);
    expect(isScenarioWrite('slab_free')).toBe(false);
    expect(isScenarioWrite(null)).toBe(false);
  });
});
