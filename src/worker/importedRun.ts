// An imported log as a run: its kernel log lines, trace events and findings laid into a recorded
// event log (the simulator's Recorder, with no machine behind it), so the views that read a
// recorded run only (dmesg, timeline, lanes, the function_graph listing and profile, the event
// list, findings, SQL) answer it with the same code as a simulated run. Views that read a machine
// (memory, locks held, the GPU) are not answered: the panels that ask them are not offered.
import { Clock } from '../sim/engine/clock.ts';
import { eventKind, type EventPayload } from '../sim/engine/events.ts';
import { KERN_INFO, KERN_WARNING, Recorder, type Finding, type FindingValue } from '../sim/engine/recorder.ts';
import { EV_FUNC_ENTRY, EV_FUNC_EXIT } from '../sim/linux/kernel/trace/trace_functions_graph.ts';
import { DEFAULT_CONFIG, KCONFIG_DEFAULTS, KCONFIG_OPTIONS } from '../sim/machine/config.ts';
import { KNOWN_PATCHES } from '../sim/machine/patches.ts';
import { normalizeProfile, type Profile } from '../sim/views/profile.ts';
import type { ImportedLine, ImportResult } from '../import/importer.ts';
import type { TraceEvent } from '../import/ftrace/events.ts';
import type { FieldValue, ImportedFinding } from '../import/types.ts';
import type { ImportedRunInfo, RunInfo } from '../sim/views/registry.ts';

/** A kernel log line of the imported text. */
export const EV_LOG_LINE = eventKind('log.line');
/** Function tracer, kprobe / kretprobe and other trace events of the imported text. */
export const EV_TRACE_FUNCTION = eventKind('ftrace.function');
export const EV_TRACE_KPROBE = eventKind('kprobe');
export const EV_TRACE_KRETPROBE = eventKind('kretprobe');
export const EV_TRACE_EVENT = eventKind('trace.event');

/** What a run is made from: the importer's result (the import worker's log carries more). */
export type ImportedInput = Pick<ImportResult, 'file' | 'findings' | 'events' | 'profiles' | 'notices' | 'stats' | 'log' | 'logCut'>;

export interface ImportedRun {
  readonly kind: 'imported';
  readonly file: string;
  readonly rec: Recorder;
  readonly total: number;
  /** The profiles the text held (trace_stat tables, the function_graph one the reader summed), merged per function. */
  readonly profiles: Profile[];
  readonly info: RunInfo;
}

/** One thing to lay on the event log, before ordering by time. */
interface Item {
  ns: number;
  /** Input line, then order of reading: ties keep the text's order. */
  line: number;
  seq: number;
  put(rec: Recorder, index: number, calls: CallNumbers): void;
}

/** Function numbers as FuncGraph.call() records them: an entry carries its function's (first-call order) in b, its exit the same. */
class CallNumbers {
  private readonly ids = new Map<string, number>();
  private readonly stacks = new Map<number, number[]>();

  enter(cpu: number, fn: string): number {
    let id = this.ids.get(fn);
    if (id === undefined) this.ids.set(fn, (id = this.ids.size));
    const st = this.stacks.get(cpu) ?? [];
    this.stacks.set(cpu, st);
    st.push(id);
    return id;
  }

  leave(cpu: number): number {
    return this.stacks.get(cpu)?.pop() ?? 0;
  }
}

/** A trace line that names no task: what trace_find_cmdline() prints for an unknown comm. */
const NO_TASK = '<...>';

/** The calls traced with no timestamps are laid out from their durations, per CPU, after the log line before them. */
class TraceClock {
  private readonly at = new Map<number, number>();
  private readonly open = new Map<number, number[]>();

  constructor(private base: number) {}

  /** A timestamped line or log line was read: untimed calls after it start there. */
  rebase(ns: number): void {
    if (ns > this.base) this.base = ns;
  }

  /** Time of an untimed event on its CPU, and the time its CPU reaches after it. */
  place(e: TraceEvent): { start: number; end: number } {
    const cpu = e.cpu ?? 0;
    const now = Math.max(this.at.get(cpu) ?? this.base, this.base);
    const stack = this.open.get(cpu) ?? [];
    this.open.set(cpu, stack);
    const dur = (e.duration ?? 0) * 1000;
    if (e.kind === 'entry') {
      stack.push(now);
      this.at.set(cpu, now);
      return { start: now, end: now };
    }
    if (e.kind === 'exit') {
      const began = stack.pop();
      const end = began === undefined ? now + dur : Math.max(now, began + dur);
      this.at.set(cpu, end);
      return { start: end, end };
    }
    this.at.set(cpu, now + dur);
    return { start: now, end: now + dur };
  }
}

function taskOf(e: TraceEvent): string {
  if (e.task === undefined) return NO_TASK;
  return e.pid === undefined ? e.task : `${e.task}-${e.pid}`;
}

