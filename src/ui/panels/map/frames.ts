// What the memory map says about one frame, and the rows of its write history: pure formatting
// of the worker's MapTile and FrameWrite answers.
import type { FrameWrite, MapTile } from '../../../worker/protocol.ts';
import type { HexFocus } from '../../findingTarget.ts';

export const PAGE_SIZE = 4096;

export interface FrameInfo {
  pfn: number;
  /** "0x8003" */
  pfnHex: string;
  /** Physical address of the frame, "0x08003000". */
  phys: string;
  /** Its direct-map (__va) address, "0xffff810008003000". */
  va: string;
  owner: string;
  flags: string[];
  /** Stray writes that hit it before the cursor. */
  strayHits: number;
}

function hex(v: bigint | number, width: number): string {
  return '0x' + v.toString(16).padStart(width, '0');
}

/** __va(pfn << PAGE_SHIFT) + offset, as 0x and 16 hex digits. */
export function directMapAddr(pageOffset: string, pfn: number, offset = 0): string {
  return hex(BigInt(pageOffset) + BigInt(pfn) * BigInt(PAGE_SIZE) + BigInt(offset), 16);
}

/** Index of pfn in a sorted list, or -1. */
function indexIn(sorted: readonly number[], pfn: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < pfn) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo] === pfn ? lo : -1;
}

/** The frame pfn as the tile shows it, or null when the tile does not cover it. */
export function frameInfo(t: MapTile, pfn: number): FrameInfo | null {
  const i = pfn - t.startPfn;
  if (i < 0 || i >= t.count) return null;
  const id = t.owners[i]!;
  const owner = t.legend.find((l) => l.id === id)?.name ?? `owner#${id}`;
  const f = t.flags[i]!;
  const si = indexIn(t.strayFrames, pfn);
  return {
    pfn,
    pfnHex: hex(pfn, 1),
    phys: hex(pfn * PAGE_SIZE, 8),
    va: directMapAddr(t.pageOffset, pfn),
    owner,
    flags: t.flagNames.filter(([bit]) => (f & bit) !== 0).map(([, n]) => n),
    strayHits: si >= 0 ? (t.strayHits[si] ?? 0) : 0,
  };
}

function byteHex(v: number): string {
  return v.toString(16).padStart(2, '0');
}

export interface HistoryRow {
  event: number;
  kind: string;
  writer: string;
  offset: number;
  /** "+0x7bc" (and "+0x000..0xfff" for a write of more than one byte). */
  where: string;
  len: number;
  /** "22 → 90" when the event recorded the byte before and after, "→ 90" with only the new one. */
  change: string | null;
  /** A text_poke() byte that landed outside its site's frame. */
  stray: boolean;
  /** Written by text_poke() (the site is known). */
  poke: boolean;
  /** The write comes after the cursor: shown dimmed, the frame does not hold it yet. */
  later: boolean;
}

export function historyRows(writes: readonly FrameWrite[], cursor: number): HistoryRow[] {
  return writes.map((w) => {
    const where = w.len > 1 ? `+0x${w.offset.toString(16)}..0x${(w.offset + w.len - 1).toString(16)}` : `+0x${w.offset.toString(16)}`;
    let change: string | null = null;
    if (w.new !== undefined) change = w.old !== undefined ? `${byteHex(w.old)} → ${byteHex(w.new)}` : `→ ${byteHex(w.new)}`;
    return { event: w.event, kind: w.kind, writer: w.writer, offset: w.offset, where, len: w.len, change, stray: w.stray === true, poke: w.site !== undefined, later: w.event >= cursor };
  });
}

/** The hex view for one byte of a frame: from a few rows before it (not before the frame), with the byte picked out. */
export function byteFocus(pageOffset: string, pfn: number, offset: number, len = 256): HexFocus {
  const rowStart = offset - (offset % 16);
  const start = Math.max(0, Math.min(rowStart - 64, PAGE_SIZE - len));
  return { target: directMapAddr(pageOffset, pfn, start), pin: offset - start, len };
}

/** Frames named by mm.stray_write findings before the cursor, ascending (findings in event order). */
export function hitFrames(findings: readonly { kind: string; event: number; fields: Record<string, unknown> }[], cursor: number): number[] {
  const set = new Set<number>();
  for (const f of findings) {
    if (f.event >= cursor) break;
    const fr = f.fields.frame;
    if (f.kind === 'mm.stray_write' && typeof fr === 'string' && /^0x[0-9a-f]+$/i.test(fr)) set.add(parseInt(fr, 16));
  }
  return [...set].sort((a, b) => a - b);
}

/** The hit frame after (dir 1) or before (dir -1) pfn, wrapping around; the first (or last) when pfn is null. */
export function nextHit(frames: readonly number[], pfn: number | null, dir: 1 | -1): number | null {
  if (frames.length === 0) return null;
  if (dir > 0) return (pfn === null ? undefined : frames.find((f) => f > pfn)) ?? frames[0]!;
  if (pfn !== null) for (let i = frames.length - 1; i >= 0; i--) if (frames[i]! < pfn) return frames[i]!;
  return frames[frames.length - 1]!;
}
