import { describe, expect, it } from 'vitest';
import { memoryKv } from './kv.ts';
import { LibraryStore, nameProblem } from './library.ts';

function lib() {
  let n = 0;
  let t = 0;
  return new LibraryStore(memoryKv(), () => ++t, () => `id${++n}`);
}

describe('LibraryStore', () => {
  it('saves as, lists by name, renames, updates and deletes', async () => {
    const l = lib();
    const b = await l.add(' my uaf ', '{"b": 1}');
    await l.add('abba variant', '{"a": 1}');
    expect(b).toEqual({ id: 'id1', name: 'my uaf', text: '{"b": 1}', updated: 1 });
    expect((await l.list()).map((e) => e.name)).toEqual(['abba variant', 'my uaf']);
    await l.update('id1', { name: 'z uaf' });
    await l.update('id1', { text: '{"b": 2}' });
    expect(await l.get('id1')).toMatchObject({ name: 'z uaf', text: '{"b": 2}' });
    await l.remove('id2');
    expect((await l.list()).map((e) => e.id)).toEqual(['id1']);
  });

  it('refuses empty, too long and taken names, and a rename to its own name is fine', async () => {
    const l = lib();
    await l.add('one', '{}');
    await expect(l.add('  ', '{}')).rejects.toThrow('give it a name');
    await expect(l.add('ONE', '{}')).rejects.toThrow('"ONE" is in your library already');
    await expect(l.add('x'.repeat(81), '{}')).rejects.toThrow('at most 80 characters');
    await expect(l.update('id1', { name: 'One' })).resolves.toMatchObject({ name: 'One' });
    await expect(l.update('gone', { text: '' })).rejects.toThrow('not in your library');
    expect(nameProblem('two', await l.list())).toBeNull();
  });
});
