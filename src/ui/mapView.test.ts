import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KernscopeCore } from '../worker/core.ts';
import type { FrameWrite } from '../worker/api.ts';
import { Controller, type Host } from './controller.ts';
import { inProcessEngine } from './engine.ts';
import { FakeEngine, fakeText } from './fakeEngine.ts';
import { byteInfo } from './format/byteInfo.ts';
import { createAppStore } from './store.ts';

const host: Host = { shareBase: () => 'http://127.0.0.1:4173/', replaceUrl: () => {}, copy: async () => false };

async function settle(c: Controller): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await c.settled();
    await new Promise((r) => setTimeout(r, 0));
  }
}

const POKE: FrameWrite = { event: 40, kind: 'alt.text_poke', writer: 'text_poke from alternatives_smp_lock, site 0xffffffff8803a1c4 in ath5k', offset: 0x1c4, len: 1, old: 0x90, new: 0xf0, site: '0xffffffff8803a1c4', stray: true, frameOwner: 'user: testf' };

function strayText(total: number): string {
  return JSON.stringify({
    name: 'stray',
    total,
    findings: [{ kind: 'mm.stray_write', title: 'text_poke wrote 0xf0', step: 1, event: 40, fields: { frame: '0x803a' } }],
    strays: [{ pfn: 0x803a, event: 40 }],
    writes: { [String(0x803a)]: [POKE] },
    phases: [{ cycle: 0, phase: 'disable_cpus', from: 20, to: 30, startNs: 0, endNs: 0 }],
  });
}

function setup() {
  const fake = new FakeEngine();
  const store = createAppStore();
  const c = new Controller(store, fake.engine, [], host);
  return { fake, store, c };
}

describe('Controller: the memory map', () => {
  it('opens a run with stray writes on the memory map and asks for the frames on screen at the cursor', async () => {
    const { fake, store, c } = setup();
    await c.open(strayText(100), { kind: 'editor' }, { at: 60 });
    await settle(c);
    expect(store.getState().centerTab).toBe('map');
    expect(store.getState().phases).toHaveLength(1);
    c.setMapRange(0, 1024);
    await settle(c);
    expect(fake.calls).toContain('memoryMap 0 1024 @60');
    const s = store.getState();
    expect(s.mapCursor).toBe(60);
    expect(s.map?.strayFrames).toEqual([]); // the fake machine has 1024 frames: 0x803a is not among them
    // the same range is not asked twice for one cursor; a new cursor asks again
    fake.calls = [];
    c.setMapRange(0, 1024);
    c.seek(30);
    await settle(c);
    expect(fake.calls.filter((x) => x.startsWith('memoryMap'))).toEqual(['memoryMap 0 1024 @30']);
    expect(store.getState().mapCursor).toBe(30);
  });

  it('does not ask for the map while another view is shown', async () => {
    const { fake, c } = setup();
    await c.open(strayText(100), { kind: 'editor' });
    c.showView('memory');
    c.setMapRange(0, 512);
    c.seek(70);
    await settle(c);
    expect(fake.calls.some((x) => x.startsWith('memoryMap'))).toBe(false);
    c.showView('map');
    await settle(c);
    expect(fake.calls.at(-1)).toBe('memoryMap 0 512 @70');
  });

  it('lists the whole story of a frame clicked, and a write opens the hex view on its byte just after it', async () => {
    const { fake, store, c } = setup();
    await c.open(strayText(100), { kind: 'editor' }, { at: 10 });
    c.setMapRange(0, 1024);
    await settle(c);
    c.selectFrame(0x803a);
    await settle(c);
    // later writes too (the cursor is before the poke): the list stays while scrubbing
    expect(fake.calls).toContain(`frameHistory ${0x803a} before 100`);
    expect(store.getState().frameWrites).toEqual({ pfn: 0x803a, writes: [POKE] });
    c.openFrameWrite(0x803a, POKE);
    const s = store.getState();
    expect(s.cursor).toBe(41);
    expect(s.centerTab).toBe('memory');
    expect(s.hexTarget).toBe('0xffff81000803a180');
    expect(s.hexPinned).toBe(0x44);
    await settle(c);
    expect(fake.calls.at(-1)).toBe('hex 0xffff81000803a180 256 @41');
    c.selectFrame(null);
    expect(store.getState().frameWrites).toBeNull();
  });

  it('offers the map for mm findings or suspend phases, not for a SLUB run', async () => {
    const { store, c } = setup();
    await c.open(fakeText('slub', 50, [{ event: 10 }]), { kind: 'editor' });
    await settle(c);
    const { mapOffered } = await import('./controller.ts');
    expect(mapOffered(store.getState().info!, store.getState().phases)).toBe(false);
    expect(store.getState().centerTab).toBe('memory');
    await c.open(strayText(100), { kind: 'editor' });
    expect(mapOffered(store.getState().info!, store.getState().phases)).toBe(true);
  });

  it('zooms the timeline: asks for the buckets of the window, and the whole run again on fit', async () => {
    const { fake, store, c } = setup();
    await c.open(strayText(1000), { kind: 'editor' });
    await settle(c);
    await c.fetchTimeline(50);
    c.setTimelineWindow({ from: 100, to: 300 });
    await settle(c);
    expect(store.getState().timelineWindow).toEqual({ from: 100, to: 300 });
    expect(fake.calls).toContain('timeline 50 100..300');
    expect(store.getState().timeline[0]!.from).toBe(100);
    c.setTimelineWindow({ from: -50, to: 5000 });
    await settle(c);
    expect(store.getState().timelineWindow).toBeNull();
    expect(fake.calls.at(-1)).toBe('timeline 50');
  });
});

describe('the memory map on a real run (text-poke-reserved-check, in-process)', () => {
  it('from a hit frame to the text_poke write and its byte', async () => {
    const store = createAppStore();
    const c = new Controller(store, inProcessEngine(new KernscopeCore()), [], host);
    const text = readFileSync(new URL('../../scenarios/text-poke-reserved-check.json', import.meta.url), 'utf8');
    await c.open(text, { kind: 'editor' });
    const info = store.getState().info!;
    await c.open(text, { kind: 'editor' }, { at: info.total });
    await settle(c);
    expect(store.getState().centerTab).toBe('map');
    const nframes = (info.config.ramMiB << 20) / 4096;
    c.setMapRange(0, nframes);
    await settle(c);
    const tile = store.getState().map!;
    expect(tile.count).toBe(nframes);
    expect(tile.strayFrames.length).toBeGreaterThan(0);
    const pfn = tile.strayFrames[0]!;
    c.selectFrame(pfn);
    await settle(c);
    const writes = store.getState().frameWrites!.writes;
    const lock = writes.find((w) => w.new === 0xf0 && w.site !== undefined)!;
    expect(lock.writer).toMatch(/^text_poke from alternatives_smp_lock, site 0x[0-9a-f]{16} in \S+$/);
    c.openFrameWrite(pfn, lock);
    await settle(c);
    const s = store.getState();
    const b = byteInfo(s.hex!, s.hexPinned!)!;
    expect(b.value).toBe(0xf0);
    expect(b.pattern).toBe('LOCK prefix');
    expect(b.writer).toBe(lock.writer);
    expect(b.event).toBe(lock.event);
    // one event earlier the byte is what the UP switch left there
    c.seek(lock.event);
    await settle(c);
    const before = byteInfo(store.getState().hex!, store.getState().hexPinned!)!;
    expect(before.value).toBe(lock.old);
  });
});
