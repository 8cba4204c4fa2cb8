// The streaming importer: text or bytes in, findings out as each report completes. Memory is
// bounded per line (LineSplitter), per report (ReportAssembler) and for what the result keeps
// (events, call sequences); a binary file is recognised early and skipped with a clear message.
// No DOM and no Node APIs: it runs in the worker as well as in the CLI.
import { diffProfiles, type Profile, type ProfileDiff } from '../sim/views/profile.ts';
import { analyse } from './forensics/analyse.ts';
import { SharedIndex } from './forensics/shared.ts';
import type { TraceEvent } from './ftrace/events.ts';
import { FtraceReader } from './ftrace/reader.ts';
import { ReportAssembler, type Draft } from './reports/assembler.ts';
import { parseDraft } from './reports/parse.ts';
import { LineSplitter } from './text/lines.ts';
import { type LogLine, parsePrefixes, printkTextStart } from './text/prefix.ts';
import { detectStartAt } from './reports/detect.ts';
import { Unwrapper } from './text/unwrap.ts';
import { Utf8Stream } from './text/utf8.ts';
import type { ImportedFinding, Notice, SharedPattern } from './types.ts';

export const IMPORT_FORMAT = 'kernscope-import/1';

export interface ImportOptions {
  /** Name of the input in the result and in profile sources. */
  file?: string;
  /** Characters kept of one line. */
  maxLine?: number;
  /** Lines kept of one report. */
  maxReportLines?: number;
  /** Trace events kept in the result (all are passed to onEvent). */
  maxEvents?: number;
  /** Kernel log lines (not trace text) kept in the result as `log`, with their printk time; 0 (the default) keeps none. */
  maxLogLines?: number;
  /** Keep findings in the result (a CLI streaming them out can say no). */
  keepFindings?: boolean;
  /** `lines` are the report's own lines (prefixes parsed, wrapped lines joined), for showing it as read. */
  onFinding?: (f: ImportedFinding, index: number, lines: readonly LogLine[]) => void;
  onEvent?: (e: TraceEvent) => void;
}

export interface ImportStats {
  bytes: number;
  chars: number;
  lines: number;
  findings: number;
  events: number;
}

/** One kernel log line of the input: its input line, printk time in seconds (-1 without one) and text. */
export interface ImportedLine {
  n: number;
  ts: number;
  text: string;
}

export interface ImportResult {
  format: typeof IMPORT_FORMAT;
  file: string;
  findings: ImportedFinding[];
  /** Patterns several findings share (forensics). */
  patterns: SharedPattern[];
  profiles: Profile[];
  /** When the input holds exactly two profiles: the second compared with the first. */
  profileDiff?: ProfileDiff;
  events: TraceEvent[];
  /** The kernel log lines kept (ImportOptions.maxLogLines), in input order. */
  log?: ImportedLine[];
  /** Log lines read but not kept past maxLogLines. */
  logCut?: number;
  notices: Notice[];
  stats: ImportStats;
}

/** How much text is looked at before anything is parsed, to tell a binary file. */
const BINARY_SAMPLE = 4096;

/**
 * device_pm_add()'s complaint starts with the device's name, not a fixed word; it ends with "will not
 * add" (2.6.25) or "sleeping" (later kernels), which can be checked in place.
 */
function pmTail(s: string, end: number): boolean {
  let e = end;
  while (e > 0 && s.charCodeAt(e - 1) === 32) e--;
  // only a line ending in g or d can end in either: the common line is told by one character
  const c = s.charCodeAt(e - 1);
  if (c !== 103 && c !== 100) return false;
  return s.startsWith('sleeping', e - 8) || s.startsWith('will not add', e - 12);
}

/** Control characters other than tab, newline, CR and ESC, and U+FFFD: what a text log does not contain. */
function binaryRatio(s: string): number {
  let bad = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 27) || c === 0xfffd) bad++;
  }
  return s.length === 0 ? 0 : bad / s.length;
}

