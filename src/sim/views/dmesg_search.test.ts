import { describe, expect, it } from 'vitest';
import type { PrintkLine } from '../engine/recorder.ts';
import { dmesgLineEvent, dmesgSearch } from './dmesg_search.ts';

const lines: PrintkLine[] = [
  { event: 0, ns: 0, level: 5, text: 'Linux version 6.8.0' },
  { event: 3, ns: 50_444_066_123, level: 3, text: 'BUG TestSlub_RZ_alloc (Not tainted): Right Redzone overwritten' },
  { event: 3, ns: 50_444_100_000, level: 6, text: 'alloced 0', stdout: 'testf' },
  { event: 7, ns: 51_000_000_000, level: 3, text: 'FIX TestSlub_RZ_alloc: Restoring Right Redzone 0xffff888000002080-0xffff888000002080=0xcc' },
];

describe('dmesg search', () => {
  it('finds lines case-insensitively among those before the cursor and counts the later ones', () => {
    expect(dmesgSearch(lines, 'redzone', 4)).toEqual({ lines: [1], later: 1 });
    expect(dmesgSearch(lines, 'REDZONE', 8)).toEqual({ lines: [1, 3], later: 0 });
    expect(dmesgSearch(lines, '', 8)).toEqual({ lines: [], later: 0 });
  });

  it('searches the timestamp and a program\'s comm too', () => {
    expect(dmesgSearch(lines, '50.444066', 8).lines).toEqual([1]);
    expect(dmesgSearch(lines, 'testf', 8).lines).toEqual([2]);
  });

  it('names the event that printed a line', () => {
    expect(dmesgLineEvent(lines, 3)).toBe(7);
    expect(dmesgLineEvent(lines, 4)).toBe(-1);
    expect(dmesgLineEvent(lines, -1)).toBe(-1);
  });
});
