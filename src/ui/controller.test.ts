import { describe, expect, it, vi } from 'vitest';
import { decodeShare } from '../share/url.ts';
import type { BundledScenario } from './bundledList.ts';
import { Controller, type Host } from './controller.ts';
import { FakeEngine, fakeText } from './fakeEngine.ts';
import { createAppStore } from './store.ts';

const BUNDLED: BundledScenario[] = [
  { name: 'slub-double-free', title: 'Double free', text: fakeText('slub-double-free', 50) },
  { name: 'slub-redzone-overwrite', title: 'Redzone', text: fakeText('slub-redzone-overwrite', 120, [{ event: 40, fields: { addr: '0xffff888000002048', object: '0xffff888000002040' } }]) },
];

function setup() {
  const fake = new FakeEngine();
  const urls: string[] = [];
  const host: Host = { shareBase: () => 'http://127.0.0.1:4173/', replaceUrl: (u) => urls.push(u), copy: async () => false };
  const store = createAppStore();
  const c = new Controller(store, fake.engine, BUNDLED, host);
  const settle = async () => {
    for (let i = 0; i < 5; i++) {
      await c.settled();
      await new Promise((r) => setTimeout(r, 0));
    }
  };
  return { fake, store, c, urls, settle };
}

describe('Controller: loading', () => {
  it('opens the default scenario just after its first finding, showing the finding address', async () => {
    const { c, store, settle } = setup();
    await c.openFromUrl('', '', true);
    await settle();
    const s = store.getState();
    expect(s.info?.name).toBe('slub-redzone-overwrite');
    expect(s.cursor).toBe(41);
    expect(s.moment?.cursor).toBe(41);
    expect(s.hexTarget).toBe('0xffff888000002040');
    expect(s.hexPinned).toBe(8);
    expect(s.draft).toBe(BUNDLED[1]!.text);
  });

  it('keeps the user text and the previous run when the text does not validate', async () => {
    const { c, store, settle } = setup();
    await c.openBundled('slub-double-free');
    await settle();
    c.setDraft('{"oops": ');
    expect(await c.runDraft()).toBe(false);
    const s = store.getState();
    expect(s.draft).toBe('{"oops": ');
    expect(s.inputErrors[0]?.message).toContain('not valid JSON');
    expect(s.info?.name).toBe('slub-double-free');
    expect(s.leftTab).toBe('editor');
  });

  it('sets aside an edited draft when another scenario is opened', async () => {
    const { c, store } = setup();
    await c.openBundled('slub-double-free');
    c.setDraft('my unsaved work');
    await c.openBundled('slub-redzone-overwrite');
    expect(store.getState().stashedDraft).toBe('my unsaved work');
    c.restoreDraft();
    expect(store.getState().draft).toBe('my unsaved work');
  });

  it('shows what is wrong with a corrupt share link and opens the default scenario', async () => {
    const { c, store } = setup();
    await c.openFromUrl('', '#v=1&s=%%%broken&at=x', true);
    const s = store.getState();
    expect(s.notices.map((n) => n.title)).toContain('Share link');
    expect(s.notices.find((n) => n.title === 'Share link')!.lines.join(' ')).toMatch(/not a non-negative integer|damaged/);
    expect(s.info?.name).toBe('slub-redzone-overwrite');
  });

  it('names an unknown bundled scenario', async () => {
    const { c, store } = setup();
    await c.openFromUrl('?scenario=nope', '', true);
    expect(store.getState().notices[0]!.lines[0]).toContain('no bundled scenario named "nope"');
  });

  it('opens ?scenario=NAME&at=N at that event', async () => {
    const { c, store, settle } = setup();
    await c.openFromUrl('?scenario=slub-double-free&at=7', '', true);
    await settle();
    expect(store.getState().moment?.cursor).toBe(7);
  });
});