/** A finding's fields as the findings panel lists them: flat values, traces as frame lists. */
function flatFields(f: ImportedFinding, index: number): Record<string, FindingValue> {
  const out: Record<string, FindingValue> = {};
  for (const [k, v] of Object.entries(f.fields)) {
    const flat = flatValue(v);
    if (flat !== undefined) out[k] = flat;
  }
  out.header = f.header;
  out.report = index;
  out.lines = f.lines.first === f.lines.last ? String(f.lines.first) : `${f.lines.first}-${f.lines.last}`;
  if (f.blame !== undefined) out.blame = f.blame;
  if (f.trace.length > 0) out.trace = f.trace.slice(0, 16).map((x) => (x.off !== undefined ? `${x.fn}+${x.off}${x.size !== undefined ? `/${x.size}` : ''}` : x.fn));
  if (f.truncated !== undefined) out.truncated = f.truncated.join(', ');
  if (f.duplicateOf !== undefined) out.duplicateOf = f.duplicateOf;
  return out;
}

function flatValue(v: FieldValue): FindingValue | undefined {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as readonly string[];
  return undefined;
}

/** Builds the run of an imported log. */
export function importedRun(input: ImportedInput): ImportedRun {
  const rec = new Recorder(new Clock(), Number.MAX_SAFE_INTEGER);
  const log = rec.log;
  const items: Item[] = [];
  let seq = 0;
  const all: readonly ImportedLine[] = input.log ?? [];
  // in a log printed with printk times, a line without one is not the kernel's (mail text, a shell
  // prompt, gdb output): it stays out of the run's dmesg
  const printkTimed = all.some((l) => l.ts >= 0);
  const lines = printkTimed ? all.filter((l) => l.ts >= 0) : all;
  // lines inside a report print at warning level, as the reports do
  const inReport = (n: number) => input.findings.some((f) => n >= f.lines.first && n <= f.lines.last);
  const reportLines = input.findings.length > 0 && input.findings.length * lines.length < 5e7 ? inReport : () => false;
  // untimed lines take the time of the last timed one before them
  const timeOfLine = new Map<number, number>();
  const events = input.events;
  // what comes before the first timestamp takes it: a header line is not at boot
  const fl = lines.find((l) => l.ts >= 0);
  const fe = events.find((e) => e.ts !== undefined);
  const firstTs = fl !== undefined && (fe === undefined || fl.n <= fe.line) ? fl.ts : (fe?.ts ?? 0);
  let lastNs = Math.round(firstTs * 1e9);
  const clock = new TraceClock(lastNs);
  // the text's order: log lines and trace events by input line
  let li = 0;
  let ei = 0;
  while (li < lines.length || ei < events.length) {
    const takeLine = ei >= events.length || (li < lines.length && lines[li]!.n <= events[ei]!.line);
    if (takeLine) {
      const l = lines[li++]!;
      if (l.ts >= 0) lastNs = Math.round(l.ts * 1e9);
      clock.rebase(lastNs);
      const ns = lastNs;
      const level = reportLines(l.n) ? KERN_WARNING : KERN_INFO;
      timeOfLine.set(l.n, ns);
      items.push({
        ns,
        line: l.n,
        seq: seq++,
        put: (r, i) => {
          r.log.append(r.log.kindId(EV_LOG_LINE), -1, ns, 0, r.log.taskId('dmesg'), 0, 0, { line: l.n, text: l.text });
          r.dmesg.push({ event: i, ns, level, text: l.text });
        },
      });
      continue;
    }
    const e = events[ei++]!;
    let start: number;
    let end: number;
    if (e.ts !== undefined) {
      start = Math.round(e.ts * 1e9);
      // trace-cmd stamps an exit when it returns: its entry was duration earlier
      end = e.kind === 'call' ? start + Math.round((e.duration ?? 0) * 1000) : start;
      clock.rebase(end);
    } else ({ start, end } = clock.place(e));
    const task = taskOf(e);
    const cpu = Math.max(0, Math.min(255, e.cpu ?? 0));
    const line = e.line;
    const put = (kind: ReturnType<typeof eventKind>, ns: number, payload: EventPayload | null) => {
      items.push({
        ns,
        line,
        seq: seq++,
        put: (r, _i, calls) => {
          const b = kind === EV_FUNC_ENTRY ? calls.enter(cpu, e.fn) : kind === EV_FUNC_EXIT ? calls.leave(cpu) : 0;
          r.log.append(r.log.kindId(kind), -1, ns, cpu, r.log.taskId(task), 0, b, payload);
        },
      });
    };
    const fnPayload = (extra: Record<string, string> = {}): EventPayload => ({ fn: e.fn, line, ...extra });
    switch (e.kind) {
      case 'entry':
        put(EV_FUNC_ENTRY, start, fnPayload());
        break;
      case 'exit':
        put(EV_FUNC_EXIT, start, null);
        break;
      case 'call':
        put(EV_FUNC_ENTRY, start, fnPayload());
        put(EV_FUNC_EXIT, end, null);
        break;
      case 'function':
        put(EV_TRACE_FUNCTION, start, fnPayload(e.caller !== undefined ? { caller: e.caller } : {}));
        break;
      case 'kprobe':
      case 'kretprobe': {
        const extra: Record<string, string> = {};
        if (e.probe !== undefined) extra.probe = e.probe;
        if (e.args !== undefined) extra.args = e.args;
        if (e.errno !== undefined) extra.errno = e.errno;
        if (e.caller !== undefined) extra.caller = e.caller;
        put(e.kind === 'kprobe' ? EV_TRACE_KPROBE : EV_TRACE_KRETPROBE, start, fnPayload(extra));
        break;
      }
      default:
        put(EV_TRACE_EVENT, start, fnPayload(e.args !== undefined ? { args: e.args } : {}));
    }
  }
  // by time; the same time keeps the text's order (a CPU's calls stay nested)
  items.sort((x, y) => x.ns - y.ns || x.line - y.line || x.seq - y.seq);
  const eventOfLine = new Map<number, number>();
  const calls = new CallNumbers();
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    it.put(rec, i, calls);
    if (log.kindAt(i) === log.seenKindId(EV_LOG_LINE) && !eventOfLine.has(it.line)) eventOfLine.set(it.line, i);
  }
  // a finding is the event of its report's first line (or the last event read before it)
  // events by input line, made once when a finding's line was not kept
  let order: number[] | null = null;
  const byLine = () => (order ??= items.map((_, i) => i).sort((x, y) => items[x]!.line - items[y]!.line || x - y));
  const findings: Finding[] = input.findings.map((f, index) => ({ kind: f.kind, title: f.title, step: -1, event: eventAtLine(items, eventOfLine, byLine, f.lines.first), fields: flatFields(f, index) }));
  findings.sort((a, b) => a.event - b.event);
  rec.findings.push(...findings);
  const total = log.length;
  const profiles = input.profiles.map(normalizeProfile);
  const imported: ImportedRunInfo = {
    file: input.file,
    lines: input.stats.lines,
    logLines: lines.length,
    traceEvents: input.stats.events,
    profiles: profiles.map((p) => p.source),
    notices: input.notices.map((n) => n.message),
    untimed: all.length - lines.length,
    timed: lines.some((l) => l.ts >= 0) || events.some((e) => e.ts !== undefined),
  };
  const info: RunInfo = {
    name: input.file,
    title: input.file,
    description: describe(input, imported),
    source: `imported from ${input.file}`,
    config: DEFAULT_CONFIG,
    total,
    endNs: total > 0 ? log.nsAt(total - 1) : 0,
    marks: [],
    expectations: [],
    findings: rec.findings.slice(),
    errors: [],
    phases: [],
    lockClasses: 0,
    imported,
    options: { kconfigOptions: [...KCONFIG_OPTIONS], kconfigDefaults: { ...KCONFIG_DEFAULTS }, patches: KNOWN_PATCHES.map((p) => ({ ...p })) },
  };
  return { kind: 'imported', file: input.file, rec, total, profiles, info };
}

