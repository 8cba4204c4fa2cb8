// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { terminalKeys } from './terminalKeys.ts';

function setup() {
  const calls: string[] = [];
  const handler = terminalKeys({ leave: () => calls.push('leave'), scrollPages: (n) => calls.push(`scroll ${n}`) });
  const press = (key: string, init: KeyboardEventInit = {}, type = 'keydown') => {
    const e = new KeyboardEvent(type, { key, cancelable: true, ...init });
    return { handled: handler(e), prevented: e.defaultPrevented };
  };
  return { calls, press };
}

describe('the read-only terminal keeps no key', () => {
  it('lets the app\'s stepping keys and the rest go on (xterm would stop them)', () => {
    const { calls, press } = setup();
    for (const [key, init] of [
      ['ArrowLeft', {}],
      ['ArrowRight', { shiftKey: true }],
      ['Home', {}],
      ['End', {}],
      [' ', {}],
      ['a', {}],
      ['c', { ctrlKey: true }],
    ] as const) {
      const r = press(key, init);
      expect(r.handled, key).toBe(false);
      // the browser moves focus, the page steps: nothing is cancelled here
      expect(r.prevented, key).toBe(false);
    }
    expect(press('a', {}, 'keypress').handled).toBe(false);
    expect(calls).toEqual([]);
  });

  it('Tab and Shift+Tab go on from the panel, not from the hidden input inside it', () => {
    const { calls, press } = setup();
    expect(press('Tab')).toEqual({ handled: false, prevented: false });
    expect(press('Tab', { shiftKey: true })).toEqual({ handled: false, prevented: false });
    expect(calls).toEqual(['leave', 'leave']);
  });

  it('Escape leaves the terminal; PageUp/PageDown scroll it', () => {
    const { calls, press } = setup();
    expect(press('Escape')).toEqual({ handled: false, prevented: true });
    expect(press('PageUp').handled).toBe(false);
    expect(press('PageDown').handled).toBe(false);
    expect(calls).toEqual(['leave', 'scroll -1', 'scroll 1']);
  });
});
