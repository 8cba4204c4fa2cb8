// The lock-class graph in SVG: classes as boxes with their irq-safety badges, dependencies
// as arrows labelled with where the second lock was taken, the cycle in red. d3-zoom pans
// and zooms (the transform is set on the element, no rerender); on large graphs only what
// is on screen is drawn, and far out the small text is left out.
import { curveBasis, line, select, zoom, zoomIdentity, type D3ZoomEvent, type ZoomBehavior } from 'd3';
import { memo, useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { BADGE_PX, badgeWidth, CHIP_W, CHIPS_W, COMPACT_H, LABEL_PX, NAME_PX, SUB_PX, type LockEdge, type LockNode, type LockScene } from './lockGraphModel.ts';
import { meets, routeBox, type Box, type LockLayout, type Point } from './lockLayout.ts';
import { useSize } from '../../useSize.ts';

export type LockHover = { kind: 'node'; id: string } | { kind: 'edge'; id: string };

/** From this many classes on, only what meets the screen is drawn. */
export const CULL_FROM = 120;
/** Below these scales edge labels and the second line of classes, then all text, are left out. */
const LOD_LABELS = 0.45;
const LOD_TEXT = 0.22;
const MIN_FIT = 0.02;

interface View {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const path = line<Point>()
  .x((p) => p.x)
  .y((p) => p.y)
  .curve(curveBasis);

function edgeClass(e: LockEdge): string {
  let c = 'ledge';
  if (!e.present) c += ' later';
  if (e.inCycle) c += ' cycle';
  if (e.closing) c += ' closing';
  if (e.inversion.length > 0) c += ' inversion';
  return c;
}

function marker(e: LockEdge): string {
  if (!e.present) return 'later';
  if (e.inCycle) return 'cycle';
  if (e.inversion.length > 0) return 'inversion';
  return 'dep';
}

interface LayerProps {
  scene: LockScene;
  layout: LockLayout;
  view: View | null;
  ids: string;
  onEdge: (e: LockEdge) => void;
  onHover: (h: LockHover | null) => void;
}

const Edges = memo(function Edges({ scene, layout, view, ids, onEdge, onHover }: LayerProps) {
  return (
    <g className="ledges">
      {scene.edges.map((e) => {
        const r = layout.edges.get(e.id);
        if (!r || r.points.length < 2) return null;
        if (view && !meets(routeBox(r), view.x0, view.y0, view.x1, view.y1)) return null;
        const d = path(r.points) ?? '';
        const lb = r.label;
        const go = () => onEdge(e);
        return (
          <g
            key={e.id}
            className={edgeClass(e)}
            data-from={e.from}
            data-to={e.to}
            data-event={e.event}
            data-present={e.present ? 'true' : 'false'}
            data-cycle={e.inCycle ? 'true' : undefined}
            data-closing={e.closing ? 'true' : undefined}
            data-cpu={e.cpu ?? undefined}
            data-inversion={e.inversion.length > 0 ? e.inversion.join(' ') : undefined}
            role="button"
            tabIndex={0}
            aria-label={`${e.from} → ${e.to}${e.dep ? `, taken at ${e.dep.sites.next}` : ', refused: closes the cycle'}${e.inCycle ? ', in the cycle' : ''}: go to event ${e.event}`}
            onClick={go}
            onKeyDown={(k: KeyboardEvent) => {
              if (k.key === 'Enter' || k.key === ' ') {
                k.preventDefault();
                k.stopPropagation();
                go();
              }
            }}
            onMouseEnter={() => onHover({ kind: 'edge', id: e.id })}
            onMouseLeave={() => onHover(null)}
            onFocus={() => onHover({ kind: 'edge', id: e.id })}
            onBlur={() => onHover(null)}
          >
            <title>{e.title}</title>
            <path className="hit" d={d} />
            <path className="line" d={d} markerEnd={`url(#${ids}-${marker(e)})`} />
            <g className="elabel" transform={`translate(${lb.x},${lb.y})`}>
              <rect width={lb.width} height={lb.height} rx={2} />
              {e.cpu && (
                <text className="cpu" x={4} y={LABEL_PX + 1}>
                  {e.cpu}
                </text>
              )}
              <text x={4} y={lb.height - 5}>
                {e.label}
              </text>
            </g>
          </g>
        );
      })}
    </g>
  );
});

function nodeClass(n: LockNode): string {
  let c = 'lnode';
  if (!n.present) c += ' later';
  if (n.cycleIndex >= 0) c += ' cycle';
  return c;
}

function Chips({ n, width }: { n: LockNode; width: number }) {
  // compact classes: H and S chips in the badge colours, the words in the hover text
  const x0 = width - 8 - CHIPS_W;
  return (
    <>
      {(['HARDIRQ', 'SOFTIRQ'] as const).map((irq, i) => {
        const safety = irq === 'HARDIRQ' ? n.cls.hardirq : n.cls.softirq;
        return (
          <g key={irq} className={`irq chip ${safety}`} transform={`translate(${x0 + i * (CHIP_W + 4)},6)`} data-irq={irq} data-safety={safety}>
            <rect width={CHIP_W} height={COMPACT_H - 12} rx={2} />
            <text x={CHIP_W / 2} y={BADGE_PX + 1} textAnchor="middle">
              {irq[0]}
            </text>
          </g>
        );
      })}
    </>
  );
}

function Badges({ n }: { n: LockNode }) {
  let bx = 8;
  return (
    <>
      {n.badges.map((bd) => {
        const w = badgeWidth(bd.text);
        const x = bx;
        bx += w + 4;
        return (
          <g key={bd.irq} className={`irq ${bd.safety} detail`} transform={`translate(${x},${6 + 17 + 14 + 1})`} data-irq={bd.irq} data-safety={bd.safety}>
            <rect width={w} height={13} rx={2} />
            <text x={4} y={BADGE_PX + 1}>
              {bd.text}
            </text>
          </g>
        );
      })}
    </>
  );
}

const Nodes = memo(function Nodes({ scene, layout, view, onHover }: LayerProps) {
  return (
    <g className="lnodes">
      {scene.nodes.map((n) => {
        const b = layout.nodes.get(n.id);
        if (!b) return null;
        if (view && !meets(b, view.x0, view.y0, view.x1, view.y1)) return null;
        return (
          <g
            key={n.id}
            className={nodeClass(n)}
            transform={`translate(${b.x},${b.y})`}
            data-class={n.id}
            data-present={n.present ? 'true' : 'false'}
            data-cycle={n.cycleIndex >= 0 ? 'true' : undefined}
            data-hardirq={n.cls.hardirq}
            data-softirq={n.cls.softirq}
            data-usage={`{${n.cls.usage}}`}
            onMouseEnter={() => onHover({ kind: 'node', id: n.id })}
            onMouseLeave={() => onHover(null)}
          >
            <title>{n.title}</title>
            <rect className="box" width={b.width} height={b.height} rx={4} />
            <text className="lname" x={8} y={scene.compact ? 17 : 6 + NAME_PX + 1}>
              {n.id}
            </text>
            {scene.compact ? (
              <Chips n={n} width={b.width} />
            ) : (
              <>
                <text className="lsub detail" x={8} y={6 + 17 + SUB_PX + 1}>
                  {n.sub}
                </text>
                <Badges n={n} />
              </>
            )}
          </g>
        );
      })}
    </g>
  );
});

function fitTransform(bounds: Box, width: number, height: number) {
  const k = Math.max(MIN_FIT, Math.min(1, (width - 16) / Math.max(1, bounds.width), (height - 16) / Math.max(1, bounds.height)));
  const x = (width - bounds.width * k) / 2 - bounds.x * k;
  const y = (height - bounds.height * k) / 2 - bounds.y * k;
  // a graph too large to fit starts at its left (where lock order begins), centred vertically if it can be
  return zoomIdentity.translate(bounds.width * k > width ? 8 - bounds.x * k : x, bounds.height * k > height ? 8 - bounds.y * k : y).scale(k);
}

export function LockGraph({ scene, layout, layoutKey, onEdge, onHover }: { scene: LockScene; layout: LockLayout; layoutKey: string; onEdge: (e: LockEdge) => void; onHover: (h: LockHover | null) => void }) {
  const box = useRef<HTMLDivElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  const inner = useRef<SVGGElement>(null);
  const zb = useRef<ZoomBehavior<SVGSVGElement, unknown> | null>(null);
  const { width, height } = useSize(box);
  const ids = useId().replace(/[^a-zA-Z0-9_-]/g, '');
  const cull = scene.nodes.length >= CULL_FROM;
  const [view, setView] = useState<View | null>(null);
  const frame = useRef(0);
  const size = useRef({ width, height });
  size.current = { width, height };

  // d3-zoom on the svg, once: it moves the inner group and keeps what is on screen for culling
  useEffect(() => {
    const el = svg.current;
    if (!el) return;
    const z = zoom<SVGSVGElement, unknown>()
      .scaleExtent([0.05, 4])
      .on('zoom', (ev: D3ZoomEvent<SVGSVGElement, unknown>) => {
        const t = ev.transform;
        inner.current?.setAttribute('transform', t.toString());
        el.dataset.lod = t.k < LOD_TEXT ? 'far' : t.k < LOD_LABELS ? 'mid' : 'near';
        el.dataset.k = t.k.toFixed(3);
        if (!cull) return;
        cancelAnimationFrame(frame.current);
        frame.current = requestAnimationFrame(() => {
          const { width: w, height: h } = size.current;
          const m = 40 / t.k;
          setView({ x0: -t.x / t.k - m, y0: -t.y / t.k - m, x1: (w - t.x) / t.k + m, y1: (h - t.y) / t.k + m });
        });
      });
    zb.current = z;
    select(el).call(z).on('dblclick.zoom', null);
    return () => {
      cancelAnimationFrame(frame.current);
      select(el).on('.zoom', null);
    };
  }, [cull]);

  const fit = useCallback(() => {
    const el = svg.current;
    const z = zb.current;
    if (!el || !z || width === 0 || height === 0) return;
    select(el).call(z.transform, fitTransform({ x: 0, y: 0, width: layout.width, height: layout.height }, width, height));
  }, [layout, width, height]);

  // a new layout (another run) is fitted to the panel; scrubbing keeps the user's zoom
  const fitted = useRef<string | null>(null);
  useEffect(() => {
    if (width === 0 || height === 0 || fitted.current === layoutKey) return;
    fitted.current = layoutKey;
    fit();
  }, [layoutKey, width, height, fit]);

  // hovering a class brings out its dependencies and neighbours, dimming the rest (DOM only, no rerender)
  const hover = useCallback(
    (h: LockHover | null) => {
      onHover(h);
      const el = svg.current;
      if (!el) return;
      for (const x of el.querySelectorAll('.hl')) x.classList.remove('hl');
      if (h?.kind !== 'node') {
        delete el.dataset.focus;
        return;
      }
      el.dataset.focus = 'node';
      const near = new Set([h.id]);
      for (const x of el.querySelectorAll<SVGGElement>('.ledge')) {
        if (x.dataset.from === h.id || x.dataset.to === h.id) {
          x.classList.add('hl');
          near.add(x.dataset.from === h.id ? (x.dataset.to ?? '') : (x.dataset.from ?? ''));
        }
      }
      for (const x of el.querySelectorAll<SVGGElement>('.lnode')) if (near.has(x.dataset.class ?? '')) x.classList.add('hl');
    },
    [onHover],
  );

  /** Centres a class (by name, or the first whose name contains the text) at a readable scale. */
  const find = (text: string): boolean => {
    const el = svg.current;
    const z = zb.current;
    const q = text.trim().toLowerCase();
    if (!el || !z || q === '') return false;
    const n = scene.nodes.find((x) => x.id.toLowerCase() === q) ?? scene.nodes.find((x) => x.id.toLowerCase().includes(q));
    const b = n ? layout.nodes.get(n.id) : undefined;
    if (!n || !b) return false;
    const k = Math.max(1, Number(el.dataset.k ?? '1'));
    select(el).call(z.transform, zoomIdentity.translate(width / 2 - (b.x + b.width / 2) * k, height / 2 - (b.y + b.height / 2) * k).scale(k));
    for (const x of el.querySelectorAll('.found')) x.classList.remove('found');
    for (const x of el.querySelectorAll<SVGGElement>('.lnode')) if (x.dataset.class === n.id) x.classList.add('found');
    return true;
  };

  const zoomBy = (f: number) => {
    const el = svg.current;
    if (el && zb.current) select(el).call(zb.current.scaleBy, f);
  };

  return (
    <div className="lock-graph" ref={box}>
      <svg ref={svg} width={width} height={height} role="group" aria-label="Lock graph" data-classes={scene.nodes.length} data-edges={scene.edges.length}>
        <defs>
          {(['dep', 'cycle', 'inversion', 'later'] as const).map((m) => (
            <marker key={m} id={`${ids}-${m}`} className={`arrow ${m}`} viewBox="0 0 10 10" refX={9} refY={5} markerWidth={7} markerHeight={7} orient="auto-start-reverse">
              <path d="M0,0 L10,5 L0,10 z" />
            </marker>
          ))}
        </defs>
        <g ref={inner}>
          <Edges scene={scene} layout={layout} view={cull ? view : null} ids={ids} onEdge={onEdge} onHover={hover} />
          <Nodes scene={scene} layout={layout} view={cull ? view : null} ids={ids} onEdge={onEdge} onHover={hover} />
        </g>
      </svg>
      <div className="zoom-buttons" role="toolbar" aria-label="Zoom">
        {scene.nodes.length > 8 && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              const input = e.currentTarget.elements.namedItem('find');
              if (!(input instanceof HTMLInputElement)) return;
              input.setCustomValidity(find(input.value) ? '' : 'no lock class by that name');
              input.reportValidity();
            }}
          >
            <input name="find" aria-label="Find a lock class" placeholder="find class" list={`${ids}-classes`} spellCheck={false} onChange={(e) => e.currentTarget.setCustomValidity('')} />
            <datalist id={`${ids}-classes`}>
              {scene.nodes.map((n) => (
                <option key={n.id} value={n.id} />
              ))}
            </datalist>
          </form>
        )}
        <button type="button" aria-label="Zoom in" title="Zoom in (or the mouse wheel)" onClick={() => zoomBy(1.4)}>
          +
        </button>
        <button type="button" aria-label="Zoom out" title="Zoom out" onClick={() => zoomBy(1 / 1.4)}>
          −
        </button>
        <button type="button" aria-label="Fit" title="Fit the whole graph" onClick={fit}>
          Fit
        </button>
      </div>
    </div>
  );
}
