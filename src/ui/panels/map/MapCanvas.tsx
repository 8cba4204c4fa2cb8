// The physical memory map as a canvas: one cell per frame colored by owner, frames hit by stray
// writes ringed, the hovered and the selected frame outlined. Scrolls natively; asks the worker
// for the rows on screen only (setMapRange), and draws the frames of the tile it got.
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import type { MapTile } from '../../../worker/protocol.ts';
import { useController, usePanel, useRun } from '../../context.ts';
import { useSize } from '../../useSize.ts';
import { selectFrame, setMapRange } from './actions.ts';
import { cellAt, clampScroll, fitCell, mapLayout, pfnAt, rowLabels, scrollKeeping, scrollToShow, stepZoom, visibleRange, type MapLayout } from './mapLayout.ts';
import { cssVar, rgbOf, useShownTheme } from '../../canvasTheme.ts';
import { ownerRgb, ownerTexture, textured, type OwnerTexture } from './ownerColors.ts';
import { dirtyRuns, rowOwners, sameNames, type PaintedRows } from './mapRows.ts';

/** What the panel around the canvas controls: the zoom (or fit) and an owner to pick out. */
export interface MapView {
  /** Pixels per frame, or 'fit' for the largest zoom that shows all frames. */
  zoom: number | 'fit';
  /** An owner (legend hover) whose frames stay bright while the others dim. */
  highlight: string | null;
}

/** The frames of rows [firstRow, firstRow+rows) as one pixel each: scaled up by drawImage, not drawn cell by cell. */
function paintRows(tile: MapTile | null, l: MapLayout, firstRow: number, rows: number, highlight: string | null, bg: [number, number, number], light: boolean): ImageData | null {
  if (rows <= 0 || l.perRow <= 0) return null;
  const img = new ImageData(l.perRow, rows);
  const px = img.data;
  const lut = new Map<number, [number, number, number]>();
  // a frame not answered yet: a shade off the background
  const unknown: [number, number, number] = light ? [bg[0] - 12, bg[1] - 10, bg[2] - 8] : [bg[0] + 2, bg[1] + 3, bg[2] + 4];
  // free and reserved frames carry a texture too: a second shade on alternate frames
  const texture = new Map<number, OwnerTexture>();
  if (tile) {
    for (const e of tile.legend) {
      const [r, g, b] = ownerRgb(e.name, light);
      // a picked-out owner keeps its color, the others fade to the background
      lut.set(e.id, highlight === null || highlight === e.name ? [r, g, b] : [(r + 3 * bg[0]) >> 2, (g + 3 * bg[1]) >> 2, (b + 3 * bg[2]) >> 2]);
      const t = ownerTexture(e.name);
      if (t !== null) texture.set(e.id, t);
    }
  }
  for (let r = 0; r < rows; r++) {
    for (let col = 0; col < l.perRow; col++) {
      const pfn = (firstRow + r) * l.perRow + col;
      const o = (r * l.perRow + col) * 4;
      if (pfn >= l.nframes) {
        px[o + 3] = 0;
        continue;
      }
      const i = tile ? pfn - tile.startPfn : -1;
      const owner = tile && i >= 0 && i < tile.count ? tile.owners[i]! : -1;
      const c = lut.get(owner) ?? unknown;
      const second = textured(texture.get(owner) ?? null, col, firstRow + r);
      // the texture's second shade: lighter on the dark background, darker on the light one
      const d = second ? (light ? -22 : 22) : 0;
      px[o] = Math.max(0, Math.min(255, c[0] + d));
      px[o + 1] = Math.max(0, Math.min(255, c[1] + d));
      px[o + 2] = Math.max(0, Math.min(255, c[2] + d));
      px[o + 3] = 255;
    }
  }
  return img;
}

/** The theme's canvas colors, read once per theme (getComputedStyle on every frame of a pan costs more than the drawing). */
function mapColors() {
  return {
    canvas: cssVar('--canvas', '#0b0e13'),
    mark: cssVar('--canvas-mark', '#ffffff'),
    halo: cssVar('--canvas-halo', 'rgba(0, 0, 0, 0.85)'),
    grid: cssVar('--canvas-grid', 'rgba(11, 14, 19, 0.55)'),
    label: cssVar('--canvas-label', '#6e7681'),
    select: cssVar('--canvas-select', '#58a6ff'),
    hover: cssVar('--canvas-hover', '#ffffff'),
  };
}

