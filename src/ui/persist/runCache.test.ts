import { describe, expect, it } from 'vitest';
import type { RunInfo } from '../../worker/protocol.ts';
import { memoryKv } from './kv.ts';
import { RunCache, runCacheKey, sizeOf } from './runCache.ts';

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
});
