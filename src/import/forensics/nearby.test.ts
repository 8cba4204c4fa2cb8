import { describe, expect, it } from 'vitest';
import { detectLayout, LAYOUTS } from './layout.ts';
import { byteDiff, nearMiss } from './nearby.ts';

const L26 = LAYOUTS['x86_64-2.6'];
const RAM_4G = 1n << 32n;

describe('nearMiss', () => {
  it('fff0810023444c98 is ffff810023444c98 with one nibble cleared (seed 002, Linus)', () => {
    expect(nearMiss(L26, 0xfff0810023444c98n, RAM_4G)).toEqual({ likely: 0xffff810023444c98n, byte: 6, found: 0xf0, want: 0xff, nibble: 12, region: 'direct map' });
  });

  it('ffff81f02003f16c has 0xf0 in byte 4 where a direct-map pointer has 0x00 (seed 002, Jiri)', () => {
    expect(nearMiss(L26, 0xffff81f02003f16cn, RAM_4G)).toMatchObject({ likely: 0xffff81002003f16cn, byte: 4, found: 0xf0, want: 0x00 });
  });

  it('leaves valid pointers, small numbers and values that are no near pointer alone', () => {
    expect(nearMiss(L26, 0xffff81002003f0e0n, RAM_4G)).toBeNull();
    expect(nearMiss(L26, 0x12n, RAM_4G)).toBeNull();
    expect(nearMiss(LAYOUTS.arm64, 0xfffffffffffe0000n, 1n << 62n)).toBeNull();
    expect(nearMiss(LAYOUTS.x86_64, 0xffff888012345678n, 1n << 62n)).toBeNull();
  });

  it('a checker word one byte off its pattern', () => {
    expect(byteDiff(0xff00aa00deadccf0n, 0xff00aa00deadcc22n, 8)).toEqual([{ byte: 0, found: 0xf0, want: 0x22 }]);
  });
});

describe('detectLayout', () => {
  it('tells 2.6 x86-64, current x86-64, arm64 and i386 apart', () => {
    expect(detectLayout(['ffff81002003f0e0'], ['RAX'], undefined).name).toBe('x86_64-2.6');
    expect(detectLayout([], ['RAX'], '2.6.25-rc8-mm2_64').name).toBe('x86_64-2.6');
    expect(detectLayout(['ffff888012345678'], ['RAX'], '6.8.0').name).toBe('x86_64');
    expect(detectLayout(['ffff0000c001f208'], ['x29', 'pstate'], undefined).name).toBe('arm64');
    expect(detectLayout(['c90f6d20'], ['EAX'], undefined).name).toBe('i386');
  });
});
