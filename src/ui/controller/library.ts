// The user's own scenarios, kept in the browser: the editor's text saved under a name, listed in
// the scenario picker beside the bundled ones, opened, renamed, saved again and deleted.
import type { LibraryEntry } from '../persist/library.ts';
import type { Persist } from '../persist/persist.ts';
import { SCRATCH_KEY, type AppStore } from '../store.ts';
import type { Drafts } from './drafts.ts';
import type { Loader } from './loader.ts';
import { errorText as message, type Notices } from './notices.ts';

/** The library entry a draft key names, or null. */
export function libraryId(key: string): string | null {
  return key.startsWith('library:') ? key.slice('library:'.length) : null;
}

export class Library {
  constructor(
    private readonly store: AppStore,
    private readonly persist: Persist,
    private readonly loader: Loader,
    private readonly drafts: Drafts,
    private readonly notices: Notices,
  ) {}

  /** Reads the library into the store (the picker and the Library tab list it). */
  async load(): Promise<void> {
    try {
      this.store.setState({ library: await this.persist.library.list() });
    } catch (e) {
      this.failed('read', e);
    }
  }

  /** The entry the editor's text belongs to, if any. */
  editing(): LibraryEntry | null {
    const id = libraryId(this.store.getState().draftKey);
    return this.store.getState().library.find((e) => e.id === id) ?? null;
  }

  /** Saves the editor's text as a new entry, which the editor then edits; null, or why not. */
  async saveAs(name: string): Promise<string | null> {
    const { draft, draftKey } = this.store.getState();
    let e: LibraryEntry;
    try {
      e = await this.persist.library.add(name, draft);
    } catch (err) {
      return message(err);
    }
    await this.load();
    this.store.setState({ draftKey: `library:${e.id}` });
    // the draft it came from is this text: it is kept in the library now
    const was = await this.persist.drafts.load(draftKey).catch(() => null);
    if (was?.text === draft) await this.drafts.forget(draftKey);
    this.notices.notify({ level: 'info', title: 'Library', lines: [`saved as "${e.name}" in your library (this browser)`] });
    return null;
  }

  /** Saves the editor's text into the entry it is a draft of. */
  async save(): Promise<void> {
    const e = this.editing();
    if (!e) return;
    const text = this.store.getState().draft;
    try {
      await this.persist.library.update(e.id, { text });
    } catch (err) {
      this.failed('save', err);
      return;
    }
    await this.load();
    await this.drafts.forget(`library:${e.id}`);
    this.notices.notify({ level: 'info', title: 'Library', lines: [`saved "${e.name}"`] });
  }

  /** Runs an entry; the editor takes its text (and offers its draft, if one differs). */
  async open(id: string): Promise<boolean> {
    const e = this.store.getState().library.find((x) => x.id === id) ?? (await this.persist.library.get(id).catch(() => null));
    if (!e) {
      this.notices.notify({ level: 'error', title: 'Library', lines: ['that scenario is not in your library any more'] });
      await this.load();
      return false;
    }
    return this.loader.open(e.text, { kind: 'library', id: e.id, name: e.name });
  }

  /** Null, or why not. */
  async rename(id: string, name: string): Promise<string | null> {
    try {
      await this.persist.library.update(id, { name });
    } catch (err) {
      return message(err);
    }
    await this.load();
    return null;
  }

  /** Deletes an entry; text it has in the editor stays there, as an unsaved draft. */
  async remove(id: string): Promise<void> {
    const e = this.store.getState().library.find((x) => x.id === id);
    try {
      await this.persist.library.remove(id);
    } catch (err) {
      this.failed('delete', err);
      return;
    }
    await this.drafts.forget(`library:${id}`);
    await this.load();
    const s = this.store.getState();
    if (s.draftKey === `library:${id}`) {
      this.store.setState({ draftKey: SCRATCH_KEY });
      this.drafts.keep(SCRATCH_KEY, s.draft);
    }
    this.notices.notify({ level: 'info', title: 'Library', lines: [`deleted "${e?.name ?? id}" from your library`] });
  }

  private failed(what: string, e: unknown): void {
    this.notices.notify({ level: 'error', title: 'Library', lines: [`could not ${what} your library in this browser: ${message(e)}`] });
  }
}
