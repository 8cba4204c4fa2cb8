// Profile tables: the function profiler's trace_stat/function<cpu> (function_stat_headers() /
// function_stat_show(), kernel/trace/ftrace.c: "  Function   Hit   Time   Avg   s^2"), and the
// hand-made tables people paste into mails, like seed 000's
// "NUM.CALLS   TOTAL TIME     AVG TIME   FUNCTION" with rows "(10)   11435990310   1143599031  fn()".
import type { Profile, ProfileEntry } from '../../sim/views/profile.ts';
import { toMicros } from './events.ts';

type Unit = Profile['unit'];

const STAT_HEADER = /^\s*Function\s+Hit(?:\s+Time\s+Avg(?:\s+s\^2)?)?\s*$/;
const STAT_ROW = /^\s*(\S+)\s+(\d+)(?:\s+([\d.]+)\s*(ns|us|ms|s)?\s+([\d.]+)\s*(?:ns|us|ms|s)?(?:\s+([\d.]+)\s*(?:ns|us|ms|s)?)?)?\s*$/;
const CALLS_HEADER = /^\s*NUM\.?\s*CALLS\s+TOTAL\s+TIME\s+AVG\s+TIME\s+FUNCTION\b(.*)$/i;
const CALLS_ROW = /^\s*\((\d+)\)\s+(\d+(?:\.\d+)?)\s+(\d+(?:\.\d+)?)\s+(?:>>\s*)?([A-Za-z_.$][\w.$]*)\(\)/;
const CALLS_EMPTY = /^\s+(?:>>\s*)?([A-Za-z_.$][\w.$]*)\(\)\s*(?:<<)?\s*$/;

/** Reads one table at a time; `push` returns a finished profile when a table ends. */
export class StatReader {
  private cur: { kind: 'stat' | 'calls'; profile: Profile; started: number } | null = null;

  constructor(private readonly source: string) {}

  get active(): boolean {
    return this.cur !== null;
  }

  /** Feeds a line; returns the profile a line ended, if any. */
  push(s: string, line: number, index: number): Profile | null {
    if (this.cur === null) {
      if (STAT_HEADER.test(s)) this.cur = { kind: 'stat', profile: { source: `${this.source}: trace_stat table ${index + 1} (line ${line})`, unit: 'us', entries: [] }, started: line };
      else {
        const h = CALLS_HEADER.exec(s);
        if (h !== null) {
          const note = h[1]!.trim().replace(/^\(|\)$/g, '').trim();
          const unit: Unit = /nsec|\bns\b/.test(note) ? 'ns' : /msec|\bms\b/.test(note) ? 'ms' : 'us';
          this.cur = { kind: 'calls', profile: { source: `${this.source}: table ${index + 1} (line ${line})${note !== '' ? ` ${note}` : ''}`, unit, entries: [] }, started: line };
        }
      }
      return null;
    }
    const c = this.cur;
    if (/^\s*[-=]{3,}(?:\s+[-=]{2,})*\s*$/.test(s)) return null;
    if (c.kind === 'stat') {
      const m = STAT_ROW.exec(s);
      if (m !== null && !/^Function$/.test(m[1]!)) {
        const unit = m[4] ?? 'us';
        const e: ProfileEntry = { fn: m[1]!, hits: Number(m[2]), time: m[3] !== undefined ? toMicros(Number(m[3]), unit) : 0 };
        if (m[5] !== undefined) e.avg = toMicros(Number(m[5]), unit);
        if (m[6] !== undefined) e.s2 = toMicros(Number(m[6]), unit);
        c.profile.entries.push(e);
        return null;
      }
    } else {
      const m = CALLS_ROW.exec(s);
      if (m !== null) {
        c.profile.entries.push({ fn: m[4]!, hits: Number(m[1]), time: Number(m[2]), avg: Number(m[3]) });
        return null;
      }
      const e = CALLS_EMPTY.exec(s);
      if (e !== null) {
        c.profile.entries.push({ fn: e[1]!, hits: 0, time: 0 });
        return null;
      }
    }
    // the table ended; the line may start the next one
    const done = this.finish();
    this.push(s, line, index + (done !== null ? 1 : 0));
    return done;
  }

  finish(): Profile | null {
    const c = this.cur;
    this.cur = null;
    return c !== null && c.profile.entries.length > 0 ? c.profile : null;
  }
}
