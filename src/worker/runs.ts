// The runs a worker keeps, by id: a bounded table that drops the least recently used run when
// a new one would exceed it (each run holds a simulated machine and its checkpoints).
import type { RunId } from './protocol.ts';

/** Each run can hold hundreds of MiB (text-poke-0xf0: ~180): two to compare, a few to spare. */
export const MAX_RUNS = 4;

export class UnknownRunError extends Error {
  override name = 'UnknownRunError';
}

export class RunTable<T> {
  /** In use order, least recent first (a Map iterates in insertion order). */
  private readonly runs = new Map<RunId, T>();
  private next = 1;

  constructor(readonly capacity = MAX_RUNS) {
    if (capacity < 1) throw new RangeError('a run table keeps at least one run');
  }

  get size(): number {
    return this.runs.size;
  }

  add(run: T): RunId {
    const id = this.next++;
    this.runs.set(id, run);
    for (const old of this.runs.keys()) {
      if (this.runs.size <= this.capacity) break;
      this.runs.delete(old);
    }
    return id;
  }

  /** The run, now the most recently used; an error naming why when there is none. */
  get(id: RunId): T {
    const run = this.runs.get(id);
    if (run === undefined) {
      if (Number.isInteger(id) && id >= 1 && id < this.next)
        throw new UnknownRunError(`run ${id} is no longer open: it was closed, or dropped as the least recently used (the engine keeps ${this.capacity} runs). Open the scenario again.`);
      throw new UnknownRunError(`there is no run ${String(id)}: open a scenario first`);
    }
    this.runs.delete(id);
    this.runs.set(id, run);
    return run;
  }

  has(id: RunId): boolean {
    return this.runs.has(id);
  }

  delete(id: RunId): void {
    this.runs.delete(id);
  }
}
