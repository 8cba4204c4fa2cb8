// A what-if comparison: the scenario of run `a` run again as `b` with other overrides, compared in
// the worker, and shown beside it with one cursor. `b` follows `a`'s cursor (compare/link.ts); at
// each moment both runs' bytes at the hex view's target are asked, and `b`'s moment.
import { ask, type HexAnswer, type ImportedInput, type MapTile, type Moment, type OpenResult, type RunId, type RunOverrides } from '../../worker/protocol.ts';
import { overridesLabel } from '../compare/hint.ts';
import { linkCursor } from '../compare/link.ts';
import type { Engine } from '../engine.ts';
import { formatError } from '../errors.ts';
import { LatestWins } from '../latestWins.ts';
import { fileConfig, normalizeOverrides } from '../overrides.ts';
import { emptySlot, type AppState, type AppStore, type CompareState, type ScenarioOrigin } from '../store.ts';
import type { Notices } from './notices.ts';

interface Ask {
  a: RunId;
  atA: number;
  b: RunId;
  atB: number;
  target: string;
  len: number;
}

interface Answer {
  moment: Moment;
  hexA: HexAnswer | null;
  hexB: HexAnswer | null;
  mapA: MapTile | null;
  mapB: MapTile | null;
}

/** Every frame of the machine: a tile is clipped to it. */
const ALL_FRAMES = { startPfn: 0, count: 1 << 22 };

const TITLE = 'Compare';

export class CompareControl {
  /** Numbers the comparisons started; an answer for an older one is dropped. */
  private seq = 0;
  /** The runs the comparison shown was computed for. */
  private diffed: { a: RunId; b: RunId } | null = null;
  private key = '';
  private readonly fetch: LatestWins<Ask, Answer>;

  constructor(
    private readonly store: AppStore,
    private readonly engine: Engine,
    private readonly notices: Notices,
    /** Told when a second run is shown or the comparison ends (the address bar names both runs). */
    private readonly changed: () => void = () => {},
  ) {
    this.fetch = new LatestWins<Ask, Answer>(
      (q) => this.ask(q),
      (q, r) => this.arrived(q, r),
      (q, e) => {
        if (this.store.getState().runs.b?.id === q.b) this.notices.engineError(e);
      },
    );
    store.subscribe((s) => this.sync(s));
  }

  /** Runs the scenario shown again with `overrides` beside it. */
  async start(overrides: RunOverrides): Promise<boolean> {
    const s = this.store.getState();
    const a = s.runs.a;
    if (a.text === null || a.id === null || !a.info) return false;
    const seq = ++this.seq;
    this.closeB(s);
    this.diffed = null;
    const compare: CompareState = { overrides, label: overridesLabel(overrides), status: 'opening', diff: null, hexA: null, hexB: null, mapA: null, mapB: null };
    this.store.setState({ compare, runs: { ...s.runs, b: null } });
    let res;
    try {
      res = await this.engine.open(a.text, overrides);
    } catch (e) {
      if (seq === this.seq) this.store.setState({ compare: null });
      this.notices.engineError(e);
      return false;
    }
    const now = this.store.getState();
    if (seq !== this.seq || now.compare === null || now.runs.a.text !== a.text) {
      if (res.ok) void this.engine.close(res.run).catch(() => {});
      return false;
    }
    if (!res.ok) {
      this.store.setState({ compare: null });
      this.notices.notify({ level: 'error', title: TITLE, lines: [`the second run (${compare.label}) does not run:`, ...res.errors.map(formatError)] });
      return false;
    }
    this.notices.dismiss(TITLE);
    const b = { ...emptySlot(), id: res.run, info: res.info, text: a.text, origin: a.origin, overrides: normalizeOverrides(res.info.options, fileConfig(a.text), overrides) };
    this.store.setState({ runs: { ...now.runs, b } });
    this.changed();
    return this.diff(seq);
  }

  /**
   * Compares the run shown with another run, not its own scenario again: an imported log beside a
   * simulated run or another imported log, or a scenario beside an imported log. `open` opens run
   * `b`; `label` names it. What both runs have is compared: dmesg, findings, function profiles.
   */
  async startWith(label: string, open: () => Promise<OpenResult>, b: { text: string | null; origin: ScenarioOrigin }): Promise<boolean> {
    const s = this.store.getState();
    const a = s.runs.a;
    if (a.id === null || !a.info) return false;
    const seq = ++this.seq;
    this.closeB(s);
    this.diffed = null;
    const compare: CompareState = { overrides: {}, label, other: label, status: 'opening', diff: null, hexA: null, hexB: null, mapA: null, mapB: null };
    this.store.setState({ compare, runs: { ...s.runs, b: null } });
    let res: OpenResult;
    try {
      res = await open();
    } catch (e) {
      if (seq === this.seq) this.store.setState({ compare: null });
      this.notices.engineError(e);
      return false;
    }
    const now = this.store.getState();
    if (seq !== this.seq || now.compare === null || now.runs.a.id !== a.id) {
      if (res.ok) void this.engine.close(res.run).catch(() => {});
      return false;
    }
    if (!res.ok) {
      this.store.setState({ compare: null });
      this.notices.notify({ level: 'error', title: TITLE, lines: [`${label} does not run:`, ...res.errors.map(formatError)] });
      return false;
    }
    this.notices.dismiss(TITLE);
    this.store.setState({ runs: { ...now.runs, b: { ...emptySlot(), id: res.run, info: res.info, text: b.text, origin: b.origin } } });
    this.changed();
    return this.diff(seq);
  }

