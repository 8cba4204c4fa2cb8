// One dmesg terminal: xterm.js, read-only, with its fit and search addons, the panel's keys and the
// timestamp links, written to by DmesgSync. The panel makes a second one, not opened, to build the
// full scrollback in after a start-over, and swaps it in for the first (swapFrom).
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { Terminal, type ITheme } from '@xterm/xterm';
import type { TermLike } from './dmesgSync.ts';
import { lineHandle, lineOfRow } from './lineAt.ts';
import { placeAfterSwap } from './swapPlace.ts';
import { terminalKeys } from './terminalKeys.ts';

/** Lines kept; the terminal keeps more rows, so wrapped lines never push out one it still counts. */
export const SCROLLBACK = 5000;
const SCROLLBACK_ROWS = SCROLLBACK * 4;

export interface DmesgTermOptions {
  theme: ITheme;
  /** Escape, Tab or Shift+Tab leave the terminal. */
  leave: () => void;
  /** A click on the timestamp of the terminal's line `k` (0-based among the lines written). */
  goToLine: (k: number) => void;
}

export class DmesgTerm implements TermLike {
  readonly term: Terminal;
  readonly search = new SearchAddon();
  private readonly fitAddon = new FitAddon();
  /** Told when each write has been parsed. */
  written: (() => void) | null = null;

  constructor(o: DmesgTermOptions) {
    const term = new Terminal({
      disableStdin: true,
      convertEol: false,
      scrollback: SCROLLBACK_ROWS,
      // the search addon highlights matches with decorations
      allowProposedApi: true,
      fontFamily: '"DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace',
      fontSize: 12,
      lineHeight: 1.1,
      cursorStyle: 'bar',
      cursorInactiveStyle: 'none',
      theme: o.theme,
    });
    this.term = term;
    term.loadAddon(this.fitAddon);
    term.loadAddon(this.search);
    term.attachCustomKeyEventHandler(terminalKeys({ leave: o.leave, scrollPages: (n) => term.scrollPages(n) }));
    // a line's timestamp (or a program's comm) goes to the event that printed the line
    term.registerLinkProvider({
      provideLinks(y, callback) {
        const line = term.buffer.active.getLine(y - 1);
        const n = line && !line.isWrapped ? lineHandle(line.translateToString(true)) : 0;
        if (n === 0) return callback(undefined);
        callback([
          {
            range: { start: { x: 1, y }, end: { x: n, y } },
            text: line!.translateToString(true).slice(0, n),
            decorations: { pointerCursor: true, underline: true },
            activate: () => {
              const k = lineOfRow(term.buffer.active, y - 1);
              if (k >= 0) o.goToLine(k);
            },
          },
        ]);
      },
    });
  }

  get opened(): boolean {
    return this.term.element !== undefined;
  }

  // after what was written before it is parsed (writes are parsed later; reset() acts at once)
  reset(): void {
    this.term.write('', () => this.term.reset());
  }

  write(data: string, cb?: () => void): void {
    this.term.write(data, () => {
      cb?.();
      this.written?.();
    });
  }

  scrollToBottom(): void {
    this.term.scrollToBottom();
  }

  markLine(): () => number {
    const m = this.term.registerMarker(0);
    return () => m.line;
  }

  scrollToLine(row: number): void {
    if (row >= 0) this.term.scrollToLine(row);
  }

  // Once open, xterm 6 brings its scrollbar up to date on every line that scrolls: lines are
  // parsed before it is opened where they can be, a write several times cheaper
  open(el: HTMLElement): void {
    if (this.opened) return;
    this.term.open(el);
    // the panel itself is the tab stop: xterm's hidden input stays out of the tab order
    this.term.textarea?.setAttribute('tabindex', '-1');
    this.fit();
  }

  fit(): void {
    try {
      this.fitAddon.fit();
    } catch {
      // not laid out yet
    }
  }

  /**
   * As wide as `t`, so lines wrap into the same rows; a row taller when it is to be swapped in for
   * `t`: fitted to the panel as it opens, it is resized, which gives its scrollbar its height.
   */
  sizeLike(t: DmesgTerm, taller = false): void {
    const rows = t.term.rows + (taller ? 1 : 0);
    if (this.term.cols !== t.term.cols || this.term.rows !== rows) this.term.resize(t.term.cols, rows);
  }

  /**
   * Opens this terminal in `el` in place of `old` (disposed), keeping what the user sees: the same
   * lines in view (or the bottom), the selection, and focus. Row 0 of `old` is row `offset` here.
   */
  swapFrom(old: DmesgTerm, el: HTMLElement, offset: number): void {
    const buf = old.term.buffer.active;
    const place = old.opened ? placeAfterSwap({ viewportY: buf.viewportY, baseY: buf.baseY, cols: old.term.cols, selection: old.term.getSelectionPosition() }, offset) : { top: 'bottom' as const, select: null };
    const focused = old.opened && old.term.textarea !== undefined && document.activeElement === old.term.textarea;
    this.sizeLike(old, true);
    // scrolled before it is opened: once open, a scroll goes through its scrollbar, which has no
    // height until the terminal resizes. Losing its extra row as it opens moves the view down one.
    if (place.top === 'bottom') this.term.scrollToBottom();
    else this.term.scrollToLine(Math.max(0, place.top - 1));
    let resized = false;
    const sub = this.term.onResize(() => {
      resized = true;
    });
    this.open(el);
    sub.dispose();
    // the panel grew by that row meanwhile: a row more and back, for the scrollbar
    if (!resized) {
      this.term.resize(this.term.cols, this.term.rows + 1);
      this.term.resize(this.term.cols, this.term.rows - 1);
    }
    // both in one task: the page is never painted between them
    old.written = null;
    old.term.dispose();
    if (place.select) this.term.select(...place.select);
    if (focused) this.term.focus();
  }

  /** Disposed once what it was given is parsed (xterm parses a write queued before dispose() later). */
  dispose(): void {
    this.term.write('', () => this.term.dispose());
  }
}
