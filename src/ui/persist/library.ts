// The user's own scenarios, kept in the browser beside the bundled ones: save as, open, rename, delete.
import type { KeyValue } from './kv.ts';

export interface LibraryEntry {
  id: string;
  /** The name the user gave it (not the scenario's own "name"). */
  name: string;
  text: string;
  /** Last saved (ms since the epoch). */
  updated: number;
}

export const MAX_LIBRARY_NAME = 80;

function isEntry(v: unknown): v is LibraryEntry {
  if (v === null || typeof v !== 'object') return false;
  const e = v as Record<string, unknown>;
  return typeof e.id === 'string' && typeof e.name === 'string' && typeof e.text === 'string' && typeof e.updated === 'number';
}

/** Why a name cannot be used, or null; names are unique so the picker tells them apart. */
export function nameProblem(name: string, entries: readonly LibraryEntry[], except: string | null = null): string | null {
  const n = name.trim();
  if (n === '') return 'give it a name';
  if (n.length > MAX_LIBRARY_NAME) return `a name of at most ${MAX_LIBRARY_NAME} characters`;
  if (entries.some((e) => e.id !== except && e.name.toLowerCase() === n.toLowerCase())) return `"${n}" is in your library already: pick another name, or open it and Save`;
  return null;
}

export class LibraryStore {
  constructor(
    private readonly kv: KeyValue,
    private readonly now: () => number = Date.now,
    private readonly newId: () => string = () => crypto.randomUUID(),
  ) {}

  /** Every entry, by name. */
  async list(): Promise<LibraryEntry[]> {
    return (await this.kv.entries())
      .map(([, v]) => v)
      .filter(isEntry)
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  async get(id: string): Promise<LibraryEntry | null> {
    const v = await this.kv.get(id);
    return isEntry(v) && v.id === id ? v : null;
  }

  /** A new entry; the name must pass nameProblem(). */
  async add(name: string, text: string): Promise<LibraryEntry> {
    const problem = nameProblem(name, await this.list());
    if (problem !== null) throw new Error(problem);
    const e: LibraryEntry = { id: this.newId(), name: name.trim(), text, updated: this.now() };
    await this.kv.set(e.id, e);
    return e;
  }

  async update(id: string, patch: { text?: string; name?: string }): Promise<LibraryEntry> {
    const e = await this.get(id);
    if (!e) throw new Error('it is not in your library any more');
    if (patch.name !== undefined) {
      const problem = nameProblem(patch.name, await this.list(), id);
      if (problem !== null) throw new Error(problem);
    }
    const next: LibraryEntry = { ...e, name: patch.name?.trim() ?? e.name, text: patch.text ?? e.text, updated: this.now() };
    await this.kv.set(id, next);
    return next;
  }

  remove(id: string): Promise<void> {
    return this.kv.del(id);
  }
}
