// The append-only event log. Columns are typed arrays so a million events
// cost tens of megabytes, not hundreds; rare detail lives in payloads.
import { Interner } from './intern.ts';

/** An event kind is its name ("slub.alloc"); each run's log numbers the kinds it sees. */
export type EventKind = string & { readonly __eventKind: true };

export function eventKind(name: string): EventKind {
  return name as EventKind;
}

export type PayloadValue = string | number | boolean | null | readonly PayloadValue[] | { readonly [k: string]: PayloadValue };
export type EventPayload = { readonly [k: string]: PayloadValue };

export interface SimEvent {
  index: number;
  kind: string;
  ns: number;
  step: number;
  cpu: number;
  task: string;
  a: number;
  b: number;
  payload: EventPayload | null;
}

/** Events per column chunk: the log grows by whole chunks, never copying what it holds. */
export const CHUNK_SHIFT = 14;
export const CHUNK = 1 << CHUNK_SHIFT;
export const CHUNK_MASK = CHUNK - 1;

interface Columns {
  kind: Uint16Array;
  step: Int32Array;
  ns: Float64Array;
  cpu: Uint8Array;
  task: Int32Array;
  a: Float64Array;
  b: Float64Array;
  /** Payloads by event, null for most: a column, so appending one never rehashes a map. */
  payload: (EventPayload | null)[];
}

function newColumns(): Columns {
  return { kind: new Uint16Array(CHUNK), step: new Int32Array(CHUNK), ns: new Float64Array(CHUNK), cpu: new Uint8Array(CHUNK), task: new Int32Array(CHUNK), a: new Float64Array(CHUNK), b: new Float64Array(CHUNK), payload: new Array<EventPayload | null>(CHUNK).fill(null) };
}

export class EventLog {
  length = 0;
  private cols: Columns[] = [];
  private readonly tasks = new Interner();
  private readonly kinds = new Interner();

  taskId(name: string): number {
    return this.tasks.id(name);
  }

  /** This log's number for an event kind (the numbers follow first use in the run). */
  kindId(kind: EventKind): number {
    return this.kinds.id(kind);
  }

  /** The number of a kind this log has seen, or -1: views compare kindAt() with it. */
  seenKindId(kind: EventKind): number {
    return this.kinds.peek(kind);
  }

  kindName(id: number): string {
    return this.kinds.name(id) ?? `kind#${id}`;
  }

  append(kind: number, step: number, ns: number, cpu: number, task: number, a: number, b: number, payload: EventPayload | null): number {
    const i = this.length;
    const ci = i >>> CHUNK_SHIFT;
    if (ci === this.cols.length) this.cols.push(newColumns());
    const c = this.cols[ci]!;
    const j = i & CHUNK_MASK;
    c.kind[j] = kind;
    c.step[j] = step;
    c.ns[j] = ns;
    c.cpu[j] = cpu;
    c.task[j] = task;
    c.a[j] = a;
    c.b[j] = b;
    c.payload[j] = payload;
    this.length = i + 1;
    return i;
  }

  kindAt(i: number): number {
    return this.cols[i >>> CHUNK_SHIFT]?.kind[i & CHUNK_MASK] ?? 0;
  }

  nsAt(i: number): number {
    return this.cols[i >>> CHUNK_SHIFT]?.ns[i & CHUNK_MASK] ?? 0;
  }

  stepAt(i: number): number {
    return this.cols[i >>> CHUNK_SHIFT]?.step[i & CHUNK_MASK] ?? 0;
  }

  /** The task (comm) of event i. */
  taskAt(i: number): string {
    return this.tasks.name(this.cols[i >>> CHUNK_SHIFT]?.task[i & CHUNK_MASK] ?? 0) ?? '?';
  }

  /** The task number of event i (this log's, in first-use order): scans compare numbers, not names. */
  taskIdAt(i: number): number {
    return this.cols[i >>> CHUNK_SHIFT]?.task[i & CHUNK_MASK] ?? 0;
  }

  taskName(id: number): string {
    return this.tasks.name(id) ?? '?';
  }

  cpuAt(i: number): number {
    return this.cols[i >>> CHUNK_SHIFT]?.cpu[i & CHUNK_MASK] ?? 0;
  }

  aAt(i: number): number {
    return this.cols[i >>> CHUNK_SHIFT]?.a[i & CHUNK_MASK] ?? 0;
  }

  bAt(i: number): number {
    return this.cols[i >>> CHUNK_SHIFT]?.b[i & CHUNK_MASK] ?? 0;
  }

  /** The payload of event i, or null (no SimEvent built: for scans over many events). */
  payloadAt(i: number): EventPayload | null {
    return this.cols[i >>> CHUNK_SHIFT]?.payload[i & CHUNK_MASK] ?? null;
  }

  get(i: number): SimEvent {
    if (i < 0 || i >= this.length) throw new RangeError(`event ${i} out of range 0..${this.length - 1}`);
    const c = this.cols[i >>> CHUNK_SHIFT]!;
    const j = i & CHUNK_MASK;
    return {
      index: i,
      kind: this.kindName(c.kind[j]!),
      ns: c.ns[j]!,
      step: c.step[j]!,
      cpu: c.cpu[j]!,
      task: this.tasks.name(c.task[j]!) ?? '?',
      a: c.a[j]!,
      b: c.b[j]!,
      payload: c.payload[j] ?? null,
    };
  }

  /** Index of the first event with ns >= t (binary search; times never decrease). */
  indexAtTime(t: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.nsAt(mid) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Events in [from, to) that carry a payload, in order. */
  *withPayload(from = 0, to = this.length): Generator<SimEvent> {
    const end = Math.min(to, this.length);
    for (let i = Math.max(0, from); i < end; i++) if (this.payloadAt(i) !== null) yield this.get(i);
  }

  byteSize(): number {
    return this.cols.length * CHUNK * (2 + 4 + 8 + 1 + 4 + 8 + 8);
  }
}
