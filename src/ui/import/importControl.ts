// Importing real kernel logs in the app: a file picked or dropped, or text pasted, is read by the
// import worker in chunks (progress, Cancel keeps what was recognised) and shown as its own kind of
// run, the import view: its findings with their traces, lock chains, dumps, registers and lines,
// its ftrace profile, and a scenario built from a lockdep or SLUB finding.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { GeneratedScenario, ImportedFinding, ImportedLog, ImportFault, ImportProgress, RawLine } from '../../worker/importProtocol.ts';
import type { CompareControl } from '../controller/compare.ts';
import type { Loader } from '../controller/loader.ts';
import { errorText, type Notices } from '../controller/notices.ts';
import type { LayoutControl } from '../controller/layout.ts';
import type { ImportEngine } from './importEngine.ts';
import type { KeptLog, LogShelf } from './logShelf.ts';
import { thousands } from '../thousands.ts';

export type DetailTab = 'trace' | 'locks' | 'bytes' | 'registers' | 'lines';

export interface Importing {
  seq: number;
  label: string;
  progress: ImportProgress;
  cancelling: boolean;
}

export interface ImportState {
  /** The import being read now. */
  importing: Importing | null;
  /** The log imported last. */
  log: ImportedLog | null;
  /** The import view is on screen (instead of the run). */
  shown: boolean;
  /** Index of the finding whose details are shown. */
  selected: number;
  tab: DetailTab;
  /** The paste box is open. */
  pasting: boolean;
  /** A scenario is being built from a finding. */
  building: boolean;
  /** The scenario built last: its name and what it had to infer. */
  built: { name: string; reproduces: string; inferred: string[] } | null;
  /** Imported logs kept in this browser, newest first. */
  kept: KeptLog[];
}

export type ImportStore = StoreApi<ImportState>;

export function initialImportState(): ImportState {
  return { importing: null, log: null, shown: false, selected: 0, tab: 'trace', pasting: false, building: false, built: null, kept: [] };
}

/** Whether a finding kind has a scenario generator (src/import/scenario). */
export function canBuild(f: ImportedFinding): boolean {
  return f.kind.startsWith('lockdep.') || f.kind.startsWith('slub.');
}

/** The detail tab a finding opens on: what tells its story best. */
export function firstTab(f: ImportedFinding): DetailTab {
  if (Array.isArray(f.fields.chain) && f.fields.chain.length >= 2) return 'locks';
  if (Array.isArray(f.fields.dumps) || Array.isArray(f.fields.shadow)) return 'bytes';
  if (f.fields.registers !== undefined || f.forensics.length > 0) return f.trace.length > 0 ? 'trace' : 'registers';
  return f.trace.length > 0 ? 'trace' : 'lines';
}

/** The import in short, for its notice: findings, profiles, trace events and lines read. */
export function importSummary(log: ImportedLog): string {
  const s = log.stats;
  const parts = [`${s.findings} finding${s.findings === 1 ? '' : 's'}`];
  if (log.profiles.length > 0) parts.push(`${log.profiles.length} profile${log.profiles.length === 1 ? '' : 's'}`);
  if (s.events > 0) parts.push(`${thousands(s.events)} trace events`);
  parts.push(`${thousands(s.lines)} lines`);
  return parts.join(', ');
}

/** What an import that failed midway had recognised, as a log cut short (not kept in the browser). */
export function partialLog(file: string, total: number, findings: ImportedFinding[], raw: RawLine[][], progress: ImportProgress | null, why: string): ImportedLog {
  return {
    format: 'kernscope-import/1',
    file,
    findings,
    patterns: [],
    profiles: [],
    events: [],
    log: raw
      .flat()
      .map((l) => ({ n: l.n, ts: l.ts, text: l.text }))
      .sort((a, b) => a.n - b.n),
    notices: [{ level: 'error', message: why }],
    stats: { bytes: progress?.bytes ?? 0, chars: 0, lines: progress?.lines ?? 0, findings: findings.length, events: 0 },
    raw,
    rawCut: [],
    total,
    cancelled: true,
  };
}

export class ImportControl {
  readonly store: ImportStore = createStore<ImportState>()(() => initialImportState());
  private seq = 0;

  constructor(
    private engine: () => ImportEngine,
    private readonly loader: Loader,
    private readonly notices: Notices,
    private readonly layout: LayoutControl,
    private readonly shelf: LogShelf,
    private readonly compare: CompareControl | null = null,
  ) {}

