// The editor's text: the user's own, kept whatever runs; set aside, not lost, when another
// scenario takes the editor.
import type { AppState, AppStore, ScenarioOrigin } from '../store.ts';

/** The editor's text when `text` opens from `origin`: a scenario opened elsewhere takes the editor. */
export function draftOnOpen(s: AppState, text: string, origin: ScenarioOrigin): Partial<AppState> {
  if (origin.kind === 'editor') return {};
  const dirty = s.draft.trim() !== '' && s.draft !== s.runs.a.text && s.draft !== text;
  return dirty ? { draft: text, stashedDraft: s.draft } : { draft: text };
}

export class Drafts {
  constructor(private readonly store: AppStore) {}

  set(text: string): void {
    this.store.setState({ draft: text });
  }

  /** Brings back the text set aside when another scenario was opened. */
  restore(): void {
    const d = this.store.getState().stashedDraft;
    if (d !== null) this.store.setState({ draft: d, stashedDraft: null });
  }
}
