import { describe, expect, it } from 'vitest';
import { DEFS, PANEL_IDS } from './defs.ts';
import { initialSlices, resetSlices, shareKeys, shareParams, withShared } from './slices.ts';

describe('panel slices', () => {
  it('start from each field’s initial value', () => {
    const s = initialSlices();
    expect(Object.keys(s)).toEqual(PANEL_IDS);
    expect(s.hex).toEqual({ target: '', len: 256, answer: null, hover: null, pinned: null, range: null, auto: true });
    expect(s.findings).toEqual({ kind: null });
    expect(s.dmesg).toEqual({});
  });

  it('reset per field when a run opens: kept on a re-run of the same scenario or always, as each declares', () => {
    const s = initialSlices();
    const used = { ...s, hex: { ...s.hex, target: '0xffff888000001000', len: 512, hover: 3, pinned: 8, auto: false }, map: { ...s.map, range: { start: 0, count: 64 }, frame: 7, tileCursor: 9 } };
    const again = resetSlices(used, true);
    expect(again.hex).toEqual({ target: '0xffff888000001000', len: 512, answer: null, hover: null, pinned: null, range: null, auto: false });
    expect(again.map).toMatchObject({ range: { start: 0, count: 64 }, frame: 7, tileCursor: null });
    const other = resetSlices(used, false);
    expect(other.hex).toEqual({ target: '', len: 512, answer: null, hover: null, pinned: null, range: null, auto: true });
    expect(other.map).toMatchObject({ range: { start: 0, count: 64 }, frame: null });
  });

  it('put the fields that declare it into share links, and read them back', () => {
    const s = initialSlices();
    expect(shareParams(s)).toEqual([]);
    const chosen = { ...s, hex: { ...s.hex, target: 'p', pinned: 12 }, map: { ...s.map, frame: 0x803a }, findings: { kind: 'mm.stray_write' } };
    const params = shareParams(chosen);
    expect(params).toEqual([
      ['hex', 'p'],
      ['pin', '12'],
      ['frame', '0x803a'],
      ['kind', 'mm.stray_write'],
    ]);
    const back = withShared(initialSlices(), new Map(params));
    expect(back.hex).toMatchObject({ target: 'p', pinned: 12 });
    expect(back.map.frame).toBe(0x803a);
    expect(back.findings.kind).toBe('mm.stray_write');
    // what does not read as a value is left as it was
    expect(withShared(initialSlices(), new Map([['len', 'many'], ['frame', '12']])).hex.len).toBe(256);
    expect(withShared(initialSlices(), new Map([['frame', '12']])).map.frame).toBeNull();
  });

  it('use each share parameter name once, none of those the link itself uses', () => {
    const keys = shareKeys();
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of ['v', 's', 'at', 'o', 'scenario']) expect(keys).not.toContain(k);
  });

  it('every panel has a title and a place', () => {
    for (const id of PANEL_IDS) {
      expect(DEFS[id].title, id).not.toBe('');
      expect(['header', 'top', 'left', 'log', 'view', 'right']).toContain(DEFS[id].place);
    }
  });
});
