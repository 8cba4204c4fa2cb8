import { describe, expect, it, vi } from 'vitest';
import { decodeShare, encodeShare } from '../../share/url.ts';
import { formatError } from '../errors.ts';
import type { BundledScenario } from '../bundledList.ts';
import { fakeText } from '../fakeEngine.ts';
import { openFinding } from '../panels/findings/actions.ts';
import { setHexTarget } from '../panels/hex/actions.ts';
import { fakeSetup, settle } from '../testing.ts';
import { LAYOUT_DEBOUNCE_MS } from './addressBar.ts';

const BUNDLED: BundledScenario[] = [
  { name: 'slub-double-free', title: 'Double free', text: fakeText('slub-double-free', 50) },
  { name: 'slub-redzone-overwrite', title: 'Redzone', text: fakeText('slub-redzone-overwrite', 120, [{ event: 40, fields: { addr: '0xffff888000002048', object: '0xffff888000002040' } }]) },
];

function setup() {
  return fakeSetup(BUNDLED);
}

describe('Controller: loading', () => {
  it('opens the default scenario just after its first finding, showing the finding address', async () => {
    const { c, store } = setup();
    await c.address.follow('', '', true);
    await settle(c);
    const s = store.getState();
    const a = s.runs.a;
    expect(a.info?.name).toBe('slub-redzone-overwrite');
    expect(a.cursor).toBe(41);
    expect(a.moment?.cursor).toBe(41);
    expect(a.panels.hex.target).toBe('0xffff888000002040');
    expect(a.panels.hex.pinned).toBe(8);
    expect(s.draft).toBe(BUNDLED[1]!.text);
  });

  it('keeps the user text and the previous run when the text does not validate', async () => {
    const { c, store } = setup();
    await c.loader.openBundled('slub-double-free');
    await settle(c);
    c.drafts.set('{"oops": ');
    expect(await c.loader.runDraft()).toBe(false);
    const s = store.getState();
    expect(s.draft).toBe('{"oops": ');
    expect(s.inputErrors[0]?.message).toContain('not valid JSON');
    expect(s.runs.a.info?.name).toBe('slub-double-free');
    expect(s.layout.left).toBe('editor');
  });

  it('sets aside an edited draft when another scenario is opened', async () => {
    const { c, store } = setup();
    await c.loader.openBundled('slub-double-free');
    c.drafts.set('my unsaved work');
    await c.loader.openBundled('slub-redzone-overwrite');
    expect(store.getState().stashedDraft).toBe('my unsaved work');
    c.drafts.restore();
    expect(store.getState().draft).toBe('my unsaved work');
  });

  it('shows what is wrong with a corrupt share link and opens the default scenario', async () => {
    const { c, store } = setup();
    await c.address.follow('', '#v=1&s=%%%broken&at=x', true);
    const s = store.getState();
    expect(s.notices.map((n) => n.title)).toContain('Share link');
    expect(s.notices.find((n) => n.title === 'Share link')!.lines.join(' ')).toMatch(/not a non-negative integer|damaged/);
    expect(s.runs.a.info?.name).toBe('slub-redzone-overwrite');
  });

  it('says what is wrong with a link that names no scenario (/#garbage) and opens the default one', async () => {
    const { c, store } = setup();
    await c.address.follow('', '#garbage', true);
    const n = store.getState().notices.find((x) => x.title === 'Share link');
    expect(n?.level).toBe('error');
    expect(n?.lines.join(' ')).toContain('fragment "#garbage" names no scenario');
    expect(n?.lines.join(' ')).toContain('Opened the default scenario instead');
    expect(store.getState().runs.a.info?.name).toBe('slub-redzone-overwrite');
  });

  it('a share link whose scenario does not validate puts its own text and errors in the editor', async () => {
    const { c, store, urls } = setup();
    const broken = JSON.stringify({ total: 5, note: 'the link author typed this' });
    await c.address.follow('', new URL(encodeShare('http://127.0.0.1:4173/', broken, 3)).hash, true);
    await settle(c);
    const s = store.getState();
    expect(s.draft).toBe(broken);
    expect(s.stashedDraft).toBeNull();
    expect(s.inputErrors.map(formatError)).toEqual(['name: expected a slug, but it is missing']);
    expect(s.layout.left).toBe('editor');
    // the default scenario runs beside it, and the address still holds the link
    expect(s.runs.a.info?.name).toBe('slub-redzone-overwrite');
    expect(urls).toEqual([]);
    expect(s.notices.find((n) => n.title === 'Share link')!.lines.join(' ')).toMatch(/text is in the editor with its errors/);
  });

  it('names an unknown bundled scenario', async () => {
    const { c, store } = setup();
    await c.address.follow('?scenario=nope', '', true);
    expect(store.getState().notices[0]!.lines[0]).toContain('no bundled scenario named "nope"');
  });

  it('opens ?scenario=NAME&at=N at that event', async () => {
    const { c, store } = setup();
    await c.address.follow('?scenario=slub-double-free&at=7', '', true);
    await settle(c);
    expect(store.getState().runs.a.moment?.cursor).toBe(7);
  });

  it('closes the run it replaces in the worker, and drops what that run still answers', async () => {
    const { c, fake, store } = setup();
    await c.loader.openBundled('slub-double-free');
    await settle(c);
    const first = store.getState().runs.a.id;
    fake.hold = true;
    c.cursor.seek(3);
    // the moment for the first run is held while another scenario opens
    await c.loader.openBundled('slub-redzone-overwrite');
    fake.hold = false;
    fake.release();
    await settle(c);
    const a = store.getState().runs.a;
    expect(a.id).not.toBe(first);
    expect(fake.openRuns).toBe(1);
    expect(a.moment?.cursor).toBe(41);
    expect(store.getState().notices).toEqual([]);
  });
});

