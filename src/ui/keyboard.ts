// Global keys: ←/→ step, Shift+←/→ ten events, Home/End, space play/pause; n/N the next/previous
// finding's evidence, w/W the next/previous write to the byte picked in the hex view, s/S over a
// whole scenario step forward/back.
import type { Controller } from './controller/controller.ts';
import { stepFinding, stepScenario, stepWrite } from './evidence.ts';

/** Keys typed into fields, menus, buttons or the terminal are theirs, not ours. */
function ownsKeys(t: EventTarget | null, key: string): boolean {
  if (!(t instanceof HTMLElement)) return false;
  if (t.isContentEditable) return true;
  // the read-only terminal takes no input: its hidden textarea must not swallow our keys
  if (t.closest('.xterm')) return false;
  const tag = t.tagName;
  if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return true;
  // space and enter on a focused button press it
  return (tag === 'BUTTON' || tag === 'A') && (key === ' ' || key === 'Enter');
}

export function handleKey(c: Controller, e: KeyboardEvent): boolean {
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
  }
  return false;
}

export function installKeyboard(c: Controller): () => void {
  const on = (e: KeyboardEvent) => {
    if (handleKey(c, e)) e.preventDefault();
  };
  window.addEventListener('keydown', on);
  return () => window.removeEventListener('keydown', on);
}
