// The editor's text: the user's own, kept whatever runs; set aside, not lost, when another
// scenario takes the editor; kept as typed in the browser (one draft per scenario), so a reload
// never loses it: the draft is offered back beside what the address opens.
import type { BundledScenario } from '../bundledList.ts';
import type { Draft } from '../persist/drafts.ts';
import type { Persist } from '../persist/persist.ts';
import { SCRATCH_KEY, type AppState, type AppStore, type ScenarioOrigin } from '../store.ts';
import type { Notices } from './notices.ts';

/** The draft key of a scenario opened from `origin`; null for the editor's own text (the key stays). */
export function draftKeyOf(origin: ScenarioOrigin): string | null {
  switch (origin.kind) {
    case 'bundled':
      return `bundled:${origin.name}`;
    case 'library':
      return `library:${origin.id}`;
    case 'file':
    case 'link':
      return SCRATCH_KEY;
    case 'editor':
    case 'import':
      return null;
  }
}

/** The editor's text when `text` opens from `origin`: a scenario opened elsewhere takes the editor. */
export function draftOnOpen(s: AppState, text: string, origin: ScenarioOrigin): Partial<AppState> {
  const key = draftKeyOf(origin);
  if (key === null) return {};
  const dirty = s.draft.trim() !== '' && s.draft !== s.runs.a.text && s.draft !== text;
  return dirty ? { draft: text, draftKey: key, stashedDraft: s.draft, stashedKey: s.draftKey } : { draft: text, draftKey: key };
}

/** "06:12" today, else the date too. */
function when(ms: number, now: number): string {
  const d = new Date(ms);
  const time = d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return new Date(now).toDateString() === d.toDateString() ? time : `${d.toLocaleDateString()} ${time}`;
}

export class Drafts {
  /** The key this tab's editor had before the page loaded (a reload's), read before anything opens. */
  private readonly before: string | null;
  /** Until the page's first scenario is shown, start() decides what to offer. */
  private starting = true;

  constructor(
    private readonly store: AppStore,
    private readonly persist: Persist,
    private readonly bundled: readonly BundledScenario[],
    private readonly notices: Notices,
  ) {
    this.before = persist.tab.get();
    store.subscribe((s, prev) => {
      if (s.draftKey === prev.draftKey) return;
      persist.tab.set(s.draftKey);
      // another scenario took the editor: its own draft, if any, is offered beside it
      if (!this.starting && s.draft !== prev.draft) void this.offer(s.draftKey, 'the scenario just opened');
    });
  }

  /** The user typed: the text is kept at once, under the scenario it is a draft of. */
  set(text: string): void {
    this.store.setState({ draft: text });
    this.keep(this.store.getState().draftKey, text);
  }

  /** Brings back the text set aside when another scenario was opened. */
  restore(): void {
    const { stashedDraft: d, stashedKey: k } = this.store.getState();
    if (d !== null) this.store.setState({ draft: d, draftKey: k ?? SCRATCH_KEY, stashedDraft: null, stashedKey: null });
  }

  /** The text a key's scenario has when opened, or null (scratch, or gone from the library). */
  baseText(key: string): string | null {
    if (key.startsWith('bundled:')) return this.bundled.find((b) => `bundled:${b.name}` === key)?.text ?? null;
    if (key.startsWith('library:')) return this.store.getState().library.find((e) => `library:${e.id}` === key)?.text ?? null;
    return null;
  }

  /** How a draft's scenario is named to the user. */
  label(key: string, text: string): string {
    if (key.startsWith('bundled:')) return key.slice('bundled:'.length);
    const mine = this.store.getState().library.find((e) => `library:${e.id}` === key);
    if (mine) return `"${mine.name}" (your library)`;
    const m = /"name"\s*:\s*"([^"\\]{1,60})"/.exec(text);
    return m ? `${m[1]} (unsaved)` : 'an unsaved scenario';
  }

  /** Writes the draft of `key`, or forgets it when the text is its scenario's own (or empty scratch). */
  keep(key: string, text: string): void {
    const base = this.baseText(key);
    const same = base !== null ? text === base : text.trim() === '';
    this.persist.drafts.save(key, this.label(key, text), same ? null : text).then(
      () => this.notices.dismiss('Drafts'),
      (e: unknown) => this.notices.notify({ level: 'error', title: 'Drafts', lines: [`this browser does not keep the editor's text (${e instanceof Error ? e.message : String(e)}): save it as a file before you reload`] }),
    );
  }

  forget(key: string): Promise<void> {
    return this.persist.drafts.save(key, '', null).catch(() => {});
  }

  /**
   * After the page's first scenario is shown: the draft of what the address named, else the one
   * this tab edited before the reload. When the address named a scenario, the draft is offered
   * (neither replaces the other); at the bare address it is put back in the editor.
   */
  async start(named: boolean): Promise<void> {
    this.starting = false;
    const keys = [...new Set([this.store.getState().draftKey, ...(this.before !== null ? [this.before] : [])])];
    for (const key of keys) {
      const d = await this.differing(key);
      if (!d) continue;
      if (named) {
        this.offerDraft(d, 'the address opened');
      } else {
        this.take(d);
        this.notices.notify({ level: 'info', title: 'Draft', lines: [`put back your draft of ${d.label} (typed ${when(d.savedAt, Date.now())}); the run shown is ${this.store.getState().runs.a.info?.name ?? 'the default scenario'}: Run to run the draft`] });
      }
      return;
    }
  }

  /** The draft kept under `key` when it differs from the editor's text. */
  private async differing(key: string): Promise<Draft | null> {
    try {
      const d = await this.persist.drafts.load(key);
      return d !== null && d.text !== this.store.getState().draft ? d : null;
    } catch {
      return null;
    }
  }

  private async offer(key: string, what: string): Promise<void> {
    const d = await this.differing(key);
    if (d && this.store.getState().draftKey === key) this.offerDraft(d, what);
  }

  private offerDraft(d: Draft, what: string): void {
    this.notices.notify({
      level: 'info',
      title: 'Draft',
      lines: [`you have a draft of ${d.label}, typed ${when(d.savedAt, Date.now())}: it differs from what ${what}, which the editor shows`],
      action: { label: 'Open the draft', run: () => this.take(d) },
    });
  }

  /** The draft into the editor; an edited text there is set aside (Restore previous text). */
  take(d: Draft): void {
    const s = this.store.getState();
    const base = this.baseText(s.draftKey);
    const dirty = s.draft.trim() !== '' && s.draft !== s.runs.a.text && s.draft !== base && s.draft !== d.text;
    this.store.setState({
      draft: d.text,
      draftKey: d.key,
      ...(dirty ? { stashedDraft: s.draft, stashedKey: s.draftKey } : {}),
      layout: { ...s.layout, left: 'editor' },
    });
  }
}
