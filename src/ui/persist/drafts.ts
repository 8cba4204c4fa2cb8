// Drafts: the editor's text as typed, one per scenario (a bundled one, one of the user's library,
// or the scratch text of a file or link), so a reload or a crash never loses it.
import type { KeyValue } from './kv.ts';

export interface Draft {
  key: string;
  /** The scenario as the user knows it, for the offer after a reload: "slub-double-free". */
  label: string;
  text: string;
  /** When it was last typed (ms since the epoch). */
  savedAt: number;
}

function isDraft(v: unknown): v is Draft {
  if (v === null || typeof v !== 'object') return false;
  const d = v as Record<string, unknown>;
  return typeof d.key === 'string' && typeof d.label === 'string' && typeof d.text === 'string' && typeof d.savedAt === 'number';
}

export class DraftStore {
  /** Per key, the write under way and the text typed since: one write at a time, the last text wins. */
  private readonly writing = new Map<string, { next: Draft | null; done: Promise<void> }>();

  constructor(
    private readonly kv: KeyValue,
    private readonly now: () => number = Date.now,
  ) {}

  /** Keeps the text under its key; null forgets the draft (the text is the scenario's own again). */
  save(key: string, label: string, text: string | null): Promise<void> {
    const d: Draft | null = text === null ? null : { key, label, text, savedAt: this.now() };
    const w = this.writing.get(key);
    if (w) {
      w.next = d;
      return w.done;
    }
    const entry = { next: d, done: Promise.resolve() };
    entry.done = (async () => {
      try {
        // texts typed while a write runs are written after it, only the last of them
        let written: Draft | null | undefined;
        while (entry.next !== written) {
          written = entry.next;
          await (written === null ? this.kv.del(key) : this.kv.set(key, written));
        }
      } finally {
        this.writing.delete(key);
      }
    })();
    this.writing.set(key, entry);
    return entry.done;
  }

  async load(key: string): Promise<Draft | null> {
    const v = await this.kv.get(key);
    return isDraft(v) && v.key === key ? v : null;
  }

  /** Every draft kept, the last typed first. */
  async all(): Promise<Draft[]> {
    return (await this.kv.entries())
      .map(([, v]) => v)
      .filter(isDraft)
      .sort((a, b) => b.savedAt - a.savedAt);
  }

  /** Resolves when every text handed to save() is written. */
  async flushed(): Promise<void> {
    while (this.writing.size > 0) await Promise.all([...this.writing.values()].map((w) => w.done));
  }
}
