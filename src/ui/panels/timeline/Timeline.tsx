// The scrubber over events 0..total: event density over simulated time, dmesg activity,
// findings by kind, marks and expect results; for suspend/resume runs one lane per suspend
// phase and a lane of text_poke writes (stray ones in red). Dragging seeks; the wheel zooms
// around the pointer (shift+wheel pans), double-clicking a phase zooms to it.
//
// Stays smooth on runs of 100k+ events: the dense layers (density, dmesg, pokes) are drawn on a
// canvas from the worker's buckets of the window on screen, findings are drawn one marker per
// few pixels (not per finding), and the SVG on top holds only what is few: marks, phases, cursor.
import { scaleLinear } from 'd3';
import { memo, useCallback, useEffect, useMemo, useRef, type PointerEvent } from 'react';
import type { ExpectationView, Finding, Mark, PhaseRange, TimelineBucket } from '../../../worker/protocol.ts';
import { useAppState, useController, usePanel, useRun } from '../../context.ts';
import { RunProgress } from '../../components/RunProgress.tsx';
import { findingColor } from '../../findingColors.ts';
import { EvictionLanes, evictionLaneRows } from '../vram/EvictionLanes.tsx';
import { useWidth } from '../../useWidth.ts';
import { setTimelineBuckets, setTimelineWindow } from './actions.ts';
import { densityBars, findingColumns, isWholeRun, panWindow, phaseLabel, phaseLanes, placeLabels, windowAround, zoomWindow, type TimelineWindow } from './timelineModel.ts';

const H = 80;
const PAD = 8;
const BAR_TOP = 16;
const BAR_H = 36;
const LINES_Y = BAR_TOP + BAR_H + 3;
const MARK_Y = LINES_Y + 9;
/** Lanes (suspend phases, then text_poke writes) start below the base rows. */
const LANES_TOP = H + 2;
const LANE_H = 9;
/** Room for lane names on the left when the run has lanes. */
const GUTTER = 124;
const NO_PHASES: readonly PhaseRange[] = [];

interface Geometry {
  width: number;
  height: number;
  left: number;
  right: number;
  window: TimelineWindow;
}

function xScale(g: Geometry) {
  return scaleLinear().domain([g.window.from, Math.max(g.window.from + 1, g.window.to)]).range([g.left, Math.max(g.left + 1, g.right)]);
}

/** The dense layers on a canvas: density bars, dmesg activity, text_poke writes per bucket. */
function DenseLayers({ g, timeline, pokeLaneY }: { g: Geometry; timeline: readonly TimelineBucket[]; pokeLaneY: number | null }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const cv = ref.current;
    if (!cv) return;
    const dpr = window.devicePixelRatio || 1;
    cv.width = Math.round(g.width * dpr);
    cv.height = Math.round(g.height * dpr);
    const ctx = cv.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, g.width, g.height);
    const x = xScale(g);
    ctx.fillStyle = '#0d1218';
    ctx.fillRect(g.left, BAR_TOP, Math.max(0, g.right - g.left), BAR_H);
    if (pokeLaneY !== null) ctx.fillRect(g.left, pokeLaneY, Math.max(0, g.right - g.left), LANE_H - 1);
    const bars = densityBars(timeline);
    const maxPokes = Math.max(1, ...bars.map((b) => b.pokes));
    for (const b of bars) {
      if (b.to <= g.window.from || b.from >= g.window.to) continue;
      const x0 = Math.max(g.left, x(b.from));
      const w = Math.max(1, Math.min(g.right, x(b.to)) - x0 - 0.5);
      const h = b.height * BAR_H;
      ctx.fillStyle = '#3b5a80';
      ctx.fillRect(x0, BAR_TOP + BAR_H - h, w, h);
      if (b.lines > 0) {
        ctx.globalAlpha = 0.25 + 0.75 * b.lines;
        ctx.fillStyle = '#e3b341';
        ctx.fillRect(x0, LINES_Y, w, 5);
        ctx.globalAlpha = 1;
      }
      if (pokeLaneY !== null && b.pokes > 0) {
        ctx.globalAlpha = 0.35 + (0.65 * b.pokes) / maxPokes;
        ctx.fillStyle = '#b392f0';
        ctx.fillRect(x0, pokeLaneY, w, LANE_H - 1);
        if (b.strayWrites > 0) {
          ctx.fillStyle = '#ff5f5f';
          ctx.fillRect(x0, pokeLaneY + 2, w, LANE_H - 5);
        }
        ctx.globalAlpha = 1;
      }
    }
  }, [g, timeline, pokeLaneY]);
  return <canvas ref={ref} className="tl-canvas" style={{ width: g.width, height: g.height }} aria-hidden="true" />;
}

