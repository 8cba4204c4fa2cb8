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

function grow<T extends Float64Array | Int32Array | Uint16Array | Uint8Array>(a: T, n: number): T {
  if (n <= a.length) return a;
  const ctor = a.constructor as new (len: number) => T;
  const b = new ctor(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}

export class EventLog {
  length = 0;
  private kind = new Uint16Array(1024);
  private step = new Int32Array(1024);
  private ns = new Float64Array(1024);
  private cpu = new Uint8Array(1024);
  private task = new Int32Array(1024);
  private a = new Float64Array(1024);
  private b = new Float64Array(1024);
  private payloads = new Map<number, EventPayload>();
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
    if (i === this.kind.length) {
      const n = i * 2;
      this.kind = grow(this.kind, n);
      this.step = grow(this.step, n);
      this.ns = grow(this.ns, n);
      this.cpu = grow(this.cpu, n);
      this.task = grow(this.task, n);
      this.a = grow(this.a, n);
      this.b = grow(this.b, n);
    }
    this.kind[i] = kind;
    this.step[i] = step;
    this.ns[i] = ns;
    this.cpu[i] = cpu;
    this.task[i] = task;
    this.a[i] = a;
    this.b[i] = b;
    if (payload !== null) this.payloads.set(i, payload);
    this.length = i + 1;
    return i;
  }

  kindAt(i: number): number {
    return this.kind[i]!;
  }

  nsAt(i: number): number {
    return this.ns[i]!;
  }

  stepAt(i: number): number {
    return this.step[i]!;
  }

  /** The task (comm) of event i. */
  taskAt(i: number): string {
    return this.tasks.name(this.task[i]!) ?? '?';
  }

  /** The task number of event i (this log's, in first-use order): scans compare numbers, not names. */
  taskIdAt(i: number): number {
    return this.task[i]!;
  }

  taskName(id: number): string {
    return this.tasks.name(id) ?? '?';
  }

  cpuAt(i: number): number {
    return this.cpu[i]!;
  }

  aAt(i: number): number {
    return this.a[i]!;
  }

  bAt(i: number): number {
    return this.b[i]!;
  }

  /** The payload of event i, or null (no SimEvent built: for scans over many events). */
  payloadAt(i: number): EventPayload | null {
    return this.payloads.get(i) ?? null;
  }

  get(i: number): SimEvent {
    if (i < 0 || i >= this.length) throw new RangeError(`event ${i} out of range 0..${this.length - 1}`);
    return {
      index: i,
      kind: this.kindName(this.kind[i]!),
      ns: this.ns[i]!,
      step: this.step[i]!,
      cpu: this.cpu[i]!,
      task: this.tasks.name(this.task[i]!) ?? '?',
      a: this.a[i]!,
      b: this.b[i]!,
      payload: this.payloads.get(i) ?? null,
    };
  }

  /** Index of the first event with ns >= t (binary search; times never decrease). */
  indexAtTime(t: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ns[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Events in [from, to) that carry a payload, in order. */
  *withPayload(from = 0, to = this.length): Generator<SimEvent> {
    for (const i of [...this.payloads.keys()].filter((k) => k >= from && k < to).sort((x, y) => x - y)) yield this.get(i);
  }

  byteSize(): number {
    return this.kind.byteLength + this.step.byteLength + this.ns.byteLength + this.cpu.byteLength + this.task.byteLength + this.a.byteLength + this.b.byteLength;
  }
}
