// shrink_lruvec() over unpinned shmem pages: lru_size >> priority per pass, batches of 32, the bytes to a
// swap slot and the frame freed; a full swap keeps the page; shmem_getpage_gfp() brings the bytes back.
import { describe, expect, it } from 'vitest';
import { bootSys } from '../../machine/testing.ts';
import { PAGE_SIZE } from '../include/linux/mm_types.ts';
import { lruSize, shmemGetUnpinnedPage, shmemTruncate, shrinkShmemLru, shmemUnpinPage, type LruPage, type ShmemCtx, type ShmemInode } from './shmem.ts';
import { SwapArea } from './swapfile.ts';
import { PageAllocator } from './page_alloc_slowpath.ts';
import { Shrinkers } from './shrinker.ts';
import { GFP_HIGHUSER } from '../include/linux/gfp_types.ts';

function setup(pages: number, swapMiB = 1) {
  const t = bootSys({ kernel: '5.19' });
  const k = t.m.k;
  const swap = new SwapArea(k);
  swap.swapon(swapMiB, '/dev/vdb');
  const f: ShmemInode = { name: 'bo', cache: [], slots: [], swapped: 0 };
  const lru: LruPage[] = [];
  const c: ShmemCtx = { k, swap, lru, inode: (n) => (n === 'bo' ? f : undefined) };
  const owner = k.pages.ownerId('test');
  for (let i = 0; i < pages; i++) {
    const pfn = k.buddy.allocPages(0, false, owner)!;
    k.memFill(pfn * PAGE_SIZE, PAGE_SIZE, 0x40 + i, 'test');
    shmemUnpinPage(c, f, i, pfn);
  }
  const hooks = { mightAlloc: () => {}, acquire: () => {}, release: () => {} };
  return { k, c, f, alloc: new PageAllocator(k, new Shrinkers(k), hooks), owner };
}

describe('shmem pages on the LRU', () => {
  it('scans lru_size >> priority pages, writing each to a slot and freeing its frame', () => {
    const { k, c, f } = setup(100);
    const free = k.buddy.nrFreePages;
    expect(shrinkShmemLru(c, 12, 32, [])).toBe(0);
    expect(shrinkShmemLru(c, 4, 32, [])).toBe(6);
    expect(f.swapped).toBe(6);
    expect(f.slots.slice(0, 6)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(k.buddy.nrFreePages).toBe(free + 6);
    expect(lruSize(c)).toBe(94);
    // priority 0 scans all, but stops after the batch that reached the target
    expect(shrinkShmemLru(c, 0, 32, [])).toBe(32);
  });

  it('keeps a page on the LRU when swap is full', () => {
    const { c, f } = setup(300);
    expect(shrinkShmemLru(c, 0, 1000, [])).toBe(255);
    expect(f.swapped).toBe(255);
    expect(lruSize(c)).toBe(45);
  });

  it('reads a swapped page back into a new frame with its bytes, and truncation frees the rest', () => {
    const { k, c, f, alloc, owner } = setup(4);
    // priority 1: half of the four pages, the oldest
    shrinkShmemLru(c, 1, 32, []);
    expect(f.slots).toEqual([1, 2]);
    const pfn = shmemGetUnpinnedPage(c, alloc, f, 1, GFP_HIGHUSER, owner, [])!;
    const b = new Uint8Array(PAGE_SIZE);
    k.mem.read(pfn * PAGE_SIZE, b);
    expect(b.every((x) => x === 0x41)).toBe(true);
    expect(f.swapped).toBe(1);
    expect(c.swap.nrSwapPages()).toBe(254);
    // a page still in the page cache comes back as the same frame
    const cached = f.cache[3]!;
    expect(shmemGetUnpinnedPage(c, alloc, f, 3, GFP_HIGHUSER, owner, [])).toBe(cached);
    shmemTruncate(c, f);
    expect(c.swap.nrSwapPages()).toBe(255);
    expect(lruSize(c)).toBe(0);
  });
});
