// Where buffer objects sit on the VRAM map canvas. VRAM is drawn as rows of equal byte ranges
// (a power of two of rows, so row starts are round offsets), each buffer object as a block over
// its range, and the range an evicted buffer left as a ghost; the BAR1 aperture's end is a line
// across the rows. Buffers in GART (TT) and system memory follow in sections of their own, packed
// in offset order at the same pixels per page, so sizes compare. Pure: the component measures,
// this computes, tests check.
import { sizeText, type VramMap, type VramMapBo } from './gpu.ts';

export const PAGE = 4096;
/** Row-label gutter, CSS px. */
export const GUTTER = 54;
const RIGHT_PAD = 6;
const ROW_GAP = 2;
/** The thinnest block, so a one-page buffer stays visible and clickable. */
export const MIN_BLOCK = 3;
const SECTION_HEAD = 16;
const TOP = 14;
const ROW_CHOICES = [64, 32, 16, 8] as const;

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Block extends Rect {
  /** Index in map.bos. */
  bo: number;
  /** The range an eviction took the buffer from (it is elsewhere now). */
  ghost: boolean;
}

export interface Label {
  x: number;
  y: number;
  text: string;
}

export interface VramLayout {
  width: number;
  height: number;
  gutter: number;
  rowW: number;
  rowH: number;
  rows: number;
  rowBytes: number;
  pxPerPage: number;
  vramTop: number;
  /** Per VRAM row: its rectangle, and how much of it lies inside BAR1 (px from its left). */
  vramRows: (Rect & { inBar: number })[];
  /** The end of BAR1 as a polyline (empty when BAR1 covers VRAM). */
  barEdge: [number, number][];
  rowLabels: Label[];
  sections: Label[];
  blocks: Block[];
}

const MEM_TITLES: Readonly<Record<string, string>> = { TT: 'GART (TT)', SYSTEM: 'system memory' };

function mib(bytes: number): string {
  const m = bytes / (1 << 20);
  return Number.isInteger(m) ? `${m} MiB` : `${m.toFixed(1)} MiB`;
}

/** Blocks for `pages` pages from `startPage`, wrapped over rows of `perRow` pages. */
function rowBlocks(startPage: number, pages: number, perRow: number, y0: (row: number) => number, l: { gutter: number; rowH: number; pxPerPage: number; rowW: number }, bo: number, ghost: boolean): Block[] {
  const out: Block[] = [];
  let p = startPage;
  let left = Math.max(1, pages);
  while (left > 0) {
    const row = Math.floor(p / perRow);
    const col = p % perRow;
    const n = Math.min(left, perRow - col);
    const x = l.gutter + col * l.pxPerPage;
    const w = Math.min(Math.max(MIN_BLOCK, n * l.pxPerPage), l.gutter + l.rowW - x);
    out.push({ x, y: y0(row), w: Math.max(1, w), h: l.rowH, bo, ghost });
    p += n;
    left -= n;
  }
  return out;
}

/** The other sections: buffers outside VRAM by memory type, packed in offset order. */
function packedSections(bos: readonly VramMapBo[]): { mem: string; items: number[] }[] {
  const by = new Map<string, number[]>();
  bos.forEach((b, i) => {
    if (b.mem === 'VRAM') return;
    const l = by.get(b.mem);
    if (l) l.push(i);
    else by.set(b.mem, [i]);
  });
  const order = (m: string) => (m === 'TT' ? 0 : m === 'SYSTEM' ? 1 : 2);
  return [...by]
    .sort((a, b) => order(a[0]) - order(b[0]) || a[0].localeCompare(b[0]))
    .map(([mem, items]) => ({ mem, items: items.sort((a, b) => bos[a]!.offset - bos[b]!.offset || bos[a]!.id - bos[b]!.id) }));
}

/** Lines the packed items take at `pxPerPage` in rows `rowW` wide. */
function packedLines(items: readonly number[], bos: readonly VramMapBo[], pxPerPage: number, rowW: number): number {
  let x = 0;
  let lines = 1;
  for (const i of items) {
    let w = Math.max(MIN_BLOCK, bos[i]!.pages * pxPerPage) + 1;
    while (x + w > rowW) {
      if (x === 0) {
        w -= rowW;
        lines++;
        continue;
      }
      lines++;
      x = 0;
    }
    x += w;
  }
  return lines;
}

