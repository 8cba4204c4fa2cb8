import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KernscopeCore } from '../../../worker/core.ts';
import type { FrameWrite } from '../../../worker/protocol.ts';
import { inProcessEngine } from '../../engine.ts';
import { fakeText } from '../../fakeEngine.ts';
import { controllerOn, fakeSetup, settle } from '../../testing.ts';
import { byteInfo } from '../hex/byteInfo.ts';
import { setTimelineBuckets, setTimelineWindow } from '../timeline/actions.ts';
import { openFrameWrite, selectFrame, setMapRange } from './actions.ts';
import { mapOffered } from './index.ts';

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

const setup = () => fakeSetup();

describe('Controller: the memory map', () => {
  it('opens a run with stray writes on the memory map and asks for the frames on screen at the cursor', async () => {
    const { fake, store, c } = setup();
    await c.loader.open(strayText(100), { kind: 'editor' }, { at: 60 });
    await settle(c);
    expect(store.getState().layout.view).toBe('map');
    expect(store.getState().runs.a.info?.phases).toHaveLength(1);
    setMapRange(c, 0, 1024);
    await settle(c);
    expect(fake.calls).toContain('memoryMap 0 1024 @60');
    const map = () => store.getState().runs.a.panels.map;
    expect(map().tileCursor).toBe(60);
    expect(map().tile?.strayFrames).toEqual([]); // the fake machine has 1024 frames: 0x803a is not among them
    // the same range is not asked twice for one cursor; a new cursor asks again
    fake.calls = [];
    setMapRange(c, 0, 1024);
    c.cursor.seek(30);
    await settle(c);
    expect(fake.calls.filter((x) => x.startsWith('memoryMap'))).toEqual(['memoryMap 0 1024 @30']);
    expect(map().tileCursor).toBe(30);
  });

  it('does not ask for the map while another view is shown', async () => {
    const { fake, c } = setup();
    await c.loader.open(strayText(100), { kind: 'editor' });
    c.layout.show('hex');
    setMapRange(c, 0, 512);
    c.cursor.seek(70);
    await settle(c);
    expect(fake.calls.some((x) => x.startsWith('memoryMap'))).toBe(false);
    c.layout.show('map');
    await settle(c);
    expect(fake.calls.at(-1)).toBe('memoryMap 0 512 @70');
  });

  it('lists the whole story of a frame clicked, and a write opens the hex view on its byte just after it', async () => {
    const { fake, store, c } = setup();
    await c.loader.open(strayText(100), { kind: 'editor' }, { at: 10 });
    setMapRange(c, 0, 1024);
    await settle(c);
    selectFrame(c, 0x803a);
    await settle(c);
    // later writes too (the cursor is before the poke): the list stays while scrubbing
    expect(fake.calls).toContain(`frameHistory ${0x803a} @100`);
    expect(store.getState().runs.a.panels.map.writes).toEqual({ pfn: 0x803a, writes: [POKE] });
    openFrameWrite(c, 0x803a, POKE);
    const s = store.getState();
    expect(s.runs.a.cursor).toBe(41);
    expect(s.layout.view).toBe('hex');
    expect(s.runs.a.panels.hex.target).toBe('0xffff81000803a180');
    expect(s.runs.a.panels.hex.pinned).toBe(0x44);
    await settle(c);
    expect(fake.calls.at(-1)).toBe('hex 0xffff81000803a180 256 @41');
    selectFrame(c, null);
    expect(store.getState().runs.a.panels.map.writes).toBeNull();
  });

  it('offers the map for mm findings or suspend phases, not for a SLUB run', async () => {
    const { store, c } = setup();
    await c.loader.open(fakeText('slub', 50, [{ event: 10 }]), { kind: 'editor' });
    await settle(c);
    expect(mapOffered(store.getState().runs.a.info!)).toBe(false);
    expect(store.getState().layout.view).toBe('hex');
    await c.loader.open(strayText(100), { kind: 'editor' });
    expect(mapOffered(store.getState().runs.a.info!)).toBe(true);
  });

  it('zooms the timeline: asks for the buckets of the window, and the whole run again on fit', async () => {
    const { fake, store, c } = setup();
    await c.loader.open(strayText(1000), { kind: 'editor' });
    await settle(c);
    setTimelineBuckets(c, 50);
    await settle(c);
    setTimelineWindow(c, { from: 100, to: 300 });
    await settle(c);
    const tl = () => store.getState().runs.a.panels.timeline;
    expect(tl().window).toEqual({ from: 100, to: 300 });
    expect(fake.calls).toContain('timeline 50 100..300');
    expect(tl().buckets[0]!.from).toBe(100);
    setTimelineWindow(c, { from: -50, to: 5000 });
    await settle(c);
    expect(tl().window).toBeNull();
    expect(fake.calls.at(-1)).toBe('timeline 50');
  });
});

describe('the memory map on a real run (text-poke-reserved-check, in-process)', () => {
  it('from a hit frame to the text_poke write and its byte', async () => {
    const { c, store } = controllerOn(inProcessEngine(new KernscopeCore()));
    const text = readFileSync(new URL('../../../../scenarios/text-poke-reserved-check.json', import.meta.url), 'utf8');
    await c.loader.open(text, { kind: 'editor' });
    const info = store.getState().runs.a.info!;
    await c.loader.open(text, { kind: 'editor' }, { at: info.total });
    await settle(c);
    expect(store.getState().layout.view).toBe('map');
    const nframes = (info.config.ramMiB << 20) / 4096;
    setMapRange(c, 0, nframes);
    await settle(c);
    const tile = store.getState().runs.a.panels.map.tile!;
    expect(tile.count).toBe(nframes);
    expect(tile.strayFrames.length).toBeGreaterThan(0);
    const pfn = tile.strayFrames[0]!;
    selectFrame(c, pfn);
    await settle(c);
    const writes = store.getState().runs.a.panels.map.writes!.writes;
    const lock = writes.find((w) => w.new === 0xf0 && w.site !== undefined)!;
    expect(lock.writer).toMatch(/^text_poke from alternatives_smp_lock, site 0x[0-9a-f]{16} in \S+$/);
    openFrameWrite(c, pfn, lock);
    await settle(c);
    const hex = () => store.getState().runs.a.panels.hex;
    const b = byteInfo(hex().answer!, hex().pinned!)!;
    expect(b.value).toBe(0xf0);
    expect(b.pattern).toBe('LOCK prefix');
    expect(b.meaning).toContain('LOCK prefix written by text_poke');
    expect(b.writer).toBe(lock.writer);
    expect(b.event).toBe(lock.event);
    // one event earlier the byte is what the UP switch left there
    c.cursor.seek(lock.event);
    await settle(c);
    const before = byteInfo(hex().answer!, hex().pinned!)!;
    expect(before.value).toBe(lock.old);
  });
});