interface LayerProps {
  g: Geometry;
  total: number;
  findings: readonly Finding[];
  marks: readonly Mark[];
  expectations: readonly ExpectationView[];
  phases: readonly PhaseRange[];
  pokeLane: boolean;
  onZoom: (w: TimelineWindow) => void;
}

/** Everything but the cursor and the dense layers: redrawn only when the run, the size or the window changes. */
const Layers = memo(function Layers({ g, total, findings, marks, expectations, phases, pokeLane, onZoom }: LayerProps) {
  const x = xScale(g);
  const inView = (e: number) => e >= g.window.from && e <= g.window.to;
  const labels = placeLabels(
    marks.filter((m) => inView(m.event)),
    (m) => x(m.event),
    (m) => m.label,
  );
  const cols = findingColumns(findings, x, g.window.from, g.window.to);
  const lanes = phaseLanes(phases);
  return (
    <g>
      {labels.map(({ item, x: px, labelled }, i) => (
        <g key={`m${i}`} className="tl-mark">
          <line x1={px} x2={px} y1={11} y2={BAR_TOP + BAR_H} />
          {labelled && (
            // a label that would run off the right edge ends at its tick instead
            <text x={px + 2 + item.label.length * 6 > g.right ? px - 2 : px + 2} y={10} textAnchor={px + 2 + item.label.length * 6 > g.right ? 'end' : 'start'}>
              {item.label}
            </text>
          )}
          <title>{`mark "${item.label}" at event ${item.event}`}</title>
        </g>
      ))}
      {cols.map((col) => {
        const px = col.x;
        const [kind] = col.kinds[0]!;
        const what = col.kinds.map(([k, n]) => `${n} × ${k}`).join(', ');
        return (
          <g key={`f${col.from}`} className="tl-finding" style={{ color: findingColor(kind) }} data-kind={kind} data-count={col.total}>
            <line x1={px} x2={px} y1={BAR_TOP} y2={BAR_TOP + BAR_H} />
            <path d={`M${px - 4},${MARK_Y + 8} L${px + 4},${MARK_Y + 8} L${px},${MARK_Y} Z`} />
            <title>{col.total === 1 ? `${kind} at event ${col.from}: ${col.first.title}` : `${what} at events ${col.from}–${col.to}`}</title>
          </g>
        );
      })}
      {expectations
        .filter((e) => inView(e.event))
        .map((e, i) => (
          <text key={`e${i}`} x={x(e.event)} y={MARK_Y + 17} className={e.pass ? 'tl-pass' : 'tl-fail'} textAnchor="middle">
            {e.pass ? '✓' : '✗'}
            <title>{`expect at event ${e.event}: ${e.pass ? 'pass' : 'FAIL'}: ${e.message}`}</title>
          </text>
        ))}
      {lanes.length + (pokeLane ? 1 : 0) > 0 && (
        <g className="tl-lanes">
          {lanes.map((lane, li) => {
            const y = LANES_TOP + li * LANE_H;
            return (
              <g key={lane.phase} className="tl-lane" data-lane={lane.phase}>
                <text x={g.left - 6} y={y + LANE_H - 1} textAnchor="end" className="tl-lane-name">
                  {lane.label}
                </text>
                <rect x={g.left} y={y} width={Math.max(0, g.right - g.left)} height={LANE_H - 1} className="tl-lane-band" />
                {lane.ranges.map((p) => {
                  if (p.to <= g.window.from || p.from >= g.window.to) return null;
                  const x0 = Math.max(g.left, x(p.from));
                  const x1 = Math.min(g.right, x(p.to));
                  return (
                    <rect
                      key={`${p.cycle}:${p.from}`}
                      className={`tl-phase ph-${p.phase}`}
                      data-phase={p.phase}
                      x={x0}
                      y={y}
                      width={Math.max(2, x1 - x0)}
                      height={LANE_H - 1}
                      data-from={p.from}
                      data-to={p.to}
                      onDoubleClick={() => onZoom(windowAround(p.from, p.to, total))}
                    >
                      <title>{`${phaseLabel(p.phase)} (cycle ${p.cycle + 1}): events ${p.from}–${p.to - 1} (${p.to - p.from} events); double-click to zoom`}</title>
                    </rect>
                  );
                })}
              </g>
            );
          })}
          {pokeLane && (
            <g className="tl-lane" data-lane="text_poke">
              <text x={g.left - 6} y={LANES_TOP + lanes.length * LANE_H + LANE_H - 1} textAnchor="end" className="tl-lane-name poke">
                text_poke <tspan className="stray">stray</tspan>
              </text>
            </g>
          )}
        </g>
      )}
    </g>
  );
});

