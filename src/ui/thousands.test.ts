import { describe, expect, it } from 'vitest';
import { thousands } from './thousands.ts';

describe('thousands', () => {
  it('groups digits as en-US does', () => {
    for (const n of [0, 7, 999, 1000, 12345, 140911, 1000015, 1234567890, -4321, 1234.5]) expect(thousands(n)).toBe(n.toLocaleString('en-US', { maximumFractionDigits: 20 }));
  });
});
