// The function_graph tracer's view of a run (kernel/trace/trace_functions_graph.c 5.10): any range
// of the recorded ftrace.entry / ftrace.exit events as the tracer prints them ("# tracer:
// function_graph", " CPU  DURATION                  FUNCTION CALLS", "+ ! # * @ $" marks for long
// calls), optionally only below one function (set_graph_function), and as a function profile in
// the trace_stat/function* layout (views/profile.ts), with the call sequence the profile diff
// compares. runProfileDiff() runs one scenario twice and diffs the two profiles, naming the
// function in which the two runs' flows part.
import type { EventLog } from '../engine/events.ts';
import type { Recorder } from '../engine/recorder.ts';
import { EV_FUNC_ENTRY, EV_FUNC_EXIT } from '../linux/kernel/trace/trace_functions_graph.ts';
import { Session, type RunOverrides } from '../scenario/session.ts';
import { diffProfiles, type CallStep, type Profile, type ProfileDiff, type ProfileEntry } from './profile.ts';

/** One traced call: where it starts and ends in the log, its nesting, its return value. */
export interface GraphCall {
  fn: string;
  depth: number;
  cpu: number;
  entry: number;
  /** The exit event, or -1 when the range ends inside the call. */
  exit: number;
  ns: number;
  /** Duration in ns (0 while unfinished). */
  dur: number;
  ret: number;
}

export interface GraphRange {
  from?: number;
  to?: number;
  /** set_graph_function: only this function and what it calls. */
  graphFunction?: string;
}

/** The traced calls of [from, to), in call order, depths as the tracer counts them. */
export function graphCalls(log: EventLog, r: GraphRange = {}): GraphCall[] {
  const ent = log.seenKindId(EV_FUNC_ENTRY);
  const ex = log.seenKindId(EV_FUNC_EXIT);
  const out: GraphCall[] = [];
  if (ent < 0) return out;
  const from = Math.max(0, r.from ?? 0);
  const to = Math.min(log.length, r.to ?? log.length);
  const stack: GraphCall[][] = [];
  // function numbers (b) to names, read from the first entry of each
  const names: string[] = [];
  // how deep inside the graph function each CPU is (-1: outside it)
  const inside: number[] = [];
  for (let i = from; i < to; i++) {
    const k = log.kindAt(i);
    if (k !== ent && k !== ex) continue;
    const cpu = log.cpuAt(i);
    const ns = log.nsAt(i);
    const st = (stack[cpu] ??= []);
    if (k === ent) {
      const id = log.bAt(i);
      const fn = (names[id] ??= log.payloadAt(i)!.fn as string);
      if (r.graphFunction !== undefined && (inside[cpu] ?? -1) < 0) {
        if (fn !== r.graphFunction) {
          st.push({ fn, depth: -1, cpu, entry: i, exit: -1, ns, dur: 0, ret: 0 });
          continue;
        }
        inside[cpu] = st.length;
      }
      const base = r.graphFunction !== undefined ? (inside[cpu] ?? 0) : 0;
      const c: GraphCall = { fn, depth: st.length - base, cpu, entry: i, exit: -1, ns, dur: 0, ret: 0 };
      st.push(c);
      out.push(c);
      continue;
    }
    const c = st.pop();
    if (!c) continue;
    c.exit = i;
    c.dur = ns - c.ns;
    c.ret = log.aAt(i);
    if (r.graphFunction !== undefined && inside[cpu] === st.length) inside[cpu] = -1;
  }
  return out;
}

/** The module %ps prints after a function of a loadable module (Debian builds ttm and nouveau as modules). */
export function modOf(fn: string): string {
  if (fn.startsWith('ttm_')) return ' [ttm]';
  if (/^(nouveau_|nv50_|nv84_)/.test(fn)) return ' [nouveau]';
  return '';
}

// trace_find_mark()
function mark(ns: number): string {
  if (ns > 1e9) return '$';
  if (ns > 1e8) return '@';
  if (ns > 1e7) return '*';
  if (ns > 1e6) return '#';
  if (ns > 1e5) return '!';
  if (ns > 1e4) return '+';
  return ' ';
}

// print_graph_duration() + trace_print_graph_duration(): "! 1234.567 us |  "
export function duration(ns: number): string {
  const us = Math.floor(ns / 1000);
  const rem = Math.floor(ns % 1000);
  let s = String(us);
  if (s.length < 7) s += '.' + String(rem).padStart(3, '0').slice(0, Math.max(0, 7 - s.length));
  s += ' us ';
  return `${mark(ns)} ${s.padEnd(12)}|  `;
}

/** The tracer's header lines (print_graph_headers()). */
export const GRAPH_HEADER: readonly string[] = ['# tracer: function_graph', '#', '# CPU  DURATION                  FUNCTION CALLS', '# |     |   |                     |   |   |   |'];

/** The duration column of a line that opens a call. */
export const FILL = '              |  ';

