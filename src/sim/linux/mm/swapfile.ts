// One swap area as mm/swapfile.c 5.19 keeps it: swapon()'s "Adding ...k swap" line, a swap_map of
// slots (slot 0 is the header page), get_swap_page() taking the next free slot from cluster_next,
// get_nr_swap_pages(), swap_free(). The device itself (a virtio disk) keeps the bytes
// swap_writepage() wrote per slot; its writes and reads complete at once.
import type { Hasher } from '../../engine/hash.ts';
import { KERN_INFO } from '../../engine/recorder.ts';
import type { Kernel } from '../../machine/kernel.ts';
import { PAGE_SIZE } from '../include/linux/mm_types.ts';

/** swp_entry_t of the one area (type 0): its slot offset. */
export type SwapSlot = number;

export interface SwapSnapshot {
  pages: number;
  next: number;
  /** Used slots with what the device holds there (never changed once written: snapshots share them). */
  slots: [number, Uint8Array, number][];
}

// a 32-bit digest of a page the hash covers instead of its 4096 bytes
function digest(b: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return h >>> 0;
}

export class SwapArea {
  /** Usable slots (p->pages: the device's pages less the header). */
  pages = 0;
  /** cluster_next: where the scan for a free slot starts. */
  private next = 1;
  private used = new Map<SwapSlot, { bytes: Uint8Array; digest: number }>();

  constructor(private readonly k: Kernel) {}

  get enabled(): boolean {
    return this.pages > 0;
  }

  // swapon() of a whole disk of `mib` MiB formatted by mkswap: the header page is not usable
  swapon(mib: number, name: string): void {
    this.pages = (mib * 1024 * 1024) / PAGE_SIZE - 1;
    this.next = 1;
    // enable_swap_info() with no priority given: --least_priority = -2; CONFIG_FRONTSWAP's "FS"
    this.k.printk(KERN_INFO, `Adding ${this.pages * 4}k swap on ${name}.  Priority:-2 extents:1 across:${this.pages * 4}k FS`);
  }

  // get_nr_swap_pages()
  nrSwapPages(): number {
    return this.pages - this.used.size;
  }

  // get_swap_pages() -> scan_swap_map_slots(): the first free slot from cluster_next on, wrapping; null when full
  getSwapPage(): SwapSlot | null {
    if (this.nrSwapPages() <= 0) return null;
    for (let n = 0; n < this.pages; n++) {
      const slot = ((this.next - 1 + n) % this.pages) + 1;
      if (this.used.has(slot)) continue;
      this.next = (slot % this.pages) + 1;
      this.used.set(slot, { bytes: new Uint8Array(0), digest: 0 });
      return slot;
    }
    return null;
  }

  /** swap_writepage() -> the device's write of one page (a copy of `bytes`). */
  write(slot: SwapSlot, bytes: Uint8Array): void {
    const copy = bytes.slice();
    this.used.set(slot, { bytes: copy, digest: digest(copy) });
  }

  /** swap_readpage(): what the device holds at `slot`. */
  read(slot: SwapSlot): Uint8Array | null {
    return this.used.get(slot)?.bytes ?? null;
  }

  // swap_free() of the last reference: the slot is free again
  free(slot: SwapSlot): void {
    this.used.delete(slot);
  }

  snapshot(): SwapSnapshot {
    return { pages: this.pages, next: this.next, slots: [...this.used].map(([s, v]) => [s, v.bytes, v.digest]) };
  }

  restore(s: SwapSnapshot): void {
    this.pages = s.pages;
    this.next = s.next;
    this.used = new Map(s.slots.map(([slot, bytes, d]) => [slot, { bytes, digest: d }]));
  }

  hashInto(h: Hasher): void {
    if (!this.enabled) return;
    h.u32(this.pages).u32(this.next).u32(this.used.size);
    for (const [slot, v] of this.used) h.u32(slot).u32(v.digest);
  }
}
