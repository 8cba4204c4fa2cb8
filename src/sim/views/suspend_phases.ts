// The suspend/resume phases of a run as event ranges, one timeline lane each: every
// "pm.phase" event opens a phase that lasts until the next one ("done" closes a cycle).
import { eventKind, type Recorder } from '../engine/recorder.ts';
import { EV_PM_PHASE } from '../linux/kernel/power/suspend.ts';

export interface PhaseRange {
  /** Which suspend/resume cycle (0 for the first). */
  cycle: number;
  phase: string;
  /** Events [from, to) belong to the phase. */
  from: number;
  to: number;
  startNs: number;
  endNs: number;
}

const EV_OOPS = eventKind('mm.oops');

export function suspendPhases(rec: Recorder, total = rec.log.length): PhaseRange[] {
  const log = rec.log;
  const out: PhaseRange[] = [];
  let open: PhaseRange | null = null;
  const close = (at: number): void => {
    if (!open) return;
    open.to = at;
    open.endNs = at > 0 ? log.nsAt(at - 1) : 0;
    if (open.phase !== 'done') out.push(open);
    open = null;
  };
  const oops = log.seenKindId(EV_OOPS);
  const phase = log.seenKindId(EV_PM_PHASE);
  for (let i = 0; i < Math.min(total, log.length); i++) {
    const k = log.kindAt(i);
    if (k === oops && open) {
      // an oops inside suspend ends the attempt where it happened
      close(i + 1);
      continue;
    }
    if (k !== phase) continue;
    const e = log.get(i);
    close(i);
    open = { cycle: e.b, phase: String(e.payload?.phase ?? ''), from: i, to: i + 1, startNs: e.ns, endNs: e.ns };
  }
  close(Math.min(total, log.length));
  return out;
}
