// Where the view stays when the terminal with the full scrollback replaces the one holding its
// last lines: the new one has `offset` more rows on top and the same rows after them (same width),
// so the user's place and selection (the active search match among them) move down by `offset`.
export interface ViewState {
  /** Buffer rows: the first shown, and the first shown when scrolled to the bottom. */
  viewportY: number;
  baseY: number;
  cols: number;
  /** 0-based cells, end exclusive, as xterm's getSelectionPosition() gives them. */
  selection?: { start: { x: number; y: number }; end: { x: number; y: number } } | undefined;
}

export interface Place {
  /** The row to scroll to, or the bottom (new lines keep coming in view). */
  top: number | 'bottom';
  /** Column, row and length of the selection to make, as xterm's select() takes them. */
  select: [number, number, number] | null;
}

export function placeAfterSwap(v: ViewState, offset: number): Place {
  const top = v.viewportY >= v.baseY ? 'bottom' : v.viewportY + offset;
  const s = v.selection;
  if (!s) return { top, select: null };
  const length = (s.end.y - s.start.y) * v.cols + s.end.x - s.start.x;
  return { top, select: length > 0 ? [s.start.x, s.start.y + offset, length] : null };
}
