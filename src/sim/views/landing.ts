// Landing on the evidence and stepping between moments that matter: a finding's landing is the
// moment its corrupted bytes are still in memory (before the report's own fix-ups, e.g. SLUB's
// restore_bytes() writing the red zone back), the next or previous write to one byte (rr's
// reverse watchpoint), and the edges of a scenario step.
import type { EventLog } from '../engine/events.ts';
import type { Finding, Recorder } from '../engine/recorder.ts';
import { linesBefore } from './dmesg.ts';

const HEX = /^0x[0-9a-f]{1,16}$/i;

export interface Landing {
  /** The finding's number in the run's list. */
  finding: number;
  /** Where the cursor goes. */
  cursor: number;
  /** The corrupted range the finding names, inclusive, as 0x addresses; null when it names none. */
  range: { start: string; end: string } | null;
  /** The report restores the corrupted bytes: the event that does it first, else -1. */
  fixupEvent: number;
  /** The first dmesg line the report printed, or -1. */
  firstLine: number;
}

/** The corrupted bytes a finding names: start..end, else the one byte at addr. */
export function corruptedRange(f: Finding): { start: bigint; end: bigint } | null {
  const get = (k: string): bigint | null => {
    const v = f.fields[k];
    return typeof v === 'string' && HEX.test(v) ? BigInt(v) : null;
  };
  const start = get('start');
  const end = get('end');
  if (start !== null && end !== null && end >= start) return { start, end };
  const addr = get('addr');
  return addr === null ? null : { start: addr, end: addr };
}

const hex = (v: bigint): string => '0x' + v.toString(16).padStart(16, '0');

/** The events of the step event `e` belongs to: [e, end). */
function stepEnd(log: EventLog, e: number): number {
  const step = log.stepAt(e);
  let i = e;
  while (i < log.length && log.stepAt(i) === step) i++;
  return i;
}

/**
 * Where to land for finding `n`. The report's event E printed the report and may rewrite the
 * bytes it complains about (a fix-up: a write into the corrupted range by E or a later event of
 * its step). With a fix-up the cursor goes just before the first print or fix-up, with the
 * corrupted bytes still there; without one, just after E (the report printed, nothing restored).
 * `phys` maps the range's first address to physical memory at that moment (null: not mapped).
 */
export function findingLanding(rec: Recorder, n: number, phys: (va: bigint, at: number) => number | null): Landing | null {
  const f = rec.findings[n];
  if (!f) return null;
  const log = rec.log;
  const e = Math.max(0, Math.min(f.event, log.length - 1));
  const r = corruptedRange(f);
  const range = r ? { start: hex(r.start), end: hex(r.end) } : null;
  const first = linesBefore(rec.dmesg, e);
  const firstLine = first < rec.dmesg.length && rec.dmesg[first]!.event === e ? first : -1;
  let fixupEvent = -1;
  const p = r ? phys(r.start, e) : null;
  if (r && p !== null && log.length > 0) {
    const len = Math.min(Number(r.end - r.start) + 1, 1 << 20);
    const end = stepEnd(log, e);
    const w = rec.writesIn(p, len, end).find((x) => x.event >= e);
    if (w) fixupEvent = w.event;
  }
  const cursor = fixupEvent < 0 ? e + 1 : Math.min(fixupEvent, firstLine >= 0 ? rec.dmesg[firstLine]!.event : fixupEvent);
  return { finding: n, cursor, range, fixupEvent, firstLine };
}

/**
 * The next (dir 1) or previous (dir -1) finding whose landing is past (before) `cursor`.
 * Landings never precede their finding's event, so the scan stops early.
 */
export function findingStep(rec: Recorder, cursor: number, dir: 1 | -1, phys: (va: bigint, at: number) => number | null): Landing | null {
  const fs = rec.findings;
  if (dir > 0) {
    for (let i = 0; i < fs.length; i++) {
      if (fs[i]!.event + 1 <= cursor) continue;
      const l = findingLanding(rec, i, phys);
      if (l && l.cursor > cursor) return l;
    }
    return null;
  }
  let best: Landing | null = null;
  for (let i = fs.length - 1; i >= 0; i--) {
    if (fs[i]!.event >= cursor) continue;
    const l = findingLanding(rec, i, phys);
    if (!l || l.cursor >= cursor) continue;
    // several findings of one report land together: the first of them
    if (best === null || l.cursor === best.cursor) best = l;
    else break;
  }
  return best;
}

export interface ByteWrite {
  /** The writing event; the cursor goes just after it. */
  event: number;
  cursor: number;
  writer: string;
  /** Physical address of the byte. */
  phys: number;
}

/**
 * The next write to the byte at physical `phys` after the cursor (dir 1), or the previous one
 * (dir -1): the write the state at the cursor already holds is not the previous one.
 */
export function byteWrite(rec: Recorder, phys: number, cursor: number, dir: 1 | -1): ByteWrite | null {
  const all = rec.writesIn(phys, 1, Number.MAX_SAFE_INTEGER);
  const w = dir > 0 ? all.find((x) => x.event >= cursor) : all.filter((x) => x.event + 1 < cursor).at(-1);
  return w ? { event: w.event, cursor: w.event + 1, writer: w.writer, phys } : null;
}

/**
 * Over a whole scenario step: forward, to just after the last event of the step the cursor is in
 * (or the next one, at a boundary); back, to the start of the step of the event before the
 * cursor (at a step's start, that is the step before).
 */
export function stepBoundary(log: EventLog, total: number, cursor: number, dir: 1 | -1): number {
  const n = Math.min(total, log.length);
  if (dir > 0) {
    if (cursor >= n) return n;
    return stepEnd(log, cursor);
  }
  if (cursor <= 0) return 0;
  let i = Math.min(cursor, n) - 1;
  const step = log.stepAt(i);
  while (i > 0 && log.stepAt(i - 1) === step) i--;
  return i;
}
