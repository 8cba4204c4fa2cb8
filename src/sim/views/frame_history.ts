// Who wrote into one physical frame, event by event: the write log behind byte provenance, with
// the byte before and after where the writing event says (text_poke() events carry both).
import type { Recorder } from '../engine/recorder.ts';
import { PAGE_SIZE } from '../linux/include/linux/mm_types.ts';

export interface FrameWrite {
  event: number;
  kind: string;
  writer: string;
  /** Offset in the frame and length of the write (clipped to the frame). */
  offset: number;
  len: number;
  /** For one-byte writes whose event records it: the byte before and after. */
  old?: number;
  new?: number;
  /** The text_poke() site, when that is what wrote. */
  site?: string;
  /** text_poke(): the byte landed outside the site's own frame. */
  stray?: boolean;
  /** text_poke(): who owned the frame when the byte landed (e.g. "user: testf", "slab:dentry"). */
  frameOwner?: string;
}

/** Every write into frame `pfn` by events before `before` (the cursor, or the run's end for the whole story), oldest first. */
export function frameHistory(rec: Recorder, before: number, pfn: number): FrameWrite[] {
  const base = pfn * PAGE_SIZE;
  const out: FrameWrite[] = [];
  for (const w of rec.writesIn(base, PAGE_SIZE, before)) {
    const lo = Math.max(w.phys, base);
    const hi = Math.min(w.phys + w.len, base + PAGE_SIZE);
    const e = w.event >= 0 && w.event < rec.log.length ? rec.log.get(w.event) : null;
    const entry: FrameWrite = { event: w.event, kind: e?.kind ?? '', writer: w.writer, offset: lo - base, len: hi - lo };
    const pl = e?.payload;
    if (pl && w.len === 1 && typeof pl.old === 'number' && typeof pl.new === 'number') {
      if (pl.old >= 0) entry.old = pl.old;
      entry.new = pl.new;
      if (typeof pl.site === 'string') entry.site = pl.site;
      if (typeof pl.stray === 'boolean') entry.stray = pl.stray;
      if (typeof pl.owner === 'string') entry.frameOwner = pl.owner;
    }
    out.push(entry);
  }
  return out;
}
