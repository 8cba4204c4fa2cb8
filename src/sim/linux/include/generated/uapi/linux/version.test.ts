import { describe, expect, it } from 'vitest';
import { kernelSince } from './version.ts';

describe('kernelSince', () => {
  it('compares KERNEL_VERSION(a,b,c) codes', () => {
    expect(kernelSince('2.6.25', '2.6.26')).toBe(false);
    expect(kernelSince('2.6.25', '2.6.25')).toBe(true);
    expect(kernelSince('6.8', '2.6.26')).toBe(true);
    expect(kernelSince('6.8', '6.8')).toBe(true);
    expect(kernelSince('5.19', '6.8')).toBe(false);
    expect(kernelSince('5.14-rc1', '5.14')).toBe(true);
    expect(kernelSince('5.14-rc1', '5.15')).toBe(false);
    expect(kernelSince('5.10', '5.9.300')).toBe(true);
    expect(kernelSince('5.9.255', '5.9.300')).toBe(true);
    expect(kernelSince('6.8', '6.8.1')).toBe(false);
    expect(kernelSince('6.8.0.9', '6.8')).toBe(true);
  });

  it('reads components as parseInt does', () => {
    expect(kernelSince('6.x', '6.0')).toBe(true);
    expect(kernelSince('6.x', '6.1')).toBe(false);
    expect(kernelSince(' 6.8', '6.8')).toBe(true);
    expect(kernelSince('6.-1', '6.0')).toBe(false);
    expect(kernelSince('', '0.0.0')).toBe(true);
    expect(kernelSince('6..3', '6.0.3')).toBe(true);
    expect(kernelSince('6..3', '6.0.4')).toBe(false);
  });
});