/** The event of a finding's first line: its log line's, else (the line was not kept) the last event read before it. */
function eventAtLine(items: readonly Item[], eventOfLine: ReadonlyMap<number, number>, byLine: () => readonly number[], line: number): number {
  const e = eventOfLine.get(line);
  if (e !== undefined) return e;
  const order = byLine();
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (items[order[mid]!]!.line <= line) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? order[lo - 1]! : 0;
}

function describe(input: ImportedInput, imp: ImportedRunInfo): string {
  const parts = [`An imported log: **${input.file}**, ${imp.lines.toLocaleString('en-US')} lines read.`, ''];
  parts.push(`- ${input.findings.length} finding${input.findings.length === 1 ? '' : 's'}`);
  parts.push(`- ${imp.logLines.toLocaleString('en-US')} kernel log lines${input.logCut ? ` (${input.logCut.toLocaleString('en-US')} more not kept)` : ''}`);
  if (imp.untimed > 0) parts.push(`- ${imp.untimed.toLocaleString('en-US')} lines without a printk time (mail text, shell output) left out of its dmesg`);
  if (imp.traceEvents > 0) parts.push(`- ${imp.traceEvents.toLocaleString('en-US')} trace events${input.events.length < imp.traceEvents ? ` (${input.events.length.toLocaleString('en-US')} kept)` : ''}`);
  if (imp.profiles.length > 0) parts.push(`- profiles: ${imp.profiles.join(', ')}`);
  if (!imp.timed) parts.push('', 'The text has no timestamps: times on the timeline come from the traced durations.');
  for (const n of input.notices) parts.push('', `> ${n.message}`);
  return parts.join('\n');
}
