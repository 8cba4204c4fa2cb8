import { describe, expect, it } from 'vitest';
import { cellAt, fitCell, GUTTER, mapLayout, mib, pfnAt, rowLabels, scrollKeeping, scrollToShow, stepZoom, visibleRange, ZOOMS } from './mapLayout.ts';

const FRAMES = 65536; // 256 MiB

describe('memory map layout', () => {
  it('puts a multiple of 16 frames in a row and one pixel per frame at 1:1', () => {
    const l = mapLayout(FRAMES, 1, 600);
    expect(l.perRow).toBe(544); // (600 - 44) rounded down to 16
    expect(l.perRow % 16).toBe(0);
    expect(l.rows).toBe(Math.ceil(FRAMES / 544));
    expect(l.height).toBe(l.rows);
    const z = mapLayout(FRAMES, 4, 600);
    expect(z.perRow).toBe(128);
    expect(z.height).toBe(512 * 4);
    // never fewer than 16 frames a row, even in a narrow view
    expect(mapLayout(FRAMES, 32, 100).perRow).toBe(16);
  });

  it('fits: the largest cell that shows every frame, filling the view, else 1:1', () => {
    // the 270 px panel of the issue: one pixel a frame filled 133 of its 270 px
    const cell = fitCell(FRAMES, 540, 270);
    const l = mapLayout(FRAMES, cell, 540);
    expect(l.height).toBeLessThanOrEqual(270);
    expect(l.height).toBeGreaterThan(270 * 0.9);
    expect(cell).toBeGreaterThan(1);
    // wide and tall views fit larger cells, in eighths of a pixel
    for (const [w, h] of [
      [1100, 600],
      [1100, 560],
      [700, 300],
      [400, 900],
    ] as const) {
      const c = fitCell(FRAMES, w, h);
      expect(c * 8).toBe(Math.round(c * 8));
      expect(mapLayout(FRAMES, c, w).height).toBeLessThanOrEqual(h);
      expect(mapLayout(FRAMES, c + 1 / 8, w).height).toBeGreaterThan(h);
      expect(mapLayout(FRAMES, c, w).height).toBeGreaterThan(h * 0.85);
    }
    expect(fitCell(FRAMES, 200, 100)).toBe(1);
    expect(fitCell(4096, 800, 600)).toBeGreaterThanOrEqual(8);
    expect(fitCell(16, 800, 600)).toBe(ZOOMS[ZOOMS.length - 1]);
    expect(stepZoom(1, -1)).toBe(1);
    expect(stepZoom(1, 1)).toBe(2);
    expect(stepZoom(1.375, 1)).toBe(2);
    expect(stepZoom(5, 1)).toBe(6);
    expect(stepZoom(ZOOMS[ZOOMS.length - 1]!, 1)).toBe(ZOOMS[ZOOMS.length - 1]);
  });

  it('asks only for the rows on screen', () => {
    const l = mapLayout(FRAMES, 8, GUTTER + 64 * 8); // 64 frames a row, 1024 rows of 8 px
    expect(l.perRow).toBe(64);
    const r = visibleRange(l, 800, 300);
    expect(r.firstRow).toBe(100);
    expect(r.rowCount).toBe(38); // rows 100..137, the last one in part
    expect(r.startPfn).toBe(6400);
    expect(r.count).toBe(38 * 64);
    // the end of RAM clips the last rows; a scroll past the end is taken back
    const end = visibleRange(l, 1e9, 300);
    expect(end.startPfn + end.count).toBe(FRAMES);
    expect(visibleRange(mapLayout(100, 1, GUTTER + 64), 0, 50).count).toBe(100);
  });

  it('finds the frame under the mouse and the cell of a frame, and they agree', () => {
    const l = mapLayout(FRAMES, 4, GUTTER + 128 * 4);
    const top = 1000;
    const pfn = 0x8003;
    const c = cellAt(l, top, pfn);
    expect(pfnAt(l, top, c.x + 1, c.y + 1)).toBe(pfn);
    expect(pfnAt(l, top, c.x + 3.9, c.y + 3.9)).toBe(pfn);
    expect(pfnAt(l, top, GUTTER - 1, 10)).toBeNull();
    expect(pfnAt(l, top, GUTTER + 128 * 4 + 1, 10)).toBeNull();
    expect(pfnAt(l, 0, GUTTER, l.height + 5)).toBeNull();
  });

  it('scrolls to show a frame, and keeps the frame under the mouse in place when zooming', () => {
    const l = mapLayout(FRAMES, 8, GUTTER + 64 * 8);
    const pfn = 64 * 500; // row 500, y 4000
    const top = scrollToShow(l, 0, 300, pfn);
    expect(top).toBe(4000 - 150 + 4);
    expect(scrollToShow(l, top, 300, pfn)).toBe(top);
    const z = mapLayout(FRAMES, 16, GUTTER + 64 * 8); // 32 a row after zooming in
    const kept = scrollKeeping(z, 300, pfn, 120);
    expect(cellAt(z, kept, pfn).y + 8).toBe(120);
    expect(scrollKeeping(z, 300, 0, 120)).toBe(0);
  });

  it('labels rows with their physical address in MiB, far enough apart to read', () => {
    const l = mapLayout(FRAMES, 1, GUTTER + 256);
    expect(l.perRow).toBe(256); // 1 MiB a row
    const labels = rowLabels(l, visibleRange(l, 0, 256));
    expect(labels[0]).toEqual({ row: 0, text: '0M' });
    expect(labels[1]!.row - labels[0]!.row).toBeGreaterThanOrEqual(24);
    expect(mib(0x8000)).toBe('128M');
    expect(mib(0x140)).toBe('1.25M');
    expect(mib(0x43e0)).toBe('67.875M');
  });

  it('zoomed in, no two labels alike: 32 px a frame around 67.9M', () => {
    for (const width of [44 + 16 * 32, 600, 900]) {
      const l = mapLayout(FRAMES, 32, width);
      // the rows around 68 MiB, as the canvas asks for them
      const top = Math.floor(0x4400 / l.perRow) * l.cell - 200;
      const labels = rowLabels(l, visibleRange(l, top, 400));
      const texts = labels.map((x) => x.text);
      expect(texts.length).toBeGreaterThan(3);
      expect(new Set(texts).size).toBe(texts.length);
      // exact: each label is its row's start
      for (const lb of labels) expect(lb.text).toBe(mib(lb.row * l.perRow));
      expect(texts.map((t) => parseFloat(t))).toEqual([...texts.map((t) => parseFloat(t))].sort((a, b) => a - b));
      // at least LABEL_GAP apart, and the gutter holds the widest one
      expect((labels[1]!.row - labels[0]!.row) * l.cell).toBeGreaterThanOrEqual(24);
      const widest = Math.max(...rowLabels(l, visibleRange(l, l.height, 400)).map((x) => x.text.length), ...texts.map((t) => t.length));
      expect(l.gutter).toBeGreaterThanOrEqual(widest * 6.1 + 5);
    }
  });

  it('labels every zoom step distinctly and with few decimals', () => {
    for (const z of ZOOMS) {
      const l = mapLayout(FRAMES, z, 700);
      const labels = rowLabels(l, { firstRow: 0, rowCount: l.rows, startPfn: 0, count: FRAMES });
      const texts = labels.map((x) => x.text);
      expect(new Set(texts).size, `${z} px a frame`).toBe(texts.length);
      for (const t of texts) expect(t.replace(/^\d+\.?|M$/g, '').length, t).toBeLessThanOrEqual(3);
      expect(l.gutter).toBeGreaterThanOrEqual(Math.max(...texts.map((t) => t.length)) * 6.1 + 5);
    }
  });
});
