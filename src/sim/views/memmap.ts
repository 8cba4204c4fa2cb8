// The physical memory map at the cursor: one owner id per frame of a range, the legend of the
// owners shown, and the frames that text_poke() (or any stray writer kernscope caught) hit.
import type { Machine } from '../kernel/machine.ts';
import { ownerName, PG_buddy, PG_reserved, PG_slab } from '../kernel/mm/page.ts';
import type { Recorder } from '../engine/recorder.ts';

export interface MemoryMapTile {
  startPfn: number;
  count: number;
  /** Owner id of each frame (ids index `legend`). */
  owners: Uint16Array;
  /** Per frame: 1 reserved, 2 slab, 4 free in the buddy lists. */
  flags: Uint8Array;
  legend: { id: number; name: string; frames: number }[];
  /** Frames of the range that stray writes hit before the cursor, ascending. */
  strayFrames: number[];
}

/** Frames hit by mm.stray_write findings recorded before the cursor (pfn numbers). */
export function strayFramesBefore(rec: Recorder, cursor: number): number[] {
  const set = new Set<number>();
  for (const f of rec.findings) {
    if (f.kind !== 'mm.stray_write' || f.event >= cursor) continue;
    const fr = f.fields.frame;
    if (typeof fr === 'string' && fr.startsWith('0x')) set.add(parseInt(fr, 16));
  }
  return [...set].sort((a, b) => a - b);
}

// a view over struct page (page->flags) and kernscope's owner column, like /proc/kpageflags per frame
export function memoryMapTile(m: Machine, rec: Recorder, cursor: number, startPfn: number, count: number): MemoryMapTile {
  const p = m.k.pages;
  const start = Math.max(0, Math.min(startPfn, p.nframes));
  const n = Math.max(0, Math.min(count, p.nframes - start, 1 << 20));
  const owners = new Uint16Array(n);
  const flags = new Uint8Array(n);
  const frames = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const pfn = start + i;
    const o = p.owner(pfn);
    owners[i] = o;
    frames.set(o, (frames.get(o) ?? 0) + 1);
    flags[i] = (p.test(pfn, PG_reserved) ? 1 : 0) | (p.test(pfn, PG_slab) ? 2 : 0) | (p.test(pfn, PG_buddy) ? 4 : 0);
  }
  const legend = [...frames].sort((a, b) => a[0] - b[0]).map(([id, c]) => ({ id, name: ownerName(id), frames: c }));
  const strayFrames = strayFramesBefore(rec, cursor).filter((f) => f >= start && f < start + n);
  return { startPfn: start, count: n, owners, flags, legend, strayFrames };
}
