// Groups log lines into reports. Each quote depth and printk caller (`[  T1234]`, `[ C1]`) is its
// own stream, so output of several CPUs interleaved line by line separates again; lines of a
// stream with no open report that look like report lines go to the report open in another
// stream (an NMI backtrace printed from another CPU). A report ends at its end marker
// (`---[ end trace`, KASAN's closing `====`), at the start of another report, after a few lines
// that are not report lines, at a line the mail archive cut (`...`), or when the input ends.
// Memory per report is bounded: at most `maxLines` lines are kept.
import type { LogLine } from '../text/prefix.ts';
import { isReportLine } from './body.ts';
import { frameOf } from './frames.ts';
import { detectInside, detectStart, type ReportType } from './detect.ts';

export interface Draft {
  type: ReportType | 'fragment';
  lines: LogLine[];
  first: number;
  last: number;
  truncated: string[];
  /** Closed because the input ended. */
  eof: boolean;
}

interface Open {
  d: Draft;
  idle: number;
  /** Blank lines seen since the last kept line: kept only if the report goes on. */
  blanks: LogLine[];
  /** Saw its end marker; one more line may still belong (Kernel panic after ---[ end trace). */
  ending: boolean;
  hasTrace: boolean;
  /** The last kept line was (a continuation of) `Modules linked in:`: lines of module names follow. */
  inModules: boolean;
  /** A report that is only its first line until the WARNING it announces follows (cut here, device_pm_add). */
  waiting: boolean;
  touched: number;
}

