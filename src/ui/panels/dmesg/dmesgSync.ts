// Keeps a terminal showing the dmesg lines before the cursor: appends when the
// cursor moves forward, starts over when it moves back or a new run is loaded.
// A start-over fetches and writes only the last lines at once (xterm parses thousands
// of lines in one task, blocking the page for most of a second, and the worker's
// answer of 5,000 lines takes a tenth of one to copy); the lines before them are
// fetched when the page has time, the full scrollback built in a terminal not shown
// yet, a chunk per task, and shown in place of the first one once complete.
import type { DmesgLine } from '../../../worker/protocol.ts';
import { programLine, terminalLine } from './terminal.ts';

export type { DmesgLine };

/** The parts of xterm's Terminal this needs. */
export interface TermLike {
  reset(): void;
  write(data: string, callback?: () => void): void;
  scrollToBottom(): void;
  /** Remembers the line the cursor is on, returns a function giving its buffer row later. */
  markLine(): () => number;
  scrollToLine(row: number): void;
}

/** Terminals to build the full scrollback in, and how the built one replaces the one shown. */
export interface Spares<T extends TermLike> {
  /** A new terminal, not shown, as wide as the one shown (its lines wrap the same). */
  make(): T;
  /**
   * Shows `built` in place of `shown` (thrown away); row 0 of `shown` is row `offset` of `built`.
   * False when not now: showBuilt() is called again later.
   */
  show(built: T, shown: T, offset: number): boolean;
  /** Throws away a terminal never shown. */
  drop(t: T): void;
  /** Runs `f` when the page has time. */
  later(f: () => void): void;
}

export interface SyncOptions<T extends TermLike> {
  /** At most this many lines are kept (the terminal's scrollback). */
  keep?: number;
  /** Without spares, a start-over writes every line into the terminal shown. */
  spares?: Spares<T>;
  /** Lines a start-over writes at once (more when a finding's report starts before them). */
  tail?: number;
  /** Lines per write while building the full scrollback. */
  chunk?: number;
}

export interface DmesgTarget {
  /** The run shown (a new one starts over). */
  generation: number;
  /** The cursor, and the lines printed before it. */
  at: number;
  lines: number;
  /** Event of the finding to bring into view when its lines are written, or -1. */
  focusEvent: number;
}

/** The full scrollback being built after a start-over. */
interface Build<T extends TermLike> {
  /** Made when the first chunk is written (the terminal shown is sized by then). */
  term: T | null;
  /** The dmesg line number of its first line. */
  readonly first: number;
  /** Text still to write, a chunk each; `mark`: the lines the terminal shown starts with come next. */
  readonly queue: { text: string; mark: boolean }[];
  /** The lines before the tail are still to come (fetched when the page has time): the queue waits for them. */
  heading: boolean;
  /** Its row of the first line of the terminal shown, once written. */
  offset: (() => number) | null;
  /** A chunk is scheduled or being parsed. */
  busy: boolean;
  /** Complete, and spares.show() said not now. */
  held: boolean;
}

const text = (ls: readonly DmesgLine[]) => ls.map((l) => (l.stdout !== undefined ? programLine(l.stdout, l.text) : terminalLine(l.line, l.level))).join('');

export class DmesgSync<T extends TermLike = TermLike> {
  private shown = 0;
  /** The number of the terminal's first line since it last started over. */
  private first = 0;
  private generation = -1;
  private want: DmesgTarget = { generation: -1, at: 0, lines: 0, focusEvent: -1 };
  private running = false;
  private idleWaiters: (() => void)[] = [];
  private build: Build<T> | null = null;
  private closed = false;
  private readonly keep: number;
  private readonly spares: Spares<T> | null;
  private readonly tail: number;
  private readonly chunk: number;

  constructor(
    private term: T,
    /** Lines [from, to) of the target's run, printed before its cursor. */
    private readonly fetch: (from: number, to: number, target: DmesgTarget) => Promise<DmesgLine[]>,
    private readonly onError: (e: unknown) => void,
    options: SyncOptions<T> = {},
  ) {
    this.keep = options.keep ?? 5000;
    this.spares = options.spares ?? null;
    this.tail = Math.max(1, options.tail ?? 300);
    this.chunk = Math.max(1, options.chunk ?? 100);
  }

