// Drives the worker for the UI: loads, seeks (coalesced), view queries, play,
// overrides and share links. Components call these methods and read the store.
import { encodeShare } from '../share/url.ts';
import type { Finding, FrameWrite, HexView, LockGraphView, MemoryMapTile, Moment, PhaseRange, RunOverrides, ScenarioInfo, TimelineBucket } from '../worker/api.ts';
import type { BundledScenario } from './bundledList.ts';
import { defaultScenario } from './bundledList.ts';
import { formatError } from './errors.ts';
import type { Engine } from './engine.ts';
import { LatestWins } from './latestWins.ts';
import { fileConfig, normalizeOverrides } from './overrides.ts';
import { findingFocus, type HexFocus } from './findingTarget.ts';
import { planFromUrl } from './startPlan.ts';
import { cursorFor, placeOf, type StepPlace } from './stepPlace.ts';
import type { AppState, AppStore, CenterTab, LeftTab, LocksAt, MapRange, Notice, ScenarioOrigin } from './store.ts';
import { byteFocus } from './map/frames.ts';
import { clampWindow, isWholeRun, type TimelineWindow } from './timelineModel.ts';

/** The browser around the app, replaceable in tests. */
export interface Host {
  /** Base of share links: origin and path, without query or fragment. */
  shareBase(): string;
  /** Shows a URL in the address bar without reloading or firing hashchange. */
  replaceUrl(url: string): void;
  /** Copies to the clipboard; false when the browser refuses. */
  copy(text: string): Promise<boolean>;
}

interface ViewRequest {
  generation: number;
  cursor: number;
  hexTarget: string;
  hexLen: number;
  /** The Locks view is shown: ask for the lock graph and the tasks too. */
  locks: boolean;
  /** The memory map is shown: ask for the frames it has on screen. */
  map: MapRange | null;
}

interface ViewAnswer {
  moment: Moment;
  hex: HexView | null;
  locks: LocksAt | null;
  map: MemoryMapTile | null;
}

interface TimelineRequest {
  generation: number;
  buckets: number;
  window: TimelineWindow | null;
}

export interface OpenOptions {
  at?: number | null;
  overrides?: RunOverrides;
  /** Re-run of the same scenario: keep cursor (end stays end) and hex target. */
  keepPlace?: boolean;
}

/** Play moves through a run in about this many ticks, however long it is. */
const PLAY_TICKS = 250;
const PLAY_TICK_MS = 80;

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Findings about frames rather than objects: a run with them opens on the memory map. */
const MAP_FINDINGS: ReadonlySet<string> = new Set(['mm.stray_write', 'mm.user_corruption']);

export function mapIsDefault(info: ScenarioInfo): boolean {
  return info.findings.some((f) => MAP_FINDINGS.has(f.kind));
}

/** The memory map is offered for runs about physical memory: mm findings, or a suspend/resume cycle. */
export function mapOffered(info: ScenarioInfo, phases: readonly PhaseRange[]): boolean {
  return phases.length > 0 || info.findings.some((f) => f.kind.startsWith('mm.'));
}

/** Which view a freshly opened run shows beside dmesg: the memory map for stray writes, the lock graph when it has lock classes and no finding names memory. */
export function defaultCenterTab(info: ScenarioInfo, skeleton: LockGraphView, hexLen: number): CenterTab {
  if (mapIsDefault(info)) return 'map';
  if (skeleton.classes.length === 0) return 'memory';
  return info.findings.some((f) => findingFocus(f, hexLen) !== null) ? 'memory' : 'locks';
}

/** Where a freshly opened scenario lands: just after its first finding, else its end. */
export function defaultCursor(info: ScenarioInfo): number {
  const first = info.findings[0];
  return first ? Math.min(info.total, first.event + 1) : info.total;
}

/** What to show in the hex view when the user has not chosen: the latest finding's object, else a pointer. */
export function autoHexFocus(info: ScenarioInfo, m: Moment, len: number): HexFocus | null {
  for (let i = info.findings.length - 1; i >= 0; i--) {
    const f = info.findings[i]!;
    const focus = f.event < m.cursor ? findingFocus(f, len) : null;
    if (focus) return focus;
  }
  const p = m.pointers[0];
  return p ? { target: p.name, pin: null, len } : null;
}

export class Controller {
  private readonly view: LatestWins<ViewRequest, ViewAnswer>;
  private readonly tl: LatestWins<TimelineRequest, TimelineBucket[]>;
  private timer: ReturnType<typeof setInterval> | null = null;
  private buckets = 200;
  /** Set by a new scenario: pick a hex target once its first moment arrives. */
  private autoTarget = false;

