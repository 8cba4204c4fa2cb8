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

// Each chunk stores its columns as narrow as the values it has seen allow, and widens a column (a
// copy of the chunk's values so far) the first time one does not fit: a million events of a run
// touch half the fresh memory, which is most of what recording them costs.
interface Columns {
  kind: Uint16Array;
  cpu: Uint8Array;
  step: Int16Array | Int32Array;
  task: Uint16Array | Int32Array;
  /** Offsets from nsBase while every time in the chunk is an integer within 2^32 ns of it, else the times. */
  ns: Uint32Array | Float64Array;
  nsBase: number;
  a: Int32Array | Float64Array;
  b: Int32Array | Float64Array;
  /** Payloads by event, built on the chunk's first payload (most chunks have none): a column, so appending one never rehashes a map. */
  payload: (EventPayload | null)[] | null;
}

function newColumns(ns: number): Columns {
  return { kind: new Uint16Array(CHUNK), cpu: new Uint8Array(CHUNK), step: new Int16Array(CHUNK), task: new Uint16Array(CHUNK), ns: new Uint32Array(CHUNK), nsBase: ns, a: new Int32Array(CHUNK), b: new Int32Array(CHUNK), payload: null };
}

/** An Int32 column's values so far (the first n) in a Float64 column. */
function widenF64(from: Int32Array | Float64Array, n: number): Float64Array {
  const to = new Float64Array(CHUNK);
  for (let j = 0; j < n; j++) to[j] = from[j]!;
  return to;
}

function widenI32(from: Int16Array | Uint16Array, n: number): Int32Array {
  const to = new Int32Array(CHUNK);
  for (let j = 0; j < n; j++) to[j] = from[j]!;
  return to;
}

/** True when v reads back the same from an Int32Array (not -0, not a fraction, not out of range). */
function fitsI32(v: number): boolean {
  return (v | 0) === v && (v !== 0 || 1 / v > 0);
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
    if (ci === this.cols.length) this.cols.push(newColumns(ns));
    const c = this.cols[ci]!;
    const j = i & CHUNK_MASK;
    c.kind[j] = kind;
    c.cpu[j] = cpu;
    if (c.step instanceof Int16Array && (step << 16) >> 16 !== step) c.step = widenI32(c.step, j);
    c.step[j] = step;
    if (c.task instanceof Uint16Array && (task & 0xffff) !== task) c.task = widenI32(c.task, j);
    c.task[j] = task;
    if (c.ns instanceof Uint32Array) {
      const d = ns - c.nsBase;
      if (d >>> 0 === d && c.nsBase + d === ns) c.ns[j] = d;
      else {
        const wide = new Float64Array(CHUNK);
        for (let x = 0; x < j; x++) wide[x] = c.nsBase + c.ns[x]!;
        wide[j] = ns;
        c.ns = wide;
      }
    } else c.ns[j] = ns;
    if (c.a instanceof Int32Array && !fitsI32(a)) c.a = widenF64(c.a, j);
    c.a[j] = a;
    if (c.b instanceof Int32Array && !fitsI32(b)) c.b = widenF64(c.b, j);
    c.b[j] = b;
    if (payload !== null) (c.payload ??= new Array<EventPayload | null>(CHUNK).fill(null))[j] = payload;
    this.length = i + 1;
    return i;
  }

  kindAt(i: number): number {
    return this.cols[i >>> CHUNK_SHIFT]?.kind[i & CHUNK_MASK] ?? 0;
  }

  nsAt(i: number): number {
    const c = this.cols[i >>> CHUNK_SHIFT];
    if (c === undefined) return 0;
    const v = c.ns[i & CHUNK_MASK] ?? 0;
    return c.ns instanceof Uint32Array ? c.nsBase + v : v;
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
    return this.cols[i >>> CHUNK_SHIFT]?.payload?.[i & CHUNK_MASK] ?? null;
  }

  get(i: number): SimEvent {
    if (i < 0 || i >= this.length) throw new RangeError(`event ${i} out of range 0..${this.length - 1}`);
    const c = this.cols[i >>> CHUNK_SHIFT]!;
    const j = i & CHUNK_MASK;
    return {
      index: i,
      kind: this.kindName(c.kind[j]!),
      ns: this.nsAt(i),
      step: c.step[j]!,
      cpu: c.cpu[j]!,
      task: this.tasks.name(c.task[j]!) ?? '?',
      a: c.a[j]!,
      b: c.b[j]!,
      payload: c.payload?.[j] ?? null,
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
    for (let i = Math.max(0, from); i < end; i++) {
      // a chunk without payloads is skipped whole
      if (this.cols[i >>> CHUNK_SHIFT]!.payload === null) {
        i |= CHUNK_MASK;
        continue;
      }
      if (this.payloadAt(i) !== null) yield this.get(i);
    }
  }

  byteSize(): number {
    let n = 0;
    for (const c of this.cols) n += c.kind.byteLength + c.cpu.byteLength + c.step.byteLength + c.task.byteLength + c.ns.byteLength + c.a.byteLength + c.b.byteLength;
    return n;
  }
}