export function MapCanvas({ view, onZoom, hover, onHover, onCell }: { view: MapView; onZoom: (z: number | 'fit') => void; hover: number | null; onHover: (pfn: number | null) => void; onCell?: (cell: number) => void }) {
  const c = useController();
  const tile = usePanel('map', (m) => m.tile);
  const nframes = useRun((r) => (r.info ? Math.floor((r.info.config.ramMiB * 1024 * 1024) / 4096) : 0));
  const selected = usePanel('map', (m) => m.frame);
  const scroller = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const { width, height } = useSize(scroller);
  const theme = useShownTheme();
  // read again when the theme shown changes
  const colors = useMemo(mapColors, [theme]);
  const [scrollTop, setScrollTop] = useState(0);
  /** A scroll position to apply once the new layout is on screen (zoom around the mouse, go to a frame). */
  const pendingScroll = useRef<number | null>(null);

  const cell = view.zoom === 'fit' ? fitCell(nframes, width, height) : view.zoom;
  const layout = useMemo(() => mapLayout(nframes, cell, width), [nframes, cell, width]);
  // the panel's zoom buttons step from the size fitting chose
  useEffect(() => onCell?.(cell), [cell, onCell]);
  const range = useMemo(() => visibleRange(layout, scrollTop, height), [layout, scrollTop, height]);

  // ask for the frames on screen
  useEffect(() => {
    if (width > 0 && height > 0 && range.count > 0) setMapRange(c, range.startPfn, range.count);
  }, [c, width, height, range.startPfn, range.count]);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el || pendingScroll.current === null) return;
    el.scrollTop = pendingScroll.current;
    pendingScroll.current = null;
    setScrollTop(el.scrollTop);
  }, [layout]);

  // a frame picked elsewhere (next hit) is brought into view; zooming later does not jump back to it
  const layoutNow = useRef({ layout, height });
  layoutNow.current = { layout, height };
  useEffect(() => {
    const el = scroller.current;
    const { layout: l, height: h } = layoutNow.current;
    if (!el || selected === null || h === 0) return;
    const top = scrollToShow(l, el.scrollTop, h, selected);
    if (top !== el.scrollTop) {
      el.scrollTop = top;
      setScrollTop(el.scrollTop);
    }
  }, [selected]);

  // the frames as pixels on an offscreen canvas, one pixel per frame. A pan or a new tile paints only
  // the rows whose owners changed; the others are copied from the last bitmap (two canvases in turn)
  const painted = useRef<{ key: string; rows: PaintedRows; canvas: HTMLCanvasElement; spare: HTMLCanvasElement | null; spareOwners: Int32Array | undefined; names: Map<number, string> } | null>(null);
  const image = useMemo(() => {
    if (range.rowCount <= 0 || layout.perRow <= 0) return null;
    const bg = rgbOf(colors.canvas);
    const light = theme === 'light';
    const key = `${layout.perRow} ${layout.nframes} ${light} ${bg.join(',')} ${view.highlight ?? ''}`;
    let prev = painted.current;
    if (prev !== null && (prev.key !== key || (tile !== null && !sameNames(prev.names, tile.legend)))) prev = null;
    const names = prev?.names ?? new Map<number, string>();
    if (prev === null && tile !== null) sameNames(names, tile.legend);
    const next = rowOwners(tile, layout.nframes, layout.perRow, range.firstRow, range.rowCount, prev?.spareOwners);
    const target = prev?.spare ?? document.createElement('canvas');
    if (target.width !== layout.perRow || target.height !== range.rowCount) {
      target.width = layout.perRow;
      target.height = range.rowCount;
    }
    const ctx = target.getContext('2d');
    if (!ctx) return null;
    ctx.clearRect(0, 0, target.width, target.height);
    if (prev !== null) ctx.drawImage(prev.canvas, 0, prev.rows.first - next.first);
    for (const [from, to] of dirtyRuns(prev?.rows ?? null, next)) {
      const img = paintRows(tile, layout, next.first + from, to - from, view.highlight, bg, light);
      if (img) ctx.putImageData(img, 0, from);
    }
    painted.current = { key, rows: next, canvas: target, spare: prev?.canvas ?? null, spareOwners: prev?.rows.owners, names };
    return target;
  }, [tile, layout, range.firstRow, range.rowCount, view.highlight, theme, colors]);

  useEffect(() => {
    const cv = canvas.current;
    if (!cv || width === 0 || height === 0) return;
    const dpr = window.devicePixelRatio || 1;
    if (cv.width !== Math.round(width * dpr) || cv.height !== Math.round(height * dpr)) {
      cv.width = Math.round(width * dpr);
      cv.height = Math.round(height * dpr);
    }
    const ctx = cv.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = colors.canvas;
    ctx.fillRect(0, 0, width, height);
    const { mark, halo } = colors;
    const top = Math.min(scrollTop, Math.max(0, layout.height - height));
    if (image) {
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(image, layout.gutter, range.firstRow * layout.cell - top, layout.perRow * layout.cell, range.rowCount * layout.cell);
      if (layout.cell >= 6) {
        // gaps between cells, so single frames can be told apart when zoomed in
        ctx.strokeStyle = colors.grid;
        ctx.lineWidth = 1;
        ctx.beginPath();
        for (let col = 0; col <= layout.perRow; col++) {
          const x = layout.gutter + col * layout.cell + 0.5;
          ctx.moveTo(x, 0);
          ctx.lineTo(x, Math.min(height, layout.height - top));
        }
        for (let r = range.firstRow; r <= range.firstRow + range.rowCount; r++) {
          const y = r * layout.cell - top + 0.5;
          ctx.moveTo(layout.gutter, y);
          ctx.lineTo(layout.gutter + layout.perRow * layout.cell, y);
        }
        ctx.stroke();
      }
    }
    // physical address of row starts
    ctx.fillStyle = colors.label;
    ctx.font = '10px "DejaVu Sans Mono", monospace';
    ctx.textAlign = 'right';
    ctx.textBaseline = 'top';
    for (const lb of rowLabels(layout, range)) ctx.fillText(lb.text, layout.gutter - 5, Math.max(0, lb.row * layout.cell - top));
    // frames hit by stray writes: white cells with a dark halo when small (a run of hit frames reads
    // as one white bar), a white outline around the owner's color when zoomed in
    if (tile) {
      for (const pfn of tile.strayFrames) {
        const r = cellAt(layout, top, pfn);
        if (r.y + r.size < -4 || r.y > height + 4) continue;
        if (r.size < 6) {
          const s = Math.max(3, r.size);
          const x0 = r.x + r.size / 2 - s / 2;
          const y0 = r.y + r.size / 2 - s / 2;
          ctx.fillStyle = halo;
          ctx.fillRect(x0 - 1, y0 - 1, s + 2, s + 2);
          ctx.fillStyle = mark;
          ctx.fillRect(x0, y0, s, s);
        } else {
          ctx.lineWidth = 2;
          ctx.strokeStyle = halo;
          ctx.strokeRect(r.x + 0.5, r.y + 0.5, r.size - 1, r.size - 1);
          ctx.lineWidth = 1.5;
          ctx.strokeStyle = mark;
          ctx.strokeRect(r.x + 2, r.y + 2, r.size - 4, r.size - 4);
        }
      }
    }
    const outline = (pfn: number, color: string, w: number) => {
      const r = cellAt(layout, top, pfn);
      const pad = Math.max(2, w);
      ctx.strokeStyle = color;
      ctx.lineWidth = w;
      ctx.strokeRect(r.x - pad, r.y - pad, r.size + 2 * pad, r.size + 2 * pad);
    };
    if (selected !== null && selected < nframes) outline(selected, colors.select, 2);
    if (hover !== null && hover !== selected) outline(hover, colors.hover, 1);
  }, [image, layout, range, scrollTop, width, height, tile, hover, selected, nframes, colors]);

  // ctrl+wheel zooms around the frame under the mouse (the page itself must not zoom)
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      if (!e.ctrlKey && !e.metaKey) return;
      e.preventDefault();
      const r = el.getBoundingClientRect();
      const x = e.clientX - r.left;
      const y = e.clientY - r.top;
      const next = stepZoom(cell, e.deltaY < 0 ? 1 : -1);
      if (next === cell) return;
      const pfn = pfnAt(layout, el.scrollTop, x, y) ?? Math.min(nframes - 1, Math.floor((el.scrollTop + y) / layout.cell) * layout.perRow);
      pendingScroll.current = scrollKeeping(mapLayout(nframes, next, width), height, Math.max(0, pfn), y);
      onZoom(next);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [cell, layout, nframes, width, height, onZoom]);

  const at = (e: MouseEvent<HTMLElement>): number | null => {
    const r = e.currentTarget.getBoundingClientRect();
    return pfnAt(layout, Math.min(scrollTop, Math.max(0, layout.height - height)), e.clientX - r.left, e.clientY - r.top);
  };

  return (
    <div
      className="map-scroll"
      ref={scroller}
      tabIndex={0}
      role="group"
      aria-label="Frames"
      onScroll={(e) => setScrollTop(clampScroll(layout, height, e.currentTarget.scrollTop))}
      onMouseMove={(e) => onHover(at(e))}
      onMouseLeave={() => onHover(null)}
      onClick={(e) => {
        const pfn = at(e);
        if (pfn !== null) selectFrame(c, pfn);
      }}
    >
      <div className="map-content" style={{ height: Math.max(layout.height, height) }}>
        <canvas
          ref={canvas}
          className="map-canvas"
          style={{ width, height }}
          role="img"
          aria-label={`Physical memory map: ${nframes} frames, ${layout.cell} px per frame`}
          data-cell={layout.cell}
          data-per-row={layout.perRow}
          data-gutter={layout.gutter}
          data-scroll-top={Math.min(scrollTop, Math.max(0, layout.height - height))}
          data-start-pfn={tile?.startPfn ?? ''}
          data-count={tile?.count ?? ''}
        />
      </div>
    </div>
  );
}