  constructor(
    readonly store: AppStore,
    private readonly engine: Engine,
    readonly bundled: readonly BundledScenario[],
    private readonly host: Host,
  ) {
    this.view = new LatestWins<ViewRequest, ViewAnswer>(
      async (r) => {
        const moment = await this.engine.seek(r.cursor);
        const hex = r.hexTarget.trim() === '' ? null : await this.engine.hexView(r.hexTarget, r.hexLen);
        const locks = r.locks ? { cursor: moment.cursor, graph: await this.engine.lockGraph(), tasks: await this.engine.heldLocks() } : null;
        const map = r.map ? await this.engine.memoryMap(r.map.start, r.map.count) : null;
        return { moment, hex, locks, map };
      },
      (r, a) => this.viewArrived(r, a),
      (_r, e) => this.notify({ level: 'error', title: 'Engine error', lines: [errorText(e)] }),
    );
    // zooming asks for a new window at every wheel tick: only the latest is fetched
    this.tl = new LatestWins<TimelineRequest, TimelineBucket[]>(
      (r) => (r.window ? this.engine.timeline(r.buckets, r.window.from, r.window.to) : this.engine.timeline(r.buckets)),
      (r, t) => {
        if (r.generation === this.s.generation) this.set({ timeline: t });
      },
      (_r, e) => this.notify({ level: 'error', title: 'Engine error', lines: [errorText(e)] }),
    );
  }

  private get s(): AppState {
    return this.store.getState();
  }

  private set(p: Partial<AppState>): void {
    this.store.setState(p);
  }

  notify(n: Notice): void {
    const rest = this.s.notices.filter((x) => x.title !== n.title);
    this.set({ notices: [...rest, n] });
  }

  dismiss(title: string): void {
    this.set({ notices: this.s.notices.filter((n) => n.title !== title) });
  }

  /** Resolves when no view query is running or queued (tests, e2e hooks). */
  async settled(): Promise<void> {
    await this.view.idle();
    await this.tl.idle();
  }

  // ---- loading ----------------------------------------------------------

  /** Runs a scenario text; on input errors keeps the previous run and lists them. */
  async open(text: string, origin: ScenarioOrigin, opts: OpenOptions = {}): Promise<boolean> {
    const prev = this.s;
    const overrides = opts.overrides ?? (opts.keepPlace ? prev.overrides : {});
    const patch: Partial<AppState> = { loading: true };
    if (origin.kind !== 'editor') {
      // a new scenario takes the editor; unsaved edits are set aside, not lost
      const dirty = prev.draft.trim() !== '' && prev.draft !== prev.loadedText && prev.draft !== text;
      patch.draft = text;
      if (dirty) patch.stashedDraft = prev.draft;
    }
    this.set(patch);
    let res;
    let phases: PhaseRange[] = [];
    try {
      const place = opts.keepPlace && (opts.at === undefined || opts.at === null) ? await this.placeNow() : null;
      res = await this.engine.load(text, overrides);
      if (res.ok) phases = await this.engine.suspendPhases();
      if (res.ok && place && prev.info?.name === res.info.name) opts = { ...opts, at: await cursorFor((a, b) => this.engine.events(a, b), res.info.total, place) };
    } catch (e) {
      this.set({ loading: false });
      this.notify({ level: 'error', title: 'Engine error', lines: [errorText(e)] });
      return false;
    }
    if (!res.ok) {
      this.set({ loading: false, inputErrors: res.errors, leftTab: 'editor' });
      return false;
    }
    this.stopPlay();
    const info = res.info;
    const keep = opts.keepPlace === true && prev.info !== null && prev.info.name === info.name;
    let cursor: number;
    if (keep && prev.info && prev.cursor >= prev.info.total) cursor = info.total;
    else if (opts.at !== undefined && opts.at !== null) cursor = opts.at;
    else if (keep) cursor = prev.cursor;
    else cursor = defaultCursor(info);
    cursor = Math.max(0, Math.min(info.total, cursor));
    this.autoTarget = !keep;
    this.set({
      loading: false,
      generation: prev.generation + 1,
      info,
      loadedText: text,
      origin,
      overrides: normalizeOverrides(fileConfig(text), overrides),
      inputErrors: [],
      cursor,
      moment: null,
      hex: null,
      hexHover: null,
      hexPinned: null,
      hexTarget: keep ? prev.hexTarget : '',
      shareUrl: null,
      shareHash: null,
      timeline: [],
      timelineWindow: null,
      phases,
      map: keep ? prev.map : null,
      mapCursor: null,
      mapFrame: keep ? prev.mapFrame : null,
      frameWrites: null,
      findingKind: keep ? prev.findingKind : null,
      ...(!keep && mapIsDefault(info) ? { centerTab: 'map' as const } : {}),
      // a re-run keeps the old graph on screen until its own arrives
      locks: keep ? prev.locks : null,
      lockSkeleton: keep ? prev.lockSkeleton : null,
    });
    if (opts.at !== undefined && opts.at !== null && opts.at > info.total) {
      this.notify({ level: 'info', title: 'Share link', lines: [`the link asks for event ${opts.at}, but this run has ${info.total} events; showing its end`] });
    }
    // the address bar names what is shown; a stale share fragment would reopen something else
    if (origin.kind === 'bundled') this.host.replaceUrl(`${this.host.shareBase()}?scenario=${encodeURIComponent(origin.name)}`);
    else if (origin.kind !== 'link') this.host.replaceUrl(this.host.shareBase());
    void this.fetchTimeline();
    void this.fetchLockSkeleton(!keep);
    if (keep && prev.mapFrame !== null) void this.fetchFrameWrites(prev.mapFrame);
    this.requestView();
    return true;
  }

