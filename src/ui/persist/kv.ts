// Where drafts and the user's scenarios are kept: IndexedDB in the browser, a Map in tests.
import { createStore, del, entries, get, set, type UseStore } from 'idb-keyval';

export interface KeyValue {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
  entries(): Promise<[string, unknown][]>;
}

/** Values are copied in and out, as IndexedDB's structured clone does. */
export function memoryKv(): KeyValue {
  const m = new Map<string, unknown>();
  return {
    get: async (k) => structuredClone(m.get(k)),
    set: async (k, v) => void m.set(k, structuredClone(v)),
    del: async (k) => void m.delete(k),
    entries: async () => [...m].map(([k, v]) => [k, structuredClone(v)]),
  };
}

/** One IndexedDB database per store: idb-keyval keeps one object store per database. */
export function idbKv(dbName: string): KeyValue {
  let store: UseStore | null = null;
  // opened on first use, so a page that never edits opens nothing
  const db = () => (store ??= createStore(dbName, 'keyval'));
  return {
    get: (k) => get<unknown>(k, db()),
    set: (k, v) => set(k, v, db()),
    del: (k) => del(k, db()),
    entries: async () => (await entries<IDBValidKey, unknown>(db())).filter((e): e is [string, unknown] => typeof e[0] === 'string'),
  };
}