describe('Controller: cursor', () => {
  it('clamps, steps and jumps', async () => {
    const { c, store, settle } = setup();
    await c.openBundled('slub-double-free');
    await settle();
    c.toStart();
    c.step(-1);
    expect(store.getState().cursor).toBe(0);
    c.step(3);
    c.step(1);
    expect(store.getState().cursor).toBe(4);
    c.toEnd();
    c.step(1);
    expect(store.getState().cursor).toBe(50);
    await settle();
    expect(store.getState().moment?.cursor).toBe(50);
  });

  it('coalesces rapid seeks: the worker sees the first and the latest only', async () => {
    const { c, fake, store, settle } = setup();
    await c.openBundled('slub-double-free');
    await settle();
    fake.hold = true;
    fake.calls = [];
    for (let n = 1; n <= 30; n++) c.seek(n);
    expect(store.getState().cursor).toBe(30);
    while (fake.pendingSeeks > 0 || fake.calls.filter((x) => x.startsWith('seek')).length < 2) {
      fake.release();
      await new Promise((r) => setTimeout(r, 0));
    }
    fake.hold = false;
    fake.release();
    await settle();
    expect(fake.calls.filter((x) => x.startsWith('seek'))).toEqual(['seek 1', 'seek 30']);
    expect(store.getState().moment?.cursor).toBe(30);
  });

  it('opening a finding seeks just after its event and shows its address', async () => {
    const { c, store, settle, fake } = setup();
    await c.openBundled('slub-redzone-overwrite');
    await settle();
    c.setHexTarget('p');
    c.toEnd();
    await settle();
    c.openFinding(store.getState().info!.findings[0]!);
    await settle();
    expect(store.getState().moment?.cursor).toBe(41);
    expect(store.getState().hexTarget).toBe('0xffff888000002040');
    expect(store.getState().hexPinned).toBe(8);
    expect(fake.calls.at(-1)).toBe('hex 0xffff888000002040 256 @41');
  });

  it('play advances to the end and stops', async () => {
    const { c, store, settle } = setup();
    await c.openBundled('slub-double-free', { at: 0 });
    await settle();
    vi.useFakeTimers();
    try {
      c.togglePlay();
      expect(store.getState().playing).toBe(true);
      await vi.advanceTimersByTimeAsync(400);
      const mid = store.getState().cursor;
      expect(mid).toBeGreaterThan(0);
      expect(mid).toBeLessThan(50);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(store.getState().playing).toBe(false);
      expect(store.getState().cursor).toBe(50);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('Controller: options and share', () => {
  it('re-runs with overrides keeping the cursor, and the link carries them', async () => {
    const { c, store, settle, fake, urls } = setup();
    await c.openBundled('slub-double-free', { at: 12 });
    await settle();
    await c.rerun({ kconfig: { CONFIG_INIT_ON_FREE_DEFAULT_ON: true }, cmdline: 'slub_debug=FZP' });
    await settle();
    expect(fake.overrides).toEqual({ kconfig: { CONFIG_INIT_ON_FREE_DEFAULT_ON: true }, cmdline: 'slub_debug=FZP' });
    expect(store.getState().moment?.cursor).toBe(12);
    const url = await c.share();
    expect(urls.at(-1)).toBe(url);
    expect(urls[0]).toBe('http://127.0.0.1:4173/?scenario=slub-double-free');
    const d = decodeShare('', new URL(url!).hash);
    expect(d.ok && d.state).toMatchObject({ text: BUNDLED[0]!.text, at: 12, overrides: { cmdline: 'slub_debug=FZP', kconfig: { CONFIG_INIT_ON_FREE_DEFAULT_ON: true } } });
  });

  it('a cursor at the end stays at the end of a longer or shorter re-run', async () => {
    const { c, store, settle } = setup();
    await c.openBundled('slub-double-free');
    await settle();
    expect(store.getState().cursor).toBe(50);
    await c.open(fakeText('slub-double-free', 70), { kind: 'editor' }, { keepPlace: true });
    expect(store.getState().cursor).toBe(70);
  });

  it('opening a share link loads its text, cursor and overrides', async () => {
    const { c, store, settle, fake } = setup();
    await c.openBundled('slub-double-free', { at: 9 });
    await c.rerun({ patches: { 'fix-x': true } });
    await settle();
    const url = (await c.share())!;
    const fresh = setup();
    await fresh.c.openFromUrl('', new URL(url).hash, true);
    await fresh.settle();
    expect(fresh.store.getState().moment?.cursor).toBe(9);
    expect(fresh.store.getState().origin).toEqual({ kind: 'link' });
    expect(fresh.fake.overrides).toEqual({ patches: { 'fix-x': true } });
    expect(fake.overrides).toEqual({ patches: { 'fix-x': true } });
    expect(store.getState().info?.name).toBe('slub-double-free');
  });
});
