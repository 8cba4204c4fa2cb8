import { describe, expect, it } from 'vitest';
import { CowMemory } from '../../engine/cow.ts';
import { BuddyAllocator } from './page_alloc.ts';
import { MAX_ORDER, PG_reserved, StructPages } from '../include/linux/mm_types.ts';

function setup(frames: number) {
  const pages = new StructPages(new CowMemory(frames));
  return { pages, buddy: new BuddyAllocator(pages) };
}

describe('buddy allocator', () => {
  it('frees boot memory into maximal blocks, skipping reserved frames', () => {
    const { pages, buddy } = setup(4096);
    for (let i = 0; i < 16; i++) pages.setFlag(i, PG_reserved);
    buddy.freeAllBootMemory();
    expect(buddy.nrFreePages).toBe(4096 - 16);
    expect(buddy.nrFree(MAX_ORDER)).toBe(3);
  });

  it('splits on allocation and merges buddies back on free', () => {
    const { buddy } = setup(1024);
    buddy.freeAllBootMemory();
    expect(buddy.nrFree(MAX_ORDER)).toBe(1);
    const a = buddy.allocPages(0, false, 1)!;
    const b = buddy.allocPages(0, false, 1)!;
    expect(a).toBe(0);
    expect(b).toBe(1);
    expect(buddy.nrFree(MAX_ORDER)).toBe(0);
    buddy.freeBlock(a, 0);
    buddy.freeBlock(b, 0);
    expect(buddy.nrFree(MAX_ORDER)).toBe(1);
    expect(buddy.nrFreePages).toBe(1024);
  });

  it('returns null when no block is large enough', () => {
    const { buddy } = setup(8);
    buddy.freeAllBootMemory();
    expect(buddy.allocPages(3, false, 1)).toBe(0);
    expect(buddy.allocPages(0, false, 1)).toBe(null);
  });

  it('snapshots and restores the free lists', () => {
    const { pages, buddy } = setup(1024);
    buddy.freeAllBootMemory();
    const snap = pages.mem.snapshot();
    const bs = buddy.snapshot();
    const x = buddy.allocPages(2, true, 1)!;
    pages.mem.restore(snap);
    buddy.restore(bs);
    expect(buddy.allocPages(2, true, 1)).toBe(x);
  });
});
