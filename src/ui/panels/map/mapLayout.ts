// Where frames sit on the memory map canvas: rows of `perRow` frames, `cell` CSS pixels per
// frame (1 at 1:1), a gutter of address labels on the left, scrolled vertically by whole pixels.
// Pure: the component measures, this computes, tests check.

/** Pixels per frame the map can show, 1 being one pixel per frame. */
export const ZOOMS: readonly number[] = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32];

/** Rows hold a multiple of this many frames (64 KiB), so row starts are round addresses. */
export const ROW_ALIGN = 16;

/** The narrowest gutter of row labels; wider when the labels need it (zoomed in, they carry decimals). */
export const GUTTER = 44;

/** Width of one character of the labels (10 px DejaVu Sans Mono) and the room around a label. */
const LABEL_CHAR_PX = 6.1;
const LABEL_PAD_PX = 10;

/** Labels at least this far apart, CSS px. */
export const LABEL_GAP = 24;

export interface MapLayout {
  nframes: number;
  /** CSS px per frame: a zoom step, or any size from 1 up when fitting the view. */
  cell: number;
  perRow: number;
  rows: number;
  gutter: number;
  /** Height of all rows, CSS px (what the scroller scrolls). */
  height: number;
}

function layoutWith(nframes: number, cell: number, viewWidth: number, gutter: number): MapLayout {
  const c = Math.max(1, cell);
  const fit = Math.floor(Math.max(0, viewWidth - gutter) / c);
  const perRow = Math.max(ROW_ALIGN, fit - (fit % ROW_ALIGN));
  const rows = Math.ceil(Math.max(0, nframes) / perRow);
  return { nframes, cell: c, perRow, rows, gutter, height: rows * c };
}

/**
 * Rows of `cell` px per frame in a view `viewWidth` px wide. Without a gutter given, the gutter is
 * as wide as the row labels of this layout need (at least GUTTER).
 */
export function mapLayout(nframes: number, cell: number, viewWidth: number, gutter?: number): MapLayout {
  if (gutter !== undefined) return layoutWith(nframes, cell, viewWidth, gutter);
  let l = layoutWith(nframes, cell, viewWidth, GUTTER);
  // a wider gutter leaves fewer frames a row, which may change the label step: settle in a few turns
  for (let i = 0; i < 3; i++) {
    const need = Math.max(GUTTER, labelGutter(l));
    if (need <= l.gutter) break;
    l = layoutWith(nframes, cell, viewWidth, need);
  }
  return l;
}

/** The largest cell (to 1/8 px, at most the largest zoom) at which all frames fit the view without scrolling; 1 when none does. */
export function fitCell(nframes: number, viewWidth: number, viewHeight: number, gutter?: number): number {
  const fits = (c: number) => mapLayout(nframes, c, viewWidth, gutter).height <= viewHeight;
  const max = ZOOMS[ZOOMS.length - 1]!;
  if (!fits(1)) return 1;
  if (fits(max)) return max;
  // the height grows with the cell (fewer frames a row, more rows, each taller): bisect in eighths
  let lo = 8;
  let hi = max * 8;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (fits(mid / 8)) lo = mid;
    else hi = mid;
  }
  return lo / 8;
}

/** The next zoom step in (dir 1) or out (dir -1). */
export function stepZoom(cell: number, dir: 1 | -1): number {
  if (dir > 0) return ZOOMS.find((z) => z > cell) ?? ZOOMS[ZOOMS.length - 1]!;
  for (let i = ZOOMS.length - 1; i >= 0; i--) if (ZOOMS[i]! < cell) return ZOOMS[i]!;
  return ZOOMS[0]!;
}

export interface VisibleRange {
  firstRow: number;
  /** Rows touched by the view, partly or fully. */
  rowCount: number;
  startPfn: number;
  count: number;
}

/** The frames a view of `viewHeight` px scrolled to `scrollTop` shows: what to ask the worker for. */
export function visibleRange(l: MapLayout, scrollTop: number, viewHeight: number): VisibleRange {
  const top = Math.max(0, Math.min(scrollTop, Math.max(0, l.height - viewHeight)));
  const firstRow = Math.min(Math.floor(top / l.cell), Math.max(0, l.rows - 1));
  const lastRow = Math.min(l.rows, Math.ceil((top + viewHeight) / l.cell));
  const rowCount = Math.max(0, lastRow - firstRow);
  const startPfn = firstRow * l.perRow;
  const count = Math.max(0, Math.min(l.nframes, (firstRow + rowCount) * l.perRow) - startPfn);
  return { firstRow, rowCount, startPfn, count };
}

