import { describe, expect, it } from 'vitest';
import { memoryKv } from '../persist/kv.ts';
import { LogShelf, MAX_KEPT_BYTES, MAX_KEPT_LOGS } from './logShelf.ts';

function shelf() {
  let t = 0;
  let n = 0;
  return new LogShelf(memoryKv(), () => ++t, () => `l${++n}`);
}

describe('LogShelf', () => {
  it('keeps logs newest first with their bytes, replaces one of the same name and size, and drops the oldest beyond its bound', async () => {
    const s = shelf();
    expect(await s.keep('a.log', new Blob(['aaa']), 1)).toBeNull();
    await s.keep('b.log', new Blob(['bb']), 0);
    await s.keep('a.log', new Blob(['aaa']), 2);
    expect((await s.list()).map((e) => [e.name, e.findings])).toEqual([
      ['a.log', 2],
      ['b.log', 0],
    ]);
    expect(await (await s.blob('l1'))!.text()).toBe('aaa');
    for (let i = 0; i < MAX_KEPT_LOGS + 3; i++) await s.keep(`x${i}.log`, new Blob([String(i)]), 0);
    const all = await s.list();
    expect(all).toHaveLength(MAX_KEPT_LOGS);
    expect(all[0]!.name).toBe(`x${MAX_KEPT_LOGS + 2}.log`);
    await s.remove(all[0]!.id);
    expect(await s.list()).toHaveLength(MAX_KEPT_LOGS - 1);
  });

  it('says why a very large log is not kept', async () => {
    const big = { size: MAX_KEPT_BYTES + 1 } as Blob;
    expect(await shelf().keep('huge.log', big, 0)).toMatch(/^huge\.log is larger than 64 MiB/);
  });
});
