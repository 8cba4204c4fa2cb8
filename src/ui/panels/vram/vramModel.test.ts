import { describe, expect, it } from 'vitest';
import type { VramMap, VramMapBo } from './gpu.ts';
import { attentionList, boLine, lruSummary } from './vramModel.ts';

function bo(id: number, state: VramMapBo['state'], evictEvent = -1, offset = id * 4096): VramMapBo {
  return { id, name: `b${id}`, owner: 'Xorg', device: 'nouveau', mem: 'VRAM', offset, pages: 256, pinned: state === 'pinned', lru: null, beyondBar: false, state, evictedFrom: null, evictEvent, error: state === 'failed' ? -22 : null };
}

const m: VramMap = {
  vramBytes: 512 << 20,
  barBytes: 256 << 20,
  bos: [bo(0, 'resident'), bo(1, 'pinned'), bo(2, 'evicted', 50), bo(3, 'evicted', 10), bo(4, 'failed', 90), bo(5, 'evicting', 95)],
  managers: [],
  lru: [
    { device: 'nouveau', mem: 'VRAM', lists: [['b0', 'b4'], [], [], []] },
    { device: 'nouveau', mem: 'TT', lists: [[], ['b2', 'b3'], [], []] },
  ],
  counts: { resident: 1, pinned: 1, evicted: 2, failed: 1, evicting: 1 },
  scanout: 'b1',
};

describe('the VRAM view in words', () => {
  it('lists failed, evicting, evicted (in eviction order) and pinned buffers, not resident ones', () => {
    expect(attentionList(m).shown.map((b) => b.name)).toEqual(['b4', 'b5', 'b3', 'b2', 'b1']);
    expect(attentionList(m, 2)).toMatchObject({ more: 3 });
  });

  it('names each non-empty LRU list and its head', () => {
    expect(lruSummary(m)).toEqual([
      { key: 'nouveau:VRAM:0', label: 'VRAM LRU[0]', count: 2, head: 'b0' },
      { key: 'nouveau:TT:1', label: 'TT LRU[1]', count: 2, head: 'b2' },
    ]);
  });

  it('says where a buffer is', () => {
    expect(boLine(bo(7, 'resident', -1, 0x10000))).toBe('VRAM 0x10000–0x10ffff · 1 MiB · Xorg');
    expect(boLine({ ...bo(7, 'evicted'), mem: 'TT', offset: 0 })).toBe('TT · 1 MiB · Xorg');
  });
});