/** What makes two findings the same report quoted twice: kind, title, first line, first frames, first dump bytes, first values. */
function signature(f: ImportedFinding): string {
  const frames = f.trace
    .slice(0, 6)
    .map((x) => x.fn)
    .join(',');
  const dumps = f.fields.dumps;
  const firstDump = Array.isArray(dumps) && dumps.length > 0 ? JSON.stringify(dumps[0]).slice(0, 120) : '';
  const values = f.forensics
    .slice(0, 3)
    .map((x) => x.value)
    .join(',');
  return `${f.kind}|${f.title}|${f.header}|${frames}|${firstDump}|${values}`;
}

export class Importer {
  readonly file: string;
  private readonly utf8 = new Utf8Stream();
  private readonly splitter: LineSplitter;
  private readonly unwrap: Unwrapper;
  private readonly reports: ReportAssembler;
  private readonly ftrace: FtraceReader;
  private readonly shared = new SharedIndex();
  private readonly seenReports = new Map<string, number>();
  private readonly keep: boolean;
  private readonly maxEvents: number;
  private readonly findings: ImportedFinding[] = [];
  private readonly events: TraceEvent[] = [];
  private readonly logLines: ImportedLine[] = [];
  private logCut = 0;
  private readonly maxLogLines: number;
  private readonly notices: Notice[] = [];
  private completed: ImportedFinding[] = [];
  /** A fast-path line kept unparsed until the next line shows whether it was wrapped. */
  private held: string | null = null;
  private heldStart = 0;
  private heldEnd = 0;
  private heldLine = 0;
  /** Text held until the first 64 KiB have been judged. */
  private pending = '';
  private judged = false;
  private binary = false;
  private ended = false;
  private readonly stats: ImportStats = { bytes: 0, chars: 0, lines: 0, findings: 0, events: 0 };

  constructor(private readonly opts: ImportOptions = {}) {
    this.file = opts.file ?? '-';
    this.keep = opts.keepFindings ?? true;
    this.maxEvents = opts.maxEvents ?? 10000;
    this.maxLogLines = opts.maxLogLines ?? 0;
    this.reports = new ReportAssembler((d) => this.report(d), opts.maxReportLines ?? 2000);
    this.ftrace = new FtraceReader(this.file, (e) => {
      this.stats.events++;
      if (this.events.length < this.maxEvents) this.events.push(e);
      this.opts.onEvent?.(e);
    });
    this.unwrap = new Unwrapper((l) => this.line(l));
    this.splitter = new LineSplitter((src, start, end, n, cut) => this.rawLine(src, start, end, n, cut), opts.maxLine ?? 16384);
  }

  /** Input lines read so far. */
  get lines(): number {
    return this.stats.lines;
  }

  /** Feeds a chunk; returns the findings it completed. */
  push(chunk: string | Uint8Array): ImportedFinding[] {
    if (this.ended) throw new Error('Importer.push after end()');
    let text: string;
    if (typeof chunk === 'string') text = chunk;
    else {
      this.stats.bytes += chunk.length;
      text = this.utf8.decode(chunk);
    }
    this.feed(text);
    return this.take();
  }

  /** Ends the input: closes open reports and returns the whole result. */
  end(): ImportResult {
    if (!this.ended) {
      this.ended = true;
      const rest = this.utf8.end();
      if (rest.length > 0) this.feed(rest);
      if (!this.judged) this.judge();
      if (!this.binary) {
        this.splitter.end();
        this.held = null;
        this.unwrap.end();
        this.reports.end();
        this.ftrace.end();
      }
      this.summarise();
    }
    this.take();
    const r: ImportResult = {
      format: IMPORT_FORMAT,
      file: this.file,
      findings: this.findings,
      patterns: this.shared.result(),
      profiles: this.ftrace.profiles,
      events: this.events,
      notices: this.notices,
      stats: { ...this.stats, findings: this.stats.findings },
    };
    if (this.maxLogLines > 0) {
      r.log = this.logLines;
      if (this.logCut > 0) r.logCut = this.logCut;
    }
    if (this.ftrace.profiles.length === 2) r.profileDiff = diffProfiles(this.ftrace.profiles[0]!, this.ftrace.profiles[1]!);
    return r;
  }

  private feed(text: string): void {
    this.stats.chars += text.length;
    if (this.binary) return;
    if (!this.judged) {
      this.pending += text;
      if (this.pending.length >= BINARY_SAMPLE) this.judge();
      return;
    }
    this.splitter.push(text);
  }

