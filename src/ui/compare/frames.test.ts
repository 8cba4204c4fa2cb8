import { describe, expect, it } from 'vitest';
import type { MapTile } from '../../worker/protocol.ts';
import { differingFrames } from './frames.ts';

function tile(owners: number[], legend: [number, string][], free: number[] = []): MapTile {
  const flags = new Uint8Array(owners.length);
  for (const i of free) flags[i] = 4;
  return { startPfn: 0, count: owners.length, nframes: owners.length, pageOffset: '0xffff888000000000', owners: Uint16Array.from(owners), flags, legend: legend.map(([id, name]) => ({ id, name, frames: 0 })), strayFrames: [], strayHits: [], strayTotal: 0, flagNames: [] };
}

describe('differingFrames', () => {
  it('compares owners by name, not by the per-run id, and free frames as free', () => {
    const a = tile([1, 1, 2, 0], [[0, 'none'], [1, 'slab kmalloc-64'], [2, 'kernel text']], [3]);
    const b = tile([2, 1, 1, 1], [[1, 'kernel text'], [2, 'slab kmalloc-64']], []);
    const d = differingFrames(a, b);
    expect([...d.differs]).toEqual([0, 1, 0, 1]);
    expect(d.n).toBe(2);
    expect(d.first).toEqual({ pfn: 1, a: 'slab kmalloc-64', b: 'kernel text' });
  });
});
