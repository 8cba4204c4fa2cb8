import { describe, expect, it } from 'vitest';
import { patternOf } from './patterns.ts';

describe('byte patterns', () => {
  it('names the bytes text_poke writes: the LOCK prefix, 2.6.25 NOP and 6.8 DS prefix', () => {
    const w = 'text_poke from alternatives_smp_lock, site 0xffffffff8803a1c4 in ath5k';
    expect(patternOf(0xf0, w)?.name).toBe('LOCK prefix');
    expect(patternOf(0x90, 'text_poke from alternatives_smp_unlock, site 0xffffffff8803a1c4 in ath5k')?.name).toBe('NOP');
    expect(patternOf(0x3e, w)?.name).toBe('DS prefix');
    // 0x90 from anyone else is just a byte
    expect(patternOf(0x90, 'slab_free')).toBeNull();
  });

  it('takes a user program\u2019s stores as its data, not as slab poison or red zones', () => {
    expect(patternOf(0xcc, 'user: testf (stores of the program)')).toBeNull();
    expect(patternOf(0x6b, 'user: testf (stores of the program)')).toBeNull();
    expect(patternOf(0xcc, 'init_object')?.name).toBe('SLUB_RED_ACTIVE');
    expect(patternOf(0xcc, null)?.name).toBe('SLUB_RED_ACTIVE');
  });
});
