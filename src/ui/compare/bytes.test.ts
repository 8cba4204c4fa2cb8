import { describe, expect, it } from 'vitest';
import type { HexAnswer } from '../../worker/protocol.ts';
import { differingBytes } from './bytes.ts';

function hex(bytes: number[], error?: string): HexAnswer {
  return { addr: '0x0', phys: null, len: bytes.length, bytes: Uint8Array.from(bytes), writer: new Int32Array(bytes.length), event: new Int32Array(bytes.length), writers: [], pattern: [], regions: [], object: null, owner: '', meanings: {}, error: error ?? null };
}

describe('differingBytes', () => {
  it('marks the offsets that differ and those only one view holds', () => {
    expect([...differingBytes(hex([1, 2, 3]), hex([1, 9, 3, 4]))]).toEqual([1, 3]);
    expect(differingBytes(hex([1]), hex([2], 'no such pointer')).size).toBe(0);
    expect(differingBytes(null, hex([2])).size).toBe(0);
  });
});
