// struct page: the per-frame metadata (include/linux/mm_types.h, page-flags.h),
// kept in copy-on-write columns beside the frame bytes.
import { CowMemory, PAGE_SIZE, PAGE_SHIFT } from '../../../engine/cow.ts';
import { Interner } from '../../../engine/intern.ts';

export { PAGE_SIZE, PAGE_SHIFT };
export const MAX_ORDER = 10; // MAX_PAGE_ORDER in 6.8: orders 0..10

// Column indices. Links are stored as pfn + 1 so that 0 means "none".
export const F_FLAGS = 0;
export const F_OWNER = 1;
export const F_ORDER = 2;
export const F_LRU_NEXT = 3;
export const F_LRU_PREV = 4;
export const F_REFCOUNT = 5;
export const F_SLAB_CACHE = 6; // cache id + 1
export const F_SLAB_FREELIST = 7; // phys + 1 of the first free object
export const F_SLAB_INUSE = 8;
export const F_SLAB_OBJECTS = 9;
export const F_SLAB_FROZEN = 10;
export const F_COMPOUND_HEAD = 11; // head pfn + 1 on tail pages
export const F_MAPCOUNT = 12;
export const F_PRIVATE = 13;
// The two words of a slab freelist pointer that is outside the direct map (F_SLAB_FREELIST is then -1).
export const F_SLAB_FREELIST_RAW_LO = 14;
export const F_SLAB_FREELIST_RAW_HI = 15;

export const PG_reserved = 1 << 0;
export const PG_slab = 1 << 1;
export const PG_head = 1 << 2;
export const PG_tail = 1 << 3;
export const PG_buddy = 1 << 4;
export const PG_lru = 1 << 5;
export const PG_user = 1 << 6;
/** SLUB: the slab is on its node's partial list (6.8 reuses PG_workingset for it). */
export const PG_workingset = 1 << 7;

export const PAGE_FLAG_NAMES: readonly [number, string][] = [
  [PG_reserved, 'reserved'],
  [PG_slab, 'slab'],
  [PG_head, 'head'],
  [PG_tail, 'tail'],
  [PG_buddy, 'buddy'],
  [PG_lru, 'lru'],
  [PG_user, 'user'],
  [PG_workingset, 'workingset'],
];

export const OWNER_FREE = 0;

export class StructPages {
  /** Who owns a frame, for the memory map: names interned per run, so replays re-derive the same ids. */
  private readonly owners = new Interner(['free']);

  constructor(readonly mem: CowMemory) {}

  ownerId(name: string): number {
    return this.owners.id(name);
  }

  ownerName(id: number): string {
    return this.owners.name(id) ?? `owner#${id}`;
  }

  get nframes(): number {
    return this.mem.nframes;
  }

  flags(pfn: number): number {
    return this.mem.meta(pfn, F_FLAGS);
  }

  setFlag(pfn: number, flag: number): void {
    this.mem.setMeta(pfn, F_FLAGS, this.mem.meta(pfn, F_FLAGS) | flag);
  }

  clearFlag(pfn: number, flag: number): void {
    this.mem.setMeta(pfn, F_FLAGS, this.mem.meta(pfn, F_FLAGS) & ~flag);
  }

  test(pfn: number, flag: number): boolean {
    return (this.mem.meta(pfn, F_FLAGS) & flag) !== 0;
  }

  get(pfn: number, field: number): number {
    return this.mem.meta(pfn, field);
  }

  set(pfn: number, field: number, v: number): void {
    this.mem.setMeta(pfn, field, v);
  }

  owner(pfn: number): number {
    return this.mem.meta(pfn, F_OWNER);
  }

  setOwner(pfn: number, nr: number, owner: number): void {
    for (let i = 0; i < nr; i++) this.mem.setMeta(pfn + i, F_OWNER, owner);
  }

  /** compound_head(): the head pfn of the compound page pfn belongs to. */
  compoundHead(pfn: number): number {
    const h = this.mem.meta(pfn, F_COMPOUND_HEAD);
    return h === 0 ? pfn : h - 1;
  }

  flagNames(pfn: number): string[] {
    const f = this.flags(pfn);
    return PAGE_FLAG_NAMES.filter(([bit]) => (f & bit) !== 0).map(([, n]) => n);
  }
}
