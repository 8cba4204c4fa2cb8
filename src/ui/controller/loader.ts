// Opening runs: a scenario text (bundled, a file, the editor, a link) or the same one again with
// other options, keeping the place. The previous run is closed in the worker once replaced.
import type { ImportedInput, InputError, OpenProgress, OpenResult, RunId, RunInfo, RunOverrides } from '../../worker/protocol.ts';
import type { BundledScenario } from '../bundledList.ts';
import type { Engine } from '../engine.ts';
import { formatError } from '../errors.ts';
import { fileConfig, normalizeOverrides } from '../overrides.ts';
import { layoutFor } from '../panels/placement.ts';
import { cursorFor, placeOf, type StepPlace } from '../stepPlace.ts';
import type { AppStore, Opening, RunSlot, ScenarioOrigin } from '../store.ts';
import { draftOnOpen } from './drafts.ts';
import type { Notices } from './notices.ts';
import type { Player } from './player.ts';
import { applyPatch } from '../panels/slices.ts';
import { openedSlot } from './runSlot.ts';

export interface OpenOptions {
  at?: number | null;
  overrides?: RunOverrides;
  /** The same scenario again: keep the cursor (the end stays the end) and what the panels keep per scenario. */
  keepPlace?: boolean;
  /** Panel fields a share link carries. */
  shared?: ReadonlyMap<string, string>;
  /** Leave the editor (its text and the errors listed under it) and the address bar as they are. */
  keepEditor?: boolean;
}

const NOTHING_SHARED: ReadonlyMap<string, string> = new Map();

/** Where a freshly opened scenario lands: just after its first finding, else its end. */
export function defaultCursor(info: RunInfo): number {
  const first = info.findings[0];
  return first ? Math.min(info.total, first.event + 1) : info.total;
}

/** What the user opened, as the progress line and notices name it: the file, the bundled or the scenario's own name. */
export function openingLabel(text: string, origin: ScenarioOrigin): string {
  if (origin.kind === 'file' || origin.kind === 'bundled' || origin.kind === 'library' || origin.kind === 'import') return origin.name;
  let name: string | null = null;
  try {
    const v: unknown = JSON.parse(text);
    if (v !== null && typeof v === 'object' && 'name' in v && typeof v.name === 'string' && v.name !== '') name = v.name;
  } catch {
    // named by where it came from
  }
  if (origin.kind === 'link') return name === null ? 'the scenario in the link' : `${name} (from link)`;
  return name === null ? 'the edited scenario' : `${name} (edited)`;
}

/** A finished run in short, for a notice about it: events, findings, expectations and why it stopped early. */
export function runSummary(info: RunInfo): string[] {
  const failed = info.expectations.filter((e) => !e.pass).length;
  const parts = [`${info.total} events`, `${info.findings.length} finding${info.findings.length === 1 ? '' : 's'}`];
  if (info.expectations.length > 0) parts.push(failed === 0 ? `every expect held` : `${failed} of ${info.expectations.length} expects failed`);
  return [parts.join(', '), ...info.errors.map((e) => `it stopped early: ${formatError(e)}`)];
}

interface Done {
  text: string;
  origin: ScenarioOrigin;
  overrides: RunOverrides;
  at: number | null;
  opts: OpenOptions;
}

/** A run shown while it is recorded: what it was opened with, whether it is shown, when it last grew on screen. */
type Early = Omit<Done, 'at'> & { shown: boolean; grown: number };

/** While a shown run is recorded, its summary on screen is replaced at most this often (ms). */
const GROW_MS = 500;

export class Loader {
  /** Numbers the opens in the order they were asked; the engine runs them in that order. */
  private seq = 0;

  constructor(
    private readonly store: AppStore,
    private readonly engine: Engine,
    private readonly bundled: readonly BundledScenario[],
    private readonly notices: Notices,
    private readonly player: Player,
    /** Told of every run shown (the address bar names it). */
    private readonly opened: (r: RunSlot) => void,
  ) {}

