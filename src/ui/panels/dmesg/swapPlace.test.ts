import { describe, expect, it } from 'vitest';
import { placeAfterSwap } from './swapPlace.ts';

describe('placeAfterSwap', () => {
  it('at the bottom stays at the bottom', () => {
    expect(placeAfterSwap({ viewportY: 40, baseY: 40, cols: 80 }, 900)).toEqual({ top: 'bottom', select: null });
  });

  it('scrolled up: the same row stays at the top, moved down by the rows added above', () => {
    expect(placeAfterSwap({ viewportY: 3, baseY: 40, cols: 80 }, 900)).toEqual({ top: 903, select: null });
  });

  it('a selection over rows keeps its cells, moved down', () => {
    // from column 10 of row 5 to column 4 of row 7 (end exclusive): 70 + 80 + 4 cells
    const selection = { start: { x: 10, y: 5 }, end: { x: 4, y: 7 } };
    expect(placeAfterSwap({ viewportY: 40, baseY: 40, cols: 80, selection }, 100).select).toEqual([10, 105, 154]);
    // ending at the right edge
    const edge = { start: { x: 0, y: 2 }, end: { x: 80, y: 2 } };
    expect(placeAfterSwap({ viewportY: 0, baseY: 40, cols: 80, selection: edge }, 7)).toEqual({ top: 7, select: [0, 9, 80] });
  });
});
