// Frames whose owner differs between the two runs at the same moment: owner ids are numbered per
// run, so frames are compared by the owner's name (and whether the buddy allocator holds them free).
import type { MapTile } from '../../worker/protocol.ts';

const MAP_FREE = 4;

function names(t: MapTile): Map<number, string> {
  return new Map(t.legend.map((l) => [l.id, l.name]));
}

export function ownerName(t: MapTile, names: Map<number, string>, i: number): string {
  return (t.flags[i]! & MAP_FREE) !== 0 ? 'free' : (names.get(t.owners[i]!) ?? '?');
}

export interface FrameDiff {
  /** Frames of both tiles from their common start. */
  count: number;
  /** Per frame: 1 when its owner differs. */
  differs: Uint8Array;
  /** How many differ, and the first of them with both owners. */
  n: number;
  first: { pfn: number; a: string; b: string } | null;
}

export function differingFrames(a: MapTile, b: MapTile): FrameDiff {
  const count = a.startPfn === b.startPfn ? Math.min(a.count, b.count) : 0;
  const na = names(a);
  const nb = names(b);
  const differs = new Uint8Array(count);
  let n = 0;
  let first: FrameDiff['first'] = null;
  for (let i = 0; i < count; i++) {
    const oa = ownerName(a, na, i);
    const ob = ownerName(b, nb, i);
    if (oa === ob) continue;
    differs[i] = 1;
    n++;
    first ??= { pfn: a.startPfn + i, a: oa, b: ob };
  }
  return { count, differs, n, first };
}

/** Owner name per frame of one tile (for drawing). */
export function ownersOf(t: MapTile): (i: number) => string {
  const n = names(t);
  return (i) => ownerName(t, n, i);
}