  /** Looks at the first characters once: a binary file is reported, not parsed. */
  private judge(): void {
    this.judged = true;
    const held = this.pending;
    this.pending = '';
    const ratio = binaryRatio(held.slice(0, BINARY_SAMPLE));
    if (ratio > 0.1) {
      this.binary = true;
      this.notices.push({ level: 'error', message: `not a text log: ${(ratio * 100).toFixed(0)}% of the first ${BINARY_SAMPLE} characters are control bytes or invalid UTF-8; nothing was imported` });
      return;
    }
    this.splitter.push(held);
  }

  /**
   * The fast path: a printk-timed line that starts no report, while no report is open, is only
   * remembered (as a range of its chunk, not copied) in case the next line is its mail-wrapped
   * continuation. Every other line takes the full path: prefixes, unwrapping, report assembly,
   * ftrace.
   */
  private rawLine(src: string, start: number, end: number, n: number, cut: boolean): void {
    this.stats.lines = n;
    const i = cut ? -1 : printkTextStart(src, start);
    if (i >= 0) {
      // a printk-timed line continues no other line: what the unwrapper holds can go on now, and
      // the assembler sees it before this line is judged
      if (this.held === null) this.unwrap.end();
      if (this.reports.quiet && i < end && src.charCodeAt(i) >= 32 && detectStartAt(src, i, end) === null && !pmTail(src, end)) {
        this.held = src;
        this.heldStart = start;
        this.heldEnd = end;
        this.heldLine = n;
        return;
      }
    }
    if (this.held !== null) {
      this.unwrap.push(parsePrefixes(this.held.slice(this.heldStart, this.heldEnd), this.heldLine, false));
      this.held = null;
    }
    this.unwrap.push(parsePrefixes(start === 0 && end === src.length ? src : src.slice(start, end), n, cut));
  }

  private line(l: LogLine): void {
    this.reports.push(l);
    const trace = !l.prefixed && this.ftrace.push(l.text, l.first);
    if (trace || l.foreign || this.maxLogLines === 0) return;
    if (this.logLines.length < this.maxLogLines) this.logLines.push({ n: l.first, ts: l.ts, text: l.text });
    else this.logCut++;
  }

  private report(d: Draft): void {
    const f = parseDraft(d);
    if (f === null) return;
    // the layout is told by the report's first values (analyse() reads 48): its head is enough
    let head = '';
    for (let i = 0; i < d.lines.length && i < 120; i++) head += `${d.lines[i]!.text}\n`;
    analyse(f, head);
    const sig = signature(f);
    const dup = this.seenReports.get(sig);
    if (dup !== undefined) f.duplicateOf = dup;
    const index = this.stats.findings++;
    if (dup === undefined && this.seenReports.size < 10000) this.seenReports.set(sig, index);
    this.shared.add(index, f);
    if (this.keep) this.findings.push(f);
    this.completed.push(f);
    this.opts.onFinding?.(f, index, d.lines);
  }

  private take(): ImportedFinding[] {
    const c = this.completed;
    this.completed = [];
    return c;
  }

  private summarise(): void {
    if (this.utf8.replaced > 0 && !this.binary) this.notices.push({ level: 'warning', message: `${this.utf8.replaced} invalid UTF-8 sequence${this.utf8.replaced === 1 ? ' was' : 's were'} replaced by U+FFFD` });
    if (this.splitter.cutLines > 0) this.notices.push({ level: 'warning', message: `${this.splitter.cutLines} line${this.splitter.cutLines === 1 ? ' was' : 's were'} longer than ${this.splitter.maxLine} characters and cut there` });
    if (this.binary) return;
    if (this.stats.chars === 0) this.notices.push({ level: 'info', message: 'empty input' });
    else if (this.stats.findings === 0 && this.ftrace.profiles.length === 0 && this.stats.events === 0) this.notices.push({ level: 'info', message: `no kernel report, trace or profile found in ${this.stats.lines} line${this.stats.lines === 1 ? '' : 's'}` });
  }
}

/** Imports a whole text at once (tests, the UI's paste box). */
export function importText(text: string, opts: ImportOptions = {}): ImportResult {
  const imp = new Importer(opts);
  imp.push(text);
  return imp.end();
}