  /**
   * Runs a scenario text; on input errors keeps the previous run and lists them under the editor,
   * with the text. While it runs, the editor and the run shown stay as they are and the progress
   * line names it; a scenario opened meanwhile waits behind it and replaces it when it is done:
   * the finished run is then offered in a notice with its summary, not dropped unseen.
   */
  async open(text: string, origin: ScenarioOrigin, opts: OpenOptions = {}): Promise<boolean> {
    const before = this.store.getState();
    const overrides = opts.overrides ?? (opts.keepPlace ? before.runs.a.overrides : {});
    const seq = ++this.seq;
    const label = openingLabel(text, origin);
    this.store.setState((s) => ({ opening: [...s.opening, { seq, label }] }));
    const finish = () => this.store.setState((s) => ({ opening: s.opening.filter((o) => o.seq !== seq) }));
    let res: OpenResult;
    let at = opts.at ?? null;
    // a new scenario is shown as soon as the run reaches the moment asked; a re-run keeps its place once done
    const early: Early | null = opts.keepPlace !== true && opts.keepEditor !== true ? { text, origin, overrides, opts, shown: false, grown: 0 } : null;
    const onProgress = ({ partial, ...progress }: OpenProgress) => {
      this.patchOpening(seq, { progress });
      if (early && partial) this.showSoFar(seq, partial, early);
    };
    try {
      const place = opts.keepPlace && at === null ? await this.placeNow(before.runs.a) : null;
      res = await this.engine.open(text, overrides, { ticket: seq, onProgress });
      if (res.ok && place && before.runs.a.info?.name === res.info.name) at = await cursorFor(this.events(res.run, res.info.total), res.info.total, place);
    } catch (e) {
      finish();
      this.notices.engineError(e);
      return false;
    }
    finish();
    if (early?.shown && res.ok) {
      // already on screen: the whole run's summary replaces the one so far, the cursor stays
      this.grow(res.run, res.info, true);
      return this.store.getState().runs.a.id === res.run;
    }
    const done: Done = { text, origin, overrides, at, opts };
    const newer = this.store.getState().opening.filter((o) => o.seq > seq);
    if (seq !== this.seq) {
      // opened meanwhile: what was opened last is shown; this one is offered, never dropped unseen
      this.superseded(label, res, done, newer.map((o) => o.label));
      return false;
    }
    if (!res.ok) {
      this.showErrors(text, origin, res.errors, opts);
      return false;
    }
    this.show(res, done);
    return true;
  }

  /**
   * A run still being recorded: shown once it has reached the moment asked (the share link's
   * event, else just after its first finding), then its timeline and findings grow with it.
   */
  private showSoFar(seq: number, partial: { run: RunId; info: RunInfo }, early: Early): void {
    const { run, info } = partial;
    if (early.shown) {
      // the page redraws what depends on the run's summary: at most every GROW_MS while it grows
      const now = performance.now();
      if (now - early.grown < GROW_MS) return;
      early.grown = now;
      this.grow(run, info, false);
      return;
    }
    // another scenario was opened meanwhile: it replaces this one when done
    if (seq !== this.seq) return;
    const first = info.findings[0];
    const at = early.opts.at ?? (first ? first.event + 1 : null);
    if (at === null || at > info.total) return;
    early.shown = true;
    early.grown = performance.now();
    this.show({ ok: true, run, info }, { ...early, at });
    this.grow(run, info, false);
  }

  /** The run shown, recorded further: its summary so far (or, `done`, the whole run's) replaces the one shown. */
  private grow(run: RunId, info: RunInfo, done: boolean): void {
    const s = this.store.getState();
    const a = s.runs.a;
    if (a.id !== run || !a.info || a.info.total > info.total) return;
    const next: RunSlot = { ...a, info, recording: true };
    if (done) delete next.recording;
    this.store.setState({ runs: { ...s.runs, a: next } });
  }

  private patchOpening(seq: number, patch: Partial<Opening>): void {
    this.store.setState((s) => ({ opening: s.opening.map((o) => (o.seq === seq ? { ...o, ...patch } : o)) }));
  }

  /**
   * Stops the scenario the engine runs now where it is: what it recorded so far is shown as its
   * run (its errors say it was cancelled, and where). Those queued behind it then run.
   */
  cancel(): void {
    const now = this.store.getState().opening[0];
    if (!now || now.cancelling) return;
    this.patchOpening(now.seq, { cancelling: true });
    this.engine.cancel(now.seq).catch((e: unknown) => this.notices.engineError(e));
  }

  /** A run finished while another scenario was opened after it: a notice with its result and a button to show it. */
  private superseded(label: string, res: OpenResult, done: Done, newer: readonly string[]): void {
    const instead = newer.length > 0 ? `${newer[newer.length - 1]} was opened while it ran and replaces it` : 'another scenario was opened while it ran';
    if (!res.ok) {
      this.notices.notify({
        level: 'error',
        title: `Not run: ${label}`,
        lines: [`${instead}; it does not validate anyway:`, ...res.errors.map(formatError)],
        action: { label: 'Edit it', run: () => this.showErrors(done.text, done.origin, res.errors, done.opts) },
      });
      return;
    }
    const run = res.run;
    this.notices.notify({
      level: res.info.errors.length > 0 ? 'error' : 'info',
      title: `Finished: ${label}`,
      lines: [`${instead}.`, ...runSummary(res.info)],
      action: { label: 'Show it', run: () => this.show(res, done) },
      // not shown: the engine frees its machine
      onDismiss: () => void this.engine.close(run).catch(() => {}),
    });
  }

  /** The validator's errors under the editor, with the text they are about. */
  private showErrors(text: string, origin: ScenarioOrigin, errors: InputError[], opts: OpenOptions): void {
    const s = this.store.getState();
    if (opts.keepEditor) return;
    this.store.setState({ ...draftOnOpen(s, text, origin), inputErrors: errors, layout: { ...s.layout, left: 'editor' } });
  }

