// The rows of the memory map as painted: which owner each pixel shows. A pan keeps the rows still
// on screen (their pixels are shifted, not painted again) and paints only the rows whose owners
// differ from what is there: the strip a pan exposes, and then, when the worker's tile for the new
// range arrives, the rows that were shown as "not answered yet". Pure: the canvas code asks, tests check.

/** The owner each frame of rows [first, first + rows) shows. */
export interface PaintedRows {
  first: number;
  rows: number;
  perRow: number;
  /** Per frame: the tile's owner id, NOT_ANSWERED outside the tile, PAST_END after the last frame. */
  owners: Int32Array;
}

export const NOT_ANSWERED = -1;
export const PAST_END = -2;

/** What the tile says about the frames of rows [first, first + rows) (the owners paintRows() draws); `reuse` is filled when it has the size. */
export function rowOwners(tile: { startPfn: number; count: number; owners: Uint16Array } | null, nframes: number, perRow: number, first: number, rows: number, reuse?: Int32Array): PaintedRows {
  const n = Math.max(0, rows) * perRow;
  const owners = reuse !== undefined && reuse.length === n ? reuse : new Int32Array(n);
  const start = first * perRow;
  // frames [start, start + n): not answered, the tile's part copied in, none past the last frame
  const end = Math.max(0, Math.min(n, nframes - start));
  owners.fill(NOT_ANSWERED, 0, end);
  owners.fill(PAST_END, end, n);
  if (tile !== null) {
    const from = Math.max(start, tile.startPfn);
    const to = Math.min(start + end, tile.startPfn + tile.count);
    if (from < to) owners.set(tile.owners.subarray(from - tile.startPfn, to - tile.startPfn), from - start);
  }
  return { first, rows, perRow, owners };
}

/**
 * Runs [start, end) of rows (indexes into `next`) that must be painted again: rows `prev` did not
 * hold, or held with other owners. Without a `prev` of the same row width, every row.
 */
export function dirtyRuns(prev: PaintedRows | null, next: PaintedRows): [number, number][] {
  const runs: [number, number][] = [];
  const w = next.perRow;
  for (let r = 0; r < next.rows; r++) {
    const pr = next.first + r - (prev?.first ?? 0);
    let dirty = prev === null || prev.perRow !== w || pr < 0 || pr >= prev.rows;
    if (!dirty && prev !== null) {
      const a = prev.owners;
      const b = next.owners;
      const pa = pr * w;
      const pb = r * w;
      for (let c = 0; c < w; c++) {
        if (a[pa + c] !== b[pb + c]) {
          dirty = true;
          break;
        }
      }
    }
    if (!dirty) continue;
    const last = runs[runs.length - 1];
    if (last && last[1] === r) last[1] = r + 1;
    else runs.push([r, r + 1]);
  }
  return runs;
}

/**
 * Owner ids a run's tiles have named so far: a row can keep its pixels only while its owners keep
 * their names (a new run numbers its owners anew). False when the tile names a known id otherwise.
 */
export function sameNames(known: Map<number, string>, legend: readonly { id: number; name: string }[]): boolean {
  for (const e of legend) {
    const n = known.get(e.id);
    if (n !== undefined && n !== e.name) return false;
  }
  for (const e of legend) known.set(e.id, e.name);
  return true;
}
