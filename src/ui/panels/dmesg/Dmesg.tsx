// dmesg up to the cursor in xterm.js: read-only, colored by log level. The terminal takes no
// input, so it keeps no keys: Tab and Shift+Tab move on, Escape leaves it, and the app's keys
// (←/→/Home/End/space) step the cursor while it has focus (terminalKeys.ts). Each line's
// timestamp is a link to the event that printed it; the tools above search the log (matches
// highlighted by @xterm/addon-search) and copy or save it and the run's report.
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef, useState } from 'react';
import { terminalTheme, useShownTheme } from '../../canvasTheme.ts';
import { useController } from '../../context.ts';
import { toDmesgLine } from '../../evidence.ts';
import type { RunSlot } from '../../store.ts';
import { DmesgSync, type TermLike } from './dmesgSync.ts';
import { DmesgTools, type TermHandle } from './DmesgTools.tsx';
import { lineHandle, lineOfRow } from './lineAt.ts';
import { terminalKeys } from './terminalKeys.ts';

/** Lines kept; the terminal keeps more rows, so wrapped lines never push out one it still counts. */
const SCROLLBACK = 5000;
const SCROLLBACK_ROWS = SCROLLBACK * 4;

/** `written` is told when each write has been parsed. */
function xtermAdapter(term: Terminal, written: () => void): TermLike {
  return {
    // after what was written before it is parsed (writes are parsed later; reset() acts at once)
    reset: () => term.write('', () => term.reset()),
    write: (data, cb) =>
      term.write(data, () => {
        cb?.();
        written();
      }),
    scrollToBottom: () => term.scrollToBottom(),
    markLine: () => {
      const m = term.registerMarker(0);
      return () => m.line;
    },
    scrollToLine: (row) => row >= 0 && term.scrollToLine(row),
  };
}

/** When the event just applied reported a finding, the terminal shows its report from the first line. */
function focusEvent(r: RunSlot): number {
  const last = (r.moment?.cursor ?? 0) - 1;
  return last >= 0 && (r.info?.findings ?? []).some((f) => f.event === last) ? last : -1;
}

function Dmesg({ onReady }: { onReady: (h: TermHandle | null) => void }) {
  const c = useController();
  const host = useRef<HTMLDivElement>(null);
  const termRef = useRef<Terminal | null>(null);
  const theme = useShownTheme();

  useEffect(() => {
    const el = host.current;
    if (!el) return;
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
      theme: terminalTheme(theme),
    });
    termRef.current = term;
    const fit = new FitAddon();
    term.loadAddon(fit);
    const search = new SearchAddon();
    term.loadAddon(search);
    term.attachCustomKeyEventHandler(terminalKeys({ leave: () => el.focus(), scrollPages: (n) => term.scrollPages(n) }));
    const onHostKey = terminalKeys({ leave: () => {}, scrollPages: (n) => term.scrollPages(n) });
    const hostKey = (e: KeyboardEvent) => {
      if (e.target === el) onHostKey(e);
    };
    el.addEventListener('keydown', hostKey);
    const refit = () => {
      try {
        fit.fit();
      } catch {
        // not laid out yet
      }
    };
    // Once open, xterm 6 brings its scrollbar up to date on every line that scrolls: the lines the
    // panel starts with are parsed before it is opened (it opens when they are), a write several times cheaper
    let opened = false;
    const openTerm = () => {
      if (opened) return;
      opened = true;
      term.open(el);
      // the panel itself is the tab stop: xterm's hidden input stays out of the tab order
      term.textarea?.setAttribute('tabindex', '-1');
      refit();
    };
    const ro = new ResizeObserver(() => opened && refit());
    ro.observe(el);
    const sync = new DmesgSync(
      xtermAdapter(term, openTerm),
      (from, to, t) => c.views.view(t.generation, 'dmesg', { from, to }, t.at),
      (e) => c.notices.notify({ level: 'error', title: 'dmesg', lines: [e instanceof Error ? e.message : String(e)] }),
      SCROLLBACK,
    );
    const push = (r: RunSlot) => {
      // a moment without lines: nothing to write first
      if (r.id !== null && r.moment?.dmesgLines === 0) openTerm();
      if (r.id !== null && r.moment) sync.update({ generation: r.id, at: r.moment.cursor, lines: r.moment.dmesgLines, focusEvent: focusEvent(r) });
      // no run (the engine was restarted): the lines of the one gone go too
      else if (r.id === null) sync.update({ generation: 0, at: 0, lines: 0, focusEvent: -1 });
    };
    // a line's timestamp (or a program's comm) goes to the event that printed the line
    const links = term.registerLinkProvider({
      provideLinks(y, callback) {
        const buf = term.buffer.active;
        const line = buf.getLine(y - 1);
        const n = line && !line.isWrapped ? lineHandle(line.translateToString(true)) : 0;
        if (n === 0) return callback(undefined);
        callback([
          {
            range: { start: { x: 1, y }, end: { x: n, y } },
            text: line!.translateToString(true).slice(0, n),
            decorations: { pointerCursor: true, underline: true },
            activate: () => {
              const k = lineOfRow(term.buffer.active, y - 1);
              if (k >= 0) void toDmesgLine(c, sync.firstLine + k);
            },
          },
        ]);
      },
    });
    onReady({ term, search, sync });
    push(c.run());
    const unsub = c.store.subscribe((s, prev) => {
      if (s.runs.a.moment !== prev.runs.a.moment || s.runs.a.id !== prev.runs.a.id) push(s.runs.a);
    });
    return () => {
      onReady(null);
      links.dispose();
      unsub();
      el.removeEventListener('keydown', hostKey);
      ro.disconnect();
      termRef.current = null;
      term.dispose();
    };
  }, [c]);

  // the theme switched: the terminal follows (its colors are options, not CSS)
  useEffect(() => {
    if (termRef.current) termRef.current.options.theme = terminalTheme(theme);
  }, [theme]);

  return <div className="dmesg" ref={host} tabIndex={0} role="region" aria-label="dmesg" data-testid="dmesg" />;
}

export function DmesgPanel() {
  const [handle, setHandle] = useState<TermHandle | null>(null);
  return (
    <section className="panel dmesg-panel" aria-label="Kernel log">
      <div className="dmesg-head">
        <h2>dmesg</h2>
        <DmesgTools handle={handle} />
      </div>
      <Dmesg onReady={setHandle} />
    </section>
  );
}
