// Everything the simulation reports goes through the Recorder. While the
// first run records, it appends; while a seek replays, it only counts events
// and stops the run at the target, so replays never duplicate output.
import { CHUNK as W_CHUNK, CHUNK_MASK as W_CHUNK_MASK, CHUNK_SHIFT as W_CHUNK_SHIFT, EventLog, eventKind, type EventKind, type EventPayload } from './events.ts';
import { Interner } from './intern.ts';
import type { Clock } from './clock.ts';

export type LogLevel = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7;
export const KERN_EMERG = 0;
export const KERN_ALERT = 1;
export const KERN_CRIT = 2;
export const KERN_ERR = 3;
export const KERN_WARNING = 4;
export const KERN_NOTICE = 5;
export const KERN_INFO = 6;
export const KERN_DEBUG = 7;

export interface PrintkLine {
  event: number;
  ns: number;
  level: LogLevel;
  text: string;
  /** Set on lines a user-space program wrote to its stdout (its comm): not part of dmesg. */
  stdout?: string;
}

export type FindingValue = string | number | boolean | readonly string[];

export interface Finding {
  kind: string;
  title: string;
  step: number;
  event: number;
  /** Kind-specific fields; addresses as 0x-prefixed lower-case hex. */
  fields: Record<string, FindingValue>;
}

/** Who wrote a byte range: the provenance behind the hex view. */
export interface WriteRecord {
  event: number;
  phys: number;
  len: number;
  writer: string;
}

/** Thrown through the simulation when a replay reaches its target event. */
export class StopReplay {
  readonly stop = true;
}
const STOP = new StopReplay();

export class EventLimitError extends Error {}

/** A function as kallsyms names it: "name" or "name [module]". */
export interface CallSite {
  readonly name: string;
  readonly module: string | null;
}

export interface RecorderContext {
  step: number;
  cpu: number;
  task: string;
  /** The function the step's code runs as: what allocators record as their caller (_RET_IP_). */
  caller: CallSite;
}

/** Boot runs as start_kernel() until a step names its own caller. */
export const BOOT_CALLER: CallSite = { name: 'start_kernel', module: null };

// the write log grows by chunks of the event log's size (events.ts)
interface WriteChunk {
  event: Int32Array;
  phys: Float64Array;
  len: Int32Array;
  writer: Uint16Array;
}

function newWriteChunk(): WriteChunk {
  return { event: new Int32Array(W_CHUNK), phys: new Float64Array(W_CHUNK), len: new Int32Array(W_CHUNK), writer: new Uint16Array(W_CHUNK) };
}

export class Recorder {
  readonly log = new EventLog();
  readonly dmesg: PrintkLine[] = [];
  readonly findings: Finding[] = [];
  /** Columnar write log for provenance queries, in fixed chunks that are never copied. */
  private readonly wChunks: WriteChunk[] = [];
  private readonly writers = new Interner();
  /** The last two writers and their ids: stores come in runs from one or two writers, so most skip the interner's map. */
  private lastWriter = '';
  private lastWriterId = -1;
  private prevWriter = '';
  private prevWriterId = -1;
  writes = 0;

  /** Events emitted so far in the run being executed (record or replay). */
  pos = 0;
  replaying = false;
  private stopAt = -1;
  ctx: RecorderContext = { step: -1, cpu: 0, task: 'swapper/0', caller: BOOT_CALLER };
  private taskCache = { name: '', id: -1 };

  constructor(
    readonly clock: Clock,
    readonly maxEvents: number,
  ) {}

  startReplay(fromPos: number, stopAt: number): void {
    this.replaying = true;
    this.pos = fromPos;
    this.stopAt = stopAt;
  }

  endReplay(): void {
    this.replaying = false;
    this.stopAt = -1;
  }

  /** Called before each step: a replay targeting this boundary stops before the step touches anything. */
  checkStop(): void {
    if (this.pos === this.stopAt) throw STOP;
  }

  /** Announce an event; the state changes that follow belong to it. Returns its index. */
  emit(kind: EventKind, a = 0, b = 0, payload: EventPayload | null = null): number {
    if (this.replaying) {
      if (this.pos === this.stopAt) throw STOP;
      return this.pos++;
    }
    if (this.pos >= this.maxEvents) throw new EventLimitError(`event limit reached: a scenario may produce at most ${this.maxEvents} events`);
    const ctx = this.ctx;
    if (this.taskCache.name !== ctx.task) this.taskCache = { name: ctx.task, id: this.log.taskId(ctx.task) };
    this.log.append(this.log.kindId(kind), ctx.step, this.clock.ns, ctx.cpu, this.taskCache.id, a, b, payload);
    return this.pos++;
  }