  /** The run's final lock graph, laid out once; a fresh run also picks the view it opens on. */
  private async fetchLockSkeleton(pickView: boolean): Promise<void> {
    const gen = this.s.generation;
    const info = this.s.info;
    if (!info) return;
    try {
      const g = await this.engine.lockGraph(info.total);
      if (gen !== this.s.generation) return;
      const before = this.s.centerTab;
      const patch: Partial<AppState> = { lockSkeleton: g };
      if (pickView) patch.centerTab = defaultCenterTab(info, g, this.s.hexLen);
      this.set(patch);
      if (this.s.centerTab === 'locks' && before !== 'locks') this.requestView();
    } catch (e) {
      this.notify({ level: 'error', title: 'Engine error', lines: [errorText(e)] });
    }
  }

  /** The cursor's place relative to its step in the loaded run, to find it again after a re-run. */
  private async placeNow(): Promise<StepPlace | null> {
    const s = this.s;
    const e = s.moment?.event;
    if (!s.info || !e || s.moment?.cursor !== s.cursor) return null;
    return placeOf((a, b) => this.engine.events(a, b), s.info.total, s.cursor, e.step);
  }

  openBundled(name: string, opts: OpenOptions = {}): Promise<boolean> {
    const b = this.bundled.find((x) => x.name === name);
    if (!b) {
      this.notify({ level: 'error', title: 'Scenario', lines: [`there is no bundled scenario named "${name}"`] });
      return Promise.resolve(false);
    }
    return this.open(b.text, { kind: 'bundled', name }, opts);
  }

  openFile(name: string, text: string): Promise<boolean> {
    return this.open(text, { kind: 'file', name });
  }

  /** Runs the editor's text (the user's, kept whatever the result). */
  runDraft(): Promise<boolean> {
    return this.open(this.s.draft, { kind: 'editor' }, { keepPlace: true });
  }

  setDraft(text: string): void {
    this.set({ draft: text });
  }

  restoreDraft(): void {
    const d = this.s.stashedDraft;
    if (d !== null) this.set({ draft: d, stashedDraft: null });
  }

  /** Follows the page URL: share link, `?scenario=`, or the default scenario on first load. */
  async openFromUrl(search: string, hash: string, initial: boolean): Promise<void> {
    const { plan, error } = planFromUrl(search, hash, this.bundled.map((b) => b.name));
    if (error !== null) this.notify({ level: 'error', title: 'Share link', lines: [`${error}.`, initial ? 'Opened the default scenario instead.' : 'Kept the scenario that was open.'] });
    else this.dismiss('Share link');
    if (plan.kind === 'text') {
      const ok = await this.open(plan.text, { kind: 'link' }, { at: plan.at, overrides: plan.overrides });
      if (!ok && this.s.inputErrors.length > 0) this.notify({ level: 'error', title: 'Share link', lines: ['the scenario in the link does not validate; its errors are listed under the editor'] });
      if (ok || !initial) return;
    } else if (plan.kind === 'bundled') {
      await this.openBundled(plan.name, { at: plan.at, overrides: plan.overrides });
      return;
    } else if (!initial) return;
    const d = defaultScenario(this.bundled);
    if (d) await this.openBundled(d.name);
  }

