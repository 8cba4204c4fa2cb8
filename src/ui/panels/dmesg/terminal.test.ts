import { describe, expect, it } from 'vitest';
import { escapeControl, programLine, terminalLine } from './terminal.ts';

describe('escapeControl', () => {
  it('shows ESC, CSI sequences, OSC and BEL as text', () => {
    expect(escapeControl('a\x1b[2Jb')).toBe('a\\x1b[2Jb');
    expect(escapeControl('\x1b]0;pwned\x07')).toBe('\\x1b]0;pwned\\x07');
  });

  it('escapes the 8-bit C1 controls, DEL, NUL, CR and LF', () => {
    expect(escapeControl('\x9b31m\x7f\x00\r\n')).toBe('\\x9b31m\\x7f\\x00\\x0d\\x0a');
  });

  it('leaves printable text (including non-ASCII) alone and expands tabs', () => {
    expect(escapeControl('BUG kmalloc-64 (Not tainted): Redzone overwritten')).toBe('BUG kmalloc-64 (Not tainted): Redzone overwritten');
    expect(escapeControl('ä→\tx')).toBe('ä→    x');
  });

  it('leaves no control character in any output', () => {
    let all = '';
    for (let c = 0; c < 0x100; c++) all += String.fromCharCode(c);
    expect(/[\u0000-\u001f\u007f-\u009f]/.test(escapeControl(all))).toBe(false);
  });
});

describe('terminalLine', () => {
  it('colors KERN_ERR red and the stamp green, and ends with CRLF', () => {
    const out = terminalLine('[   50.444066] BUG kmalloc-64: Redzone overwritten', 3);
    expect(out).toBe('\x1b[32m[   50.444066]\x1b[0m \x1b[91mBUG kmalloc-64: Redzone overwritten\x1b[0m\r\n');
  });

  it('colors KERN_WARNING yellow and leaves KERN_INFO plain', () => {
    expect(terminalLine('[    0.000000] x', 4)).toContain('\x1b[93mx');
    expect(terminalLine('[    0.000000] x', 6)).toBe('\x1b[32m[    0.000000]\x1b[0m x\r\n');
  });

  it('the only ESC bytes in the output are its own color codes', () => {
    const out = terminalLine('[    1.000000] evil \x1b[8m hidden \x1bc', 6);
    const escs = out.match(/\x1b/g) ?? [];
    expect(escs).toHaveLength(2);
    expect(out).toContain('\\x1b[8m hidden \\x1bc');
  });
});

describe('programLine', () => {
  it('marks a program\'s own output with its comm and escapes both parts', () => {
    expect(programLine('testf', 'WHAT THE HELL (003167b8):')).toBe('\x1b[36mtestf \u2502\x1b[0m WHAT THE HELL (003167b8):\r\n');
    expect(programLine('a\x1b[2J', 'x\x07')).not.toContain('\x1b[2J');
  });
});
