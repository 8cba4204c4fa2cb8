import { describe, expect, it } from 'vitest';
import { linearScale } from './scale.ts';

describe('linearScale', () => {
  it('maps events to pixels and back', () => {
    const x = linearScale([100, 300], [10, 410]);
    expect(x(100)).toBe(10);
    expect(x(200)).toBe(210);
    expect(x(400)).toBe(610);
    expect(x.invert(210)).toBe(200);
    expect(x.range()).toEqual([10, 410]);
  });
  it('clamped, holds outputs and inverse inputs inside the range', () => {
    const x = linearScale([0, 10], [0, 100]).clamp(true);
    expect(x(20)).toBe(100);
    expect(x(-5)).toBe(0);
    expect(x.invert(150)).toBe(10);
  });
  it('an empty domain maps to the range start', () => {
    const x = linearScale([5, 5], [0, 100]);
    expect(x(5)).toBe(0);
    expect(x.invert(50)).toBe(5);
  });
});
