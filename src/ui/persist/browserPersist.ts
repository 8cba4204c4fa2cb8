// Persist of the real page: IndexedDB for drafts and the library, sessionStorage for the tab.
import { DraftStore } from './drafts.ts';
import { idbKv } from './kv.ts';
import { LibraryStore } from './library.ts';
import type { Persist } from './persist.ts';

const TAB_KEY = 'kernscope.editing';

export function browserPersist(): Persist {
  return {
    drafts: new DraftStore(idbKv('kernscope-drafts')),
    library: new LibraryStore(idbKv('kernscope-library')),
    tab: {
      get: () => {
        try {
          return sessionStorage.getItem(TAB_KEY);
        } catch {
          return null;
        }
      },
      set: (k) => {
        try {
          sessionStorage.setItem(TAB_KEY, k);
        } catch {
          // storage refused (private mode): a reload then offers the URL's scenario's draft only
        }
      },
    },
  };
}
