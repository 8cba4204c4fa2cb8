// dmesg up to the cursor in xterm.js: read-only, colored by log level.
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef } from 'react';
import { useController } from '../context.ts';
import { DmesgSync, type TermLike } from '../dmesgSync.ts';
import type { AppState } from '../store.ts';

const SCROLLBACK = 5000;

function xtermAdapter(term: Terminal): TermLike {
  return {
    reset: () => term.reset(),
    write: (data, cb) => term.write(data, cb),
    scrollToBottom: () => term.scrollToBottom(),
    markLine: () => {
      const m = term.registerMarker(0);
      return () => m.line;
    },
    scrollToLine: (row) => row >= 0 && term.scrollToLine(row),
  };
}

/** When the event just applied reported a finding, the terminal shows its report from the first line. */
function focusEvent(s: AppState): number {
  const last = (s.moment?.cursor ?? 0) - 1;
  return last >= 0 && (s.info?.findings ?? []).some((f) => f.event === last) ? last : -1;
}

export function Dmesg() {
  const c = useController();
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const term = new Terminal({
      disableStdin: true,
      convertEol: false,
      scrollback: SCROLLBACK,
      fontFamily: '"DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace',
      fontSize: 12,
      lineHeight: 1.1,
      cursorStyle: 'bar',
      cursorInactiveStyle: 'none',
      theme: { background: '#0b0e13', foreground: '#c9d1d9', cursor: '#0b0e13', selectionBackground: '#264f78' },
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(el);
    const refit = () => {
      try {
        fit.fit();
      } catch {
        // not laid out yet
      }
    };
    refit();
    const ro = new ResizeObserver(refit);
    ro.observe(el);
    const sync = new DmesgSync(xtermAdapter(term), (from, to) => c.dmesg(from, to), (e) => c.notify({ level: 'error', title: 'dmesg', lines: [e instanceof Error ? e.message : String(e)] }), SCROLLBACK);
    const push = (s: AppState) => {
      if (s.moment) sync.update({ generation: s.generation, lines: s.moment.dmesgLines, focusEvent: focusEvent(s) });
    };
    push(c.store.getState());
    const unsub = c.store.subscribe((s, prev) => {
      if (s.moment !== prev.moment || s.generation !== prev.generation) push(s);
    });
    return () => {
      unsub();
      ro.disconnect();
      term.dispose();
    };
  }, [c]);

  return <div className="dmesg" ref={host} aria-label="dmesg" data-testid="dmesg" />;
}
