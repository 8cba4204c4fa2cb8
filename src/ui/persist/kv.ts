// Where drafts and the user's scenarios are kept: IndexedDB in the browser, a Map in tests.
import type { UseStore } from 'idb-keyval';

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
  // loaded and opened on first use: the first page load carries neither
  let opened: Promise<{ idb: typeof import('idb-keyval'); store: UseStore }> | null = null;
  const db = () => (opened ??= import('idb-keyval').then((idb) => ({ idb, store: idb.createStore(dbName, 'keyval') })));
  return {
    get: async (k) => {
      const { idb, store } = await db();
      return idb.get<unknown>(k, store);
    },
    set: async (k, v) => {
      const { idb, store } = await db();
      return idb.set(k, v, store);
    },
    del: async (k) => {
      const { idb, store } = await db();
      return idb.del(k, store);
    },
    entries: async () => {
      const { idb, store } = await db();
      return (await idb.entries<IDBValidKey, unknown>(store)).filter((e): e is [string, unknown] => typeof e[0] === 'string');
    },
  };
}