export function Timeline() {
  const c = useController();
  const box = useRef<HTMLDivElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  const width = useWidth(box);
  const info = useRun((r) => r.info);
  const timeline = usePanel('timeline', (t) => t.buckets);
  const cursor = useRun((r) => r.cursor);
  // while two runs are compared: the first event where they part
  const parted = useAppState((s) => s.compare?.diff?.divergence?.event ?? null);
  const phases = info?.phases ?? NO_PHASES;
  const win = usePanel('timeline', (t) => t.window);
  const total = info?.total ?? 0;
  const dragging = useRef(false);
  const hasStray = useMemo(() => (info?.findings ?? []).some((f) => f.kind === 'mm.stray_write'), [info]);
  const laneCount = phaseLanes(phases).length;
  const pokeLane = laneCount > 0 || hasStray;
  const evictLanes = useMemo(() => evictionLaneRows(info), [info]);
  const lanes = laneCount + (pokeLane ? 1 : 0) + evictLanes.length;
  const height = lanes > 0 ? LANES_TOP + lanes * LANE_H + 4 : H;
  const left = lanes > 0 ? GUTTER : PAD;
  const shown: TimelineWindow = win ?? { from: 0, to: Math.max(1, total) };
  const g = useMemo<Geometry>(() => ({ width, height, left, right: Math.max(left + 1, width - PAD), window: { from: shown.from, to: shown.to } }), [width, height, left, shown.from, shown.to]);

  useEffect(() => {
    if (width > 0) setTimelineBuckets(c, Math.floor((width - left - PAD) / 3));
  }, [c, width, left]);

  const x = useMemo(() => xScale(g).clamp(true), [g]);
  const onZoom = useCallback((w: TimelineWindow) => setTimelineWindow(c, w), [c]);

  // the wheel zooms around the pointer, shift+wheel (or a sideways wheel) pans
  const view = useRef({ x, shown, total });
  view.current = { x, shown, total };
  useEffect(() => {
    const el = svg.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      const { x: sx, shown: w, total: t } = view.current;
      if (t <= 0) return;
      e.preventDefault();
      const span = w.to - w.from;
      const sideways = Math.abs(e.deltaX) > Math.abs(e.deltaY);
      if (e.shiftKey || sideways) {
        const d = sideways ? e.deltaX : e.deltaY;
        setTimelineWindow(c, panWindow(w, t, (d / Math.max(1, sx.range()[1]! - sx.range()[0]!)) * span));
        return;
      }
      const r = el.getBoundingClientRect();
      const anchor = sx.invert(e.clientX - r.left);
      setTimelineWindow(c, zoomWindow(w, t, anchor, Math.exp(e.deltaY * 0.0025)));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [c, info, width > 0]);

  const seekAt = (e: PointerEvent<SVGSVGElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    c.cursor.seek(x.invert(e.clientX - r.left));
  };

  const zoomed = win !== null && !isWholeRun(win, total);
  const suspend = phases.length > 0 ? windowAround(phases[0]!.from, phases[phases.length - 1]!.to, total) : null;
  const inWindow = cursor >= shown.from && cursor <= shown.to;
  const cx = x(cursor);
  return (
    <div className="timeline" ref={box} style={{ height }}>
      <RunProgress className="tl-loading" />
      {info && width > 0 && (
        <>
          <DenseLayers g={g} timeline={timeline} pokeLaneY={pokeLane ? LANES_TOP + laneCount * LANE_H : null} />
          <svg
            ref={svg}
            width={width}
            height={height}
            role="slider"
            tabIndex={0}
            aria-label="Timeline"
            aria-valuemin={0}
            aria-valuemax={total}
            aria-valuenow={cursor}
            data-from={shown.from}
            data-to={shown.to}
            onPointerDown={(e) => {
              if (e.button !== 0) return;
              dragging.current = true;
              e.currentTarget.setPointerCapture(e.pointerId);
              c.player.stop();
              seekAt(e);
            }}
            onPointerMove={(e) => dragging.current && seekAt(e)}
            onPointerUp={(e) => {
              dragging.current = false;
              e.currentTarget.releasePointerCapture(e.pointerId);
            }}
          >
            <Layers g={g} total={total} findings={info.findings} marks={info.marks} expectations={info.expectations} phases={phases} pokeLane={pokeLane} onZoom={onZoom} />
            <EvictionLanes g={g} lanes={evictLanes} top={LANES_TOP + (laneCount + (pokeLane ? 1 : 0)) * LANE_H} laneH={LANE_H} onZoom={onZoom} />
            <rect x={g.left} y={BAR_TOP} width={Math.max(0, cx - g.left)} height={BAR_H} className="tl-past" />
            {parted !== null && parted >= shown.from && parted <= shown.to && (
              <g className="tl-divergence" data-event={parted}>
                <line x1={x(parted)} x2={x(parted)} y1={BAR_TOP - 4} y2={BAR_TOP + BAR_H} />
                <title>{`the two runs compared part at event ${parted}`}</title>
              </g>
            )}
            {inWindow ? (
              <>
                <line x1={cx} x2={cx} y1={2} y2={height - 2} className="tl-cursor" />
                <path d={`M${cx - 5},${BAR_TOP - 6} L${cx + 5},${BAR_TOP - 6} L${cx},${BAR_TOP} Z`} className="tl-handle" />
              </>
            ) : (
              // the cursor is outside the zoomed window: an arrow at the edge it is beyond
              <path
                d={cursor < shown.from ? `M${g.left},${BAR_TOP - 3} l8,-5 l0,10 Z` : `M${g.right},${BAR_TOP - 3} l-8,-5 l0,10 Z`}
                className="tl-handle"
              >
                <title>{`the cursor (event ${cursor}) is ${cursor < shown.from ? 'before' : 'after'} the events shown`}</title>
              </path>
            )}
          </svg>
          {(zoomed || suspend) && (
            <div className="tl-tools" style={lanes > 0 ? { left: 4, width: GUTTER - 14 } : { right: PAD }}>
              {suspend && (
                <button type="button" onClick={() => setTimelineWindow(c, suspend)} title="Zoom to the suspend/resume phases">
                  suspend
                </button>
              )}
              {zoomed && (
                <button type="button" onClick={() => setTimelineWindow(c, null)} title={`Showing events ${shown.from}–${shown.to}; show the whole run`}>
                  fit
                </button>
              )}
            </div>
          )}
        </>
      )}
    </div>
  );
}
