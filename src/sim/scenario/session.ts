// One loaded scenario: the recorded run, its timeline, and the report of the contract.
import { Clock } from '../engine/clock.ts';
import { EventLimitError, Recorder, type Finding, type FindingValue } from '../engine/recorder.ts';
import { Timeline } from '../engine/timeline.ts';
import { dmesgText, linesBefore, stdoutText } from '../views/dmesg.ts';
import { checkPatches, formatErrors, LIMITS, parseScenario, type InputError, type Scenario } from './parse.ts';
import { ScenarioRuntimeError } from './binding.ts';
import { ScenarioRunner, type Expectation, type RunnerSnapshot } from './runner.ts';

export interface RunOverrides {
  cmdline?: string;
  kconfig?: Record<string, boolean>;
  patches?: Record<string, boolean>;
  seed?: number;
}

export interface ReportFinding {
  kind: string;
  title: string;
  step: number;
  event: number;
  [field: string]: FindingValue;
}

export interface Report {
  format: 'kernscope-report/1';
  scenario: string;
  ok: boolean;
  events: number;
  findings: ReportFinding[];
  /** Every module's counters; slab_errors is always there (the contract names it). */
  counters: { slab_errors: number } & Record<string, number>;
  expectations: { step: number; pass: boolean; message: string }[];
  stateHash: string;
  dmesg: string;
  /** What user-space programs of the scenario printed ("comm: line"), when they printed anything. */
  stdout?: string;
  /** Present when the run stopped on a runtime input error or a limit. */
  errors?: InputError[];
}

export const CHECKPOINT_INTERVAL = 4096;

export function flattenFinding(f: Finding): ReportFinding {
  return { kind: f.kind, title: f.title, step: f.step, event: f.event, ...f.fields };
}

export function applyOverrides(s: Scenario, o: RunOverrides): InputError[] {
  const c = s.config;
  s.config = {
    ...c,
    cmdline: o.cmdline ?? c.cmdline,
    seed: o.seed ?? c.seed,
    kconfig: { ...c.kconfig, ...(o.kconfig ?? {}) },
    patches: { ...c.patches, ...(o.patches ?? {}) },
  };
  return checkPatches(o.patches ?? {}, '--patch');
}

export type OpenResult = { ok: true; session: Session } | { ok: false; errors: InputError[] };

export class Session {
  readonly rec: Recorder;
  readonly runner: ScenarioRunner;
  readonly timeline: Timeline<RunnerSnapshot>;
  /** Set when the run stopped early on a runtime input error or limit. */
  errors: InputError[] = [];

  private constructor(
    readonly scenario: Scenario,
    maxEvents: number,
  ) {
    this.rec = new Recorder(new Clock(), maxEvents);
    this.runner = new ScenarioRunner(scenario, this.rec);
    this.timeline = new Timeline(this.runner, this.rec, { checkpointInterval: CHECKPOINT_INTERVAL });
  }

  /** Parses, validates and records the whole run. Never throws for bad input. */
  static open(text: string, overrides: RunOverrides = {}, maxEvents = LIMITS.events): OpenResult {
    const r = Session.start(text, overrides, maxEvents);
    if (r.ok) r.session.recordSome();
    return r;
  }

  /** Parses and validates; the run is then recorded by recordSome() (in slices, or at once). */
  static start(text: string, overrides: RunOverrides = {}, maxEvents = LIMITS.events): OpenResult {
    const parsed = parseScenario(text);
    if (!parsed.ok) return parsed;
    const oerr = applyOverrides(parsed.scenario, overrides);
    if (oerr.length > 0) return { ok: false, errors: oerr };
    return { ok: true, session: new Session(parsed.scenario, maxEvents) };
  }

  /** True once the run is recorded to its end (or stopped: an error, a limit, a cancel). */
  get done(): boolean {
    return this.timeline.ended || this.errors.length > 0;
  }

  /** Where the recording is: events so far, and the top-level step (0-based) of the last one run. */
  get progress(): { events: number; step: number; steps: number } {
    return { events: this.rec.pos, step: Math.max(0, this.rec.ctx.step), steps: this.scenario.steps.length };
  }

  /**
   * Records on until the run ends or `pause()` (asked between steps) says to stop for now;
   * true when the run is done. Slices change nothing in the run: its events and state are those
   * of one recording at once.
   */
  recordSome(pause?: () => boolean): boolean {
    if (this.done) return true;
    try {
      this.timeline.record(Infinity, pause);
    } catch (e) {
      this.timeline.total = this.rec.pos;
      this.timeline.cursor = this.rec.pos;
      if (e instanceof ScenarioRuntimeError) this.errors.push({ path: e.path, message: e.message });
      else if (e instanceof EventLimitError) this.errors.push({ path: this.runner.currentPath, message: e.message });
      else this.errors.push({ path: this.runner.currentPath, message: `internal simulator error: ${e instanceof Error ? e.message : String(e)}` });
      // the machine may be mid-step: put it back in a consistent state at the last event
      this.timeline.seek(this.rec.pos, true);
    }
    return this.done;
  }

  /** Stops recording where it is (between two steps): what was recorded stays a run, with an error saying why it ended. */
  cancel(reason: string): void {
    if (this.done) return;
    const step = this.progress.step;
    this.errors.push({ path: this.runner.currentPath || 'steps', message: `${reason} at step ${step} (after ${this.rec.pos} events)` });
  }

  get total(): number {
    return this.timeline.total;
  }

  get expectations(): readonly Expectation[] {
    return this.runner.expectations;
  }

  seek(n: number): void {
    this.timeline.seek(n);
  }

  findingsBefore(cursor: number): Finding[] {
    return this.rec.findings.filter((f) => f.event < cursor);
  }

  report(at?: number): Report {
    const cursor = at === undefined ? this.total : Math.min(Math.max(0, at), this.total);
    this.seek(cursor);
    const expectations = this.expectations.filter((e) => e.event < cursor).map((e) => ({ step: e.step, pass: e.pass, message: e.message }));
    const r: Report = {
      format: 'kernscope-report/1',
      scenario: this.scenario.name,
      ok: this.errors.length === 0 && expectations.every((e) => e.pass),
      events: cursor,
      findings: this.findingsBefore(cursor).map(flattenFinding),
      counters: { slab_errors: 0, ...this.runner.machine.counters() },
      expectations,
      stateHash: this.runner.machine.stateHash(),
      dmesg: dmesgText(this.rec.dmesg, cursor),
    };
    const out = stdoutText(this.rec.dmesg, cursor);
    if (out.length > 0) r.stdout = out;
    if (this.errors.length > 0) r.errors = this.errors;
    return r;
  }

  dmesgLineCount(cursor: number): number {
    return linesBefore(this.rec.dmesg, cursor);
  }
}

export { formatErrors };
