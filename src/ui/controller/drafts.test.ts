import { describe, expect, it } from 'vitest';
import type { BundledScenario } from '../bundledList.ts';
import { fakeText } from '../fakeEngine.ts';
import { fakeSetup, settle } from '../testing.ts';

const BUNDLED: BundledScenario[] = [
  { name: 'slub-double-free', title: 'Double free', text: fakeText('slub-double-free', 50) },
  { name: 'slub-redzone-overwrite', title: 'Redzone', text: fakeText('slub-redzone-overwrite', 120) },
];
const EDITED = fakeText('my-variant', 30);

/** A page that opens `search` and lets the user type `text` into the editor. */
async function typed(search: string, text: string) {
  const first = fakeSetup(BUNDLED);
  await first.c.start(search, '');
  first.c.drafts.set(text);
  await first.persist.drafts.flushed();
  return first;
}

describe('Drafts kept in the browser', () => {
  it('keeps the text as typed under the scenario it is a draft of, and forgets it when it is the scenario again', async () => {
    const { c, persist } = await typed('?scenario=slub-double-free', EDITED);
    expect(await persist.drafts.load('bundled:slub-double-free')).toMatchObject({ text: EDITED, label: 'slub-double-free' });
    c.drafts.set(BUNDLED[0]!.text);
    await persist.drafts.flushed();
    expect(await persist.drafts.load('bundled:slub-double-free')).toBeNull();
  });

  it('after a reload of an address naming the scenario, offers the draft and replaces neither', async () => {
    const first = await typed('?scenario=slub-double-free', EDITED);
    const again = fakeSetup(BUNDLED, first.persist);
    await again.c.start('?scenario=slub-double-free', '');
    const s = again.store.getState();
    expect(s.draft).toBe(BUNDLED[0]!.text);
    expect(s.runs.a.info?.name).toBe('slub-double-free');
    const offer = s.notices.find((n) => n.title === 'Draft');
    expect(offer?.lines[0]).toMatch(/^you have a draft of slub-double-free, typed .+: it differs from what the address opened/);
    again.c.notices.act('Draft');
    expect(again.store.getState().draft).toBe(EDITED);
    expect(again.store.getState().layout.left).toBe('editor');
  });

  it('at the bare address, puts back the draft this tab had and says so', async () => {
    const first = await typed('', EDITED);
    first.persist.tab.set(first.store.getState().draftKey);
    const again = fakeSetup(BUNDLED, first.persist);
    await again.c.start('', '');
    const s = again.store.getState();
    expect(s.draft).toBe(EDITED);
    expect(s.draftKey).toBe('bundled:slub-redzone-overwrite');
    expect(s.notices.find((n) => n.title === 'Draft')?.lines[0]).toContain('put back your draft of slub-redzone-overwrite');
  });

  it('after a reload of an edited run (a link), offers what was typed after the run', async () => {
    const first = await typed('?scenario=slub-double-free', EDITED);
    await first.c.loader.runDraft();
    const link = first.urls.at(-1)!;
    first.c.drafts.set(`${EDITED} `);
    await first.persist.drafts.flushed();
    const again = fakeSetup(BUNDLED, first.persist);
    await again.c.start('', link.slice(link.indexOf('#')));
    expect(again.store.getState().draft).toBe(EDITED);
    again.c.notices.act('Draft');
    expect(again.store.getState().draft).toBe(`${EDITED} `);
  });

  it('offers the draft of a scenario opened later, and Restore brings back the text and its key', async () => {
    const { c, store, persist } = await typed('?scenario=slub-double-free', EDITED);
    await c.loader.openBundled('slub-redzone-overwrite');
    c.drafts.set('other work');
    await persist.drafts.flushed();
    await c.loader.openBundled('slub-double-free');
    await settle(c);
    expect(store.getState().notices.find((n) => n.title === 'Draft')?.lines[0]).toContain('you have a draft of slub-double-free');
    expect(store.getState().draft).toBe(BUNDLED[0]!.text);
    c.drafts.restore();
    expect(store.getState()).toMatchObject({ draft: 'other work', draftKey: 'bundled:slub-redzone-overwrite' });
  });
});

describe('Library', () => {
  it('saves as, lists, opens, saves again, renames and deletes, keeping the text in the editor', async () => {
    const { c, store, persist } = await typed('?scenario=slub-double-free', EDITED);
    expect(await c.library.saveAs('  ')).toBe('give it a name');
    expect(await c.library.saveAs('my variant')).toBeNull();
    const id = store.getState().library[0]!.id;
    expect(store.getState().draftKey).toBe(`library:${id}`);
    // the bundled scenario's draft was this text: it lives in the library now
    expect(await persist.drafts.load('bundled:slub-double-free')).toBeNull();
    expect(await c.library.saveAs('My Variant')).toContain('is in your library already');

    await c.loader.openBundled('slub-redzone-overwrite');
    expect(await c.library.open(id)).toBe(true);
    expect(store.getState().runs.a.origin).toEqual({ kind: 'library', id, name: 'my variant' });
    expect(store.getState().draft).toBe(EDITED);

    c.drafts.set(`${EDITED}\n`);
    await c.library.save();
    expect(store.getState().library[0]!.text).toBe(`${EDITED}\n`);
    expect(await c.library.rename(id, 'renamed')).toBeNull();
    expect(store.getState().library.map((e) => e.name)).toEqual(['renamed']);

    await c.library.remove(id);
    await persist.drafts.flushed();
    expect(store.getState().library).toEqual([]);
    expect(store.getState().draftKey).toBe('scratch');
    expect((await persist.drafts.load('scratch'))?.text).toBe(`${EDITED}\n`);
  });

  it('puts an opened library scenario in the address bar as a share link', async () => {
    const { c, store, urls } = await typed('?scenario=slub-double-free', EDITED);
    await c.library.saveAs('mine');
    await c.library.open(store.getState().library[0]!.id);
    expect(urls.at(-1)).toMatch(/#v=1&s=/);
  });
});