  /** Shows a finished run in place of the one shown, which the engine then frees. */
  private show(res: Extract<OpenResult, { ok: true }>, { text, origin, overrides, at, opts }: Done): void {
    this.player.stop();
    const s = this.store.getState();
    const prev = s.runs.a;
    if (prev.id === res.run) return;
    const info = res.info;
    const same = opts.keepPlace === true && prev.info !== null && prev.info.name === info.name;
    let cursor: number;
    if (same && prev.info && prev.cursor >= prev.info.total) cursor = info.total;
    else if (at !== null) cursor = at;
    else if (same) cursor = prev.cursor;
    else cursor = defaultCursor(info);
    cursor = Math.max(0, Math.min(info.total, cursor));
    const next = openedSlot(prev, { result: res, text, origin, overrides: normalizeOverrides(info.options, fileConfig(text), overrides), cursor, sameScenario: same, shared: opts.shared ?? NOTHING_SHARED });
    const editor = opts.keepEditor ? {} : { ...draftOnOpen(s, text, origin), inputErrors: [] };
    this.store.setState({ ...editor, runs: { ...s.runs, a: next }, layout: same ? s.layout : layoutFor(info, s.layout) });
    // the replaced run's machine is freed; one the worker dropped already needs nothing
    if (prev.id !== null) this.engine.close(prev.id).catch(() => {});
    if (opts.at !== undefined && opts.at !== null && opts.at > info.total) {
      this.notices.notify({ level: 'info', title: 'Share link', lines: [`the link asks for event ${opts.at}, but this run has ${info.total} events; showing its end`] });
    }
    if (!opts.keepEditor) this.opened(next);
  }

  /**
   * An imported log (the import worker's result) shown as the run: its dmesg, findings and trace
   * events on the timeline and in the function graph view. The editor keeps its text.
   */
  async openLog(log: ImportedInput): Promise<boolean> {
    let res: OpenResult;
    try {
      res = await this.engine.openLog(log);
    } catch (e) {
      this.notices.engineError(e);
      return false;
    }
    if (!res.ok) return false;
    this.player.stop();
    const s = this.store.getState();
    const prev = s.runs.a;
    const origin: ScenarioOrigin = { kind: 'import', name: log.file };
    // a log is read to its end: the whole of it is shown, its findings marked on the way
    const slot = openedSlot(prev, { result: res, text: '', origin, overrides: {}, cursor: res.info.total, sameScenario: false, shared: NOTHING_SHARED });
    // no scenario text: nothing to re-run, edit or share; a trace opens its CPU and task lanes
    const traced = (res.info.imported?.traceEvents ?? 0) > 0;
    const next: RunSlot = { ...slot, text: null, panels: traced ? applyPatch(slot.panels, { timeline: { lanesOpen: true } }) : slot.panels };
    this.store.setState({ runs: { ...s.runs, a: next }, layout: layoutFor(res.info, s.layout) });
    if (prev.id !== null) this.engine.close(prev.id).catch(() => {});
    this.opened(next);
    return true;
  }

  openBundled(name: string, opts: OpenOptions = {}): Promise<boolean> {
    const b = this.bundled.find((x) => x.name === name);
    if (!b) {
      this.notices.notify({ level: 'error', title: 'Scenario', lines: [`there is no bundled scenario named "${name}"`] });
      return Promise.resolve(false);
    }
    return this.open(b.text, { kind: 'bundled', name }, opts);
  }

  openFile(name: string, text: string): Promise<boolean> {
    return this.open(text, { kind: 'file', name });
  }

  /** Runs the editor's text (the user's, kept whatever the result). */
  runDraft(): Promise<boolean> {
    return this.open(this.store.getState().draft, { kind: 'editor' }, { keepPlace: true });
  }

  /** Runs the scenario shown again with other overrides, keeping the place. */
  async rerun(overrides: RunOverrides): Promise<boolean> {
    const r = this.store.getState().runs.a;
    if (r.text === null) return false;
    const ok = await this.open(r.text, r.origin ?? { kind: 'editor' }, { overrides, keepPlace: true });
    const errors = this.store.getState().inputErrors;
    if (!ok && errors.length > 0) this.notices.notify({ level: 'error', title: 'Options', lines: errors.map(formatError) });
    else this.notices.dismiss('Options');
    return ok;
  }

  private events(run: RunId, total: number) {
    return (from: number, to: number) => this.engine.view(run, 'events', { from, to }, total);
  }

  /** The cursor's place relative to its step in the run shown, to find it again after a re-run. */
  private async placeNow(r: RunSlot): Promise<StepPlace | null> {
    const e = r.moment?.event;
    if (!r.info || r.id === null || !e || r.moment?.cursor !== r.cursor) return null;
    return placeOf(this.events(r.id, r.info.total), r.info.total, r.cursor, e.step);
  }
}