  /** Reads the list of kept logs (the header offers them). */
  async loadKept(): Promise<void> {
    try {
      this.set({ kept: await this.shelf.list() });
    } catch (e) {
      this.notices.notify({ level: 'error', title: 'Imported logs', lines: [`could not read the logs kept in this browser: ${errorText(e)}`] });
    }
  }

  /** Imports a kept log again. */
  async openKept(id: string): Promise<boolean> {
    const e = this.store.getState().kept.find((x) => x.id === id);
    const blob = await this.shelf.blob(id).catch(() => null);
    if (!e || !blob) {
      this.notices.notify({ level: 'error', title: 'Imported logs', lines: ['that log is not kept in this browser any more'] });
      await this.loadKept();
      return false;
    }
    return this.importBlob(blob, e.name, false);
  }

  async forget(id: string): Promise<void> {
    await this.shelf.remove(id).catch(() => {});
    await this.loadKept();
  }

  /** Keeps an imported log in the browser when something was recognised in it. */
  private async keep(blob: Blob, log: ImportedLog): Promise<void> {
    if (log.cancelled || (log.findings.length === 0 && log.profiles.length === 0 && log.events.length === 0)) return;
    try {
      const why = await this.shelf.keep(log.file, blob, log.findings.length);
      if (why !== null) this.notices.notify({ level: 'info', title: 'Imported logs', lines: [why] });
    } catch (e) {
      this.notices.notify({ level: 'error', title: 'Imported logs', lines: [`could not keep ${log.file} in this browser: ${errorText(e)}`] });
    }
    await this.loadKept();
  }

  /** Another engine (tests). */
  useEngine(e: ImportEngine): void {
    this.engine = () => e;
  }

  private set(patch: Partial<ImportState>): void {
    this.store.setState(patch);
  }

  /** Imports a file, a Blob or pasted text; resolves when it is shown (or failed). */
  async importBlob(blob: Blob, label: string, keep = true): Promise<boolean> {
    const log = await this.read(blob, label);
    if (log === null) return false;
    this.show(log);
    if (keep) await this.keep(blob, log);
    return true;
  }

  /** Reads a log with progress and Cancel, without showing it; null when it could not be read. */
  private async read(blob: Blob, label: string): Promise<ImportedLog | null> {
    const now = this.store.getState().importing;
    if (now !== null) {
      this.notices.notify({ level: 'info', title: 'Import', lines: [`${now.label} is being imported; cancel it first to import ${label}`] });
      return null;
    }
    const seq = ++this.seq;
    this.notices.dismiss('Import');
    this.set({ importing: { seq, label, progress: { bytes: 0, total: blob.size, lines: 0, findings: 0 }, cancelling: false }, pasting: false });
    let log: ImportedLog;
    // what the worker recognised so far, kept here: a worker that hangs or crashes loses none of it
    const so: { findings: ImportedFinding[]; raw: RawLine[][]; progress: ImportProgress | null } = { findings: [], raw: [], progress: null };
    try {
      log = await this.engine().importLog(blob, label, seq, (progress) => {
        const { recognised, ...rest } = progress;
        if (recognised) {
          so.findings.splice(recognised.from, recognised.findings.length, ...recognised.findings);
          so.raw.splice(recognised.from, recognised.raw.length, ...recognised.raw);
        }
        so.progress = rest;
        const cur = this.store.getState().importing;
        if (cur?.seq === seq) this.set({ importing: { ...cur, progress: rest } });
      });
    } catch (e) {
      this.set({ importing: null });
      if (so.findings.length > 0) return partialLog(label, blob.size, so.findings, so.raw, so.progress, `${errorText(e)}: the ${so.findings.length} finding${so.findings.length === 1 ? '' : 's'} recognised before ${so.findings.length === 1 ? 'is' : 'are'} kept`);
      this.notices.notify({ level: 'error', title: 'Import', lines: [`could not import ${label}: ${errorText(e)}`] });
      return null;
    }
    this.set({ importing: null });
    return log;
  }

  /** Imports a log and compares it with the run shown (dmesg, findings, profiles): a kept log by id, or a file. */
  async compareWith(what: { kept: string } | { blob: Blob; name: string }): Promise<boolean> {
    if (this.compare === null) return false;
    let blob: Blob | null;
    let name: string;
    if ('kept' in what) {
      const e = this.store.getState().kept.find((x) => x.id === what.kept);
      blob = await this.shelf.blob(what.kept).catch(() => null);
      name = e?.name ?? what.kept;
      if (!blob) {
        this.notices.notify({ level: 'error', title: 'Imported logs', lines: ['that log is not kept in this browser any more'] });
        return false;
      }
    } else ({ blob, name } = what);
    const log = await this.read(blob, name);
    if (log === null) return false;
    if (log.findings.length === 0 && log.profiles.length === 0 && log.events.length === 0 && (log.log?.length ?? 0) === 0) {
      this.notices.notify({ level: 'info', title: 'Compare', lines: [`${name}: nothing was recognised to compare`] });
      return false;
    }
    this.set({ shown: false });
    return this.compare.compareLog(log);
  }

