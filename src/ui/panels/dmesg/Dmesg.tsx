// dmesg up to the cursor in xterm.js: read-only, colored by log level. The terminal takes no
// input, so it keeps no keys: Tab and Shift+Tab move on, Escape leaves it, and the app's keys
// (←/→/Home/End/space) step the cursor while it has focus (terminalKeys.ts). Each line's
// timestamp is a link to the event that printed it; the tools above search the log (matches
// highlighted by @xterm/addon-search) and copy or save it and the run's report. After a start-over
// the full scrollback is built in a second terminal and swapped in for the first (dmesgSync.ts).
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef, useState } from 'react';
import { terminalTheme, useShownTheme } from '../../canvasTheme.ts';
import { useController } from '../../context.ts';
import { toDmesgLine } from '../../evidence.ts';
import type { RunSlot } from '../../store.ts';
import { DmesgTerm, SCROLLBACK } from './dmesgTerm.ts';
import { DmesgSync, type Spares } from './dmesgSync.ts';
import { DmesgTools, type TermHandle } from './DmesgTools.tsx';
import { terminalKeys } from './terminalKeys.ts';

/** When the event just applied reported a finding, the terminal shows its report from the first line. */
function focusEvent(r: RunSlot): number {
  const last = (r.moment?.cursor ?? 0) - 1;
  return last >= 0 && (r.info?.findings ?? []).some((f) => f.event === last) ? last : -1;
}

/** Between frames when the page has nothing else to do (at the latest after a quarter second). */
function whenIdle(f: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(() => f(), { timeout: 250 });
  else setTimeout(f, 0);
}

function Dmesg({ onReady }: { onReady: (h: TermHandle | null) => void }) {
  const c = useController();
  const host = useRef<HTMLDivElement>(null);
  /** The terminals alive: the one shown and the one the full scrollback is built in. */
  const terms = useRef(new Set<DmesgTerm>());
  const theme = useShownTheme();
  const themeNow = useRef(theme);

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const live = terms.current;
    const make = () => {
      const t = new DmesgTerm({ theme: terminalTheme(themeNow.current), leave: () => el.focus(), goToLine: (k) => void toDmesgLine(c, sync.firstLine + k) });
      live.add(t);
      return t;
    };
    const first = make();
    // opened once the lines it starts with are parsed (a finding's report, written after them, is
    // then scrolled to in the terminal as it is laid out)
    first.written = () => first.open(el);
    let spare: DmesgTerm | null = null;
    // a swap waits while a mouse button is down in the terminal (a selection being made)
    let pressed = false;
    const spares: Spares<DmesgTerm> = {
      make: () => {
        spare = make();
        spare.sizeLike(sync.terminal, true);
        return spare;
      },
      show: (built, old, offset) => {
        if (pressed) return false;
        built.swapFrom(old, el, offset);
        live.delete(old);
        spare = null;
        onReady({ term: built.term, search: built.search, sync });
        return true;
      },
      drop: (t) => {
        live.delete(t);
        if (spare === t) spare = null;
        t.dispose();
      },
      later: whenIdle,
    };
    const sync = new DmesgSync(
      first,
      (from, to, t) => c.views.view(t.generation, 'dmesg', { from, to }, t.at),
      (e) => c.notices.notify({ level: 'error', title: 'dmesg', lines: [e instanceof Error ? e.message : String(e)] }),
      { keep: SCROLLBACK, spares },
    );
    const onHostKey = terminalKeys({ leave: () => {}, scrollPages: (n) => sync.terminal.term.scrollPages(n) });
    const hostKey = (e: KeyboardEvent) => {
      if (e.target === el) onHostKey(e);
    };
    el.addEventListener('keydown', hostKey);
    const down = () => {
      pressed = true;
    };
    const up = () => {
      if (!pressed) return;
      pressed = false;
      sync.showBuilt();
    };
    el.addEventListener('pointerdown', down, true);
    window.addEventListener('pointerup', up, true);
    window.addEventListener('pointercancel', up, true);
    const ro = new ResizeObserver(() => {
      const t = sync.terminal;
      if (!t.opened) return;
      t.fit();
      spare?.sizeLike(t, true);
    });
    ro.observe(el);
    const push = (r: RunSlot) => {
      // a moment without lines: nothing to write first
      if (r.id !== null && r.moment?.dmesgLines === 0) sync.terminal.open(el);
      if (r.id !== null && r.moment) sync.update({ generation: r.id, at: r.moment.cursor, lines: r.moment.dmesgLines, focusEvent: focusEvent(r) });
      // no run (the engine was restarted): the lines of the one gone go too
      else if (r.id === null) sync.update({ generation: 0, at: 0, lines: 0, focusEvent: -1 });
    };
    onReady({ term: first.term, search: first.search, sync });
    push(c.run());
    const unsub = c.store.subscribe((s, prev) => {
      if (s.runs.a.moment !== prev.runs.a.moment || s.runs.a.id !== prev.runs.a.id) push(s.runs.a);
    });
    return () => {
      onReady(null);
      unsub();
      sync.close();
      el.removeEventListener('keydown', hostKey);
      el.removeEventListener('pointerdown', down, true);
      window.removeEventListener('pointerup', up, true);
      window.removeEventListener('pointercancel', up, true);
      ro.disconnect();
      for (const t of live) t.dispose();
      live.clear();
    };
  }, [c]);

  // the theme switched: the terminals follow (their colors are options, not CSS)
  useEffect(() => {
    themeNow.current = theme;
    for (const t of terms.current) t.term.options.theme = terminalTheme(theme);
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
