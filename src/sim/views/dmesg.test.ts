import { describe, expect, it } from 'vitest';
import type { PrintkLine } from '../engine/recorder.ts';
import { dmesgText, formatPrintk, linesBefore, stdoutText } from './dmesg.ts';

const lines: PrintkLine[] = [
  { event: 0, ns: 0, level: 5, text: 'Linux version 6.8.0' },
  { event: 3, ns: 50_444_066_123, level: 4, text: 'WARNING: bad unlock balance detected!' },
  { event: 3, ns: 50_444_100_000, level: 6, text: 'alloced 0', stdout: 'testf' },
  { event: 7, ns: 51_000_000_000, level: 3, text: 'BUG: scheduling while atomic' },
];

describe('dmesg text', () => {
  it('prints the kernel timestamp layout', () => {
    expect(formatPrintk(lines[1]!)).toBe('[   50.444066] WARNING: bad unlock balance detected!');
  });

  it('keeps user-space output out of dmesg and in stdout', () => {
    expect(dmesgText(lines)).toBe('[    0.000000] Linux version 6.8.0\n[   50.444066] WARNING: bad unlock balance detected!\n[   51.000000] BUG: scheduling while atomic\n');
    expect(stdoutText(lines)).toBe('testf: alloced 0\n');
  });

  it('shows only lines of events before the cursor', () => {
    expect(linesBefore(lines, 3)).toBe(1);
    expect(linesBefore(lines, 4)).toBe(3);
    expect(dmesgText(lines, 4)).not.toContain('scheduling while atomic');
    expect(stdoutText(lines, 3)).toBe('');
  });
});
