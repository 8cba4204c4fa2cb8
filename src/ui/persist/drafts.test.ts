import { describe, expect, it } from 'vitest';
import { DraftStore } from './drafts.ts';
import { memoryKv, type KeyValue } from './kv.ts';

/** A store whose writes wait until released, to see what is written while one is under way. */
function slowKv() {
  const inner = memoryKv();
  const writes: string[] = [];
  const waiting: (() => void)[] = [];
  const kv: KeyValue = {
    ...inner,
    set: async (k, v) => {
      await new Promise<void>((r) => waiting.push(r));
      writes.push((v as { text: string }).text);
      await inner.set(k, v);
    },
  };
  const release = async () => {
    while (waiting.length > 0) {
      waiting.shift()!();
      await new Promise((r) => setTimeout(r, 0));
    }
  };
  return { kv, writes, release };
}

describe('DraftStore', () => {
  it('keeps a draft per key and gives it back with its label and time', async () => {
    let t = 1000;
    const d = new DraftStore(memoryKv(), () => t++);
    await d.save('bundled:slub-double-free', 'slub-double-free', '{"a": 1}');
    await d.save('scratch', 'the edited scenario', '{"b": 2}');
    expect(await d.load('bundled:slub-double-free')).toEqual({ key: 'bundled:slub-double-free', label: 'slub-double-free', text: '{"a": 1}', savedAt: 1000 });
    expect((await d.all()).map((x) => x.key)).toEqual(['scratch', 'bundled:slub-double-free']);
    expect(await d.load('library:nope')).toBeNull();
  });

  it('forgets a draft saved as null', async () => {
    const d = new DraftStore(memoryKv());
    await d.save('k', 'k', 'x');
    await d.save('k', 'k', null);
    expect(await d.load('k')).toBeNull();
  });

  it('writes what is typed during a write once, the last text only', async () => {
    const { kv, writes, release } = slowKv();
    const d = new DraftStore(kv);
    void d.save('k', 'k', 'a');
    void d.save('k', 'k', 'ab');
    void d.save('k', 'k', 'abc');
    await release();
    await d.flushed();
    expect(writes).toEqual(['a', 'abc']);
    expect((await d.load('k'))?.text).toBe('abc');
  });

  it('ignores what is not a draft (another version, a damaged record)', async () => {
    const kv = memoryKv();
    await kv.set('k', { text: 5 });
    await kv.set('j', { key: 'other', label: '', text: '', savedAt: 1 });
    const d = new DraftStore(kv);
    expect(await d.load('k')).toBeNull();
    expect(await d.load('j')).toBeNull();
    expect(await d.all()).toHaveLength(1);
  });
});
