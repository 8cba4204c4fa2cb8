// Opening runs: a scenario text (bundled, a file, the editor, a link) or the same one again with
// other options, keeping the place. The previous run is closed in the worker once replaced.
import type { OpenResult, RunId, RunInfo, RunOverrides } from '../../worker/protocol.ts';
import type { BundledScenario } from '../bundledList.ts';
import type { Engine } from '../engine.ts';
import { formatError } from '../errors.ts';
import { fileConfig, normalizeOverrides } from '../overrides.ts';
import { layoutFor } from '../panels/placement.ts';
import { cursorFor, placeOf, type StepPlace } from '../stepPlace.ts';
import type { AppStore, RunSlot, ScenarioOrigin } from '../store.ts';
import { draftOnOpen } from './drafts.ts';
import type { Notices } from './notices.ts';
import type { Player } from './player.ts';
import { openedSlot } from './runSlot.ts';

export interface OpenOptions {
  at?: number | null;
  overrides?: RunOverrides;
  /** The same scenario again: keep the cursor (the end stays the end) and what the panels keep per scenario. */
  keepPlace?: boolean;
  /** Panel fields a share link carries. */
  shared?: ReadonlyMap<string, string>;
}

const NOTHING_SHARED: ReadonlyMap<string, string> = new Map();

/** Where a freshly opened scenario lands: just after its first finding, else its end. */
export function defaultCursor(info: RunInfo): number {
  const first = info.findings[0];
  return first ? Math.min(info.total, first.event + 1) : info.total;
}

export class Loader {
  constructor(
    private readonly store: AppStore,
    private readonly engine: Engine,
    private readonly bundled: readonly BundledScenario[],
    private readonly notices: Notices,
    private readonly player: Player,
    /** Told of every scenario opened (the address bar names it). */
    private readonly opened: (origin: ScenarioOrigin) => void,
  ) {}

  /** Runs a scenario text; on input errors keeps the previous run and lists them. */
  async open(text: string, origin: ScenarioOrigin, opts: OpenOptions = {}): Promise<boolean> {
    const before = this.store.getState();
    const overrides = opts.overrides ?? (opts.keepPlace ? before.runs.a.overrides : {});
    this.store.setState({ loading: true, ...draftOnOpen(before, text, origin) });
    let res: OpenResult;
    let at = opts.at ?? null;
    try {
      const place = opts.keepPlace && at === null ? await this.placeNow(before.runs.a) : null;
      res = await this.engine.open(text, overrides);
      if (res.ok && place && before.runs.a.info?.name === res.info.name) at = await cursorFor(this.events(res.run, res.info.total), res.info.total, place);
    } catch (e) {
      this.store.setState({ loading: false });
      this.notices.engineError(e);
      return false;
    }
    if (!res.ok) {
      const s = this.store.getState();
      this.store.setState({ loading: false, inputErrors: res.errors, layout: { ...s.layout, left: 'editor' } });
      return false;
    }
    this.player.stop();
    const s = this.store.getState();
    const prev = s.runs.a;
    const info = res.info;
    const same = opts.keepPlace === true && prev.info !== null && prev.info.name === info.name;
    let cursor: number;
    if (same && prev.info && prev.cursor >= prev.info.total) cursor = info.total;
    else if (at !== null) cursor = at;
    else if (same) cursor = prev.cursor;
    else cursor = defaultCursor(info);
    cursor = Math.max(0, Math.min(info.total, cursor));
    const next = openedSlot(prev, { result: res, text, origin, overrides: normalizeOverrides(info.options, fileConfig(text), overrides), cursor, sameScenario: same, shared: opts.shared ?? NOTHING_SHARED });
    this.store.setState({ loading: false, inputErrors: [], runs: { ...s.runs, a: next }, layout: same ? s.layout : layoutFor(info, s.layout) });
    // the replaced run's machine is freed; one the worker dropped already needs nothing
    if (prev.id !== null) this.engine.close(prev.id).catch(() => {});
    if (opts.at !== undefined && opts.at !== null && opts.at > info.total) {
      this.notices.notify({ level: 'info', title: 'Share link', lines: [`the link asks for event ${opts.at}, but this run has ${info.total} events; showing its end`] });
    }
    this.opened(origin);
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
