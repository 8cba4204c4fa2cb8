// Finding text in the kernel log: the lines that contain it, and the event that printed a line.
import type { PrintkLine } from '../engine/recorder.ts';
import { formatPrintk, linesBefore } from './dmesg.ts';

export interface DmesgSearch {
  /** Line numbers (as the log panel counts them) of the matches before the cursor. */
  lines: number[];
  /** Matches later in the run. */
  later: number;
}

/** Lines containing `text` (case-insensitive, timestamp included), those before `cursor` listed. */
export function dmesgSearch(lines: readonly PrintkLine[], text: string, cursor: number): DmesgSearch {
  const needle = text.toLowerCase();
  if (needle === '') return { lines: [], later: 0 };
  const shown = linesBefore(lines, cursor);
  const out: number[] = [];
  let later = 0;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const t = (l.stdout !== undefined ? `${l.stdout} ${l.text}` : formatPrintk(l)).toLowerCase();
    if (!t.includes(needle)) continue;
    if (i < shown) out.push(i);
    else later++;
  }
  return { lines: out, later };
}

/** The event that printed line `n`, or -1. */
export function dmesgLineEvent(lines: readonly PrintkLine[], n: number): number {
  return Number.isInteger(n) && n >= 0 && n < lines.length ? lines[n]!.event : -1;
}
