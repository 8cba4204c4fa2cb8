import { describe, expect, it } from 'vitest';
import { moved, transferables } from './transfer.ts';

describe('transferables', () => {
  it('finds the buffers of the typed arrays in an answer, once each', () => {
    const bytes = new Uint8Array(8);
    const owners = new Uint16Array(4);
    const answer = [{ bytes, writer: new Int32Array(2), nested: { owners, again: owners } }, 'text', 3, null];
    const found = transferables(answer);
    expect(found).toHaveLength(3);
    expect(found).toContain(bytes.buffer);
    expect(found).toContain(owners.buffer);
  });

  it('leaves out a view into a larger buffer: moving it would take memory the answer does not own', () => {
    const big = new Uint8Array(64);
    expect(transferables({ part: big.subarray(8, 16) })).toEqual([]);
    expect(transferables({ whole: big })).toEqual([big.buffer]);
  });

  it('marks answers with buffers to move, and lets plain values through as they are', () => {
    const answer = { bytes: new Uint8Array(4) };
    expect(moved(answer)).toBe(answer);
    expect(moved('6a44234c18f716b4')).toBe('6a44234c18f716b4');
    expect(moved(42)).toBe(42);
    expect(moved(null)).toBeNull();
    const list = [{ text: 'no buffers' }];
    expect(moved(list)).toBe(list);
  });
});