describe('Controller: the address bar keeps the work', () => {
  it('running an edited scenario puts it in the address as a share link, and that link reopens it', async () => {
    const { c, store, urls } = setup();
    await c.loader.openBundled('slub-double-free');
    const edited = fakeText('my-edit', 33);
    c.drafts.set(edited);
    expect(await c.loader.runDraft()).toBe(true);
    expect(urls.at(-1)).toBe(encodeShare('http://127.0.0.1:4173/', edited, null));
    await c.loader.rerun({ cmdline: 'slub_debug=-' });
    const url = urls.at(-1)!;
    expect(url).toBe(encodeShare('http://127.0.0.1:4173/', edited, null, { cmdline: 'slub_debug=-' }));
    expect(store.getState().runs.a.info?.name).toBe('my-edit');
    // the reload
    const fresh = setup();
    await fresh.c.address.follow(new URL(url).search, new URL(url).hash, true);
    const s = fresh.store.getState();
    expect(s.runs.a.info?.name).toBe('my-edit');
    expect(s.draft).toBe(edited);
    expect(fresh.fake.overrides).toEqual({ cmdline: 'slub_debug=-' });
    expect(s.notices).toEqual([]);
  });

  it('a bundled scenario is named by ?scenario=, and a file leaves the bare address', async () => {
    const { c, urls } = setup();
    await c.loader.openBundled('slub-double-free');
    expect(urls.at(-1)).toBe('http://127.0.0.1:4173/?scenario=slub-double-free');
    await c.loader.openFile('x.json', fakeText('x', 3));
    expect(urls.at(-1)).toBe('http://127.0.0.1:4173/');
  });
});

