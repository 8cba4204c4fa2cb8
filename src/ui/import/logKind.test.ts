import { describe, expect, it } from 'vitest';
import { droppedKind } from './logKind.ts';

describe('droppedKind', () => {
  it('runs a scenario and imports everything else', () => {
    expect(droppedKind('x.json', '{"format": "kernscope/1", "name": "a"}')).toBe('scenario');
    expect(droppedKind('scenario.txt', '\uFEFF  {\n  "format":"kernscope/1"')).toBe('scenario');
    expect(droppedKind('bad.json', '{"name": "no format"}')).toBe('scenario');
    expect(droppedKind('dmesg.txt', '[    0.000000] Linux version 6.1.0')).toBe('log');
    expect(droppedKind('journal.json', '[{"MESSAGE": "x"}]')).toBe('log');
    expect(droppedKind('notes.log', '{ not json, a log line in braces }')).toBe('log');
    expect(droppedKind('core', '\u0000\u0001\u0002')).toBe('log');
  });
});
