// Imported logs kept in the browser (IndexedDB, beside the library of scenarios): the file itself
// as a Blob, so it is imported again when opened, whatever the importer has learned since.
import type { KeyValue } from '../persist/kv.ts';

export interface KeptLog {
  id: string;
  name: string;
  size: number;
  /** Findings when it was imported, to tell logs apart in the list. */
  findings: number;
  /** Kept (ms since the epoch). */
  updated: number;
}

interface Stored extends KeptLog {
  blob: Blob;
}

/** Logs larger than this are not kept: the browser's storage is for the user's work, not archives. */
export const MAX_KEPT_BYTES = 64 * 1024 * 1024;
/** The shelf keeps this many, dropping the oldest. */
export const MAX_KEPT_LOGS = 20;

function isStored(v: unknown): v is Stored {
  if (v === null || typeof v !== 'object') return false;
  const e = v as Record<string, unknown>;
  return typeof e.id === 'string' && typeof e.name === 'string' && typeof e.size === 'number' && typeof e.updated === 'number' && e.blob instanceof Blob;
}

export class LogShelf {
  constructor(
    private readonly kv: KeyValue,
    private readonly now: () => number = Date.now,
    private readonly newId: () => string = () => crypto.randomUUID(),
  ) {}

  /** Newest first, without their contents. */
  async list(): Promise<KeptLog[]> {
    return (await this.kv.entries())
      .map(([, v]) => v)
      .filter(isStored)
      .map(({ id, name, size, findings, updated }) => ({ id, name, size, findings, updated }))
      .sort((a, b) => b.updated - a.updated || a.name.localeCompare(b.name));
  }

  async blob(id: string): Promise<Blob | null> {
    const v = await this.kv.get(id);
    return isStored(v) ? v.blob : null;
  }

  /** Keeps a log (one of the same name and size replaces it); null, or why it was not kept. */
  async keep(name: string, blob: Blob, findings: number): Promise<string | null> {
    if (blob.size > MAX_KEPT_BYTES) return `${name} is larger than ${MAX_KEPT_BYTES / (1024 * 1024)} MiB: not kept in this browser`;
    const all = await this.list();
    const same = all.find((e) => e.name === name && e.size === blob.size);
    const e: Stored = { id: same?.id ?? this.newId(), name, size: blob.size, findings, updated: this.now(), blob };
    await this.kv.set(e.id, e);
    for (const old of [...all.filter((x) => x.id !== e.id)].slice(MAX_KEPT_LOGS - 1)) await this.kv.del(old.id);
    return null;
  }

  remove(id: string): Promise<void> {
    return this.kv.del(id);
  }
}
