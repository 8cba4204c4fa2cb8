// Global keys: ←/→ step, Shift+←/→ ten events, Home/End, space play/pause; n/N the next/previous
// finding's evidence, w/W the next/previous write to the byte picked in the hex view, s/S over a
// whole scenario step forward/back; ? the list of keys (KEYS, shown by the help overlay).
import type { Controller } from './controller/controller.ts';
import { stepFinding, stepScenario, stepWrite } from './evidence.ts';

/** Every global key, as the help overlay lists it: the handler below is checked against this table. */
export interface KeyBinding {
  keys: readonly string[];
  does: string;
}

export const KEYS: readonly KeyBinding[] = [
  { keys: ['←', '→'], does: 'step one event back / forward' },
  { keys: ['Shift+←', 'Shift+→'], does: 'step ten events back / forward' },
  { keys: ['Home', 'End'], does: 'go to the first / last event' },
  { keys: ['Space'], does: 'play / pause' },
  { keys: ['n', 'N'], does: "next / previous finding's evidence" },
  { keys: ['w', 'W'], does: 'next / previous write to the byte picked in the hex view' },
  { keys: ['s', 'S'], does: 'next / previous scenario step' },
  { keys: ['?'], does: 'show this list of keys' },
  { keys: ['Esc'], does: 'close this list' },
];

/** What the page does beyond the controller: the help overlay. */
export interface KeyHooks {
  help?: () => void;
}

/** Keys typed into fields, menus, buttons or the terminal are theirs, not ours. */
function ownsKeys(t: EventTarget | null, key: string): boolean {
  if (!(t instanceof HTMLElement)) return false;
  if (t.isContentEditable) return true;
  // the read-only terminal takes no input: its hidden textarea must not swallow our keys
  if (t.closest('.xterm')) return false;
  // a focused splitter moves with the arrows, Home and End (and Enter collapses it)
  if (t.getAttribute('role') === 'separator') return true;
  const tag = t.tagName;
  if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return true;
  // space and enter on a focused button press it
  return (tag === 'BUTTON' || tag === 'A') && (key === ' ' || key === 'Enter');
}

export function handleKey(c: Controller, e: KeyboardEvent, hooks: KeyHooks = {}): boolean {
  if (e.ctrlKey || e.metaKey || e.altKey || ownsKeys(e.target, e.key)) return false;
  switch (e.key) {
    case 'ArrowLeft':
      c.player.stop();
      c.cursor.step(e.shiftKey ? -10 : -1);
      return true;
    case 'ArrowRight':
      c.player.stop();
      c.cursor.step(e.shiftKey ? 10 : 1);
      return true;
    case 'Home':
      c.cursor.toStart();
      return true;
    case 'End':
      c.cursor.toEnd();
      return true;
    case ' ':
      c.player.toggle();
      return true;
    case 'n':
    case 'N':
      void stepFinding(c, e.shiftKey ? -1 : 1);
      return true;
    case 'w':
    case 'W':
      void stepWrite(c, e.shiftKey ? -1 : 1);
      return true;
    case 's':
    case 'S':
      void stepScenario(c, e.shiftKey ? -1 : 1);
      return true;
    case '?':
      if (!hooks.help) return false;
      hooks.help();
      return true;
  }
  return false;
}

export function installKeyboard(c: Controller, hooks: KeyHooks = {}): () => void {
  const on = (e: KeyboardEvent) => {
    if (handleKey(c, e, hooks)) e.preventDefault();
  };
  window.addEventListener('keydown', on);
  return () => window.removeEventListener('keydown', on);
}
