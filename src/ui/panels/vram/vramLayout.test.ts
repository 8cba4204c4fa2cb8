import { describe, expect, it } from 'vitest';
import type { VramMap, VramMapBo } from './gpu.ts';
import { blockAt, blockOf, GUTTER, MIN_BLOCK, PAGE, vramLayout, vramOffsetAt } from './vramLayout.ts';

const MiB = 1 << 20;

function bo(id: number, name: string, mem: string, offset: number, pages: number, state: VramMapBo['state'] = 'resident', extra: Partial<VramMapBo> = {}): VramMapBo {
  return { id, name, owner: 'x', device: 'nouveau', mem, offset, pages, pinned: state === 'pinned', lru: null, beyondBar: false, state, evictedFrom: null, evictEvent: -1, error: null, ...extra };
}

function map(bos: VramMapBo[], vram = 512 * MiB, bar = 256 * MiB): VramMap {
  const counts = { resident: 0, evicting: 0, evicted: 0, failed: 0, pinned: 0 };
  for (const b of bos) counts[b.state]++;
  return { vramBytes: vram, barBytes: bar, bos, managers: [], lru: [], counts, scanout: null };
}

describe('vramLayout', () => {
  const m = map([
    bo(0, 'front', 'VRAM', 0, 1000, 'pinned'),
    bo(1, 'tex', 'VRAM', 255 * MiB, 512, 'failed', { beyondBar: true, evictedFrom: { mem: 'VRAM', offset: 255 * MiB, pages: 512 }, error: -22 }),
    bo(2, 'ubo', 'TT', 0, 1, 'evicted', { evictedFrom: { mem: 'VRAM', offset: 100 * MiB, pages: 1 } }),
    bo(3, 'big', 'TT', 4096, 448, 'evicted', { evictedFrom: { mem: 'VRAM', offset: 101 * MiB, pages: 448 } }),
    bo(4, 'sys', 'SYSTEM', 0, 16),
  ]);

  it('rows of equal byte ranges, as many as fit at 10 px, the BAR1 end drawn where 256 MiB falls', () => {
    const l = vramLayout(m, 600, 400);
    expect(l.rowH).toBeGreaterThanOrEqual(10);
    expect([8, 16, 32, 64]).toContain(l.rows);
    expect(l.rows * l.rowBytes).toBe(512 * MiB);
    expect(l.pxPerPage * (l.rowBytes / PAGE)).toBeCloseTo(l.rowW);
    // 256 MiB is a row boundary: a straight line across, half the rows inside BAR1
    expect(l.barEdge).toHaveLength(2);
    expect(l.vramRows.filter((r) => r.inBar === r.w)).toHaveLength(l.rows / 2);
    expect(l.vramRows.filter((r) => r.inBar === 0)).toHaveLength(l.rows / 2);
    // fewer rows when the height is small, never below 6 px a row
    const small = vramLayout(m, 600, 140);
    expect(small.rows).toBeLessThan(l.rows);
    expect(small.rowH).toBeGreaterThanOrEqual(6);
  });

  it('a BAR end inside a row steps down it', () => {
    const l = vramLayout(map([], 512 * MiB, 100 * MiB), 600, 400);
    expect(l.barEdge).toHaveLength(4);
    const inBar = l.vramRows.map((r) => r.inBar);
    expect(inBar.filter((w) => w > 0 && w < l.rowW)).toHaveLength(1);
  });

  it('puts VRAM buffers over their range (wrapping rows), ghosts where evicted ones were, the others packed in their sections', () => {
    const l = vramLayout(m, 600, 400);
    const front = l.blocks.filter((b) => b.bo === 0);
    expect(front).toHaveLength(1);
    expect(front[0]).toMatchObject({ x: GUTTER, ghost: false });
    expect(front[0]!.w).toBeCloseTo(1000 * l.pxPerPage);
    // 255 MiB + 2 MiB crosses the 256 MiB row boundary when rows are a power of two MiB
    const tex = l.blocks.filter((b) => b.bo === 1 && !b.ghost);
    expect(tex.length).toBe(l.rowBytes <= MiB ? 2 : l.rowBytes > 256 * MiB ? 1 : 2);
    // the evicted ones: a ghost in VRAM and a block in the GART section below the rows
    for (const i of [2, 3]) {
      const ghost = l.blocks.find((b) => b.bo === i && b.ghost)!;
      const real = l.blocks.find((b) => b.bo === i && !b.ghost)!;
      expect(ghost.y).toBeLessThan(l.vramRows.at(-1)!.y + l.rowH);
      expect(real.y).toBeGreaterThan(l.vramRows.at(-1)!.y + l.rowH);
    }
    // a one-page buffer is still a few pixels wide
    expect(l.blocks.find((b) => b.bo === 2 && !b.ghost)!.w).toBeGreaterThanOrEqual(MIN_BLOCK);
    expect(l.sections.map((s) => s.text)).toEqual(['VRAM 512 MiB · 5.91 MiB in 2 buffers · BAR1: the first 256 MiB', 'GART (TT) · 1.75 MiB in 2 buffers', 'system memory · 64 KiB in 1 buffer']);
    const sys = l.blocks.find((b) => b.bo === 4)!;
    expect(sys.y).toBeGreaterThan(l.blocks.find((b) => b.bo === 3 && !b.ghost)!.y);
    expect(l.height).toBeGreaterThanOrEqual(sys.y + sys.h);
  });

  it('finds the buffer under a point, a block before a ghost, and the VRAM offset of a row point', () => {
    const l = vramLayout(m, 600, 400);
    const f = blockOf(l, 0)!;
    expect(blockAt(l, f.x + 1, f.y + 1)?.bo).toBe(0);
    const g = l.blocks.find((b) => b.bo === 3 && b.ghost)!;
    expect(blockAt(l, g.x + 1, g.y + 1)).toMatchObject({ bo: 3, ghost: true });
    expect(blockAt(l, 2, 2)).toBeNull();
    expect(vramOffsetAt(l, GUTTER, l.vramRows[1]!.y + 1)).toBe(l.rowBytes);
    expect(vramOffsetAt(l, 2, 2)).toBeNull();
  });
});
