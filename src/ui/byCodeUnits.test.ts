import { describe, expect, it } from 'vitest';
import { byCodeUnits } from './byCodeUnits.ts';

describe('byCodeUnits', () => {
  it('orders by code units, equal names tie', () => {
    expect(['slub-double-free', 'lockdep-abba', 'Zeta', 'a_b', 'a-b', 'a1'].sort(byCodeUnits)).toEqual(['Zeta', 'a-b', 'a1', 'a_b', 'lockdep-abba', 'slub-double-free']);
    expect(byCodeUnits('x', 'x')).toBe(0);
  });
});
