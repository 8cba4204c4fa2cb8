// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { fakeText } from './fakeEngine.ts';
import { handleKey, KEYS } from './keyboard.ts';
import { fakeSetup } from './testing.ts';

async function setup() {
  const { c, store } = fakeSetup();
  await c.loader.open(fakeText('k', 100), { kind: 'editor' }, { at: 50 });
  return { c, store };
}

function key(target: HTMLElement, k: string, shift = false): KeyboardEvent {
  const e = new KeyboardEvent('keydown', { key: k, shiftKey: shift, bubbles: true });
  Object.defineProperty(e, 'target', { value: target });
  return e;
}

describe('handleKey', () => {
  it('steps with arrows (ten with Shift) and jumps with Home/End', async () => {
    const { c, store } = await setup();
    const body = document.body;
    expect(handleKey(c, key(body, 'ArrowRight'))).toBe(true);
    expect(store.getState().runs.a.cursor).toBe(51);
    handleKey(c, key(body, 'ArrowLeft', true));
    expect(store.getState().runs.a.cursor).toBe(41);
    handleKey(c, key(body, 'End'));
    expect(store.getState().runs.a.cursor).toBe(100);
    handleKey(c, key(body, 'Home'));
    expect(store.getState().runs.a.cursor).toBe(0);
    c.player.stop();
  });

  it('leaves keys typed into fields and space on buttons alone', async () => {
    const { c, store } = await setup();
    const input = document.createElement('textarea');
    const button = document.createElement('button');
    expect(handleKey(c, key(input, 'ArrowRight'))).toBe(false);
    expect(handleKey(c, key(button, ' '))).toBe(false);
    expect(store.getState().runs.a.cursor).toBe(50);
    expect(handleKey(c, key(button, 'ArrowRight'))).toBe(true);
  });

  it('leaves every key to a focused splitter', async () => {
    const { c, store } = await setup();
    const sep = document.createElement('div');
    sep.setAttribute('role', 'separator');
    expect(handleKey(c, key(sep, 'ArrowRight'))).toBe(false);
    expect(handleKey(c, key(sep, 'Home'))).toBe(false);
    expect(store.getState().runs.a.cursor).toBe(50);
  });

  it('takes keys from the read-only terminal', async () => {
    const { c, store } = await setup();
    const term = document.createElement('div');
    term.className = 'xterm';
    const helper = document.createElement('textarea');
    term.appendChild(helper);
    document.body.appendChild(term);
    expect(handleKey(c, key(helper, 'ArrowLeft'))).toBe(true);
    expect(store.getState().runs.a.cursor).toBe(49);
  });
});

describe('the key table', () => {
  it('lists every key the handler takes, and ? opens the list', async () => {
    const { c } = await setup();
    let opened = 0;
    const names: Record<string, string> = { '←': 'ArrowLeft', '→': 'ArrowRight', Space: ' ' };
    for (const { keys } of KEYS) {
      for (const k of keys) {
        if (k === 'Esc') continue;
        const shift = k.startsWith('Shift+') || (k.length === 1 && k !== k.toLowerCase());
        const base = k.replace(/^Shift\+/, '');
        expect(handleKey(c, key(document.body, names[base] ?? base, shift), { help: () => opened++ }), k).toBe(true);
      }
    }
    c.player.stop();
    expect(opened).toBe(1);
    // without an overlay to open, ? is left to the page
    expect(handleKey(c, key(document.body, '?'))).toBe(false);
  });
});
