import { describe, expect, it } from 'vitest';
import { bootSys } from './testing.ts';
import { kwrite32, kwrite32Phys, kwrite64, kwrite64Phys } from './kaccess.ts';

describe('stores by physical address', () => {
  it('write the bytes and write records kwrite64()/kwrite32() write at the same direct-map address, across frames too', () => {
    const a = bootSys();
    const b = bootSys();
    const never = (): never => {
      throw new Error('no fault expected');
    };
    const po = a.sys.k.layout.pageOffset;
    const w0 = [a.rec.writes, b.rec.writes];
    // mid-frame, and straddling the boundary of frames 0x3001/0x3002
    for (const phys of [0x3001 * 4096 + 0x40, 0x3002 * 4096 - 4, 0x3002 * 4096 - 2]) {
      kwrite64(a.sys, po + BigInt(phys), 0x1122334455667788n, 'x', never);
      kwrite64Phys(b.sys, phys, 0x1122334455667788n, 'x');
      kwrite32(a.sys, po + BigInt(phys + 16), 0xa1b2c3d4, 'y', never);
      kwrite32Phys(b.sys, phys + 16, 0xa1b2c3d4, 'y');
    }
    const recs = (t: typeof a, from: number) => Array.from({ length: t.rec.writes - from }, (_, i) => t.rec.writeAt(from + i));
    expect(recs(b, w0[1]!)).toEqual(recs(a, w0[0]!));
    expect(recs(a, w0[0]!).length).toBeGreaterThan(6);
    const bytes = (t: typeof a) => {
      const out = new Uint8Array(3 * 4096);
      t.sys.k.mem.read(0x3000 * 4096, out);
      return out;
    };
    expect(bytes(b)).toEqual(bytes(a));
  });
});
