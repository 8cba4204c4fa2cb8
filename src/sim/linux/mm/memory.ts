// Anonymous user memory: do_anonymous_page() of mm/memory.c 2.6.25 faulting in the pages a
// program touches (owner "user: <comm>"), and unmap on free()/exit. One growing anonymous
// mapping per task, like a malloc()ed buffer being filled from its start.
import { fnv32 as fnv, type Hasher } from '../../engine/hash.ts';
import { eventKind } from '../../engine/recorder.ts';
import type { Subsystem } from '../../machine/subsystem.ts';
import type { Deps } from '../../machine/modules.ts';
import { PAGE_SIZE } from '../include/linux/mm_types.ts';

export const EV_USER_FAULT = eventKind('user.fault_in');
export const EV_USER_UNMAP = eventKind('user.unmap');

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
  // `page` fills a new page with what the program stores into it. Returns the bytes faulted in.
  faultIn(task: string, bytes: number, page: (offset: number) => Uint8Array): number {
    const k = this.sys.k;
    const old = this.mapping(task);
    const start = old?.start ?? this.startOf(task);
    const pages = old ? old.pages.slice() : [];
    let length = old?.length ?? 0;
    k.rec.emit(EV_USER_FAULT, pages.length, bytes, { task });
    const owner = k.pages.ownerId(`user: ${task}`);
    const end = length + bytes;
    const writer = `user: ${task} (stores of the program)`;
    while (length < end) {
      const pi = Math.floor(length / PAGE_SIZE);
      if (pi >= pages.length) {
        // alloc_zeroed_user_highpage_movable(): an order-0 page from the buddy allocator
        const pfn = k.buddy.allocPages(0, false, owner);
        if (pfn === null) break;
        pages.push(pfn);
      }
      const off = length % PAGE_SIZE;
      const n = Math.min(PAGE_SIZE - off, end - length);
      const data = page(pi * PAGE_SIZE);
      k.memWrite(pages[pi]! * PAGE_SIZE + off, data.subarray(off, off + n), writer);
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