  // ---- the cursor ---------------------------------------------------------

  private requestView(): void {
    const s = this.s;
    if (!s.info) return;
    this.view.request({ generation: s.generation, cursor: s.cursor, hexTarget: s.hexTarget, hexLen: s.hexLen, locks: s.centerTab === 'locks', map: s.centerTab === 'map' ? s.mapRange : null });
  }

  private viewArrived(r: ViewRequest, a: ViewAnswer): void {
    const s = this.s;
    if (r.generation !== s.generation || !s.info) return;
    if (this.autoTarget && s.hexTarget === '') {
      this.autoTarget = false;
      const focus = autoHexFocus(s.info, a.moment, s.hexLen);
      if (focus) {
        this.set({ moment: a.moment, hexTarget: focus.target, hexLen: focus.len, hexPinned: focus.pin, ...(a.locks ? { locks: a.locks } : {}), ...(a.map ? { map: a.map, mapCursor: a.moment.cursor } : {}) });
        this.requestView();
        return;
      }
    }
    this.autoTarget = false;
    const hexStale = r.hexTarget !== s.hexTarget || r.hexLen !== s.hexLen;
    const patch: Partial<AppState> = hexStale ? { moment: a.moment } : { moment: a.moment, hex: a.hex };
    if (a.locks) patch.locks = a.locks;
    if (a.map) Object.assign(patch, { map: a.map, mapCursor: a.moment.cursor });
    this.set(patch);
  }

  seek(n: number): void {
    const s = this.s;
    if (!s.info) return;
    const cursor = Math.max(0, Math.min(s.info.total, Math.round(n)));
    if (cursor === s.cursor && s.moment?.cursor === cursor) return;
    this.set({ cursor });
    this.requestView();
  }

  step(delta: number): void {
    this.seek(this.s.cursor + delta);
  }

  toStart(): void {
    this.seek(0);
  }

  toEnd(): void {
    const t = this.s.info?.total;
    if (t !== undefined) this.seek(t);
  }

  /** Seeks to just after a finding's event and shows its address. */
  openFinding(f: Finding): void {
    const s = this.s;
    if (!s.info) return;
    const focus = findingFocus(f, s.hexLen);
    const patch: Partial<AppState> = { cursor: Math.max(0, Math.min(s.info.total, f.event + 1)) };
    if (focus) Object.assign(patch, { hexTarget: focus.target, hexLen: focus.len, hexPinned: focus.pin, hexHover: null });
    this.autoTarget = false;
    this.set(patch);
    this.requestView();
  }

  /** Seeks to the state right after event `e` (e.g. the write that produced a byte). */
  seekAfterEvent(e: number): void {
    this.seek(e + 1);
  }

  // ---- play ---------------------------------------------------------------

  togglePlay(): void {
    if (this.s.playing) this.stopPlay();
    else this.startPlay();
  }

  private startPlay(): void {
    const info = this.s.info;
    if (!info || info.total === 0) return;
    if (this.s.cursor >= info.total) this.seek(0);
    const stride = Math.max(1, Math.round(info.total / PLAY_TICKS));
    this.set({ playing: true });
    this.timer = setInterval(() => {
      const s = this.s;
      if (!s.info || s.cursor >= s.info.total) {
        this.stopPlay();
        return;
      }
      this.seek(Math.min(s.info.total, s.cursor + stride));
    }, PLAY_TICK_MS);
  }

  stopPlay(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    if (this.s.playing) this.set({ playing: false });
  }

  // ---- views --------------------------------------------------------------

  setHexTarget(target: string, len?: number): void {
    const hexLen = len === undefined ? this.s.hexLen : Math.max(16, Math.min(4096, Math.floor(len)));
    this.autoTarget = false;
    this.set({ hexTarget: target.trim(), hexLen, hexPinned: null, hexHover: null });
    if (target.trim() === '') this.set({ hex: null });
    this.requestView();
  }

  hoverByte(i: number | null): void {
    if (this.s.hexHover !== i) this.set({ hexHover: i });
  }

  pinByte(i: number | null): void {
    this.set({ hexPinned: this.s.hexPinned === i ? null : i });
  }

  /** Asks for the timeline's buckets (of the zoom window, if any); `buckets` follows the width. */
  fetchTimeline(buckets?: number): Promise<void> {
    if (buckets !== undefined) this.buckets = Math.max(1, Math.floor(buckets));
    const s = this.s;
    if (!s.info) return Promise.resolve();
    this.tl.request({ generation: s.generation, buckets: this.buckets, window: s.timelineWindow });
    return this.tl.idle();
  }

