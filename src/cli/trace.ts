// kernscope trace / profile / diff: the function_graph tracer's text of a run, its function profile
// (trace_stat/function*), and two runs of one scenario compared (docs/scenario-format.md, "The CLI").
import { diffRuns } from '../sim/views/run_diff.ts';
import { functionGraphText, functionProfile, runProfileDiff, type GraphRange } from '../sim/views/function_graph.ts';
import { formatProfile, formatProfileDiff } from '../sim/views/profile.ts';
import { formatErrors, type InputError } from '../sim/scenario/parse.ts';
import { Session, type RunOverrides } from '../sim/scenario/session.ts';
import { parseCliOptions, UsageError, type CliOptions } from './args.ts';
import type { Io } from './main.ts';

function open(io: Io, file: string, text: string, o: RunOverrides): Session | null {
  const r = Session.open(text, o);
  if (r.ok) return r.session;
  printErrors(io, file, r.errors);
  return null;
}

function printErrors(io: Io, file: string, errors: readonly InputError[]): void {
  for (const line of formatErrors(errors).split('\n')) io.err(`${file}: ${line}\n`);
}

function range(o: CliOptions): GraphRange {
  return { ...(o.from !== undefined ? { from: o.from } : {}), ...(o.to !== undefined ? { to: o.to } : {}), ...(o.graphFunction !== undefined ? { graphFunction: o.graphFunction } : {}) };
}

function one(o: CliOptions, cmd: string): string {
  if (o.files.length !== 1) throw new UsageError(`${cmd}: expected exactly one scenario file`);
  return o.files[0]!;
}

export function cmdTrace(io: Io, o: CliOptions, text: string): number {
  const s = open(io, one(o, 'trace'), text, o.overrides);
  if (!s) return 2;
  io.out(functionGraphText(s.rec, range(o)));
  return 0;
}

export function cmdProfile(io: Io, o: CliOptions, text: string): number {
  const s = open(io, one(o, 'profile'), text, o.overrides);
  if (!s) return 2;
  const p = functionProfile(s.rec, range(o));
  io.out(o.json ? JSON.stringify(p) + '\n' : formatProfile(p));
  return 0;
}

/** "--cmdline 'x y' --kconfig CONFIG_A=y": split like a shell, then read like the command line. */
export function overridesOf(flag: string, s: string | undefined): RunOverrides {
  if (s === undefined) return {};
  const words: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(s); m; m = re.exec(s)) words.push(m[1] ?? m[2] ?? m[3]!);
  try {
    const parsed = parseCliOptions(words);
    if (parsed.files.length > 0) throw new UsageError(`unexpected "${parsed.files[0]}"`);
    return parsed.overrides;
  } catch (e) {
    throw new UsageError(`${flag}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export function cmdDiff(io: Io, o: CliOptions, text: string): number {
  const file = one(o, 'diff');
  const a = overridesOf('--a', o.a);
  const b = overridesOf('--b', o.b);
  const sa = open(io, file, text, a);
  const sb = sa && open(io, file, text, b);
  if (!sa || !sb) return 2;
  const d = diffRuns(sa, sb);
  const pd = o.profile ? runProfileDiff(text, a, b, range(o)) : null;
  if (pd && !pd.ok) {
    printErrors(io, file, pd.errors);
    return 2;
  }
  if (o.json) {
    io.out(JSON.stringify({ format: 'kernscope-diff/1', file, a, b, ...d, ...(pd?.ok ? { profile: pd.diff } : {}) }) + '\n');
    return 0;
  }
  const ev = (e: typeof d.divergence extends null ? never : NonNullable<typeof d.divergence>['a']): string => (e === null ? '(the run has ended)' : `${e.kind} a=${e.a} b=${e.b} task=${e.task} cpu=${e.cpu}${e.payload ? ` ${JSON.stringify(e.payload)}` : ''}`);
  if (d.divergence === null) io.out('the two runs are the same event for event\n');
  else io.out(`first divergent event: ${d.divergence.event}\n  a: ${ev(d.divergence.a)}\n  b: ${ev(d.divergence.b)}\n`);
  for (const [label, fs] of [['a', d.onlyA], ['b', d.onlyB]] as const) {
    io.out(`findings only in ${label}: ${fs.length}\n`);
    for (const f of fs.slice(0, 20)) io.out(`  ${f.kind}  ${f.title}  (event ${f.event})\n`);
    if (fs.length > 20) io.out(`  ... ${fs.length - 20} more (--json)\n`);
  }
  if (pd?.ok) {
    io.out(formatProfileDiff(pd.diff));
    if (pd.diff.divergesIn) io.out(`the flows part in ${pd.diff.divergesIn.fn}(): ${pd.diff.divergesIn.call}() returned ${pd.diff.divergesIn.retA} in a, ${pd.diff.divergesIn.retB} in b\n`);
  }
  return 0;
}
