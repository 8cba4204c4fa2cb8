// dmesg as text: "[   50.444066] message", lines of events before the cursor.
import { Clock } from '../engine/clock.ts';
import type { PrintkLine } from '../engine/recorder.ts';

export function formatPrintk(l: PrintkLine): string {
  return `[${Clock.printkStamp(l.ns)}] ${l.text}`;
}

/** Lines printed by events before `cursor` (binary search: lines are in event order). */
export function linesBefore(lines: readonly PrintkLine[], cursor: number): number {
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (lines[mid]!.event < cursor) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function dmesgText(lines: readonly PrintkLine[], cursor = Infinity): string {
  const n = linesBefore(lines, cursor);
  let s = '';
  for (let i = 0; i < n; i++) if (lines[i]!.stdout === undefined) s += formatPrintk(lines[i]!) + '\n';
  return s;
}

/** What user-space programs printed before the cursor, one "comm: line" each. */
export function stdoutText(lines: readonly PrintkLine[], cursor = Infinity): string {
  const n = linesBefore(lines, cursor);
  let s = '';
  for (let i = 0; i < n; i++) {
    const l = lines[i]!;
    if (l.stdout !== undefined) s += `${l.stdout}: ${l.text}\n`;
  }
  return s;
}
