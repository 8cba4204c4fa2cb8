import { describe, expect, it } from 'vitest';
import { dmesgFileText, exportName } from './exportLog.ts';
import { lineHandle, lineOfRow, type BufferLike } from './lineAt.ts';

function buffer(rows: [string, boolean][]): BufferLike {
  return { length: rows.length, getLine: (y) => (rows[y] ? { isWrapped: rows[y][1], translateToString: () => rows[y]![0] } : undefined) };
}

describe('lineOfRow', () => {
  it('counts wrapped rows as part of the line they continue', () => {
    const b = buffer([
      ['[    0.000000] Linux version', false],
      ['[    1.000000] a very long line', false],
      ['that wrapped', true],
      ['twice', true],
      ['[    2.000000] next', false],
    ]);
    expect([0, 1, 2, 3, 4].map((y) => lineOfRow(b, y))).toEqual([0, 1, 1, 1, 2]);
    expect(lineOfRow(b, 5)).toBe(-1);
    expect(lineOfRow(b, -1)).toBe(-1);
  });
});

describe('lineHandle', () => {
  it('is the timestamp, or a program\'s comm and bar', () => {
    expect(lineHandle('[   50.444066] BUG kmalloc-64')).toBe(14);
    expect(lineHandle('testf \u2502 WHAT THE HELL')).toBe(7);
    expect(lineHandle('continued text')).toBe(0);
  });
});

describe('dmesg export', () => {
  it('writes the kernel lines as dmesg prints them and names the file after the run and moment', () => {
    const lines = [
      { event: 0, ns: 0, level: 6 as const, text: 'a', line: '[    0.000000] a' },
      { event: 1, ns: 0, level: 6 as const, text: 'out', stdout: 'testf', line: '[    0.000000] out' },
      { event: 2, ns: 0, level: 3 as const, text: 'b', line: '[    0.000001] b' },
    ];
    expect(dmesgFileText(lines)).toBe('[    0.000000] a\n[    0.000001] b\n');
    expect(exportName('slub-redzone-overwrite', 'dmesg', 41)).toBe('slub-redzone-overwrite-dmesg-at-41.txt');
    expect(exportName('a b/c', 'report', 0)).toBe('a_b_c-report-at-0.json');
  });
});
