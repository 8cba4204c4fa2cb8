// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { HexAnswer } from '../worker/protocol.ts';
import { landFinding, selectedByte, stepFinding, stepScenario, stepWrite, toDmesgLine } from './evidence.ts';
import { handleKey } from './keyboard.ts';
import { setHexTarget } from './panels/hex/actions.ts';
import { fakeSetup, settle } from './testing.ts';

function scenario(landings?: number[]) {
  return JSON.stringify({
    name: 'ev',
    total: 100,
    findings: [
      { kind: 'slub.redzone_overwritten', title: 'BUG a', step: 1, event: 20, fields: { addr: '0xffff888000002080', object: '0xffff888000002040', start: '0xffff888000002080', end: '0xffff888000002081' } },
      { kind: 'slub.double_free', title: 'BUG b', step: 3, event: 40, fields: { addr: '0xffff888000003000', object: '0xffff888000003000' } },
    ],
    ...(landings ? { landings } : {}),
  });
}

async function setup(at: number, landings?: number[]) {
  const s = fakeSetup();
  await s.c.loader.open(scenario(landings), { kind: 'editor' }, { at });
  await settle(s.c);
  return s;
}

describe('landing on a finding', () => {
  it('moves to its landing and selects the corrupted range in the hex view, from its object', async () => {
    const { c, store } = await setup(90, [20, 41]);
    await landFinding(c, 0);
    await settle(c);
    const a = store.getState().runs.a;
    expect(a.cursor).toBe(20);
    expect(a.panels.hex.target).toBe('0xffff888000002040');
    expect(a.panels.hex.pinned).toBe(0x40);
    // the fake lands on the byte at addr
    expect(a.panels.hex.range).toEqual([0x40, 0x40]);
  });

  it('a landing answered after the user chose another address or moment does not take the view back', async () => {
    const { c, store } = await setup(90, [20, 41]);
    const landing = landFinding(c, 0);
    setHexTarget(c, '0xffff888000009000');
    await landing;
    await settle(c);
    let a = store.getState().runs.a;
    expect(a.panels.hex.target).toBe('0xffff888000009000');
    expect(a.cursor).toBe(90);
    const again = landFinding(c, 0);
    c.cursor.seek(55);
    await again;
    await settle(c);
    a = store.getState().runs.a;
    expect(a.cursor).toBe(55);
    expect(a.panels.hex.target).toBe('0xffff888000009000');
  });

  it('steps to the next and previous finding and says when there is none', async () => {
    const { c, store } = await setup(0, [20, 41]);
    await stepFinding(c, 1);
    expect(store.getState().runs.a.cursor).toBe(20);
    await stepFinding(c, 1);
    expect(store.getState().runs.a.cursor).toBe(41);
    await stepFinding(c, 1);
    expect(store.getState().runs.a.cursor).toBe(41);
    expect(store.getState().notices.at(-1)?.lines[0]).toBe('No finding after the cursor.');
    await stepFinding(c, -1);
    expect(store.getState().runs.a.cursor).toBe(20);
  });
});

describe('stepping', () => {
  it('goes over whole scenario steps and to the event of a dmesg line', async () => {
    const { c, store } = await setup(25);
    await stepScenario(c, 1);
    expect(store.getState().runs.a.cursor).toBe(30);
    await stepScenario(c, -1);
    expect(store.getState().runs.a.cursor).toBe(20);
    await toDmesgLine(c, 7);
    expect(store.getState().runs.a.cursor).toBe(8);
  });

  it('a write needs a picked byte; the picked byte is its virtual address', async () => {
    const { c, store } = await setup(25);
    await stepWrite(c, 1);
    expect(store.getState().notices.at(-1)?.lines[0]).toMatch(/Pick a byte/);
    const answer: HexAnswer = { addr: '0xffff888000002040', phys: 0x2040, len: 128, bytes: new Uint8Array(128), writer: new Int32Array(128), event: new Int32Array(128), writers: [], pattern: [], regions: [], object: null, owner: '', error: null, meanings: {} };
    c.patchPanel('hex', { target: '0xffff888000002040', answer, pinned: 0x41 });
    expect(selectedByte(c)).toBe('0xffff888000002081');
    // the fake knows no writes
    await stepWrite(c, 1);
    expect(store.getState().notices.at(-1)?.lines[0]).toBe('No write to 0xffff888000002081 after the cursor.');
  });

  it('the keys n/N, s/S and w/W step without breaking the arrows', async () => {
    const { c, store } = await setup(0, [20, 41]);
    const ev = (k: string, shift = false) => new KeyboardEvent('keydown', { key: k, shiftKey: shift });
    expect(handleKey(c, ev('n'))).toBe(true);
    await settle(c);
    expect(store.getState().runs.a.cursor).toBe(20);
    expect(handleKey(c, ev('N', true))).toBe(true);
    await settle(c);
    expect(store.getState().runs.a.cursor).toBe(20);
    expect(handleKey(c, ev('s'))).toBe(true);
    await settle(c);
    expect(store.getState().runs.a.cursor).toBe(30);
    expect(handleKey(c, ev('S', true))).toBe(true);
    await settle(c);
    expect(store.getState().runs.a.cursor).toBe(20);
    expect(handleKey(c, ev('w'))).toBe(true);
    handleKey(c, ev('ArrowRight'));
    expect(store.getState().runs.a.cursor).toBe(21);
  });
});
