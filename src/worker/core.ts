// The worker's engine side, free of worker plumbing so tests and Node call it directly: a few
// runs by id, and every view of them through the registry's table.
import { parseScenario } from '../sim/scenario/parse.ts';
import { Session } from '../sim/scenario/session.ts';
import { runInfo, runInfoSoFar, VIEWS, type ViewDef } from '../sim/views/registry.ts';
import { diffProfiles, type Profile } from '../sim/views/profile.ts';
import { compareRuns, type RunComparison } from '../sim/views/run_compare.ts';
import { importedRun, type ImportedInput, type ImportedRun } from './importedRun.ts';
import { importedView } from './importedViews.ts';
import type { InputError, KernscopeApi, OpenResult, RunId, RunInfo, RunOverrides, ViewAnswer, ViewAnswers, ViewArgs, ViewName, ViewRequest } from './protocol.ts';
import { RunQueries, nodeSqlLoader, type QueryAnswer, type QueryOptions, type QueryProgress, type SqlLoader } from './query.ts';
import { MAX_RUNS, RunTable } from './runs.ts';

/** The registry's table seen through the protocol's types: one entry per view name. */
const TABLE: { readonly [N in ViewName]: ViewDef<ViewArgs<N>, ViewAnswer<N>> } = VIEWS;

function moment(s: Session, at: number): number {
  if (typeof at !== 'number' || Number.isNaN(at)) throw new TypeError(`"at" must be an event number, not ${String(at)}`);
  return Math.max(0, Math.min(Math.floor(at), s.total));
}

function answer<N extends ViewName>(s: Session, name: N, args: ViewArgs<N>, at: number): ViewAnswer<N> {
  const def = Object.hasOwn(TABLE, name) ? TABLE[name] : undefined;
  if (!def) throw new TypeError(`there is no view named "${String(name)}"`);
  if (def.state) s.seek(at);
  return def.answer(s, args, at);
}

/** A run the worker keeps: a simulated one, or an imported log's recording. */
type Kept = Session | ImportedRun;

function isImported(r: Kept): r is ImportedRun {
  return !(r instanceof Session);
}

/** The first profile table an imported log held (trace_stat/function*), compared when no function_graph calls were recorded. */
function profileOf(r: Kept): Profile | null {
  return isImported(r) ? (r.profiles[0] ?? null) : null;
}

export class KernscopeCore implements KernscopeApi {
  private readonly runs: RunTable<Kept>;
  private readonly queries: RunQueries;

  constructor(maxRuns = MAX_RUNS, sql: SqlLoader = nodeSqlLoader) {
    this.runs = new RunTable<Kept>(maxRuns);
    this.queries = new RunQueries(sql);
  }

  open(text: string, overrides: RunOverrides = {}): OpenResult {
    const r = this.start(text, overrides);
    if (!r.ok) return r;
    r.session.recordSome();
    return this.finish(r.session);
  }

  /** A run validated and ready to record in slices (Session.recordSome); finish() then keeps it. */
  start(text: string, overrides: RunOverrides = {}): { ok: true; session: Session } | { ok: false; errors: InputError[] } {
    return Session.start(text, overrides);
  }

  /**
   * A run being recorded, kept by id from now on: its views answer for the events recorded so far
   * (between two slices), so the moment asked is drawn before the run ends.
   */
  begin(session: Session): RunId {
    return this.runs.add(session);
  }

  /** Still kept (not closed, nor dropped as the least recently used). */
  isOpen(run: RunId): boolean {
    return this.runs.has(run);
  }

  /**
   * Puts the machine of a run being recorded back where its recording stopped, after views
   * moved it: recording goes on from there. Slices pause only after a step that emitted events,
   * so the replay to that event ends exactly after the last step run.
   */
  toFrontier(session: Session): void {
    session.seek(session.total);
  }

  /** The summary of a run being recorded, so far: in full, or cheaply on top of an earlier full one. */
  infoSoFar(session: Session, base?: RunInfo): RunInfo {
    return base ? runInfoSoFar(session, base) : runInfo(session);
  }

  /** A recorded (or stopped) run kept by id (the id begin() gave it, when it was recorded in slices). */
  finish(session: Session, run?: RunId): Extract<OpenResult, { ok: true }> {
    if (run !== undefined) this.toFrontier(session);
    return { ok: true, info: runInfo(session), run: run ?? this.runs.add(session) };
  }

  /** An imported log (the import worker's result) kept as a run: its views are those of a recording. */
  openLog(log: ImportedInput): Extract<OpenResult, { ok: true }> {
    const r = importedRun(log);
    return { ok: true, info: r.info, run: this.runs.add(r) };
  }

  validate(text: string): InputError[] {
    const r = parseScenario(text);
    return r.ok ? [] : r.errors;
  }

  close(run: RunId): void {
    this.runs.delete(run);
  }

  view<N extends ViewName>(run: RunId, name: N, args: ViewArgs<N>, at: number): ViewAnswer<N> {
    const s = this.runs.get(run);
    if (isImported(s)) return importedView(s, name, args, at);
    return answer(s, name, args, moment(s, at));
  }

  /** Several views at one moment: the machine is put there once. */
  views<const R extends readonly ViewRequest[]>(run: RunId, at: number, requests: R): ViewAnswers<R> {
    const s = this.runs.get(run);
    if (isImported(s)) return requests.map((r) => importedView(s, r.name, r.args, at)) as ViewAnswers<R>;
    const m = moment(s, at);
    // the mapped tuple type cannot follow map(); each answer is the one its request names
    return requests.map((r) => answer(s, r.name, r.args, m)) as ViewAnswers<R>;
  }

  /** SQL over the run's events, findings, dmesg and writes (SQLite loaded on the first query; a run's tables built on its first, with progress). */
  query(run: RunId, sql: string, opts: QueryOptions = {}, onProgress?: (p: QueryProgress) => void): Promise<QueryAnswer> {
    return this.queries.query(this.runs.get(run), sql, opts, onProgress);
  }

  compare(a: RunId, b: RunId): RunComparison {
    const ra = this.runs.get(a);
    const rb = this.runs.get(b);
    const c = compareRuns(ra, rb);
    if (c.profile !== null) return c;
    // no function_graph calls on one side: the profile tables an imported log held, with the same diff
    const pa = profileOf(ra);
    const pb = profileOf(rb);
    return pa !== null && pb !== null ? { ...c, profile: { ...diffProfiles(pa, pb), divergesIn: null } } : c;
  }
}