export function vramLayout(map: VramMap, width: number, height: number): VramLayout {
  const gutter = GUTTER;
  const rowW = Math.max(40, width - gutter - RIGHT_PAD);
  const vramPages = Math.max(1, Math.floor(map.vramBytes / PAGE));
  const sections = packedSections(map.bos);
  // the most rows (the widest blocks) that still fit the height at 10 px a row, else at 6 px; else 8 rows
  let rows: number = ROW_CHOICES[ROW_CHOICES.length - 1];
  let rowH = 6;
  const heightAt = (r: number): number => {
    const ppp = rowW / Math.ceil(vramPages / r);
    const other = sections.reduce((n, s) => n + SECTION_HEAD + packedLines(s.items, map.bos, ppp, rowW) * (8 + ROW_GAP), 0);
    return Math.floor((height - TOP - other - 4) / r) - ROW_GAP;
  };
  pick: for (const min of [10, 6]) {
    for (const r of ROW_CHOICES) {
      const h = heightAt(r);
      if (h >= min) {
        rows = r;
        rowH = Math.min(18, h);
        break pick;
      }
    }
  }
  const perRow = Math.ceil(vramPages / rows);
  const rowBytes = perRow * PAGE;
  const pxPerPage = rowW / perRow;
  const vramTop = TOP;
  const y0 = (row: number) => vramTop + row * (rowH + ROW_GAP);
  const l = { gutter, rowH, pxPerPage, rowW };
  const barPages = Math.floor(map.barBytes / PAGE);
  const vramRows: VramLayout['vramRows'] = [];
  for (let r = 0; r < rows; r++) {
    const inBar = Math.max(0, Math.min(perRow, barPages - r * perRow));
    vramRows.push({ x: gutter, y: y0(r), w: rowW, h: rowH, inBar: inBar * pxPerPage });
  }
  const barEdge: [number, number][] = [];
  if (barPages > 0 && barPages < vramPages) {
    const row = Math.floor(barPages / perRow);
    const col = barPages % perRow;
    const top = y0(row) - ROW_GAP / 2;
    const right = gutter + rowW;
    if (col === 0) barEdge.push([gutter - 6, top], [right, top]);
    else {
      const x = gutter + col * pxPerPage;
      const bottom = y0(row) + rowH + ROW_GAP / 2;
      barEdge.push([right, top], [x, top], [x, bottom], [gutter - 6, bottom]);
    }
  }
  // a label every few rows, at least 24 px apart
  const every = Math.max(1, Math.ceil(24 / (rowH + ROW_GAP)));
  const rowLabels: Label[] = [];
  for (let r = 0; r < rows; r += every) rowLabels.push({ x: gutter - 5, y: y0(r) + rowH / 2, text: mib(r * rowBytes) });
  const blocks: Block[] = [];
  // ghosts first: what occupies their range now is drawn over them
  map.bos.forEach((b, i) => {
    if (b.state === 'evicted' && b.evictedFrom && b.evictedFrom.mem === 'VRAM') blocks.push(...rowBlocks(Math.floor(b.evictedFrom.offset / PAGE), b.evictedFrom.pages, perRow, y0, l, i, true));
  });
  map.bos.forEach((b, i) => {
    if (b.mem === 'VRAM' && b.offset >= 0) blocks.push(...rowBlocks(Math.floor(b.offset / PAGE), b.pages, perRow, y0, l, i, false));
  });
  let used = 0;
  let inVram = 0;
  for (const b of map.bos)
    if (b.mem === 'VRAM') {
      used += b.pages * PAGE;
      inVram++;
    }
  const labels: Label[] = [{ x: gutter, y: TOP - 4, text: `VRAM ${sizeText(map.vramBytes)} · ${sizeText(used)} in ${inVram} buffer${inVram === 1 ? '' : 's'} · BAR1: the first ${sizeText(map.barBytes)}` }];
  let y = y0(rows) + 4;
  for (const s of sections) {
    const bytes = s.items.reduce((n, i) => n + map.bos[i]!.pages * PAGE, 0);
    labels.push({ x: gutter, y: y + SECTION_HEAD - 5, text: `${MEM_TITLES[s.mem] ?? s.mem} · ${sizeText(bytes)} in ${s.items.length} buffer${s.items.length === 1 ? '' : 's'}` });
    y += SECTION_HEAD;
    let x = 0;
    for (const i of s.items) {
      let w = Math.max(MIN_BLOCK, map.bos[i]!.pages * pxPerPage);
      // a buffer wider than what is left of the line starts a new one; wider than a line, it wraps
      if (x > 0 && x + w > rowW) {
        x = 0;
        y += rowH + ROW_GAP;
      }
      while (w > 0) {
        const part = Math.min(w, rowW - x);
        blocks.push({ x: gutter + x, y, w: part, h: rowH, bo: i, ghost: false });
        w -= part;
        x += part + 1;
        if (w > 0 || x >= rowW) {
          x = 0;
          y += rowH + ROW_GAP;
        }
      }
    }
    if (x > 0) y += rowH + ROW_GAP;
  }
  return { width, height: Math.max(y + 2, y0(rows)), gutter, rowW, rowH, rows, rowBytes, pxPerPage, vramTop, vramRows, barEdge, rowLabels, sections: labels, blocks };
}

/** The buffer under a point: a block before a ghost, the last drawn first. */
export function blockAt(l: VramLayout, x: number, y: number): Block | null {
  let ghost: Block | null = null;
  for (let i = l.blocks.length - 1; i >= 0; i--) {
    const b = l.blocks[i]!;
    if (x < b.x || x >= b.x + Math.max(b.w, MIN_BLOCK) || y < b.y || y >= b.y + b.h) continue;
    if (!b.ghost) return b;
    ghost ??= b;
  }
  return ghost;
}

/** The VRAM offset under a point of a VRAM row, or null. */
export function vramOffsetAt(l: VramLayout, x: number, y: number): number | null {
  for (let r = 0; r < l.vramRows.length; r++) {
    const row = l.vramRows[r]!;
    if (y < row.y || y >= row.y + row.h || x < row.x || x >= row.x + row.w) continue;
    return r * l.rowBytes + Math.floor((x - row.x) / l.pxPerPage) * PAGE;
  }
  return null;
}

/** The first block of a buffer (where to point at it). */
export function blockOf(l: VramLayout, bo: number): Block | null {
  return l.blocks.find((b) => b.bo === bo && !b.ghost) ?? l.blocks.find((b) => b.bo === bo) ?? null;
}