  get linesShown(): number {
    return this.shown;
  }

  /** The dmesg line number of the terminal's first line (past the scrollback, earlier lines are left out). */
  get firstLine(): number {
    return this.first;
  }

  /** The terminal shown (the built one once it is swapped in). */
  get terminal(): T {
    return this.term;
  }

  update(t: DmesgTarget): void {
    if (this.closed) return;
    this.want = t;
    if (!this.running) void this.loop();
  }

  /** Writes nothing more (the terminals are going away). */
  close(): void {
    this.closed = true;
    this.dropBuild();
  }

  /** Resolves when the target is written and the full scrollback built (or held by spares.show()). */
  idle(): Promise<void> {
    return this.busy() ? new Promise((r) => this.idleWaiters.push(r)) : Promise.resolve();
  }

  private busy(): boolean {
    return this.running || (this.build !== null && !this.build.held);
  }

  private settle(): void {
    if (this.busy()) return;
    const ws = this.idleWaiters;
    this.idleWaiters = [];
    for (const f of ws) f();
  }

  private async loop(): Promise<void> {
    this.running = true;
    try {
      for (;;) {
        const w = this.want;
        let fresh = false;
        // lines appended past twice the scrollback: xterm has dropped rows off the top that firstLine still counts
        if (w.generation !== this.generation || w.lines < this.shown || w.lines - this.shown > this.keep || w.lines - this.first > 2 * this.keep) {
          this.dropBuild();
          this.term.reset();
          this.generation = w.generation;
          this.shown = Math.max(0, w.lines - this.keep);
          this.first = this.shown;
          fresh = true;
        }
        if (w.lines === this.shown) break;
        const from = this.shown;
        // a start-over asks for the tail it writes now; the lines before it come later (startOver)
        let ask = fresh && this.spares !== null ? Math.max(from, w.lines - this.tail) : from;
        let lines: DmesgLine[];
        try {
          lines = await this.fetch(ask, w.lines, w);
          // the tail starts inside the finding's report, which is shown from its first line: all of them now
          if (ask > from && w.focusEvent >= 0 && lines[0]?.event === w.focusEvent && this.want.generation === w.generation && !this.closed) {
            lines = (await this.fetch(from, ask, w)).concat(lines);
            ask = from;
          }
        } catch (e) {
          if (this.closed) break;
          // the run was replaced meanwhile (and may be gone from the engine): start over on the new one
          if (this.want.generation !== w.generation) continue;
          throw e;
        }
        if (this.closed) break;
        // a newer run replaced this one meanwhile: the next turn starts over
        if (this.want.generation !== w.generation) continue;
        if (fresh) this.startOver(lines, w.focusEvent, ask - from, w);
        else this.append(lines, w.focusEvent);
        this.shown = ask + lines.length;
        if (lines.length === 0) break;
      }
    } catch (e) {
      this.onError(e);
    } finally {
      this.running = false;
      this.settle();
    }
  }

  /**
   * The lines of a start-over (`missing` lines before them not fetched yet): the last ones now, all
   * of them in a spare terminal as the page has time.
   */
  private startOver(lines: readonly DmesgLine[], focusEvent: number, missing: number, target: DmesgTarget): void {
    let cut = this.spares ? Math.max(0, lines.length - this.tail) : 0;
    // a finding's report is shown from its first line: it is in the lines written now
    const at = focusEvent < 0 ? -1 : lines.findIndex((l) => l.event === focusEvent);
    if (at >= 0) cut = Math.min(cut, at);
    this.write(lines.slice(cut), focusEvent);
    if (cut === 0 && missing === 0) return;
    const b: Build<T> = { term: null, first: this.first, queue: [], offset: null, busy: false, held: false, heading: missing > 0 };
    this.queue(b, lines.slice(0, cut), true);
    this.queue(b, lines.slice(cut), false);
    this.build = b;
    this.first += missing + cut;
    // built once the lines shown now are parsed: they come first
    this.term.write('', () => (b.heading ? this.fetchHead(b, b.first, b.first + missing, cut === 0, target) : this.schedule(b)));
  }

