// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { pastedKind, pasteTargetTakesText } from './pasteAnywhere.ts';

describe('paste anywhere', () => {
  it('tells a scenario from a log, and ignores blank text', () => {
    expect(pastedKind('{\n  "format": "kernscope/1", "name": "x"}')).toBe('scenario');
    expect(pastedKind('[   12.000000] BUG: KASAN: use-after-free in foo+0x1/0x2')).toBe('log');
    expect(pastedKind('  \n ')).toBe('none');
  });

  it('leaves pastes into text fields and the editor to them', () => {
    document.body.innerHTML = '<input id="i"><div class="cm-editor"><div id="line" contenteditable="true"><span id="s">x</span></div></div><main id="m"><p id="p">x</p></main>';
    expect(pasteTargetTakesText(document.getElementById('i'))).toBe(true);
    expect(pasteTargetTakesText(document.getElementById('s'))).toBe(true);
    expect(pasteTargetTakesText(document.getElementById('p'))).toBe(false);
    expect(pasteTargetTakesText(document)).toBe(false);
  });
});
