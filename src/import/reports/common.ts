// Parts every report printer shares: the stack traces (dump_stack(), show_trace_log_lvl(),
// stack_trace_print()), the task line (dump_stack_print_info(): `CPU: 3 PID: 102 Comm: ...`,
// 2.6's `Pid: 13078, comm: kio_file Tainted: ...`), the register dump (__show_regs()), the
// `Code:` line (show_opcodes()) and `Modules linked in:` (print_modules()).
import type { FindingKind } from '../../sim/scenario/kinds.ts';
import { findSymbol } from '../trace/frame.ts';
import { frameOf } from './frames.ts';
import type { FieldValue, Frame, ImportedFinding, Trace } from '../types.ts';
import type { Draft } from './assembler.ts';

export interface Report {
  draft: Draft;
  /** Line texts with leading blanks removed. */
  t: string[];
  /** The frame each line holds, parsed once per report. */
  frames: (Frame | null)[];
}

export function reportOf(d: Draft): Report {
  const t = d.lines.map((l) => l.text.trim());
  return { draft: d, t, frames: d.lines.map(frameOf) };
}

const TRACE_LABEL =
  /^(?:Call [Tt]race:?|Backtrace:|stack backtrace:|Allocated by task \d+.*:|Freed by task \d+.*:|Allocated by .*:|Freed by .*:|Last potentially related work creation:|Second to last potentially related work creation:|(?:INFO: )?(?:Allocated|Freed) in .*|backtrace(?: \(crc [0-9a-f]+\))?:|Uninit was (?:created|stored to memory) at:|Local variable .* created at:|-> #\d+ .*:|.*(?:allocated|freed) by task \d+ on cpu \d+.*:|(?:read|write|read-write)(?: \(marked\))? to 0x[0-9a-f]+ of \d+ bytes by .*:|page last (?:allocated|free)[^:]*:?.*|Exception stack.*|Showing stack for process \d+|NMI backtrace for cpu \d+|Task dump for CPU \d+:|.* state was registered at:|.*(?:acquired|which became \S+) at:|Preemption disabled at:|Interrupt\s*$)/;
const MARKER = /^(?:<\/?(?:TASK|IRQ|NMI|EOI|SOFTIRQ)>|\(stack is not available\)|Code:|---\[ end|\[\s*<?[0-9a-f]+>?\] \?\s*$|r\d+\s*:[0-9a-f]{8}|Exception stack\(|[0-9a-f]{4}:(?: +[0-9a-f]{8})+\s*$)/;

/** Every trace of a report, labelled by the line before its frames. */
export function traces(r: Report, from = 0, to = r.t.length): Trace[] {
  const t = r.t;
  const out: Trace[] = [];
  let cur: Trace | null = null;
  for (let i = from; i < to; i++) {
    const s = t[i]!;
    const f = r.frames[i] ?? null;
    if (f !== null) {
      if (cur === null) {
        cur = { label: 'Call Trace', frames: [] };
        out.push(cur);
      }
      if (cur.frames.length < 128) cur.frames.push(f);
      // "INFO: Allocated in fn+0x../0x.. age=... cpu=... pid=..." carries its frame in the label
      continue;
    }
    if (TRACE_LABEL.test(s)) {
      cur = { label: s.replace(/:$/, ''), frames: [] };
      const inLabel = /^(?:INFO: )?(?:Allocated|Freed) in /.test(s) ? findSymbol(s) : null;
      if (inLabel !== null) cur.frames.push(inLabel);
      out.push(cur);
      continue;
    }
    if (MARKER.test(s) || s.length === 0) continue;
    cur = null;
  }
  return out.filter((tr) => tr.frames.length > 0);
}

/** The trace labelled `Call Trace` (or the first unlabelled one) at or after line `from`. */
export function callTrace(all: readonly Trace[]): Frame[] {
  const c = all.find((tr) => /^(?:Call [Tt]race|Backtrace)/.test(tr.label));
  return (c ?? all[0])?.frames ?? [];
}

/** The faulting frame of IP:/RIP:/pc :/PC is at/NIP/EIP lines. */
export function ripFrame(t: readonly string[]): Frame | null {
  for (const s of t) {
    if (/^(?:R?IP|EIP|NIP|pc|PC is at|EIP is at|epc)\s*:?\s/.test(s) || /^(?:R?IP|pc) ?:/.test(s)) {
      const f = findSymbol(s);
      if (f !== null) return f;
    }
  }
  return null;
}

export interface TaskInfo {
  cpu?: number;
  pid?: number;
  comm?: string;
  tainted?: string;
  kernel?: string;
}

export function taskInfo(t: readonly string[]): TaskInfo {
  for (const s of t) {
    if (!s.startsWith('CPU: ') && !s.startsWith('Pid: ')) continue;
    // the taint flags are letters in fixed columns ("G        W"); the release that follows starts with a digit
    let m = /^CPU: (\d+)(?: UID: \d+)? PID: (\d+) Comm: (.{1,16}?) (?:Kdump: loaded )?(Not tainted|Tainted: [A-Z ]+?)\s+(\d\S*)/.exec(s);
    if (m !== null) return { cpu: Number(m[1]), pid: Number(m[2]), comm: m[3]!, tainted: m[4]!.replace(/^Tainted: /, '').replace(/\s+/g, ' ').trim(), kernel: m[5]! };
    m = /^Pid: (\d+), comm: (.{1,16}?) (Not tainted|Tainted: [A-Z ]+?)\s+(\d\S*)/.exec(s);
    if (m !== null) return { pid: Number(m[1]), comm: m[2]!, tainted: m[3]!.replace(/^Tainted: /, '').replace(/\s+/g, ' ').trim(), kernel: m[4]! };
  }
  for (const s of t) {
    if (!s.startsWith('Process ')) continue;
    const m = /^Process (\S+) \(pid: (\d+)/.exec(s);
    if (m !== null) return { pid: Number(m[2]), comm: m[1]! };
  }
  return {};
}

const REG_LINE = /^(?:R[A-Z0-9]{1,2}:|E[A-Z]{2}:|FS:|CS:|CR[0-4]:|DR[0-7]:|x\d{1,2}\s*:|sp :|pstate:|GPR\d\d:|[re]?[a-d]x:)/;

/** Register name → value (`0x`-prefixed) from __show_regs() lines. */
export function registers(t: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of t) {
    if (!REG_LINE.test(s)) continue;
    for (const m of s.matchAll(/\b(R[A-Z0-9]{1,2}|E[A-Z]{2}|CR[0-4]|DR[0-7]|x\d{1,2}|sp|FS|GS|KERNEL_GS|knlGS|[re]?[a-d]x)\s*:\s*(?:[0-9a-f]{4}:)?([0-9a-f]{8,16})\b/g)) out[m[1]!] = `0x${m[2]!}`;
  }
  return out;
}

export interface CodeBytes {
  bytes: string;
  /** Index (in bytes) of the faulting instruction's first byte, marked `<xx>` or `(xxxx)`. */
  at?: number;
}

/** The `Code:` line and the hex-only lines a mail client wrapped it into. */
export function codeBytes(t: readonly string[]): CodeBytes | null {
  const i = t.findIndex((s) => s.startsWith('Code:'));
  if (i < 0) return null;
  let text = t[i]!.slice(5);
  for (let j = i + 1; j < t.length && /^(?:[<(]?[0-9a-f]{2,8}[>)]?\s*)+$/.test(t[j]!); j++) text += ` ${t[j]!}`;
  const tokens = text.trim().split(/\s+/).filter((x) => /^[<(]?[0-9a-f]{2,8}[>)]?$/.test(x));
  if (tokens.length === 0) return null;
  const bytes: string[] = [];
  let at: number | undefined;
  for (const tok of tokens) {
    if (tok.startsWith('<') || tok.startsWith('(')) at = bytes.length;
    bytes.push(tok.replace(/[<>()]/g, ''));
  }
  return at === undefined ? { bytes: bytes.join(' ') } : { bytes: bytes.join(' '), at };
}

/** `Modules linked in:` and the lines of module names a mail client or the log wrapped it into. */
export function modules(t: readonly string[]): string[] | null {
  const i = t.findIndex((s) => s.startsWith('Modules linked in:'));
  if (i < 0) return null;
  let text = t[i]!.slice('Modules linked in:'.length);
  for (let j = i + 1; j < t.length && /^[\w-]+(?: [\w-]+)*(?: \[last unloaded: \S*)?\]?$/.test(t[j]!) && !/^(?:Pid|CPU|Hardware|RIP|Code)\b/.test(t[j]!); j++) text += ` ${t[j]!}`;
  return text
    .replace(/\[last unloaded:.*?\]/g, '')
    .split(/\s+/)
    .map((m) => m.replace(/\(.*\)$/, ''))
    .filter((m) => /^[\w-]+$/.test(m));
}

/** The first line a pattern matches, without running it on the lines after. */
export function firstMatch(t: readonly string[], re: RegExp): RegExpExecArray | null {
  for (const s of t) {
    const m = re.exec(s);
    if (m !== null) return m;
  }
  return null;
}

export function lineRange(d: Draft): { first: number; last: number } {
  return { first: d.first, last: d.last };
}

/** Assembles a finding; `fields` holds the kind-specific parts. */
export function makeFinding(
  r: Report,
  kind: FindingKind,
  title: string,
  header: string,
  trace: Frame[],
  allTraces: Trace[],
  fields: Record<string, FieldValue>,
  blame?: Frame,
): ImportedFinding {
  const f: ImportedFinding = { kind, title, header, lines: lineRange(r.draft), trace, traces: allTraces, forensics: [], fields };
  if (blame !== undefined) f.blame = blame.fn;
  if (r.draft.truncated.length > 0) f.truncated = [...r.draft.truncated];
  const ti = taskInfo(r.t);
  for (const [k, v] of Object.entries(ti)) if (v !== undefined && !(k in fields)) fields[k] = v;
  if (r.draft.lines.some((l) => l.cut)) (f.truncated ??= []).push('line-length');
  return f;
}

/** Marks a finding truncated at its end when the part a complete report always has is missing. */
export function truncatedUnless(f: ImportedFinding, present: boolean): void {
  if (!present && !(f.truncated ?? []).includes('end')) (f.truncated ??= []).push('end');
}
