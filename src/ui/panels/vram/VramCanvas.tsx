// The VRAM map as a canvas: rows of VRAM with the BAR1 window tinted and its end drawn across,
// every buffer object a block colored by its state, the range an evicted buffer left as a dashed
// ghost, then the buffers in GART and system memory. Hovering names a buffer; a click picks it.
import { useEffect, useMemo, useRef, type MouseEvent } from 'react';
import { cssVar, rgbOf, useShownTheme } from '../../canvasTheme.ts';
import { useController, usePanel } from '../../context.ts';
import { useSize } from '../../useSize.ts';
import { selectBo } from './actions.ts';
import { STATE_COLORS, STATE_HATCHED, STATE_MARKS, type BoState, type VramMap } from './gpu.ts';
import { blockAt, vramLayout } from './vramLayout.ts';

const BAR_LINE = '#e3b341';

/** A state's color faded toward the background (another state is picked out). */
function dim(hex: string, bg: [number, number, number]): string {
  const v = parseInt(hex.slice(1), 16);
  const mix = (c: number, b: number) => Math.round(c * 0.3 + b * 0.7);
  return `rgb(${mix((v >> 16) & 255, bg[0])}, ${mix((v >> 8) & 255, bg[1])}, ${mix(v & 255, bg[2])})`;
}

/** Diagonal stripes over the blocks beyond BAR1. */
function hatchPattern(ctx: CanvasRenderingContext2D): CanvasPattern | null {
  const tile = document.createElement('canvas');
  tile.width = 6;
  tile.height = 6;
  const t = tile.getContext('2d');
  if (!t) return null;
  t.strokeStyle = 'rgba(0, 0, 0, 0.4)';
  t.lineWidth = 1.5;
  t.beginPath();
  t.moveTo(-1, 7);
  t.lineTo(7, -1);
  t.stroke();
  return ctx.createPattern(tile, 'repeat');
}

