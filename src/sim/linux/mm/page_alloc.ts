// The buddy allocator: mm/page_alloc.c (6.8) __rmqueue_smallest(), expand(),
// __free_one_page(). Free lists are linked through struct page like page->buddy_list.
import {
  F_COMPOUND_HEAD,
  F_LRU_NEXT,
  F_LRU_PREV,
  F_ORDER,
  F_REFCOUNT,
  MAX_ORDER,
  OWNER_FREE,
  PG_buddy,
  PG_head,
  PG_reserved,
  PG_tail,
  StructPages,
} from '../include/linux/mm_types.ts';

export interface FreeArea {
  head: number; // pfn + 1, 0 when empty
  tail: number;
  nrFree: number;
}

export interface BuddySnapshot {
  areas: FreeArea[];
  nrFreePages: number;
}

export class BuddyAllocator {
  private areas: FreeArea[] = [];
  nrFreePages = 0;
  /** check_new_page() on each block taken out: true drops a bad one (set by the kernel, not state). */
  checkNew: ((pfn: number) => boolean) | null = null;

  constructor(readonly pages: StructPages) {
    for (let o = 0; o <= MAX_ORDER; o++) this.areas.push({ head: 0, tail: 0, nrFree: 0 });
  }

  snapshot(): BuddySnapshot {
    return { areas: this.areas.map((a) => ({ ...a })), nrFreePages: this.nrFreePages };
  }

  restore(s: BuddySnapshot): void {
    this.areas = s.areas.map((a) => ({ ...a }));
    this.nrFreePages = s.nrFreePages;
  }

  nrFree(order: number): number {
    return this.areas[order]!.nrFree;
  }

  private addToFreeList(pfn: number, order: number, tail: boolean): void {
    const a = this.areas[order]!;
    const p = this.pages;
    p.setFlag(pfn, PG_buddy);
    p.set(pfn, F_ORDER, order);
    if (a.head === 0) {
      p.set(pfn, F_LRU_NEXT, 0);
      p.set(pfn, F_LRU_PREV, 0);
      a.head = a.tail = pfn + 1;
    } else if (tail) {
      p.set(a.tail - 1, F_LRU_NEXT, pfn + 1);
      p.set(pfn, F_LRU_PREV, a.tail);
      p.set(pfn, F_LRU_NEXT, 0);
      a.tail = pfn + 1;
    } else {
      p.set(a.head - 1, F_LRU_PREV, pfn + 1);
      p.set(pfn, F_LRU_NEXT, a.head);
      p.set(pfn, F_LRU_PREV, 0);
      a.head = pfn + 1;
    }
    a.nrFree++;
  }

  private delFromFreeList(pfn: number, order: number): void {
    const a = this.areas[order]!;
    const p = this.pages;
    const next = p.get(pfn, F_LRU_NEXT);
    const prev = p.get(pfn, F_LRU_PREV);
    if (prev === 0) a.head = next;
    else p.set(prev - 1, F_LRU_NEXT, next);
    if (next === 0) a.tail = prev;
    else p.set(next - 1, F_LRU_PREV, prev);
    p.set(pfn, F_LRU_NEXT, 0);
    p.set(pfn, F_LRU_PREV, 0);
    p.clearFlag(pfn, PG_buddy);
    p.set(pfn, F_ORDER, 0);
    a.nrFree--;
  }

  /** __free_one_page(): merge with free buddies, then queue (to the tail at boot, FPI_TO_TAIL). */
  freeOne(pfn: number, order: number, toTail = false): void {
    const p = this.pages;
    this.nrFreePages += 1 << order;
    while (order < MAX_ORDER) {
      const buddy = pfn ^ (1 << order);
      if (buddy + (1 << order) > p.nframes) break;
      if (!p.test(buddy, PG_buddy) || p.get(buddy, F_ORDER) !== order) break;
      this.delFromFreeList(buddy, order);
      pfn = Math.min(pfn, buddy);
      order++;
    }
    this.addToFreeList(pfn, order, toTail);
  }

  /** __rmqueue_smallest() + expand(): the lowest order with a free block, split down. Null when out of memory. */
  rmqueue(order: number): number | null {
    for (let cur = order; cur <= MAX_ORDER; cur++) {
      const a = this.areas[cur]!;
      if (a.head === 0) continue;
      const pfn = a.head - 1;
      this.delFromFreeList(pfn, cur);
      let size = 1 << cur;
      let high = cur;
      while (high > order) {
        high--;
        size >>= 1;
        this.addToFreeList(pfn + size, high, false);
      }
      this.nrFreePages -= 1 << order;
      return pfn;
    }
    return null;
  }

  /** alloc_pages(): a block of 2^order frames with refcount 1; compound metadata when order > 0 and compound. */
  allocPages(order: number, compound: boolean, owner: number): number | null {
    let pfn = this.rmqueue(order);
    while (pfn !== null && this.checkNew?.(pfn)) pfn = this.rmqueue(order);
    if (pfn === null) return null;
    const p = this.pages;
    p.set(pfn, F_REFCOUNT, 1);
    p.setOwner(pfn, 1 << order, owner);
    if (compound && order > 0) {
      p.setFlag(pfn, PG_head);
      p.set(pfn, F_ORDER, order);
      for (let i = 1; i < 1 << order; i++) {
        p.setFlag(pfn + i, PG_tail);
        p.set(pfn + i, F_COMPOUND_HEAD, pfn + 1);
      }
    }
    return pfn;
  }

  /** __free_pages(): drop the block back to the buddy lists. */
  freeBlock(pfn: number, order: number): void {
    const p = this.pages;
    if (p.test(pfn, PG_head)) {
      p.clearFlag(pfn, PG_head);
      for (let i = 1; i < 1 << order; i++) {
        p.clearFlag(pfn + i, PG_tail);
        p.set(pfn + i, F_COMPOUND_HEAD, 0);
      }
    }
    p.set(pfn, F_REFCOUNT, 0);
    p.setOwner(pfn, 1 << order, OWNER_FREE);
    this.freeOne(pfn, order);
  }

  /** memblock_free_all(): hand every non-reserved frame to the buddy lists, lowest first. */
  freeAllBootMemory(): void {
    const p = this.pages;
    let pfn = 0;
    while (pfn < p.nframes) {
      if (p.test(pfn, PG_reserved)) {
        pfn++;
        continue;
      }
      // the largest aligned block below the next reserved frame: that frame is looked up once, not per order
      let order = MAX_ORDER;
      while (order > 0 && (pfn % (1 << order) !== 0 || pfn + (1 << order) > p.nframes)) order--;
      const reservedAt = this.firstReserved(pfn, 1 << order);
      while (order > 0 && reservedAt < 1 << order) order--;
      this.freeOne(pfn, order, true);
      pfn += 1 << order;
    }
  }

  /** Offset of the first PG_reserved frame in [pfn, pfn+n), or n when there is none. */
  private firstReserved(pfn: number, n: number): number {
    for (let i = 0; i < n; i++) if (this.pages.test(pfn + i, PG_reserved)) return i;
    return n;
  }
}
