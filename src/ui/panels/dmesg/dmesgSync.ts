// Keeps a terminal showing the dmesg lines before the cursor: appends when the
// cursor moves forward, starts over when it moves back or a new run is loaded.
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

export interface DmesgTarget {
  /** The run shown (a new one starts over). */
  generation: number;
  /** The cursor, and the lines printed before it. */
  at: number;
  lines: number;
  /** Event of the finding to bring into view when its lines are written, or -1. */
  focusEvent: number;
}

export class DmesgSync {
  private shown = 0;
  /** The number of the terminal's first line since it last started over. */
  private first = 0;
  private generation = -1;
  private want: DmesgTarget = { generation: -1, at: 0, lines: 0, focusEvent: -1 };
  private running = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly term: TermLike,
    /** Lines [from, to) of the target's run, printed before its cursor. */
    private readonly fetch: (from: number, to: number, target: DmesgTarget) => Promise<DmesgLine[]>,
    private readonly onError: (e: unknown) => void,
    /** At most this many lines are kept (the terminal's scrollback). */
    private readonly keep = 5000,
  ) {}

  get linesShown(): number {
    return this.shown;
  }

  /** The dmesg line number of the terminal's first line (past the scrollback, earlier lines are left out). */
  get firstLine(): number {
    return this.first;
  }

  update(t: DmesgTarget): void {
    this.want = t;
    if (!this.running) void this.loop();
  }

  idle(): Promise<void> {
    return this.running ? new Promise((r) => this.idleWaiters.push(r)) : Promise.resolve();
  }

  private async loop(): Promise<void> {
    this.running = true;
    try {
      for (;;) {
        const w = this.want;
        if (w.generation !== this.generation || w.lines < this.shown || w.lines - this.shown > this.keep) {
          this.term.reset();
          this.generation = w.generation;
          this.shown = Math.max(0, w.lines - this.keep);
          this.first = this.shown;
        }
        if (w.lines === this.shown) break;
        const from = this.shown;
        let lines: DmesgLine[];
        try {
          lines = await this.fetch(from, w.lines, w);
        } catch (e) {
          // the run was replaced meanwhile (and may be gone from the engine): start over on the new one
          if (this.want.generation !== w.generation) continue;
          throw e;
        }
        // a newer run replaced this one meanwhile: the next turn starts over
        if (this.want.generation !== w.generation) continue;
        this.write(lines, w.focusEvent);
        this.shown = from + lines.length;
        if (lines.length === 0) break;
      }
    } catch (e) {
      this.onError(e);
    } finally {
      this.running = false;
      const ws = this.idleWaiters;
      this.idleWaiters = [];
      for (const f of ws) f();
    }
  }

  private write(lines: readonly DmesgLine[], focusEvent: number): void {
    const at = focusEvent < 0 ? -1 : lines.findIndex((l) => l.event === focusEvent);
    const text = (ls: readonly DmesgLine[]) => ls.map((l) => (l.stdout !== undefined ? programLine(l.stdout, l.text) : terminalLine(l.line, l.level))).join('');
    if (at < 0) {
      this.term.write(text(lines), () => this.term.scrollToBottom());
      return;
    }
    // the report of the finding just reached starts here: show its first line, not the tail. Both
    // halves are queued now (a callback runs after its own chunk is parsed, before the next one),
    // so a reset queued meanwhile cannot come between them.
    let row: (() => number) | null = null;
    this.term.write(text(lines.slice(0, at)), () => {
      row = this.term.markLine();
    });
    this.term.write(text(lines.slice(at)), () => {
      if (row) this.term.scrollToLine(row());
    });
  }
}