export function VramCanvas({ map, hover, onHover, highlight }: { map: VramMap; hover: string | null; onHover: (bo: string | null) => void; highlight: BoState | null }) {
  const c = useController();
  const selected = usePanel('vram', (v) => v.bo);
  const scroller = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const { width, height } = useSize(scroller);
  const theme = useShownTheme();
  const layout = useMemo(() => (width > 0 ? vramLayout(map, width, height) : null), [map, width, height]);
  const selIndex = useMemo(() => (selected === null ? -1 : map.bos.findIndex((b) => b.name === selected)), [map, selected]);
  const hoverIndex = useMemo(() => (hover === null ? -1 : map.bos.findIndex((b) => b.name === hover)), [map, hover]);

  useEffect(() => {
    const cv = canvas.current;
    if (!cv || !layout) return;
    const dpr = window.devicePixelRatio || 1;
    const h = Math.max(layout.height, height);
    cv.width = Math.round(layout.width * dpr);
    cv.height = Math.round(h * dpr);
    cv.style.width = `${layout.width}px`;
    cv.style.height = `${h}px`;
    const ctx = cv.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const hatch = hatchPattern(ctx);
    const bgColor = cssVar('--canvas', '#0b0e13');
    const bg = rgbOf(bgColor);
    const rowBeyond = cssVar('--vram-row', '#120f14');
    const rowInBar = cssVar('--vram-row-bar', '#17202c');
    ctx.fillStyle = bgColor;
    ctx.fillRect(0, 0, layout.width, h);
    // rows: inside BAR1 and beyond it
    for (const r of layout.vramRows) {
      ctx.fillStyle = rowBeyond;
      ctx.fillRect(r.x, r.y, r.w, r.h);
      if (r.inBar > 0) {
        ctx.fillStyle = rowInBar;
        ctx.fillRect(r.x, r.y, r.inBar, r.h);
      }
    }
    ctx.font = '10px DejaVu Sans Mono, monospace';
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'right';
    ctx.fillStyle = cssVar('--canvas-label', '#7d8590');
    for (const lb of layout.rowLabels) ctx.fillText(lb.text, lb.x, lb.y);
    ctx.textAlign = 'left';
    ctx.textBaseline = 'alphabetic';
    ctx.font = '10.5px system-ui, sans-serif';
    ctx.fillStyle = cssVar('--canvas-label2', '#8b949e');
    for (const s of layout.sections) ctx.fillText(s.text, s.x, s.y);
    // BAR1's extent in the gutter
    const barRows = layout.vramRows.filter((r) => r.inBar > 0);
    if (barRows.length > 0) {
      ctx.fillStyle = BAR_LINE;
      const y0 = barRows[0]!.y;
      const last = barRows[barRows.length - 1]!;
      ctx.fillRect(layout.gutter - 3, y0, 2, last.y + last.h - y0);
    }
    for (const b of layout.blocks) {
      const bo = map.bos[b.bo]!;
      const color = STATE_COLORS[bo.state];
      const faded = highlight !== null && highlight !== bo.state;
      if (b.ghost) {
        ctx.setLineDash([3, 2]);
        ctx.strokeStyle = faded ? dim(color, bg) : color;
        ctx.lineWidth = 1;
        ctx.strokeRect(b.x + 0.5, b.y + 0.5, Math.max(1, b.w - 1), b.h - 1);
        ctx.setLineDash([]);
        continue;
      }
      ctx.fillStyle = faded ? dim(color, bg) : color;
      // a pixel of gap at the end of a block keeps neighbours apart
      ctx.fillRect(b.x, b.y, b.w > 4 ? b.w - 1 : b.w, b.h);
      if (bo.beyondBar && !faded && hatch) {
        // beyond BAR1: the CPU cannot reach it
        ctx.fillStyle = hatch;
        ctx.fillRect(b.x, b.y, b.w > 4 ? b.w - 1 : b.w, b.h);
      }
      // the state as a mark too, not by color alone: a cross for failed/evicting, the state's letter where it fits
      if (STATE_HATCHED.has(bo.state) && b.w >= 4) {
        ctx.strokeStyle = 'rgba(0, 0, 0, 0.7)';
        ctx.lineWidth = 1;
        ctx.beginPath();
        ctx.moveTo(b.x + 0.5, b.y + 0.5);
        ctx.lineTo(b.x + b.w - 1.5, b.y + b.h - 0.5);
        if (bo.state === 'failed') {
          ctx.moveTo(b.x + 0.5, b.y + b.h - 0.5);
          ctx.lineTo(b.x + b.w - 1.5, b.y + 0.5);
        }
        ctx.stroke();
      }
      if (b.w >= 10 && b.h >= 9) {
        ctx.fillStyle = faded ? 'rgba(0, 0, 0, 0.35)' : 'rgba(0, 0, 0, 0.8)';
        ctx.font = `bold ${Math.min(10, b.h - 1)}px DejaVu Sans Mono, monospace`;
        ctx.textBaseline = 'middle';
        ctx.fillText(STATE_MARKS[bo.state], b.x + 2, b.y + b.h / 2 + 0.5);
        ctx.textBaseline = 'alphabetic';
      }
    }
    if (layout.barEdge.length > 1) {
      ctx.strokeStyle = BAR_LINE;
      ctx.lineWidth = 1.5;
      ctx.setLineDash([5, 3]);
      ctx.beginPath();
      layout.barEdge.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
      ctx.stroke();
      ctx.setLineDash([]);
    }
    const outline = (bo: number, color: string, w: number) => {
      ctx.strokeStyle = color;
      ctx.lineWidth = w;
      for (const b of layout.blocks) if (b.bo === bo) ctx.strokeRect(b.x - w / 2, b.y - w / 2, Math.max(b.w, 2) + w - 1, b.h + w);
    };
    if (hoverIndex >= 0 && hoverIndex !== selIndex) outline(hoverIndex, cssVar('--text', '#c9d1d9'), 1);
    if (selIndex >= 0) outline(selIndex, cssVar('--canvas-hover', '#ffffff'), 2);
  }, [layout, map, hoverIndex, selIndex, highlight, height, theme]);

  const at = (e: MouseEvent<HTMLCanvasElement>) => {
    if (!layout) return null;
    const r = e.currentTarget.getBoundingClientRect();
    return blockAt(layout, e.clientX - r.left, e.clientY - r.top);
  };
  return (
    <div className="vram-scroll" ref={scroller}>
      <canvas
        ref={canvas}
        className="vram-canvas"
        role="img"
        aria-label="VRAM map"
        data-gutter={layout?.gutter}
        data-row-bytes={layout?.rowBytes}
        data-row-pitch={layout ? layout.rowH + 2 : undefined}
        data-row-h={layout?.rowH}
        data-px-per-page={layout?.pxPerPage}
        data-vram-top={layout?.vramTop}
        onMouseMove={(e) => {
          const b = at(e);
          onHover(b ? map.bos[b.bo]!.name : null);
        }}
        onMouseLeave={() => onHover(null)}
        onClick={(e) => {
          const b = at(e);
          selectBo(c, b ? map.bos[b.bo]!.name : null);
        }}
      />
    </div>
  );
}
