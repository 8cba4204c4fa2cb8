import { describe, expect, it } from 'vitest';
import type { BundledScenario } from '../bundledList.ts';
import { fakeText } from '../fakeEngine.ts';
import { setHexTarget } from '../panels/hex/actions.ts';
import { fakeSetup, settle } from '../testing.ts';

const BUNDLED: BundledScenario[] = [
  { name: 'slub-double-free', title: 'Double free', text: fakeText('slub-double-free', 50, [{ event: 20, kind: 'slub.double_free', title: 'double free' }]) },
  { name: 'slub-redzone-overwrite', title: 'Redzone', text: fakeText('slub-redzone-overwrite', 120) },
];

async function comparing() {
  const t = fakeSetup(BUNDLED);
  await t.c.loader.openBundled('slub-double-free');
  await settle(t.c);
  expect(await t.c.compare.start({ seed: 10 })).toBe(true);
  await settle(t.c);
  return t;
}

describe('Compare: a second run beside the first', () => {
  it('opens run b with the overrides, compares, and links its cursor', async () => {
    const { c, store, fake } = await comparing();
    const s = store.getState();
    expect(fake.calls).toContain('open {"seed":10}');
    expect(s.runs.b?.info?.total).toBe(60);
    expect(s.compare).toMatchObject({ status: 'ready', label: '--seed 10' });
    expect(s.compare?.diff?.divergence?.event).toBe(50);
    // before the divergence: the same event
    c.cursor.seek(30);
    await settle(c);
    expect(store.getState().runs.b?.cursor).toBe(30);
    expect(store.getState().runs.b?.moment?.cursor).toBe(30);
    setHexTarget(c, '0xffff888000001000', 64);
    await settle(c);
    expect(store.getState().compare?.hexA?.addr).toBe('0xffff888000001000');
    expect(store.getState().compare?.hexB?.addr).toBe('0xffff888000001000');
    // asked of both runs at their cursors
    expect(fake.calls.filter((x) => x === 'hex 0xffff888000001000 64 @30').length).toBeGreaterThanOrEqual(2);
  });

  it('puts both runs in the share link, and the link restores the comparison', async () => {
    const { c } = await comparing();
    c.cursor.seek(12);
    await settle(c);
    const url = (await c.address.share())!;
    expect(url).toMatch(/&b=1&b\.seed=10$/);
    const fresh = fakeSetup(BUNDLED);
    await fresh.c.address.follow('', new URL(url).hash, true);
    await settle(fresh.c);
    const s = fresh.store.getState();
    expect(s.runs.a.cursor).toBe(12);
    expect(s.compare?.status).toBe('ready');
    expect(s.runs.b?.cursor).toBe(12);
    expect(s.runs.b?.info?.total).toBe(60);
  });

  it('a damaged b. parameter is a notice; the first run opens alone', async () => {
    const { c, store } = fakeSetup(BUNDLED);
    await c.address.follow('?scenario=slub-double-free&b=1&b.kconfig=CONFIG_X%3Dmaybe', '', true);
    await settle(c);
    const s = store.getState();
    expect(s.runs.a.info?.name).toBe('slub-double-free');
    expect(s.compare).toBeNull();
    expect(s.notices.find((n) => n.title === 'Compare link')?.lines[0]).toContain('b.kconfig=CONFIG_X=maybe');
  });

  it('a second run that does not run is a notice, and nothing is compared', async () => {
    const { c, store } = fakeSetup(BUNDLED);
    await c.loader.openBundled('slub-double-free');
    expect(await c.compare.start({ patches: { 'no-such-patch': true } })).toBe(false);
    const s = store.getState();
    expect(s.compare).toBeNull();
    expect(s.notices.find((n) => n.title === 'Compare')?.lines.join('\n')).toContain('no-such-patch');
  });

  it('the address names both runs while they are compared, so a reload reopens both', async () => {
    const { c, urls } = await comparing();
    expect(urls.at(-1)).toBe('http://127.0.0.1:4173/?scenario=slub-double-free&b=1&b.seed=10');
    c.compare.end();
    expect(urls.at(-1)).toBe('http://127.0.0.1:4173/?scenario=slub-double-free');
  });

  it('ends: run b is freed; another scenario ends it too, a re-run of a compares again', async () => {
    const { c, store, fake, urls } = await comparing();
    expect(fake.openRuns).toBe(2);
    await c.loader.rerun({ kconfig: { CONFIG_SLUB_DEBUG: false } });
    await settle(c);
    expect(store.getState().compare?.status).toBe('ready');
    expect(fake.calls.filter((x) => x.startsWith('compare')).length).toBe(2);
    expect(urls.at(-1)).toMatch(/&b=1&b\.seed=10$/);
    c.compare.end();
    await settle(c);
    expect(store.getState().runs.b).toBeNull();
    expect(fake.openRuns).toBe(1);
    await c.compare.start({ seed: 1 });
    await c.loader.openBundled('slub-redzone-overwrite');
    await settle(c);
    expect(store.getState().compare).toBeNull();
    expect(fake.openRuns).toBe(1);
  });
});