  /** Index of the event the current state changes belong to. */
  get current(): number {
    return this.pos - 1;
  }

  printk(level: LogLevel, text: string): void {
    if (this.replaying) return;
    for (const line of text.split('\n')) this.dmesg.push({ event: this.current, ns: this.clock.ns, level, text: line });
  }

  /** A user-space program's printf(): shown beside the kernel log, never in dmesg. */
  stdout(comm: string, text: string): void {
    if (this.replaying) return;
    for (const line of text.split('\n')) this.dmesg.push({ event: this.current, ns: this.clock.ns, level: 6, text: line, stdout: comm });
  }

  finding(kind: string, title: string, fields: Record<string, FindingValue>): void {
    if (this.replaying) return;
    this.findings.push({ kind, title, step: this.ctx.step, event: this.current, fields });
  }

  wrote(phys: number, len: number, writer: string): void {
    if (this.replaying) return;
    const i = this.writes;
    const ci = i >>> W_CHUNK_SHIFT;
    if (ci === this.wChunks.length) this.wChunks.push(newWriteChunk());
    const c = this.wChunks[ci]!;
    const j = i & W_CHUNK_MASK;
    c.event[j] = this.current;
    c.phys[j] = phys;
    c.len[j] = len;
    let id: number;
    if (writer === this.lastWriter && this.lastWriterId >= 0) id = this.lastWriterId;
    else if (writer === this.prevWriter && this.prevWriterId >= 0) id = this.prevWriterId;
    else id = this.writers.id(writer);
    if (id !== this.lastWriterId) {
      this.prevWriter = this.lastWriter;
      this.prevWriterId = this.lastWriterId;
      this.lastWriter = writer;
      this.lastWriterId = id;
    }
    c.writer[j] = id;
    this.writes = i + 1;
  }

  /** Write record i (0 <= i < writes), in the order written. */
  writeAt(i: number): WriteRecord {
    if (i < 0 || i >= this.writes) throw new RangeError(`write ${i} out of range 0..${this.writes - 1}`);
    const c = this.wChunks[i >>> W_CHUNK_SHIFT]!;
    const j = i & W_CHUNK_MASK;
    return { event: c.event[j]!, phys: c.phys[j]!, len: c.len[j]!, writer: this.writers.name(c.writer[j]!)! };
  }

  /** Every write record that touched [phys, phys+len) before event `before`, oldest first. */
  writesIn(phys: number, len: number, before: number): WriteRecord[] {
    const out: WriteRecord[] = [];
    for (let i = 0; i < this.writes; i++) {
      const c = this.wChunks[i >>> W_CHUNK_SHIFT]!;
      const j = i & W_CHUNK_MASK;
      const ev = c.event[j]!;
      if (ev >= before) break;
      const p = c.phys[j]!;
      const l = c.len[j]!;
      if (p + l <= phys || p >= phys + len) continue;
      out.push({ event: ev, phys: p, len: l, writer: this.writers.name(c.writer[j]!)! });
    }
    return out;
  }

  /** The last write before event `before` that covered each byte of [phys, phys+len). */
  provenance(phys: number, len: number, before: number): (WriteRecord | null)[] {
    const out: (WriteRecord | null)[] = new Array<WriteRecord | null>(len).fill(null);
    let left = len;
    for (let i = this.writes - 1; i >= 0 && left > 0; i--) {
      const c = this.wChunks[i >>> W_CHUNK_SHIFT]!;
      const j = i & W_CHUNK_MASK;
      const ev = c.event[j]!;
      if (ev >= before) continue;
      const p = c.phys[j]!;
      const l = c.len[j]!;
      const lo = Math.max(p, phys);
      const hi = Math.min(p + l, phys + len);
      if (lo >= hi) continue;
      let rec: WriteRecord | null = null;
      for (let x = lo; x < hi; x++) {
        if (out[x - phys] !== null) continue;
        rec ??= { event: ev, phys: p, len: l, writer: this.writers.name(c.writer[j]!)! };
        out[x - phys] = rec;
        left--;
      }
    }
    return out;
  }
}

export { eventKind, type EventKind };