/** The tracer's text for [from, to): header, then one line per entry, leaf call or return. */
export function functionGraphText(rec: Recorder, r: GraphRange = {}): string {
  const calls = graphCalls(rec.log, r);
  const lines = [...GRAPH_HEADER];
  // a call is a leaf when the next traced call starts after it returned
  const rows: { at: number; text: string }[] = [];
  for (let i = 0; i < calls.length; i++) {
    const c = calls[i]!;
    const cpu = ` ${c.cpu}) `;
    const pad = '  '.repeat(c.depth);
    const next = calls[i + 1];
    const leaf = c.exit >= 0 && (next === undefined || next.entry > c.exit);
    if (leaf) {
      rows.push({ at: c.entry, text: `${cpu}${duration(c.dur)}${pad}${c.fn}${modOf(c.fn)}();` });
      continue;
    }
    rows.push({ at: c.entry, text: `${cpu}${FILL}${pad}${c.fn}${modOf(c.fn)}() {` });
    if (c.exit >= 0) rows.push({ at: c.exit, text: `${cpu}${duration(c.dur)}${pad}}` });
  }
  rows.sort((a, b) => a.at - b.at);
  for (const row of rows) lines.push(row.text);
  return lines.join('\n') + '\n';
}

/** Most call steps a profile keeps for the divergence search. */
export const MAX_CALL_STEPS = 2_000_000;

/** The function profile of [from, to) (trace_stat/function0: hits, total time, average, s^2, in us). */
export function functionProfile(rec: Recorder, r: GraphRange = {}, source = 'function_graph'): Profile {
  const calls = graphCalls(rec.log, r);
  const index = new Map<string, number>();
  const hits: number[] = [];
  const sum: number[] = [];
  const sq: number[] = [];
  const fns: string[] = [];
  const n = Math.min(calls.length, MAX_CALL_STEPS);
  const steps: CallStep[] = new Array<CallStep>(n);
  for (let i = 0; i < calls.length; i++) {
    const c = calls[i]!;
    if (i < n) steps[i] = { fn: c.fn, depth: c.depth };
    if (c.exit < 0) continue;
    let j = index.get(c.fn);
    if (j === undefined) {
      j = fns.length;
      index.set(c.fn, j);
      fns.push(c.fn);
      hits.push(0);
      sum.push(0);
      sq.push(0);
    }
    const us = c.dur / 1000;
    hits[j]!++;
    sum[j]! += us;
    sq[j]! += us * us;
  }
  const entries: ProfileEntry[] = fns.map((fn, j) => {
    const h = hits[j]!;
    const avg = sum[j]! / h;
    return { fn, hits: h, time: sum[j]!, avg, s2: h > 1 ? Math.max(0, (sq[j]! - h * avg * avg) / (h - 1)) : 0 };
  });
  entries.sort((a, b) => b.time - a.time || a.fn.localeCompare(b.fn));
  return { source, unit: 'us', entries, calls: steps };
}

export interface RunProfileDiff extends ProfileDiff {
  /**
   * Where the two flows part: the function whose call got a failure in one run and a success in the
   * other just before the call sequences diverge (the seed's "ttm_bo_wait_free_node() is where the
   * flow diverges"), with that call.
   */
  divergesIn: { fn: string; call: string; retA: number; retB: number } | null;
}

function overridesText(o: RunOverrides): string {
  const parts: string[] = [];
  if (o.cmdline !== undefined) parts.push(`--cmdline "${o.cmdline}"`);
  for (const [k, v] of Object.entries(o.kconfig ?? {})) parts.push(`--kconfig ${k}=${v ? 'y' : 'n'}`);
  for (const [k, v] of Object.entries(o.patches ?? {})) parts.push(`--patch ${k}=${v ? 'on' : 'off'}`);
  if (o.seed !== undefined) parts.push(`--seed ${o.seed}`);
  return parts.join(' ') || '(as written)';
}

/** Runs a scenario with two sets of overrides and diffs their function profiles. */
export function runProfileDiff(text: string, a: RunOverrides, b: RunOverrides, r: GraphRange = {}): { ok: true; diff: RunProfileDiff } | { ok: false; errors: { path: string; message: string }[] } {
  const sa = Session.open(text, a);
  if (!sa.ok) return sa;
  const sb = Session.open(text, b);
  if (!sb.ok) return sb;
  return { ok: true, diff: sessionProfileDiff(sa.session.rec, sb.session.rec, r, [overridesText(a), overridesText(b)]) };
}

/** The function profiles of two recorded runs diffed, with the function in which their flows part. */
export function sessionProfileDiff(ra: Recorder, rb: Recorder, r: GraphRange = {}, sources: [string, string] = ['a', 'b']): RunProfileDiff {
  const ca = graphCalls(ra.log, r);
  const cb = graphCalls(rb.log, r);
  const diff = diffProfiles(functionProfile(ra, r, sources[0]), functionProfile(rb, r, sources[1]));
  let divergesIn: RunProfileDiff['divergesIn'] = null;
  if (diff.divergence) {
    for (let j = diff.divergence.index - 1; j >= 0; j--) {
      const x = ca[j]!;
      const y = cb[j]!;
      if (x.ret < 0 === y.ret < 0) continue;
      // its caller: the nearest earlier call one level up
      let p = j - 1;
      while (p >= 0 && ca[p]!.depth >= x.depth) p--;
      divergesIn = { fn: p >= 0 ? ca[p]!.fn : '(top)', call: x.fn, retA: x.ret, retB: y.ret };
      break;
    }
  }
  return { ...diff, divergesIn };
}
