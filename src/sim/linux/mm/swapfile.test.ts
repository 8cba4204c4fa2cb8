// The swap area: swapon's line, slots handed out from cluster_next and freed again, the bytes a slot keeps.
import { describe, expect, it } from 'vitest';
import { bootSys } from '../../machine/testing.ts';
import { SwapArea } from './swapfile.ts';

describe('SwapArea', () => {
  it('prints swapon()\'s line and counts the header page out', () => {
    const t = bootSys({ kernel: '5.19' });
    const from = t.mark();
    const s = new SwapArea(t.m.k);
    s.swapon(1, '/dev/vdb');
    expect(t.log(from)).toEqual(['Adding 1020k swap on /dev/vdb.  Priority:-2 extents:1 across:1020k FS']);
    expect(s.nrSwapPages()).toBe(255);
  });

  it('hands out slots from 1 on, keeps what was written, reuses a freed slot only after wrapping', () => {
    const t = bootSys({ kernel: '5.19' });
    const s = new SwapArea(t.m.k);
    s.swapon(1, '/dev/vdb');
    const a = s.getSwapPage()!;
    const b = s.getSwapPage()!;
    expect([a, b]).toEqual([1, 2]);
    const page = new Uint8Array(4096).fill(0x5a);
    s.write(a, page);
    page.fill(0);
    expect(s.read(a)![100]).toBe(0x5a);
    s.free(a);
    expect(s.read(a)).toBeNull();
    expect(s.getSwapPage()).toBe(3);
    expect(s.nrSwapPages()).toBe(253);
  });

  it('has no slot left when full, and a snapshot restores the slots and their bytes', () => {
    const t = bootSys({ kernel: '5.19' });
    const s = new SwapArea(t.m.k);
    s.swapon(1, '/dev/vdb');
    for (let i = 0; i < 255; i++) expect(s.getSwapPage()).not.toBeNull();
    expect(s.getSwapPage()).toBeNull();
    s.write(7, new Uint8Array(4096).fill(0xc0));
    const snap = s.snapshot();
    s.free(7);
    s.restore(snap);
    expect(s.read(7)![0]).toBe(0xc0);
    expect(s.nrSwapPages()).toBe(0);
  });
});