  /** An imported log beside the run shown (a simulated run or another imported log). */
  compareLog(log: ImportedInput): Promise<boolean> {
    return this.startWith(log.file, () => this.engine.openLog(log), { text: null, origin: { kind: 'import', name: log.file } });
  }

  /** A bundled scenario beside the imported log shown. */
  compareScenario(name: string, text: string): Promise<boolean> {
    return this.startWith(name, () => this.engine.open(text), { text, origin: { kind: 'bundled', name } });
  }

  /** Back to one run: the second one is freed. */
  end(): void {
    this.seq++;
    this.diffed = null;
    this.key = '';
    const s = this.store.getState();
    this.closeB(s);
    const was = s.compare !== null;
    this.store.setState({ compare: null, runs: { ...s.runs, b: null } });
    if (was) this.changed();
  }

  /** Resolves when no moment is being asked (tests). */
  settled(): Promise<void> {
    return this.fetch.idle();
  }

  private closeB(s: AppState): void {
    const id = s.runs.b?.id;
    if (id !== undefined && id !== null) void this.engine.close(id).catch(() => {});
  }

  /** Asks the worker to compare the two runs shown. */
  private async diff(seq: number): Promise<boolean> {
    const s = this.store.getState();
    const a = s.runs.a.id;
    const b = s.runs.b?.id ?? null;
    if (a === null || b === null) return false;
    this.diffed = { a, b };
    try {
      const diff = await this.engine.compare(a, b);
      const now = this.store.getState();
      if (seq !== this.seq || !now.compare || now.runs.a.id !== a || now.runs.b?.id !== b) return false;
      this.store.setState({ compare: { ...now.compare, status: 'ready', diff } });
      return true;
    } catch (e) {
      if (seq === this.seq) this.notices.engineError(e);
      return false;
    }
  }

  private sync(s: AppState): void {
    const cmp = s.compare;
    const a = s.runs.a;
    const b = s.runs.b;
    if (!cmp || !b || b.id === null || a.id === null) return;
    if (this.diffed && this.diffed.a !== a.id) {
      // run a was replaced: the same scenario with other options is compared again, another one ends it
      if (cmp.other === undefined && a.text !== null && a.text === b.text) {
        const seq = ++this.seq;
        this.diffed = null;
        this.store.setState({ compare: { ...cmp, status: 'opening', diff: null } });
        this.changed();
        void this.diff(seq);
      } else {
        this.end();
        this.notices.notify({ level: 'info', title: TITLE, lines: ['the comparison ended: another scenario was opened'] });
      }
      return;
    }
    if (cmp.status !== 'ready' || !cmp.diff) return;
    const atB = linkCursor(cmp.diff, a.cursor);
    if (b.cursor !== atB) {
      this.store.setState({ runs: { ...s.runs, b: { ...b, cursor: atB } } });
      return;
    }
    const hex = a.panels.hex;
    const q: Ask = { a: a.id, atA: a.cursor, b: b.id, atB, target: hex.target, len: hex.len };
    const key = JSON.stringify(q);
    if (key === this.key) return;
    this.key = key;
    this.fetch.request(q);
  }

  private async ask(q: Ask): Promise<Answer> {
    const s = this.store.getState();
    if (s.runs.a.info?.imported !== undefined || s.runs.b?.info?.imported !== undefined) {
      // an imported log has no machine: no bytes, no frames to compare
      return { moment: await this.engine.view(q.b, 'moment', {}, q.atB), hexA: null, hexB: null, mapA: null, mapB: null };
    }
    if (q.target === '') {
      const [moment, mapB] = await this.engine.views(q.b, q.atB, [ask('moment', {}), ask('memoryMap', ALL_FRAMES)]);
      return { moment, hexA: null, hexB: null, mapA: await this.engine.view(q.a, 'memoryMap', ALL_FRAMES, q.atA), mapB };
    }
    const hex = { target: q.target, len: q.len };
    const [moment, hexB, mapB] = await this.engine.views(q.b, q.atB, [ask('moment', {}), ask('hexView', hex), ask('memoryMap', ALL_FRAMES)]);
    const [hexA, mapA] = await this.engine.views(q.a, q.atA, [ask('hexView', hex), ask('memoryMap', ALL_FRAMES)]);
    return { moment, hexA, hexB, mapA, mapB };
  }

  private arrived(q: Ask, r: Answer): void {
    const s = this.store.getState();
    const b = s.runs.b;
    if (!s.compare || !b || b.id !== q.b || s.runs.a.id !== q.a) return;
    this.store.setState({ runs: { ...s.runs, b: { ...b, moment: r.moment } }, compare: { ...s.compare, hexA: r.hexA, hexB: r.hexB, mapA: r.mapA, mapB: r.mapB } });
  }
}
