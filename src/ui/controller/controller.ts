// Drives the worker for the UI. Each concern is a module: loading and drafts, the address bar
// and sharing, the cursor, play, the layout, and fetching what the panels on screen show.
// Components call these and read the store; panels' own actions live in their folders.
import type { BundledScenario } from '../bundledList.ts';
import type { InputError, QueryAnswer, QueryOptions, QueryProgress } from '../../worker/protocol.ts';
import type { Engine } from '../engine.ts';
import type { PanelId, PanelSlices } from '../panels/index.ts';
import { memoryPersist, type Persist } from '../persist/persist.ts';
import { planFromUrl } from '../startPlan.ts';
import type { AppStore, RunSlot } from '../store.ts';
import { AddressBar, type Host } from './addressBar.ts';
import { CompareControl } from './compare.ts';
import { Cursor } from './cursor.ts';
import { Drafts } from './drafts.ts';
import { ViewFetcher } from './fetcher.ts';
import { LayoutControl } from './layout.ts';
import { ImportControl } from '../import/importControl.ts';
import { workerImportEngine } from '../import/importEngine.ts';
import { LogShelf } from '../import/logShelf.ts';
import { idbKv, memoryKv } from '../persist/kv.ts';
import { Library } from './library.ts';
import { Loader } from './loader.ts';
import { Notices } from './notices.ts';
import { Player } from './player.ts';
import { engineLost } from './recovery.ts';
import { applyChange, type RunAccess, type RunChange } from './runSlot.ts';
import type { EngineLoss } from '../watchdog.ts';

export type { Host };

export class Controller implements RunAccess {
  readonly notices: Notices;
  readonly drafts: Drafts;
  readonly cursor: Cursor;
  readonly player: Player;
  readonly layout: LayoutControl;
  readonly views: ViewFetcher;
  readonly loader: Loader;
  readonly address: AddressBar;
  readonly library: Library;
  readonly compare: CompareControl;
  /** Real kernel logs imported (the import worker, started on the first import). */
  readonly imports: ImportControl;

  constructor(
    readonly store: AppStore,
    private readonly engine: Engine,
    readonly bundled: readonly BundledScenario[],
    host: Host,
    /** Drafts and the user's library: IndexedDB on the page, memory in tests. */
    persist: Persist = memoryPersist(),
  ) {
    this.notices = new Notices(store);
    this.drafts = new Drafts(store, persist, bundled, this.notices);
    this.cursor = new Cursor(
      () => this.run(),
      (ch) => this.apply(ch),
    );
    this.player = new Player(store, this.cursor);
    this.layout = new LayoutControl(store);
    this.views = new ViewFetcher(store, engine, (e) => this.notices.engineError(e), host.pace ?? null);
    this.loader = new Loader(store, engine, bundled, this.notices, this.player, (r) => this.address.opened(r));
    this.compare = new CompareControl(store, engine, this.notices, () => this.address.compared());
    this.address = new AddressBar(store, this, engine, host, this.notices, this.loader, bundled, this.compare);
    this.library = new Library(store, persist, this.loader, this.drafts, this.notices);
    const importer = workerImportEngine();
    // imported logs go to their own database beside the library's; memory where there is no IndexedDB (tests)
    const shelf = new LogShelf(typeof indexedDB === 'undefined' ? memoryKv() : idbKv('kernscope-logs'));
    this.imports = new ImportControl(() => importer, this.loader, this.notices, this.layout, shelf, this.compare);
  }

  /** The page loads: the library, what its URL names, then a draft kept from before the reload. */
  async start(search: string, hash: string): Promise<void> {
    const named = planFromUrl(search, hash, this.bundled.map((b) => b.name)).plan.kind !== 'none';
    await this.library.load();
    void this.imports.loadKept();
    await this.address.follow(search, hash, true);
    await this.drafts.start(named);
  }

  /** The engine crashed or hung and was restarted: nothing it held is shown; the editor's text stays. */
  engineLost(loss: EngineLoss): void {
    engineLost(this.store, this.notices, this.loader, this.player, loss);
  }

  /** The input errors of a text, without running it (the editor checks as you type). */
  check(text: string): Promise<InputError[]> {
    return this.engine.validate(text);
  }

  /** SQL over the run shown (the Query view); null when no run is shown. */
  query(sql: string, opts: QueryOptions, onProgress?: (p: QueryProgress) => void): Promise<QueryAnswer> | null {
    const id = this.run().id;
    return id === null ? null : this.engine.query(id, sql, opts, onProgress);
  }

  /** The run shown. */
  run(): RunSlot {
    return this.store.getState().runs.a;
  }

  /** Cursor, panel slices and tab of the run shown changed at once: one fetch for all. */
  apply(ch: RunChange): void {
    this.store.setState((s) => applyChange(s, ch));
  }

  panel<K extends PanelId>(id: K): PanelSlices[K] {
    return this.run().panels[id];
  }

  patchPanel<K extends PanelId>(id: K, patch: Partial<PanelSlices[K]>): void {
    this.apply({ panels: { [id]: patch } });
  }

  /** Resolves when no view is being asked or waits (tests). */
  async settled(): Promise<void> {
    await this.views.settled();
    await this.compare.settled();
  }
}