  /** Zooms the timeline to events [from, to); null (or the whole run) shows all of it. */
  setTimelineWindow(w: TimelineWindow | null): void {
    const total = this.s.info?.total;
    if (total === undefined) return;
    const next = w === null ? null : clampWindow(w, total);
    const win = next === null || isWholeRun(next, total) ? null : next;
    const cur = this.s.timelineWindow;
    if (win === cur || (win && cur && win.from === cur.from && win.to === cur.to)) return;
    this.set({ timelineWindow: win });
    void this.fetchTimeline();
  }

  dmesg(from: number, to: number) {
    return this.engine.dmesg(from, to);
  }

  // ---- options and sharing ------------------------------------------------

  setDropHint(on: boolean): void {
    if (this.s.dropHint !== on) this.set({ dropHint: on });
  }

  showTab(tab: LeftTab): void {
    this.set({ leftTab: tab });
  }

  /** Memory, Memory map or Locks beside dmesg; the map and the Locks view ask the worker for their view at once. */
  showView(tab: CenterTab): void {
    if (this.s.centerTab === tab) return;
    this.set({ centerTab: tab });
    if (tab === 'locks' || tab === 'map') this.requestView();
  }

  // ---- the memory map -----------------------------------------------------

  /** The frames the map has on screen (it asks for those only). */
  setMapRange(start: number, count: number): void {
    const r = this.s.mapRange;
    if (r && r.start === start && r.count === count) return;
    this.set({ mapRange: { start, count } });
    if (this.s.centerTab === 'map') this.requestView();
  }

  /** Picks a frame on the map and lists every write of the run into it; null closes the list. */
  selectFrame(pfn: number | null): void {
    if (pfn === this.s.mapFrame) return;
    this.set({ mapFrame: pfn, frameWrites: null });
    if (pfn !== null) void this.fetchFrameWrites(pfn);
  }

  private async fetchFrameWrites(pfn: number): Promise<void> {
    const gen = this.s.generation;
    const info = this.s.info;
    if (!info) return;
    try {
      // the frame's whole story: writes after the cursor are listed dimmed, so scrubbing keeps the list
      const writes = await this.engine.frameHistory(pfn, info.total);
      if (gen === this.s.generation && this.s.mapFrame === pfn) this.set({ frameWrites: { pfn, writes } });
    } catch (e) {
      this.notify({ level: 'error', title: 'Engine error', lines: [errorText(e)] });
    }
  }

  /** Goes to just after a write into the selected frame and shows its byte in the hex view. */
  openFrameWrite(pfn: number, w: FrameWrite): void {
    const s = this.s;
    if (!s.info || !s.map) return;
    const focus = byteFocus(s.map.pageOffset, pfn, w.offset, Math.max(256, s.hexLen));
    this.autoTarget = false;
    this.set({ cursor: Math.max(0, Math.min(s.info.total, w.event + 1)), hexTarget: focus.target, hexLen: focus.len, hexPinned: focus.pin, hexHover: null, centerTab: 'memory' });
    this.requestView();
  }

  setFindingKind(kind: string | null): void {
    if (this.s.findingKind !== kind) this.set({ findingKind: kind });
  }

  /** Re-runs the loaded scenario with other overrides, keeping the place. */
  async rerun(overrides: RunOverrides): Promise<boolean> {
    const text = this.s.loadedText;
    if (text === null) return false;
    const origin = this.s.origin ?? { kind: 'editor' };
    const ok = await this.open(text, origin, { overrides, keepPlace: true });
    if (!ok && this.s.inputErrors.length > 0) this.notify({ level: 'error', title: 'Options', lines: this.s.inputErrors.map(formatError) });
    else this.dismiss('Options');
    return ok;
  }

  /** Puts the exact moment in the address bar and on the clipboard. */
  async share(): Promise<string | null> {
    const s = this.s;
    if (s.loadedText === null) return null;
    const url = encodeShare(this.host.shareBase(), s.loadedText, s.cursor, s.overrides);
    this.host.replaceUrl(url);
    this.set({ shareUrl: url, shareHash: null });
    this.set({ shareHash: await this.engine.stateHash(s.cursor) });
    const copied = await this.host.copy(url);
    this.notify({ level: 'info', title: 'Share', lines: [copied ? 'Link to this moment copied to the clipboard.' : 'Copy the link from the field in the header.'] });
    return url;
  }

  closeShare(): void {
    this.set({ shareUrl: null, shareHash: null });
    this.dismiss('Share');
  }
}
