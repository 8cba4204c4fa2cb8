import { describe, expect, it } from 'vitest';
import { bootSys } from '../machine/testing.ts';
import { MAP_BUDDY, MAP_FLAG_NAMES, MAP_RESERVED, memoryMapTile, strayHitsBefore } from './memmap.ts';

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

  it('says where the direct map starts, how often each frame was hit, and names its flag bits', () => {
    const t = bootSys({ cpus: 1 });
    t.sys.modules.load('ath5k', 16384, [0x40, 0x80]);
    const tile = memoryMapTile(t.m, t.rec, t.rec.pos, 0, 1 << 20);
    // 2.6.25's PAGE_OFFSET, and the whole machine when asked for more
    expect(tile.pageOffset).toBe('0xffff810000000000');
    expect(tile.nframes).toBe((256 << 20) / 4096);
    expect(tile.count).toBe(tile.nframes);
    // two LOCK sites of the module's first page: two stray writes into the same wrong frame
    expect(tile.strayFrames).toEqual([0x8000]);
    expect(tile.strayHits).toEqual([2]);
    expect(tile.strayTotal).toBe(1);
    expect([...strayHitsBefore(t.rec, t.rec.pos)]).toEqual([[0x8000, 2]]);
    // a range that does not hold the hit frame has none, but still knows how many there are
    const away = memoryMapTile(t.m, t.rec, t.rec.pos, 0x100, 16);
    expect(away.strayFrames).toEqual([]);
    expect(away.strayHits).toEqual([]);
    expect(away.strayTotal).toBe(1);
    // reserved BIOS frames are reserved, free frames are in the buddy lists
    expect(tile.flags[0]! & MAP_RESERVED).toBe(MAP_RESERVED);
    const free = tile.legend.find((l) => l.name === 'free')!;
    const i = tile.owners.indexOf(free.id);
    expect(tile.flags[i]! & MAP_BUDDY).toBe(MAP_BUDDY);
    expect(MAP_FLAG_NAMES.map(([, n]) => n)).toEqual(['reserved', 'slab', 'buddy', 'user', 'lru', 'compound']);
  });

  it('clips a range past the end of RAM', () => {
    const t = bootSys({ cpus: 1 });
    const n = (256 << 20) / 4096;
    const tile = memoryMapTile(t.m, t.rec, t.rec.pos, n - 8, 100);
    expect(tile.startPfn).toBe(n - 8);
    expect(tile.count).toBe(8);
    expect(memoryMapTile(t.m, t.rec, t.rec.pos, n + 5, 10).count).toBe(0);
  });
});
