import { describe, expect, it } from 'vitest';
import { bootSys } from '../kernel/sys_testing.ts';
import { memoryMapTile } from './memmap.ts';

describe('memory map tile', () => {
  it('gives owners, a legend and the frames stray writes hit', () => {
    const t = bootSys({ cpus: 1 });
    t.sys.modules.load('ath5k', 16384, [0x40]);
    const tile = memoryMapTile(t.m, t.rec, t.rec.pos, 0x7ff0, 0x20);
    expect(tile.count).toBe(0x20);
    expect(tile.strayFrames).toEqual([0x8000]);
    expect(tile.legend.map((l) => l.name)).toContain('free');
    expect(tile.legend.reduce((n, l) => n + l.frames, 0)).toBe(0x20);
    // before the module was loaded, nothing was hit
    expect(memoryMapTile(t.m, t.rec, 1, 0x7ff0, 0x20).strayFrames).toEqual([]);
    const low = memoryMapTile(t.m, t.rec, t.rec.pos, 0x200, 4);
    expect(low.legend).toEqual([{ id: low.owners[0], name: 'kernel text', frames: 4 }]);
    expect(low.flags[0]! & 1).toBe(1);
  });
});
