// Two runs of one scenario compared for the what-if view: the first divergent event and the findings
// only one run has (run_diff.ts), the two kernel logs diffed line by line (jsdiff's array diff on the
// text after the timestamp, since the same message prints later once the runs part), each run's
// scenario steps as event ranges (to link the two cursors step by step), and, when the runs traced
// functions, their function profiles diffed as seed 000's author compared them.
import { diffArrays } from 'diff';
import type { EventLog } from '../engine/events.ts';
import type { PrintkLine } from '../engine/recorder.ts';
import type { Session as SimSession } from '../scenario/session.ts';
import { formatPrintk } from './dmesg.ts';
import { EV_FUNC_ENTRY } from '../linux/kernel/trace/trace_functions_graph.ts';
import { sessionProfileDiff, type RunProfileDiff } from './function_graph.ts';
import { diffRuns, type RunDiff } from './run_diff.ts';

/** What a comparison reads of a run: its recording (a simulated run, or an imported log's). */
type Session = Pick<SimSession, 'rec' | 'total'>;

/** The events of one scenario step: cursors `from` (before its first event) to `to` (after its last). */
export interface StepSpan {
  step: number;
  from: number;
  to: number;
}

/** One row of the aligned logs: a line both runs printed, or one only `a` or only `b` printed (the other index -1). */
export interface DmesgDiffRow {
  a: number;
  b: number;
}

export interface DmesgSide {
  /** The lines as dmesg prints them. */
  lines: string[];
  /** The event that printed each line (a line shows once the cursor is past it). */
  events: number[];
  /** Per line: true when the other run did not print it at this place. */
  differs: boolean[];
}

export interface DmesgDiff {
  a: DmesgSide;
  b: DmesgSide;
  rows: DmesgDiffRow[];
}

export interface RunComparison extends RunDiff {
  totalA: number;
  totalB: number;
  steps: { a: StepSpan[]; b: StepSpan[] };
  dmesg: DmesgDiff;
  /** The function profiles of both runs side by side, when either traced functions; else null. */
  profile: RunProfileDiff | null;
}

/** Each step's event range in log order (boot is step -1). */
export function stepSpans(log: EventLog): StepSpan[] {
  const out: StepSpan[] = [];
  let cur: StepSpan | null = null;
  for (let i = 0; i < log.length; i++) {
    const s = log.stepAt(i);
    if (cur === null || cur.step !== s) {
      cur = { step: s, from: i, to: i + 1 };
      out.push(cur);
    } else cur.to = i + 1;
  }
  return out;
}

/** What a line says, without its timestamp: the same message at another time is the same line. */
function lineKey(l: PrintkLine): string {
  return `${l.stdout ?? ''}\u0000${l.level}\u0000${l.text}`;
}

function side(lines: readonly PrintkLine[]): DmesgSide {
  return { lines: lines.map(formatPrintk), events: lines.map((l) => l.event), differs: lines.map(() => false) };
}

/** The two logs aligned line by line (Myers' diff through jsdiff). */
export function diffDmesg(la: readonly PrintkLine[], lb: readonly PrintkLine[]): DmesgDiff {
  const a = side(la);
  const b = side(lb);
  const rows: DmesgDiffRow[] = [];
  let i = 0;
  let j = 0;
  for (const ch of diffArrays(la.map(lineKey), lb.map(lineKey))) {
    for (let k = 0; k < ch.count; k++) {
      if (ch.removed) {
        a.differs[i] = true;
        rows.push({ a: i++, b: -1 });
      } else if (ch.added) {
        b.differs[j] = true;
        rows.push({ a: -1, b: j++ });
      } else rows.push({ a: i++, b: j++ });
    }
  }
  return { a, b, rows };
}

/** Both runs compared; every part is plain data (it crosses to the page through structuredClone). */
export function compareRuns(a: Session, b: Session): RunComparison {
  const traced = a.rec.log.seenKindId(EV_FUNC_ENTRY) >= 0 || b.rec.log.seenKindId(EV_FUNC_ENTRY) >= 0;
  return {
    ...diffRuns(a, b),
    totalA: a.total,
    totalB: b.total,
    steps: { a: stepSpans(a.rec.log), b: stepSpans(b.rec.log) },
    dmesg: diffDmesg(a.rec.dmesg, b.rec.dmesg),
    profile: traced ? sessionProfileDiff(a.rec, b.rec, {}, ['a', 'b']) : null,
  };
}
