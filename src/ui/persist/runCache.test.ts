import { describe, expect, it } from 'vitest';
import type { RunInfo } from '../../worker/protocol.ts';
import { memoryKv } from './kv.ts';
import { RunCache, pack, runCacheKey, sizeOf, unpack } from './runCache.ts';

const info = { total: 1 } as unknown as RunInfo;
const run = (key: string, bytes = 0) => ({ key, info, answers: [['a', new Uint8Array(bytes)]] as [string, unknown][] });

describe('RunCache', () => {
  it('keys on the build, the options (in any order) and the text', async () => {
    const k = await runCacheKey('b1', 'text', { a: 1, b: 2 });
    expect(k).toMatch(/^[0-9a-f]{64}$/);
    expect(await runCacheKey('b1', 'text', { b: 2, a: 1 })).toBe(k);
    expect(await runCacheKey('b2', 'text', { a: 1, b: 2 })).not.toBe(k);
    expect(await runCacheKey('b1', 'text ', { a: 1, b: 2 })).not.toBe(k);
    expect(await runCacheKey('b1', 'text', { a: 1 })).not.toBe(k);
  });

  it('drops the least recently used runs past its bounds, and any single run too big', async () => {
    const kv = memoryKv();
    const c = new RunCache(kv, 3000, 3);
    await c.put(run('a', 900));
    await c.put(run('b', 900));
    await c.put(run('c', 900));
    expect(await c.keys()).toEqual(['c', 'b', 'a']);
    expect(await c.get('a')).not.toBeNull();
    await c.put(run('d', 900));
    // 'a' was used last of the first three but 'b': it stays, 'b' goes
    expect(await c.keys()).toEqual(['d', 'a', 'c']);
    expect(await c.get('b')).toBeNull();
    expect(await kv.get('run:b')).toBeUndefined();
    await c.put(run('big', 5000));
    expect(await c.get('big')).toBeNull();
    await c.put(run('e', 1500));
    expect(await c.keys()).toEqual(['e', 'd']);
    // has() reads the index alone: what the page's first script asks before the app has loaded
    expect(await c.has('e')).toBe(true);
    expect(await c.has('b')).toBe(false);
    expect(sizeOf(new Uint8Array(10))).toBe(26);
  });

  it('reads nothing it did not write', async () => {
    const kv = memoryKv();
    await kv.set('run:x', { key: 'y', info, answers: [] });
    await kv.set('index', 'junk');
    const c = new RunCache(kv);
    expect(await c.get('x')).toBeNull();
    expect(await c.keys()).toEqual([]);
  });

  it('keeps answers as JSON text and their typed arrays as buffers, and gives back equal values', async () => {
    const kv = memoryKv();
    const c = new RunCache(kv);
    const big = new Uint32Array([1, 2, 3, 4, 5]);
    const answer = { lines: [{ line: 'x', level: 3 }], counts: big.subarray(1, 4), rgba: new Uint8Array([9, 8]), none: null, f: -0.5 };
    await c.put({ key: 'k', info: { total: 7, findings: [{ event: 1 }] } as unknown as RunInfo, answers: [['a', answer], ['b', 'text']] });
    const stored = (await kv.get('run:k')) as { info: { json: string }; answers: [string, { json: string; buffers: ArrayBuffer[] }][] };
    expect(typeof stored.info.json).toBe('string');
    expect(stored.answers[0]![1].buffers.map((b) => b.byteLength)).toEqual([12, 2]);
    const got = await c.get('k');
    expect(got?.info).toEqual({ total: 7, findings: [{ event: 1 }] });
    expect(got?.answers[0]![1]).toEqual(answer);
    expect((got?.answers[0]![1] as typeof answer).counts).toBeInstanceOf(Uint32Array);
    expect(got?.answers[1]).toEqual(['b', 'text']);
  });

  it('keeps as they are the values JSON would change', () => {
    for (const v of [new Map([[1, 2]]), [1, undefined], { n: Number.NaN }, { b: 1n }, new Set([1]), { d: new Date(0) }, Infinity]) {
      const p = pack(v);
      expect(p).toEqual({ raw: v });
      expect(unpack(p)).toBe(v);
    }
    expect(unpack(pack({ a: [1, 'x', { y: true }] }))).toEqual({ a: [1, 'x', { y: true }] });
    const nested = { tiles: [{ owners: new Uint16Array([1, 2]) }, { owners: new Uint16Array([3]) }], root: null };
    expect(unpack(pack(nested))).toEqual(nested);
    expect(unpack(pack(new Float64Array([0.5])))).toEqual(new Float64Array([0.5]));
  });

  it('reads no entry whose packed text is broken', async () => {
    const kv = memoryKv();
    await kv.set('run:x', { key: 'x', format: 3, info: { json: '{"total":', buffers: [], typed: [] }, answers: [] });
    expect(await new RunCache(kv).get('x')).toBeNull();
  });
});
