import { describe, expect, it } from 'vitest';
import { dirtyRuns, NOT_ANSWERED, PAST_END, rowOwners, sameNames } from './mapRows.ts';

const tile = (startPfn: number, owners: number[]) => ({ startPfn, count: owners.length, owners: Uint16Array.from(owners) });

describe('the rows the memory map paints', () => {
  it('knows the owner of each frame: from the tile, not answered outside it, none past the last frame', () => {
    const r = rowOwners(tile(4, [7, 7, 8, 8]), 10, 4, 0, 3);
    expect([...r.owners]).toEqual([NOT_ANSWERED, NOT_ANSWERED, NOT_ANSWERED, NOT_ANSWERED, 7, 7, 8, 8, NOT_ANSWERED, NOT_ANSWERED, PAST_END, PAST_END]);
    // an array of the right size is filled anew, whatever it held
    const again = rowOwners(tile(6, [9, 9, 9]), 10, 4, 1, 3, r.owners);
    expect(again.owners).toBe(r.owners);
    expect([...again.owners]).toEqual([NOT_ANSWERED, NOT_ANSWERED, 9, 9, 9, NOT_ANSWERED, PAST_END, PAST_END, PAST_END, PAST_END, PAST_END, PAST_END]);
  });

  it('paints after a pan only the exposed rows, then only the rows the new tile answers', () => {
    const owners = Array.from({ length: 64 }, (_, i) => i >> 3);
    // rows 0..4 shown and answered
    const shown = rowOwners(tile(0, owners.slice(0, 20)), 64, 4, 0, 5);
    expect(dirtyRuns(null, shown)).toEqual([[0, 5]]);
    // scrolled by two rows: the old tile still, rows 5 and 6 new (not answered yet)
    const panned = rowOwners(tile(0, owners.slice(0, 20)), 64, 4, 2, 5);
    expect(dirtyRuns(shown, panned)).toEqual([[3, 5]]);
    // the tile of the new range: the two new rows change, the rest stays
    const answered = rowOwners(tile(8, owners.slice(8, 28)), 64, 4, 2, 5);
    expect(dirtyRuns(panned, answered)).toEqual([[3, 5]]);
    expect(dirtyRuns(answered, answered)).toEqual([]);
    // scrolled back up past what was painted, and a different row width: all of it
    expect(dirtyRuns(answered, rowOwners(tile(0, owners), 64, 4, 0, 5))).toEqual([[0, 2]]);
    expect(dirtyRuns(answered, rowOwners(tile(0, owners), 64, 8, 1, 3))).toEqual([[0, 3]]);
  });

  it('repaints a row whose owners changed (another cursor) and only that row', () => {
    const a = rowOwners(tile(0, [1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]), 12, 4, 0, 3);
    const b = rowOwners(tile(0, [1, 1, 1, 1, 2, 5, 2, 2, 3, 3, 3, 3]), 12, 4, 0, 3);
    expect(dirtyRuns(a, b)).toEqual([[1, 2]]);
  });

  it('keeps pixels only while the owner ids keep their names', () => {
    const known = new Map<number, string>();
    expect(sameNames(known, [{ id: 1, name: 'free' }, { id: 2, name: 'slab' }])).toBe(true);
    expect(sameNames(known, [{ id: 2, name: 'slab' }, { id: 3, name: 'user' }])).toBe(true);
    expect(sameNames(known, [{ id: 3, name: 'kernel text' }])).toBe(false);
  });
});