describe('Controller: the address bar carries the splits', () => {
  it('puts the layout into the address a moment after the splits change, and a share link keeps it', async () => {
    vi.useFakeTimers();
    try {
      const { c, urls } = setup();
      await c.loader.openBundled('slub-double-free');
      expect(urls.at(-1)).toBe('http://127.0.0.1:4173/?scenario=slub-double-free');
      c.layout.setSizes({ left: 15, right: 25, log: 60 });
      c.layout.setSizes({ left: 16, right: 25, log: 60 });
      // debounced: a drag is one replaceState when it stops
      const before = urls.length;
      await vi.advanceTimersByTimeAsync(LAYOUT_DEBOUNCE_MS + 10);
      expect(urls.slice(before)).toEqual(['http://127.0.0.1:4173/?scenario=slub-double-free&layout=16,25,60']);
      // another scenario keeps the splits in its address
      await c.loader.openBundled('slub-redzone-overwrite');
      expect(urls.at(-1)).toBe('http://127.0.0.1:4173/?scenario=slub-redzone-overwrite&layout=16,25,60');
      const shared = (await c.address.share())!;
      expect(urls.at(-1)).toBe(shared);
      expect(new URLSearchParams(new URL(shared).hash.slice(1)).get('layout')).toBe('16,25,60');
      // back to the defaults: no layout
      c.layout.setSizes({ left: 23, right: 23, log: 47 });
      await vi.advanceTimersByTimeAsync(LAYOUT_DEBOUNCE_MS + 10);
      expect(urls.at(-1)).not.toContain('layout=');
      expect(new URL(urls.at(-1)!).hash).toBe(new URL(shared).hash.replace('&layout=16,25,60', ''));
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('Controller: cursor', () => {
  it('clamps, steps and jumps', async () => {
    const { c, store } = setup();
    await c.loader.openBundled('slub-double-free');
    await settle(c);
    c.cursor.toStart();
    c.cursor.step(-1);
    expect(store.getState().runs.a.cursor).toBe(0);
    c.cursor.step(3);
    c.cursor.step(1);
    expect(store.getState().runs.a.cursor).toBe(4);
    c.cursor.toEnd();
    c.cursor.step(1);
    expect(store.getState().runs.a.cursor).toBe(50);
    await settle(c);
    expect(store.getState().runs.a.moment?.cursor).toBe(50);
  });

  it('coalesces rapid seeks: the worker sees the first and the latest only', async () => {
    const { c, fake, store } = setup();
    await c.loader.openBundled('slub-double-free');
    await settle(c);
    fake.hold = true;
    fake.calls = [];
    for (let n = 1; n <= 30; n++) c.cursor.seek(n);
    expect(store.getState().runs.a.cursor).toBe(30);
    while (fake.pendingMoments > 0 || fake.calls.filter((x) => x.startsWith('moment')).length < 2) {
      fake.release();
      await new Promise((r) => setTimeout(r, 0));
    }
    fake.hold = false;
    fake.release();
    await settle(c);
    expect(fake.calls.filter((x) => x.startsWith('moment'))).toEqual(['moment @1', 'moment @30']);
    expect(store.getState().runs.a.moment?.cursor).toBe(30);
  });

  it('asks the panels on screen in one round trip per cursor: the moment first, then each panel', async () => {
    const { c, fake } = setup();
    await c.loader.openBundled('slub-redzone-overwrite');
    await settle(c);
    fake.calls = [];
    c.cursor.seek(60);
    await settle(c);
    expect(fake.calls).toEqual(['moment @60', 'hex 0xffff888000002040 256 @60']);
  });

  it('opening a finding seeks just after its event and shows its address', async () => {
    const { c, store, fake } = setup();
    await c.loader.openBundled('slub-redzone-overwrite');
    await settle(c);
    setHexTarget(c, 'p');
    c.cursor.toEnd();
    await settle(c);
    openFinding(c, store.getState().runs.a.info!.findings[0]!);
    await settle(c);
    const a = store.getState().runs.a;
    expect(a.moment?.cursor).toBe(41);
    expect(a.panels.hex.target).toBe('0xffff888000002040');
    expect(a.panels.hex.pinned).toBe(8);
    expect(fake.calls.at(-1)).toBe('hex 0xffff888000002040 256 @41');
  });

  it('play advances to the end and stops', async () => {
    const { c, store } = setup();
    await c.loader.openBundled('slub-double-free', { at: 0 });
    await settle(c);
    vi.useFakeTimers();
    try {
      c.player.toggle();
      expect(store.getState().playing).toBe(true);
      await vi.advanceTimersByTimeAsync(400);
      const mid = store.getState().runs.a.cursor;
      expect(mid).toBeGreaterThan(0);
      expect(mid).toBeLessThan(50);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(store.getState().playing).toBe(false);
      expect(store.getState().runs.a.cursor).toBe(50);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('Controller: options and share', () => {
  it('re-runs with overrides keeping the cursor, and the link carries them', async () => {
    const { c, store, fake, urls } = setup();
    await c.loader.openBundled('slub-double-free', { at: 12 });
    await settle(c);
    await c.loader.rerun({ kconfig: { CONFIG_INIT_ON_FREE_DEFAULT_ON: true }, cmdline: 'slub_debug=FZP' });
    await settle(c);
    expect(fake.overrides).toEqual({ kconfig: { CONFIG_INIT_ON_FREE_DEFAULT_ON: true }, cmdline: 'slub_debug=FZP' });
    expect(store.getState().runs.a.moment?.cursor).toBe(12);
    const url = await c.address.share();
    expect(urls.at(-1)).toBe(url);
    expect(urls[0]).toBe('http://127.0.0.1:4173/?scenario=slub-double-free');
    const d = decodeShare('', new URL(url!).hash);
    expect(d.ok && d.state).toMatchObject({ text: BUNDLED[0]!.text, at: 12, overrides: { cmdline: 'slub_debug=FZP', kconfig: { CONFIG_INIT_ON_FREE_DEFAULT_ON: true } } });
    expect(store.getState().runs.a.panels.share).toEqual({ url, hash: '0123456789abcdef' });
  });

  it('a cursor at the end stays at the end of a longer or shorter re-run', async () => {
    const { c, store } = setup();
    await c.loader.openBundled('slub-double-free');
    await settle(c);
    expect(store.getState().runs.a.cursor).toBe(50);
    await c.loader.open(fakeText('slub-double-free', 70), { kind: 'editor' }, { keepPlace: true });
    expect(store.getState().runs.a.cursor).toBe(70);
  });

  it('opening a share link loads its text, cursor, overrides and the panels it names', async () => {
    const { c, store, fake } = setup();
    await c.loader.openBundled('slub-double-free', { at: 9 });
    await c.loader.rerun({ patches: { 'fix-x': true } });
    await settle(c);
    setHexTarget(c, '0xffff888000001000', 512);
    c.patchPanel('findings', { kind: 'slub.redzone_overwritten' });
    const url = (await c.address.share())!;
    expect(url).toMatch(/&hex=0xffff888000001000&len=512&kind=slub.redzone_overwritten$/);
    const fresh = setup();
    await fresh.c.address.follow('', new URL(url).hash, true);
    await settle(fresh.c);
    const a = fresh.store.getState().runs.a;
    expect(a.moment?.cursor).toBe(9);
    expect(a.origin).toEqual({ kind: 'link' });
    expect(a.panels.hex).toMatchObject({ target: '0xffff888000001000', len: 512 });
    expect(a.panels.findings.kind).toBe('slub.redzone_overwritten');
    expect(fresh.fake.overrides).toEqual({ patches: { 'fix-x': true } });
    expect(fake.overrides).toEqual({ patches: { 'fix-x': true } });
    expect(store.getState().runs.a.info?.name).toBe('slub-double-free');
  });
});
