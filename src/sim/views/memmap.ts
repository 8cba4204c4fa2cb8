// The physical memory map at the cursor: one owner id per frame of a range, the legend of the
// owners shown, and the frames that text_poke() (or any stray writer kernscope caught) hit.
import type { Machine } from '../machine/machine.ts';
import { hex } from '../linux/arch/x86/include/asm/pgtable_64_types.ts';
import { PG_buddy, PG_head, PG_lru, PG_reserved, PG_slab, PG_tail, PG_user } from '../linux/include/linux/mm_types.ts';
import type { Recorder } from '../engine/recorder.ts';

/** Bits of MemoryMapTile.flags (a digest of page->flags, like /proc/kpageflags). */
export const MAP_RESERVED = 1;
export const MAP_SLAB = 2;
export const MAP_BUDDY = 4;
export const MAP_USER = 8;
export const MAP_LRU = 16;
export const MAP_COMPOUND = 32;

/** The names of the flag bits, in bit order, as the kernel spells the page flags. */
export const MAP_FLAG_NAMES: readonly [number, string][] = [
  [MAP_RESERVED, 'reserved'],
  [MAP_SLAB, 'slab'],
  [MAP_BUDDY, 'buddy'],
  [MAP_USER, 'user'],
  [MAP_LRU, 'lru'],
  [MAP_COMPOUND, 'compound'],
];

export interface MemoryMapTile {
  startPfn: number;
  count: number;
  /** All frames of the machine (the range asked is clipped to it). */
  nframes: number;
  /** PAGE_OFFSET as 0x hex: the direct-map address of frame n is pageOffset + n * 4096. */
  pageOffset: string;
  /** Owner id of each frame (ids index `legend`). */
  owners: Uint16Array;
  /** Per frame: MAP_* bits (1 reserved, 2 slab, 4 free in the buddy lists, 8 user, 16 lru, 32 compound). */
  flags: Uint8Array;
  legend: { id: number; name: string; frames: number }[];
  /** Frames of the range that stray writes hit before the cursor, ascending. */
  strayFrames: number[];
  /** For each of strayFrames: how many stray writes hit it before the cursor. */
  strayHits: number[];
  /** Stray-hit frames of the whole machine before the cursor (to step from one to the next). */
  strayTotal: number;
}

/** Frames hit by mm.stray_write findings recorded before the cursor, with the number of hits each, ascending by pfn. */
export function strayHitsBefore(rec: Recorder, cursor: number): Map<number, number> {
  const hits = new Map<number, number>();
  for (const f of rec.findings) {
    // findings are in event order
    if (f.event >= cursor) break;
    if (f.kind !== 'mm.stray_write') continue;
    const fr = f.fields.frame;
    if (typeof fr === 'string' && fr.startsWith('0x')) {
      const pfn = parseInt(fr, 16);
      hits.set(pfn, (hits.get(pfn) ?? 0) + 1);
    }
  }
  return new Map([...hits].sort((a, b) => a[0] - b[0]));
}

/** Frames hit by mm.stray_write findings recorded before the cursor (pfn numbers). */
export function strayFramesBefore(rec: Recorder, cursor: number): number[] {
  return [...strayHitsBefore(rec, cursor).keys()];
}

function mapFlags(f: number): number {
  return (
    (f & PG_reserved ? MAP_RESERVED : 0) |
    (f & PG_slab ? MAP_SLAB : 0) |
    (f & PG_buddy ? MAP_BUDDY : 0) |
    (f & PG_user ? MAP_USER : 0) |
    (f & PG_lru ? MAP_LRU : 0) |
    (f & (PG_head | PG_tail) ? MAP_COMPOUND : 0)
  );
}

// a view over struct page (page->flags) and kernscope's owner column, like /proc/kpageflags per frame
export function memoryMapTile(m: Machine, rec: Recorder, cursor: number, startPfn: number, count: number): MemoryMapTile {
  const p = m.k.pages;
  const start = Math.max(0, Math.min(Math.floor(startPfn), p.nframes));
  const n = Math.max(0, Math.min(Math.floor(count), p.nframes - start, 1 << 20));
  const owners = new Uint16Array(n);
  const flags = new Uint8Array(n);
  const frames = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const pfn = start + i;
    const o = p.owner(pfn);
    owners[i] = o;
    frames.set(o, (frames.get(o) ?? 0) + 1);
    flags[i] = mapFlags(p.flags(pfn));
  }
  const legend = [...frames].sort((a, b) => a[0] - b[0]).map(([id, c]) => ({ id, name: m.k.pages.ownerName(id), frames: c }));
  const hits = strayHitsBefore(rec, cursor);
  const strayFrames: number[] = [];
  const strayHits: number[] = [];
  for (const [pfn, c] of hits) {
    if (pfn < start || pfn >= start + n) continue;
    strayFrames.push(pfn);
    strayHits.push(c);
  }
  return { startPfn: start, count: n, nframes: p.nframes, pageOffset: hex(m.k.layout.pageOffset), owners, flags, legend, strayFrames, strayHits, strayTotal: hits.size };
}