  importText(text: string, label = 'pasted log'): Promise<boolean> {
    return this.importBlob(new Blob([text], { type: 'text/plain' }), label);
  }

  /** Arms a fault for the import worker's next import (tests of its watchdog). */
  fault(kind: ImportFault): Promise<void> {
    return this.engine().fault(kind);
  }

  /** Stops the import being read: what it recognised so far is shown. */
  cancel(): void {
    const now = this.store.getState().importing;
    if (!now || now.cancelling) return;
    this.set({ importing: { ...now, cancelling: true } });
    this.engine()
      .cancel(now.seq)
      .catch((e: unknown) => this.notices.notify({ level: 'error', title: 'Import', lines: [errorText(e)] }));
  }

  private show(log: ImportedLog): void {
    const errors = log.notices.filter((n) => n.level === 'error');
    const nothing = log.findings.length === 0 && log.profiles.length === 0 && log.events.length === 0;
    // an input with nothing recognised is said in a message; the run (or the log) shown stays
    if (!nothing) {
      const first = log.findings.findIndex((f) => f.duplicateOf === undefined);
      const selected = Math.max(0, first);
      const f = log.findings[selected];
      this.set({ log, shown: true, selected, tab: f ? firstTab(f) : 'trace', built: null });
      // the log is also the run shown: its dmesg, findings and trace events on the timeline and panels
      void this.loader.openLog(log);
    }
    if (errors.length > 0 || nothing) {
      const lines = log.notices.map((n) => n.message);
      this.notices.notify({ level: errors.length > 0 ? 'error' : 'info', title: 'Import', lines: lines.length > 0 ? [`${log.file}: ${lines[0]}`, ...lines.slice(1)] : [`${log.file}: nothing was recognised`] });
    }
  }

  select(index: number): void {
    const log = this.store.getState().log;
    const f = log?.findings[index];
    if (!f) return;
    this.set({ selected: index, tab: firstTab(f) });
  }

  setTab(tab: DetailTab): void {
    this.set({ tab });
  }

  /** Back to the run (the imported log stays, to come back to). */
  hide(): void {
    this.set({ shown: false });
  }

  reveal(): void {
    if (this.store.getState().log) this.set({ shown: true });
  }

  /** Forgets the imported log. */
  close(): void {
    this.set({ log: null, shown: false, built: null });
  }

  openPaste(on: boolean): void {
    this.set({ pasting: on });
  }

  /**
   * Builds the scenario of a lockdep or SLUB finding and runs it: its JSON goes to the editor, the
   * run is shown, and what the generator inferred is listed (also in the scenario's description).
   */
  async build(index: number): Promise<GeneratedScenario | null> {
    const f = this.store.getState().log?.findings[index];
    if (!f) return null;
    this.set({ building: true });
    let g: GeneratedScenario | null;
    try {
      g = await this.engine().scenario(f);
    } catch (e) {
      this.set({ building: false });
      this.notices.notify({ level: 'error', title: 'Build scenario', lines: [errorText(e)] });
      return null;
    }
    this.set({ building: false });
    if (g === null) {
      this.notices.notify({ level: 'info', title: 'Build scenario', lines: [`no scenario can be built from a ${f.kind} report yet (lockdep and SLUB reports can)`] });
      return null;
    }
    const text = `${JSON.stringify(g.scenario, null, 2)}\n`;
    this.set({ built: { name: g.scenario.name, reproduces: g.reproduces, inferred: g.inferred }, shown: false });
    this.layout.show('editor');
    await this.loader.open(text, { kind: 'file', name: `${g.scenario.name}.json` });
    this.notices.notify({
      level: 'info',
      title: 'Generated scenario',
      lines: [`${g.scenario.name} reproduces ${g.reproduces} from ${f.title}; inferred, not in the report:`, ...(g.inferred.length > 0 ? g.inferred : ['nothing'])],
      action: { label: 'Back to the log', run: () => this.reveal() },
    });
    return g;
  }
}