/** The frame at view coordinates (x, y), or null outside the frames. */
export function pfnAt(l: MapLayout, scrollTop: number, x: number, y: number): number | null {
  const col = Math.floor((x - l.gutter) / l.cell);
  if (x < l.gutter || col >= l.perRow) return null;
  const row = Math.floor((y + scrollTop) / l.cell);
  if (y < 0 || row >= l.rows) return null;
  const pfn = row * l.perRow + col;
  return pfn < l.nframes ? pfn : null;
}

/** The cell of frame pfn in view coordinates. */
export function cellAt(l: MapLayout, scrollTop: number, pfn: number): { x: number; y: number; size: number } {
  const row = Math.floor(pfn / l.perRow);
  const col = pfn % l.perRow;
  return { x: l.gutter + col * l.cell, y: row * l.cell - scrollTop, size: l.cell };
}

/** A scrollTop that shows frame pfn, unchanged when it is in view already, else with its row centered. */
export function scrollToShow(l: MapLayout, scrollTop: number, viewHeight: number, pfn: number): number {
  const y = Math.floor(pfn / l.perRow) * l.cell;
  if (y >= scrollTop && y + l.cell <= scrollTop + viewHeight) return scrollTop;
  return clampScroll(l, viewHeight, y - viewHeight / 2 + l.cell / 2);
}

export function clampScroll(l: MapLayout, viewHeight: number, scrollTop: number): number {
  return Math.round(Math.max(0, Math.min(scrollTop, l.height - viewHeight)));
}

/** After a zoom, the scrollTop that keeps frame pfn at view height y (the frame under the mouse stays put). */
export function scrollKeeping(l: MapLayout, viewHeight: number, pfn: number, y: number): number {
  return clampScroll(l, viewHeight, Math.floor(pfn / l.perRow) * l.cell + l.cell / 2 - y);
}

/** Decimals the MiB value of a multiple of `frames` needs (a row holds a multiple of 16 frames: at most 4). */
function mibDecimals(frames: number): number {
  for (let d = 0; d < 4; d++) if ((frames * 10 ** d) % 256 === 0) return d;
  return 4;
}

/** Rows between labels: at least LABEL_GAP px apart, and of the steps up to twice that the one with the fewest decimals. */
export function labelEvery(l: MapLayout, minGap = LABEL_GAP): number {
  const least = Math.max(1, Math.ceil(minGap / l.cell));
  let best = least;
  for (let k = least; k <= 2 * least; k++) if (mibDecimals(k * l.perRow) < mibDecimals(best * l.perRow)) best = k;
  return best;
}

/** The gutter the labels of a layout need: its widest label and room around it. */
export function labelGutter(l: MapLayout, minGap = LABEL_GAP): number {
  const step = labelEvery(l, minGap) * l.perRow;
  const lastRow = Math.max(0, Math.floor((l.rows - 1) / labelEvery(l, minGap)) * labelEvery(l, minGap));
  const widest = `${Math.floor((lastRow * l.perRow) / 256)}${mibDecimals(step) > 0 ? '.' + '0'.repeat(mibDecimals(step)) : ''}M`;
  return Math.ceil(widest.length * LABEL_CHAR_PX + LABEL_PAD_PX);
}

/**
 * Row labels for the gutter: the physical address of a row start in MiB, exact (no two alike),
 * every few rows (at least LABEL_GAP px apart) on steps that need few decimals.
 */
export function rowLabels(l: MapLayout, range: VisibleRange, minGap = LABEL_GAP): { row: number; text: string }[] {
  const every = labelEvery(l, minGap);
  const out: { row: number; text: string }[] = [];
  const first = Math.ceil(range.firstRow / every) * every;
  for (let r = first; r < range.firstRow + range.rowCount; r += every) out.push({ row: r, text: mib(r * l.perRow) });
  return out;
}

/** Frame number as the physical address it starts at, in MiB, exact ("128M", "1.25M", "67.875M"). */
export function mib(pfn: number): string {
  const m = (pfn * 4096) / (1 << 20);
  return `${Number.isInteger(m) ? m : m.toFixed(mibDecimals(pfn)).replace(/0+$/, '')}M`;
}
