import { describe, expect, it } from 'vitest';
import { CowMemory, FRAMES_PER_CHUNK, META_FIELDS, PAGE_SIZE } from './cow.ts';
import { Hasher } from './hash.ts';

describe('CowMemory', () => {
  it('reads zero from frames never written and materializes lazily', () => {
    const m = new CowMemory(1024);
    expect(m.readByte(5 * PAGE_SIZE + 7)).toBe(0);
    expect(m.materializedFrames()).toBe(0);
    m.fill(5 * PAGE_SIZE, 16, 0x6b);
    expect(m.materializedFrames()).toBe(1);
    expect(m.readByte(5 * PAGE_SIZE + 15)).toBe(0x6b);
  });

  it('replaces whole frames without touching the snapshot that still holds them', () => {
    const m = new CowMemory(1024);
    m.fill(0, PAGE_SIZE * 3, 0x5a);
    const snap = m.snapshot();
    const copied = m.copiedBytes;
    const page = new Uint8Array(PAGE_SIZE).fill(0x77);
    m.write(PAGE_SIZE, page);
    m.fill(2 * PAGE_SIZE, PAGE_SIZE, 0x33);
    m.fill(0, PAGE_SIZE, 0);
    page.fill(0x99); // the frame holds its own bytes, not the caller's array
    expect([m.readByte(10), m.readByte(PAGE_SIZE + 10), m.readByte(2 * PAGE_SIZE + 10)]).toEqual([0, 0x77, 0x33]);
    // the old frames stay with the snapshot: each replacement is a frame's worth of checkpoint cost,
    // but a zeroed frame shares the zero page
    expect(m.copiedBytes - copied).toBe(2 * PAGE_SIZE + FRAMES_PER_CHUNK * 12 + FRAMES_PER_CHUNK * META_FIELDS * 8);
    m.restore(snap);
    expect([m.readByte(10), m.readByte(PAGE_SIZE + 10), m.readByte(2 * PAGE_SIZE + 10)]).toEqual([0x5a, 0x5a, 0x5a]);
  });

  it('builds a chunk on its first write and keeps chunks never written shared', () => {
    const m = new CowMemory(4 * FRAMES_PER_CHUNK);
    m.setMeta(FRAMES_PER_CHUNK + 3, 2, 7);
    const snap = m.snapshot();
    const copied = m.copiedBytes;
    m.setMeta(2 * FRAMES_PER_CHUNK + 1, 4, 9);
    m.fill(3 * FRAMES_PER_CHUNK * PAGE_SIZE, 8, 0x44);
    // chunks untouched before the checkpoint cost what a copy of theirs would
    expect(m.copiedBytes - copied).toBe(2 * (FRAMES_PER_CHUNK * 12 + FRAMES_PER_CHUNK * META_FIELDS * 8));
    expect([m.meta(FRAMES_PER_CHUNK + 3, 2), m.meta(2 * FRAMES_PER_CHUNK + 1, 4), m.meta(3, 4), m.meta(2 * FRAMES_PER_CHUNK + 2, 4)]).toEqual([7, 9, 0, 0]);
    m.restore(snap);
    expect([m.meta(FRAMES_PER_CHUNK + 3, 2), m.meta(2 * FRAMES_PER_CHUNK + 1, 4), m.readByte(3 * FRAMES_PER_CHUNK * PAGE_SIZE)]).toEqual([7, 0, 0]);
    const fresh = new CowMemory(4 * FRAMES_PER_CHUNK);
    fresh.setMeta(FRAMES_PER_CHUNK + 3, 2, 7);
    const h1 = new Hasher();
    const h2 = new Hasher();
    m.hashInto(h1);
    fresh.hashInto(h2);
    expect(h1.hex()).toBe(h2.hex());
  });

  it('lets frames share an unchanging page until one of them is written', () => {
    const m = new CowMemory(16);
    const page = new Uint8Array(PAGE_SIZE).fill(0x22);
    m.sharePage(1, page);
    m.sharePage(2, page);
    m.fill(3 * PAGE_SIZE, 8, 0x11);
    m.fill(3 * PAGE_SIZE, PAGE_SIZE, 0);
    m.fill(4 * PAGE_SIZE, 8, 0x11);
    m.fill(4 * PAGE_SIZE, PAGE_SIZE, 0);
    const snap = m.snapshot();
    m.fill(PAGE_SIZE + 5, 1, 0x90);
    m.fill(3 * PAGE_SIZE + 5, 1, 0x90);
    expect([m.readByte(PAGE_SIZE + 5), m.readByte(2 * PAGE_SIZE + 5), m.readByte(3 * PAGE_SIZE + 5), m.readByte(4 * PAGE_SIZE + 5)]).toEqual([0x90, 0x22, 0x90, 0]);
    expect(page[5]).toBe(0x22);
    expect(m.materializedPfns()).toEqual([1, 2, 3, 4]);
    m.restore(snap);
    expect([m.readByte(PAGE_SIZE + 5), m.readByte(3 * PAGE_SIZE + 5)]).toEqual([0x22, 0]);
    expect(() => m.sharePage(5, new Uint8Array(8))).toThrow(RangeError);
  });

  it('stores words within a frame modulo their width', () => {
    const m = new CowMemory(16);
    m.writeU32(100, -2);
    m.writeU32(104, 2 ** 40 + 0x1234);
    m.writeBigU64(200, -1n);
    m.writeBigU64(208, (1n << 64n) + 0x55n);
    m.writeBigU64(216, 0n);
    expect([m.readU32(100), m.readU32(104), m.readBigU64(200), m.readBigU64(208), m.readBigU64(216)]).toEqual([0xfffffffe, 0x1234, (1n << 64n) - 1n, 0x55n, 0n]);
    const snap = m.snapshot();
    m.writeBigU64(200, 0n);
    m.writeU32(100, 7);
    expect([m.readBigU64(200), m.readU32(100)]).toEqual([0n, 7]);
    m.restore(snap);
    expect([m.readBigU64(200), m.readU32(100)]).toEqual([(1n << 64n) - 1n, 0xfffffffe]);
  });

  it('loads and stores 64- and 32-bit words, also across a frame boundary', () => {
    const m = new CowMemory(16);
    m.writeBigU64(PAGE_SIZE - 4, 0x1122334455667788n);
    expect(m.readBigU64(PAGE_SIZE - 4)).toBe(0x1122334455667788n);
    expect(m.readU32(PAGE_SIZE - 4)).toBe(0x55667788);
    expect(m.readU32(PAGE_SIZE - 2)).toBe(0x33445566);
    expect(m.readByte(PAGE_SIZE)).toBe(0x44);
    m.writeBigU64(64, -1n);
    expect(m.readBigU64(64)).toBe(0xffffffffffffffffn);
    m.writeU32(72, 0xdeadbeef);
    expect(m.readBigU64(68)).toBe(0xdeadbeefffffffffn);
    expect(m.readBigU64(3 * PAGE_SIZE)).toBe(0n);
    expect(m.readU32(3 * PAGE_SIZE)).toBe(0);
  });

  it('keeps snapshot contents when later writes copy on write', () => {
    const m = new CowMemory(1024);
    m.fill(0, PAGE_SIZE * 2, 0x5a);
    m.setMeta(3, 2, 42);
    const snap = m.snapshot();
    m.fill(100, 4, 0xcc);
    m.setMeta(3, 2, 7);
    expect(m.readByte(101)).toBe(0xcc);
    m.restore(snap);
    expect(m.readByte(101)).toBe(0x5a);
    expect(m.meta(3, 2)).toBe(42);
    // writing after restore must not leak into the snapshot
    m.fill(100, 1, 0x11);
    m.restore(snap);
    expect(m.readByte(100)).toBe(0x5a);
  });

  it('copies only the frames a write touches', () => {
    const m = new CowMemory(4096);
    for (let f = 0; f < 64; f++) m.fill(f * PAGE_SIZE, PAGE_SIZE, f);
    const before = m.copiedBytes;
    m.snapshot();
    m.writeU64(3 * PAGE_SIZE, 1, 2);
    const cost = m.copiedBytes - before;
    expect(cost).toBeGreaterThanOrEqual(PAGE_SIZE);
    expect(cost).toBeLessThan(4 * PAGE_SIZE + 64 * 1024);
  });

  it('reads and writes u64 little-endian across a frame boundary', () => {
    const m = new CowMemory(16);
    m.writeU64(PAGE_SIZE - 4, 0x03020100, 0x07060504);
    const out = new Uint8Array(8);
    m.read(PAGE_SIZE - 4, out);
    expect([...out]).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(m.readU64(PAGE_SIZE - 4)).toEqual([0x03020100, 0x07060504]);
  });

  it('hashes the same contents the same way, whether or not zero frames were materialized', () => {
    const a = new CowMemory(512);
    const b = new CowMemory(512);
    a.fill(10, 5, 1);
    b.fill(10, 5, 1);
    b.fill(PAGE_SIZE * 9, 8, 1);
    b.fill(PAGE_SIZE * 9, 8, 0);
    const ha = new Hasher();
    const hb = new Hasher();
    a.hashInto(ha);
    b.hashInto(hb);
    expect(ha.hex()).toBe(hb.hex());
    a.fill(11, 1, 2);
    const hc = new Hasher();
    a.hashInto(hc);
    expect(hc.hex()).not.toBe(ha.hex());
  });
});
