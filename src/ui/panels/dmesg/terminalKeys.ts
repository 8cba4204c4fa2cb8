// What keys do in the read-only dmesg terminal. xterm.js handles every key its hidden input gets
// and stops it there (Tab included: focus could never leave, and ←/→ never reached the app's
// keyboard stepping). The terminal takes no input, so it handles none: each key goes on to the
// browser (Tab, Shift+Tab move focus) and the page (the app's keys). Escape leaves the terminal
// for its panel; Tab and Shift+Tab move on from the panel (so Shift+Tab goes to the panel before
// it, not back to this one); PageUp/PageDown scroll it.
export interface TerminalKeyActions {
  /** Moves focus out of the terminal to the dmesg panel itself (the tab stop). */
  leave(): void;
  scrollPages(pages: number): void;
}

/** An xterm custom key handler: false means "not the terminal's", which is every key. */
export function terminalKeys(a: TerminalKeyActions): (e: KeyboardEvent) => boolean {
  return (e) => {
    if (e.type !== 'keydown' || e.ctrlKey || e.metaKey || e.altKey) return false;
    if (e.key === 'Tab') {
      // the browser moves focus on from where focus is when it acts: the panel, not its hidden input
      a.leave();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      a.leave();
    } else if (e.key === 'PageUp' || e.key === 'PageDown') {
      e.preventDefault();
      a.scrollPages(e.key === 'PageUp' ? -1 : 1);
    }
    return false;
  };
}
