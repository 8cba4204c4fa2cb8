// What the app keeps in the browser: drafts, the user's library, and which draft this tab edits.
import { DraftStore } from './drafts.ts';
import { memoryKv } from './kv.ts';
import { LibraryStore } from './library.ts';

/** The tab's own memory (sessionStorage): survives a reload of this tab, not a new tab. */
export interface TabMemory {
  get(): string | null;
  set(key: string): void;
}

export interface Persist {
  drafts: DraftStore;
  library: LibraryStore;
  /** The draft key the editor had, for the reload. */
  tab: TabMemory;
}

export function memoryPersist(): Persist {
  let k: string | null = null;
  return {
    drafts: new DraftStore(memoryKv()),
    library: new LibraryStore(memoryKv(), Date.now, (() => {
      let n = 0;
      return () => `e${++n}`;
    })()),
    tab: { get: () => k, set: (v) => void (k = v) },
  };
}