const END_MARKER = /^---\[ end (?:trace|Kernel panic)/;
const CLOSING_SEP: ReadonlySet<string> = new Set(['kasan', 'kfence', 'kcsan', 'ubsan', 'kmsan']);
const EXPECTS_END: ReadonlySet<string> = new Set(['kasan', 'kfence', 'kcsan', 'ubsan', 'kmsan', 'oops', 'warning', 'list']);
const OOPS_FAMILY: ReadonlySet<string> = new Set(['oops', 'oops_cont', 'bug_other']);
const STRONG = /^(?:Call [Tt]race:|RIP:|IP:|pc :|Code:|R[A-Z0-9]{1,2}: |---\[ end |<\/?(?:TASK|IRQ)>|\[<[0-9a-f]{8,16}>\])/;
// print_modules() output a mail client wrapped: module names, "[last unloaded: x]"
const MODULE_NAMES = /^[\w-]+(?:\(\w+\))?(?: +(?:[\w-]+(?:\(\w+\))?|\[last|unloaded:|[\w-]+\]))*$/;
const HEX_WORDS = /^(?:[0-9a-f]{8,16}\s+)*[0-9a-f]{8,16}\s*(?:\.\.\.)?$/;

function trimStart(s: string): string {
  const c = s.charCodeAt(0);
  return c === 32 || c === 9 || c === 0xa0 ? s.trimStart() : s;
}

export class ReportAssembler {
  private readonly open = new Map<string, Open>();
  private readonly pendingSep = new Map<string, LogLine>();
  private clock = 0;
  /** Non-blank kernel lines seen before the first report: a report body among them is a fragment. */
  private leading = 0;
  private seenReport = false;

  constructor(
    private readonly emit: (d: Draft) => void,
    readonly maxLines = 2000,
  ) {}

  /** Nothing is open: a line that starts no report can be passed over (the importer's fast path). */
  get quiet(): boolean {
    return this.open.size === 0 && this.pendingSep.size === 0 && (this.seenReport || this.leading >= 4);
  }

  push(l: LogLine): void {
    this.clock++;
    const key = l.caller === '' ? `${l.quote}` : `${l.quote}|${l.caller}`;
    const t = trimStart(l.text);
    const o = this.open.get(key);
    if (t.length === 0) {
      if (o !== undefined) o.blanks.push(l);
      return;
    }
    const st = l.foreign ? null : (detectStart(t) ?? detectInside(t));
    const sep = this.pendingSep.get(key);
    if (sep !== undefined) this.pendingSep.delete(key);
    if (st === 'sep') {
      if (o !== undefined && CLOSING_SEP.has(o.d.type) && o.d.lines.length > 2) {
        this.append(o, l);
        this.close(key, o);
      } else this.pendingSep.set(key, l);
      return;
    }
    if (st !== null) {
      this.seenReport = true;
      if (o !== undefined && this.merges(o, st, t)) {
        if (sep !== undefined) this.append(o, sep);
        this.append(o, l);
        if (o.d.type === 'cut') o.d.type = st;
        if (st !== 'cut') o.waiting = false;
        return;
      }
      if (o !== undefined) this.close(key, o);
      this.start(key, st === 'oops_cont' ? 'oops' : st, sep, l);
      return;
    }
    if (sep !== undefined && o !== undefined) this.append(o, sep);
    if (o !== undefined) {
      this.body(key, o, l, t);
      return;
    }
    if (l.foreign) return;
    if (this.adopt(l, t)) return;
    if (!this.seenReport && this.leading < 4) {
      this.leading++;
      if (STRONG.test(t) || (l.prefixed && isReportLine(t) && /^\s*(?:\?\s+)?[A-Za-z_][\w.]*\+0x[0-9a-f]+\/0x[0-9a-f]+/.test(l.text))) {
        this.seenReport = true;
        this.start(key, 'fragment', undefined, l).d.truncated.push('start');
      }
    }
  }

  end(): void {
    for (const [key, o] of [...this.open]) {
      o.d.eof = true;
      // these reports end with a marker line; without it, the log stopped inside the report
      if (!o.ending && EXPECTS_END.has(o.d.type) && !o.d.truncated.includes('end')) o.d.truncated.push('end');
      this.close(key, o);
    }
  }

  private start(key: string, type: ReportType | 'fragment', sep: LogLine | undefined, l: LogLine): Open {
    const o: Open = { d: { type, lines: [], first: (sep ?? l).first, last: l.last, truncated: [], eof: false }, idle: 0, blanks: [], ending: false, hasTrace: false, waiting: type === 'cut' || type === 'pm', inModules: false, touched: this.clock };
    if (sep !== undefined) this.append(o, sep);
    this.append(o, l);
    this.open.set(key, o);
    return o;
  }

  private merges(o: Open, st: ReportType, t: string): boolean {
    const d = o.d;
    if (d.type === 'cut') return st !== 'cut' && st !== 'slub_dump';
    if (st === 'panic') return true;
    if (st === 'oops_cont') return OOPS_FAMILY.has(d.type) || d.type === 'list';
    if (d.type === 'list') return (st === 'warning' || st === 'oops' || st === 'cut') && !o.hasTrace;
    if (d.type === 'pm') return (st === 'cut' || st === 'warning') && !o.hasTrace;
    if ((d.type === 'slub_dump' || d.type === 'slub') && st === 'slub_dump') return true;
    // syzbot prints "BUG: memory leak" before kmemleak's "unreferenced object"
    if (d.type === 'kmemleak' && st === 'kmemleak') return d.lines.length === 1 && /^BUG: memory leak/.test(d.lines[0]!.text.trim());
    if (d.type === 'oops' && st === 'oops' && d.lines.length <= 2) return /^BUG: unable to handle/.test(t) && /^kernel tried to execute/.test(d.lines[0]?.text.trim() ?? '');
    return false;
  }

  private body(key: string, o: Open, l: LogLine, t: string): void {
    const d = o.d;
    if (o.ending) {
      this.close(key, o);
      this.push(l);
      return;
    }
    if (d.type === 'ttm') {
      this.close(key, o);
      this.push(l);
      return;
    }
    if (d.type === 'checker') {
      if (HEX_WORDS.test(t)) {
        this.append(o, l);
        if (t.endsWith('...')) this.closeTruncated(key, o);
      } else {
        this.close(key, o);
        this.push(l);
      }
      return;
    }
    if (o.waiting) {
      if (++o.idle > 3) {
        this.close(key, o);
        this.push(l);
      }
      return;
    }
    if (d.type === 'slub_dump' && !/^(?:Object|Redzone|Padding)?\s*(?:0x)?[0-9a-f]{6,16}:\s/.test(t) && !/^\.{3,}$/.test(t)) {
      this.close(key, o);
      this.push(l);
      return;
    }
    if (t.startsWith('---[ end ') && END_MARKER.test(t)) {
      this.append(o, l);
      o.ending = true;
      return;
    }
    if (o.inModules && MODULE_NAMES.test(t) && !/^(?:Pid|CPU|Hardware|RIP|Code|Call)\b/.test(t)) {
      this.append(o, l);
      o.inModules = true;
      return;
    }
    if (frameOf(l) !== null || isReportLine(t)) {
      this.append(o, l);
      if (t.endsWith(' ...') || t === '...') this.closeTruncated(key, o);
      return;
    }
    // before its trace a report may be interleaved with a lot of other output (panic_on_warn, kobject debug...)
    if (++o.idle > (!l.prefixed ? 3 : o.hasTrace ? 6 : 40)) this.close(key, o);
  }

  /** A report line of a stream with no open report joins the report another caller has open. */
  private adopt(l: LogLine, t: string): boolean {
    if (l.caller === '' || !STRONG.test(t) && !/^\s*(?:\?\s+)?[A-Za-z_][\w.]*\+0x[0-9a-f]+\/0x/.test(t)) return false;
    let best: [string, Open] | null = null;
    for (const e of this.open) if (e[1].d.lines[0]?.quote === l.quote && (best === null || e[1].touched > best[1].touched)) best = e;
    if (best === null) return false;
    this.body(best[0], best[1], l, t);
    return true;
  }

  private append(o: Open, l: LogLine): void {
    const d = o.d;
    o.touched = this.clock;
    o.idle = 0;
    if (o.blanks.length > 0) {
      for (const b of o.blanks) this.keep(d, b);
      o.blanks = [];
    }
    this.keep(d, l);
    const t = trimStart(l.text);
    o.inModules = t.startsWith('Modules linked in:');
    if (!o.hasTrace && (t.startsWith('Call Trace') || t.startsWith('Call trace') || t.startsWith('Backtrace') || frameOf(l) !== null)) o.hasTrace = true;
  }

  private keep(d: Draft, l: LogLine): void {
    d.last = l.last;
    if (d.lines.length < this.maxLines) d.lines.push(l);
    else if (!d.truncated.includes('lines')) d.truncated.push('lines');
  }

  private closeTruncated(key: string, o: Open): void {
    if (!o.d.truncated.includes('end')) o.d.truncated.push('end');
    this.close(key, o);
  }

  private close(key: string, o: Open): void {
    this.open.delete(key);
    if (o.d.type === 'cut') return;
    this.emit(o.d);
  }
}
