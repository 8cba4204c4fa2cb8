// vmalloc space: mm/vmalloc.c 2.6.25 (__get_vm_area_node(), __vmalloc_area_node(), __vunmap(),
// vmalloc_to_page()). Areas are page lists mapped at consecutive addresses with a guard page
// after each; module_alloc() uses the same code on the MODULES_VADDR..MODULES_END range.
import type { Hasher } from '../../engine/hash.ts';
import type { Subsystem } from '../../machine/subsystem.ts';
import type { Deps } from '../../machine/modules.ts';
import { PAGE_SIZE, PG_reserved } from '../include/linux/mm_types.ts';

export interface VmArea {
  /** Start of the mapping. */
  readonly addr: bigint;
  /** Bytes mapped (the guard page after it is not). */
  readonly size: number;
  /** The frame behind each page, in order. */
  readonly pages: readonly number[];
  /** Owner of the frames in the memory map. */
  readonly owner: string;
  /** Mapped PAGE_KERNEL_EXEC (module text). */
  readonly exec: boolean;
  readonly caller: string;
}

export interface VmallocSnapshot {
  areas: readonly VmArea[];
}

export class Vmalloc implements Subsystem<VmallocSnapshot> {
  readonly name = 'vmalloc';
  /** vmlist, sorted by address; areas are never mutated, so snapshots share them. */
  private areas: VmArea[] = [];

  constructor(private readonly sys: Deps) {
  }

  snapshot(): VmallocSnapshot {
    return { areas: this.areas.slice() };
  }

  restore(s: VmallocSnapshot): void {
    this.areas = s.areas.slice();
  }

  hashInto(h: Hasher): void {
    h.u32(this.areas.length);
    for (const a of this.areas) {
      h.str(a.addr.toString(16)).u32(a.size).str(a.owner).u32(a.exec ? 1 : 0);
      for (const p of a.pages) h.u32(p);
    }
  }

  list(): readonly VmArea[] {
    return this.areas;
  }

  // __get_vm_area_node(), mm/vmalloc.c 2.6.25: first fit by address, size + one guard page
  getVmArea(size: number, start: bigint, end: bigint): bigint | null {
    const need = BigInt(size + PAGE_SIZE);
    let addr = start;
    for (const a of this.areas) {
      if (a.addr + BigInt(a.size + PAGE_SIZE) <= start) continue;
      if (a.addr >= end) break;
      if (addr + need <= a.addr) break;
      addr = a.addr + BigInt(a.size + PAGE_SIZE);
    }
    return addr + need > end ? null : addr;
  }

  // __vmalloc_area_node(), mm/vmalloc.c 2.6.25: order-0 pages, one by one, then map them
  vmallocRange(size: number, start: bigint, end: bigint, owner: string, exec: boolean, caller: string): VmArea | null {
    const k = this.sys.k;
    size = Math.ceil(size / PAGE_SIZE) * PAGE_SIZE;
    const addr = this.getVmArea(size, start, end);
    if (addr === null) return null;
    const id = k.pages.ownerId(owner);
    const pages: number[] = [];
    for (let i = 0; i < size / PAGE_SIZE; i++) {
      const pfn = k.buddy.allocPages(0, false, id);
      if (pfn === null) {
        for (const p of pages) k.buddy.freeBlock(p, 0);
        return null;
      }
      // Ingo Molnar's hardening (the 2.6.25-git2 paging-request thread): PAGE_KERNEL_EXEC pages are PageReserved
      if (exec && k.patch('text_poke_reserved_check')) k.pages.setFlag(pfn, PG_reserved);
      pages.push(pfn);
    }
    const area: VmArea = { addr, size, pages, owner, exec, caller };
    const i = this.areas.findIndex((a) => a.addr > addr);
    if (i < 0) this.areas.push(area);
    else this.areas.splice(i, 0, area);
    return area;
  }

  // __vunmap(), mm/vmalloc.c 2.6.25 (deallocate_pages = 1)
  vfree(addr: bigint): boolean {
    const k = this.sys.k;
    const i = this.areas.findIndex((a) => a.addr === addr);
    if (i < 0) return false;
    const a = this.areas[i]!;
    this.areas.splice(i, 1);
    for (const pfn of a.pages) {
      k.pages.clearFlag(pfn, PG_reserved);
      k.buddy.freeBlock(pfn, 0);
    }
    return true;
  }

  // vmap(), mm/vmalloc.c 5.19: pages the caller owns mapped at consecutive addresses (VM_MAP)
  vmap(pages: readonly number[], owner: string, caller: string): bigint | null {
    const l = this.sys.k.layout;
    const size = pages.length * PAGE_SIZE;
    const addr = this.getVmArea(size, l.vmallocStart, l.vmallocEnd);
    if (addr === null) return null;
    const area: VmArea = { addr, size, pages: [...pages], owner, exec: false, caller };
    const i = this.areas.findIndex((a) => a.addr > addr);
    if (i < 0) this.areas.push(area);
    else this.areas.splice(i, 0, area);
    return addr;
  }

  // vunmap(), mm/vmalloc.c 5.19: the mapping goes, the pages stay with their owner
  vunmap(addr: bigint): boolean {
    const i = this.areas.findIndex((a) => a.addr === addr);
    if (i < 0) return false;
    this.areas.splice(i, 1);
    return true;
  }

  /** find_vm_area() for any address inside the mapping (not the guard page). */
  areaOf(va: bigint): VmArea | null {
    for (const a of this.areas) if (va >= a.addr && va < a.addr + BigInt(a.size)) return a;
    return null;
  }

  // vmalloc_to_page(), mm/vmalloc.c 2.6.25, as a physical address of the byte
  vmallocToPhys(va: bigint): number | null {
    const a = this.areaOf(va);
    if (!a) return null;
    const off = Number(va - a.addr);
    return a.pages[Math.floor(off / PAGE_SIZE)]! * PAGE_SIZE + (off % PAGE_SIZE);
  }

  /** Whether a PTE page exists for the 2 MB around va (some area maps into it). */
  pmdPopulated(va: bigint): boolean {
    const lo = va & ~0x1fffffn;
    const hi = lo + 0x200000n;
    return this.areas.some((a) => a.addr < hi && a.addr + BigInt(a.size + PAGE_SIZE) > lo);
  }
}
