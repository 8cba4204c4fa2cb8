// mm/memory.c: do_anonymous_page(), the one model of an anonymous fault for every kernel version,
// and the 2.6.25 address space it maps into for the pattern checker's buffers (owner
// "user: <comm>"): one growing anonymous mapping per task, like a malloc()ed buffer being filled
// from its start, unmapped on free()/exit. The 6.x address space with page tables is mm/mmap.ts.
import { fnv32 as fnv, type Hasher } from '../../engine/hash.ts';
import { eventKind } from '../../engine/recorder.ts';
import type { Subsystem } from '../../machine/subsystem.ts';
import type { Deps } from '../../machine/modules.ts';
import { folioRefAdd } from '../include/linux/mm.ts';
import { PAGE_SIZE } from '../include/linux/mm_types.ts';
import type { Kernel } from '../../machine/kernel.ts';

export const EV_USER_FAULT = eventKind('user.fault_in');
export const EV_USER_UNMAP = eventKind('user.unmap');

/** Where a fault maps its new folio: the address-space model of the kernel version. */
export interface AnonMapTarget {
  /** The VMA's anon_vma and the PTE table exist before the folio is allocated (6.x: anon_vma_prepare(), pte_alloc()). */
  prepare(): void;
  /** Maps the nr pages of the folio at pfn (6.x: set_ptes() under the PTL, mapcount, LRU). */
  map(pfn: number, nr: number): void;
}

// do_anonymous_page(), mm/memory.c (2.6.25; 6.9 with alloc_anon_folio()): prepare the mapping, allocate a
// zeroed folio of `order` for the task, take one reference per page, map it. Returns the folio's pfn, or null
// when the buddy allocator has nothing (the caller turns that into VM_FAULT_OOM).
export function doAnonymousPage(k: Kernel, task: string, order: number, target: AnonMapTarget, zeroWriter: string): number | null {
  target.prepare();
  const nr = 1 << order;
  // alloc_zeroed_user_highpage_movable() (2.6.25) / vma_alloc_zeroed_movable_folio() (6.9): __GFP_ZERO
  const pfn = k.buddy.allocPages(order, order > 0, k.pages.ownerId(`user: ${task}`));
  if (pfn === null) return null;
  k.memFill(pfn * PAGE_SIZE, nr * PAGE_SIZE, 0, zeroWriter);
  // folio_ref_add(folio, nr_pages - 1): one reference per mapped page
  folioRefAdd(k.pages, pfn, nr - 1);
  target.map(pfn, nr);
  return pfn;
}

export interface UserMapping {
  readonly task: string;
  /** User virtual address of the first byte. */
  readonly start: bigint;
  /** Bytes the program has touched so far. */
  readonly length: number;
  /** Frame of each page, in address order. */
  readonly pages: readonly number[];
}

export interface UserMemorySnapshot {
  maps: readonly UserMapping[];
  rounds: readonly [string, number][];
}

export class UserMemory implements Subsystem<UserMemorySnapshot> {
  readonly name = 'user_memory';
  /** One mapping per task; objects are replaced, never mutated, so snapshots share them. */
  private maps: UserMapping[] = [];
  /** Completed fill/check rounds per task (the c of Jiri's loop). */
  private roundsOf = new Map<string, number>();

  constructor(private readonly sys: Deps) {
  }

  snapshot(): UserMemorySnapshot {
    return { maps: this.maps.slice(), rounds: [...this.roundsOf] };
  }

  restore(s: UserMemorySnapshot): void {
    this.maps = s.maps.slice();
    this.roundsOf = new Map(s.rounds);
  }

  rounds(task: string): number {
    return this.roundsOf.get(task) ?? 0;
  }

  nextRound(task: string): void {
    this.roundsOf.set(task, this.rounds(task) + 1);
  }

  hashInto(h: Hasher): void {
    h.u32(this.maps.length);
    for (const m of this.maps) {
      h.str(m.task).u32(m.length);
      for (const p of m.pages) h.u32(p);
    }
    for (const [t, n] of this.roundsOf) h.str(t).u32(n);
  }

  mapping(task: string): UserMapping | null {
    return this.maps.find((m) => m.task === task) ?? null;
  }

  all(): readonly UserMapping[] {
    return this.maps;
  }

  hasMm(task: string): boolean {
    return this.mapping(task) !== null;
  }

  /** The frame behind a user address of the task, or null. */
  userVirtToPhys(task: string, va: bigint): number | null {
    const m = this.mapping(task);
    if (!m || va < m.start || va >= m.start + BigInt(m.pages.length * PAGE_SIZE)) return null;
    const off = Number(va - m.start);
    return m.pages[Math.floor(off / PAGE_SIZE)]! * PAGE_SIZE + (off % PAGE_SIZE);
  }

  /** Where the task's malloc() put its buffer: an mmap()ed area below the stack. */
  private startOf(task: string): bigint {
    return 0x00007f0000000000n + BigInt((fnv(task) % 0x3000) + 0x2a00) * 0x100000n;
  }

  // handle_mm_fault() -> do_anonymous_page(), mm/memory.c 2.6.25, for each page the program first touches;
  // `page` fills a new page with what the program stores into it (a page the caller leaves unchanged
  // afterwards: frames filled alike share it until written). Returns the bytes faulted in.
  faultIn(task: string, bytes: number, page: (offset: number) => Uint8Array): number {
    const k = this.sys.k;
    const old = this.mapping(task);
    const start = old?.start ?? this.startOf(task);
    const pages = old ? old.pages.slice() : [];
    let length = old?.length ?? 0;
    k.rec.emit(EV_USER_FAULT, pages.length, bytes, { task });
    const end = length + bytes;
    const writer = `user: ${task} (stores of the program)`;
    const clearWriter = `clear_user_highpage (${task} fault)`;
    while (length < end) {
      const pi = Math.floor(length / PAGE_SIZE);
      if (pi >= pages.length) {
        // handle_mm_fault() -> do_anonymous_page(): an order-0 page; 2.6.25's page tables are not modelled
        const pfn = doAnonymousPage(k, task, 0, { prepare: () => {}, map: (p) => void pages.push(p) }, clearWriter);
        if (pfn === null) break;
      }
      const off = length % PAGE_SIZE;
      const n = Math.min(PAGE_SIZE - off, end - length);
      const data = page(pi * PAGE_SIZE);
      if (n === PAGE_SIZE) k.memWritePage(pages[pi]!, data, writer);
      else k.memWrite(pages[pi]! * PAGE_SIZE + off, data.subarray(off, off + n), writer);
      length += n;
    }
    const m: UserMapping = { task, start, length, pages };
    this.maps = [...this.maps.filter((x) => x.task !== task), m];
    return length - (old?.length ?? 0);
  }

  // unmap_vmas() + free_pgtables() of exit_mmap()/munmap(), mm/mmap.c 2.6.25: the pages go back to the buddy lists
  unmap(task: string): void {
    const k = this.sys.k;
    const m = this.mapping(task);
    k.rec.emit(EV_USER_UNMAP, m?.pages.length ?? 0, 0, { task });
    if (!m) return;
    for (const pfn of m.pages) k.buddy.freeBlock(pfn, 0);
    this.maps = this.maps.filter((x) => x !== m);
  }
}
