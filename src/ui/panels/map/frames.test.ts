import { describe, expect, it } from 'vitest';
import type { FrameWrite, MapTile } from '../../../worker/protocol.ts';
import { byteFocus, directMapAddr, frameInfo, historyRows, hitFrames, nextHit } from './frames.ts';

function tile(): MapTile {
  return {
    startPfn: 0x7ffe,
    count: 4,
    nframes: 65536,
    pageOffset: '0xffff810000000000',
    owners: Uint16Array.from([0, 7, 7, 0]),
    flags: Uint8Array.from([4, 8 | 16, 8, 4]),
    legend: [
      { id: 0, name: 'free', frames: 2 },
      { id: 7, name: 'user: testf', frames: 2 },
    ],
    strayFrames: [0x7fff, 0x8000],
    strayHits: [3, 1],
    strayTotal: 5,
    flagNames: [
      [1, 'reserved'],
      [2, 'slab'],
      [4, 'buddy'],
      [8, 'user'],
      [16, 'lru'],
      [32, 'compound'],
    ],
  };
}

const unlock: FrameWrite = { event: 87777, kind: 'alt.text_poke', writer: 'text_poke from alternatives_smp_unlock, site 0xffffffff88000938 in usbcore', offset: 0x938, len: 1, old: 0x22, new: 0x90, site: '0xffffffff88000938', stray: true, frameOwner: 'user: testf' };
const lock: FrameWrite = { ...unlock, event: 90872, writer: 'text_poke from alternatives_smp_lock, site 0xffffffff88000938 in usbcore', old: 0x90, new: 0xf0 };
const fault: FrameWrite = { event: 46619, kind: 'user.fault_in', writer: 'user: testf (stores of the program)', offset: 0, len: 4096 };

describe('frame info', () => {
  it('names a frame of the tile: pfn, physical and direct-map address, owner, flags, hits', () => {
    const f = frameInfo(tile(), 0x7fff)!;
    expect(f.pfnHex).toBe('0x7fff');
    expect(f.phys).toBe('0x07fff000');
    expect(f.va).toBe('0xffff810007fff000');
    expect(f.owner).toBe('user: testf');
    expect(f.flags).toEqual(['user', 'lru']);
    expect(f.strayHits).toBe(3);
    expect(frameInfo(tile(), 0x8001)!.strayHits).toBe(0);
    expect(frameInfo(tile(), 0x7ffe)!.flags).toEqual(['buddy']);
    expect(frameInfo(tile(), 0x8002)).toBeNull();
    expect(directMapAddr('0xffff888000000000', 0x10, 0x18)).toBe('0xffff888000010018');
  });
});

describe('frame history rows', () => {
  it('shows the byte before and after, marks stray pokes, dims writes after the cursor', () => {
    const rows = historyRows([fault, unlock, lock], 90000);
    expect(rows.map((r) => r.change)).toEqual([null, '22 → 90', '90 → f0']);
    expect(rows.map((r) => r.where)).toEqual(['+0x0..0xfff', '+0x938', '+0x938']);
    expect(rows.map((r) => r.stray)).toEqual([false, true, true]);
    expect(rows.map((r) => r.poke)).toEqual([false, true, true]);
    expect(rows.map((r) => r.later)).toEqual([false, false, true]);
    // the writer is the model's string, verbatim
    expect(rows[2]!.writer).toBe('text_poke from alternatives_smp_lock, site 0xffffffff88000938 in usbcore');
    // a poke into memory that held nothing known: only the new byte
    const { old: _old, ...noOld } = unlock;
    expect(historyRows([noOld], 0)[0]!.change).toBe('→ 90');
  });

  it('opens the hex view a few rows before the byte, inside the frame, with the byte picked out', () => {
    const f = byteFocus('0xffff810000000000', 0x8000, 0x938);
    expect(f.target).toBe('0xffff8100080008f0');
    expect(f.pin).toBe(0x48);
    expect(f.len).toBe(256);
    expect(byteFocus('0xffff810000000000', 0x8000, 0x10)).toEqual({ target: '0xffff810008000000', pin: 0x10, len: 256 });
    const end = byteFocus('0xffff810000000000', 0x8000, 0xfff);
    expect(end.target).toBe('0xffff810008000f00');
    expect(end.pin).toBe(0xff);
  });
});

describe('hit frames', () => {
  const f = (event: number, frame: string, kind = 'mm.stray_write') => ({ kind, event, fields: { frame } });
  it('are the frames stray-write findings name before the cursor, once each, ascending', () => {
    const findings = [f(10, '0x8001'), f(11, '0x8000'), f(12, '0x8001'), f(13, '0x9000', 'kernel.warn'), f(20, '0x7000')];
    expect(hitFrames(findings, 15)).toEqual([0x8000, 0x8001]);
    expect(hitFrames(findings, 100)).toEqual([0x7000, 0x8000, 0x8001]);
    expect(hitFrames(findings, 10)).toEqual([]);
  });

  it('step forwards and backwards, wrapping around', () => {
    const h = [1, 5, 9];
    expect(nextHit(h, null, 1)).toBe(1);
    expect(nextHit(h, null, -1)).toBe(9);
    expect(nextHit(h, 5, 1)).toBe(9);
    expect(nextHit(h, 9, 1)).toBe(1);
    expect(nextHit(h, 5, -1)).toBe(1);
    expect(nextHit(h, 1, -1)).toBe(9);
    expect(nextHit(h, 6, 1)).toBe(9);
    expect(nextHit([], 6, 1)).toBeNull();
  });
});