  /** Fetches the lines before those a start-over got, when the page has time, and puts them first in the build's queue. */
  private fetchHead(b: Build<T>, from: number, to: number, mark: boolean, target: DmesgTarget): void {
    if (b !== this.build) return;
    b.busy = true;
    this.spares!.later(() => {
      if (b !== this.build) return;
      this.fetch(from, to, target).then(
        (head) => {
          if (b !== this.build) return;
          const rest = b.queue.splice(0);
          this.queue(b, head, mark);
          b.queue.push(...rest);
          b.heading = false;
          this.schedule(b);
        },
        (e: unknown) => {
          if (b !== this.build) return;
          // the terminal keeps the lines it shows, from its first line on
          this.dropBuild();
          this.settle();
          if (!this.closed && this.want.generation === target.generation) this.onError(e);
        },
      );
    });
  }

  private append(lines: readonly DmesgLine[], focusEvent: number): void {
    this.write(lines, focusEvent);
    const b = this.build;
    if (b === null) return;
    this.queue(b, lines, false);
    if (!b.busy && !b.heading) this.schedule(b);
  }

  private queue(b: Build<T>, lines: readonly DmesgLine[], mark: boolean): void {
    for (let i = 0; i < lines.length; i += this.chunk) {
      const end = Math.min(lines.length, i + this.chunk);
      b.queue.push({ text: text(lines.slice(i, end)), mark: mark && end === lines.length });
    }
  }

  private schedule(b: Build<T>): void {
    if (b !== this.build) return;
    b.busy = true;
    b.held = false;
    this.spares!.later(() => this.pump(b));
  }

  /** Writes the next chunk of the build; the one after it when this one is parsed and the page has time again. */
  private pump(b: Build<T>): void {
    if (b !== this.build) return;
    const next = b.queue.shift();
    if (next === undefined) {
      b.busy = false;
      this.showBuilt();
      return;
    }
    const term = (b.term ??= this.spares!.make());
    term.write(next.text, () => {
      if (next.mark) b.offset = term.markLine();
      if (b === this.build) this.spares!.later(() => this.pump(b));
    });
  }

  /** Swaps the built terminal in when it is complete and still current. */
  showBuilt(): void {
    const b = this.build;
    if (b === null || b.busy || b.heading || b.queue.length > 0) return;
    const shown = this.term;
    // once what the terminal shown was given is parsed, so the place kept is where it ends up
    shown.write('', () => {
      if (b !== this.build || b.busy || b.heading || b.queue.length > 0 || this.term !== shown) return;
      if (b.term === null || b.offset === null) return;
      if (!this.spares!.show(b.term, shown, b.offset())) {
        b.held = true;
      } else {
        this.term = b.term;
        this.first = b.first;
        this.build = null;
      }
      this.settle();
    });
  }

  private dropBuild(): void {
    const b = this.build;
    if (b === null) return;
    this.build = null;
    if (b.term !== null) this.spares!.drop(b.term);
  }

  private write(lines: readonly DmesgLine[], focusEvent: number): void {
    const term = this.term;
    const at = focusEvent < 0 ? -1 : lines.findIndex((l) => l.event === focusEvent);
    if (at < 0) {
      term.write(text(lines), () => term.scrollToBottom());
      return;
    }
    // the report of the finding just reached starts here: show its first line, not the tail. Both
    // halves are queued now (a callback runs after its own chunk is parsed, before the next one),
    // so a reset queued meanwhile cannot come between them.
    let row: (() => number) | null = null;
    term.write(text(lines.slice(0, at)), () => {
      row = term.markLine();
    });
    term.write(text(lines.slice(at)), () => {
      if (row) term.scrollToLine(row());
    });
  }
}
