// Two runs of one scenario side by side: the first event where they part, and the findings only one
// of them has. The CLI's `kernscope diff` prints it; the what-if view will ask the same.
import type { EventLog, SimEvent } from '../engine/events.ts';
import type { ReportFinding, Session as SimSession } from '../scenario/session.ts';
import { flattenFinding } from '../scenario/session.ts';

export interface EventDivergence {
  /** Index of the first event that differs (kind, task, cpu, arguments or payload). */
  event: number;
  a: SimEvent | null;
  b: SimEvent | null;
}

/** What the diff reads of a run: its recording (a simulated run, or an imported log's). */
export type RecordedRun = Pick<SimSession, 'rec' | 'total'>;
type Session = RecordedRun;

export interface RunDiff {
  divergence: EventDivergence | null;
  onlyA: ReportFinding[];
  onlyB: ReportFinding[];
}


// field by field, building no SimEvent: kind ids and task ids are numbered per run, so names are compared
function sameEvent(la: EventLog, lb: EventLog, i: number): boolean {
  if (la.aAt(i) !== lb.aAt(i) || la.bAt(i) !== lb.bAt(i) || la.cpuAt(i) !== lb.cpuAt(i)) return false;
  if (la.kindName(la.kindAt(i)) !== lb.kindName(lb.kindAt(i)) || la.taskAt(i) !== lb.taskAt(i)) return false;
  const pa = la.payloadAt(i);
  const pb = lb.payloadAt(i);
  return pa === pb || (pa !== null && pb !== null && JSON.stringify(pa) === JSON.stringify(pb));
}

/** Findings compared by kind and title: the same report at another event is the same finding. */
function key(f: ReportFinding): string {
  return `${f.kind}\u0000${f.title}`;
}

function minus(xs: readonly ReportFinding[], ys: readonly ReportFinding[]): ReportFinding[] {
  const left = new Map<string, number>();
  for (const y of ys) left.set(key(y), (left.get(key(y)) ?? 0) + 1);
  const out: ReportFinding[] = [];
  for (const x of xs) {
    const n = left.get(key(x)) ?? 0;
    if (n > 0) left.set(key(x), n - 1);
    else out.push(x);
  }
  return out;
}

export function diffRuns(a: Session, b: Session): RunDiff {
  const la = a.rec.log;
  const lb = b.rec.log;
  const n = Math.min(la.length, lb.length);
  let divergence: EventDivergence | null = null;
  for (let i = 0; i < n; i++) {
    if (!sameEvent(la, lb, i)) {
      divergence = { event: i, a: la.get(i), b: lb.get(i) };
      break;
    }
  }
  if (divergence === null && la.length !== lb.length) divergence = { event: n, a: n < la.length ? la.get(n) : null, b: n < lb.length ? lb.get(n) : null };
  const fa = a.rec.findings.map(flattenFinding);
  const fb = b.rec.findings.map(flattenFinding);
  return { divergence, onlyA: minus(fa, fb), onlyB: minus(fb, fa) };
}
