// The scrubber over events 0..total: event density over simulated time, dmesg activity,
// findings by kind, marks and expect results; for suspend/resume runs one lane per suspend
// phase and a lane of text_poke writes (stray ones in red). Dragging seeks; the wheel zooms
// around the pointer (shift+wheel or dragging the ruler pans), double-clicking a phase zooms to
// it. Above it a ruler of events and simulated time and the window as text; below, when open,
// lanes per CPU and per task aggregated by the worker; bookmarks travel in share links.
//
// Stays smooth on runs of 100k+ events: the dense layers (density, dmesg, pokes) are drawn on a
// canvas from the worker's buckets of the window on screen, findings are drawn one marker per
// few pixels (not per finding), and the SVG on top holds only what is few: marks, phases, cursor.
import { memo, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { ExpectationView, Finding, Mark, PhaseRange, TimelineBucket, TimelineLanes } from '../../../worker/protocol.ts';
import { cssVar, useShownTheme } from '../../canvasTheme.ts';
import { useAppState, useController, usePanel, useRun } from '../../context.ts';
import { RunProgress } from '../../components/RunProgress.tsx';
import { findingColor } from '../../findingColors.ts';
import { EvictionLanes, evictionLaneRows } from '../vram/EvictionLanes.tsx';
import { useWidth } from '../../useWidth.ts';
import { bookmarkCursor, goToBookmark, setBookmarks, setTimelineBuckets, setTimelineWindow } from './actions.ts';
import { removeBookmark, renameBookmark, type Bookmark } from './bookmarks.ts';
import { FrameLatest } from './frame.ts';
import { RULER_H, RulerTicks } from './Ruler.tsx';
import { linearScale } from './scale.ts';
import { rangeText } from './ruler.ts';
import { ShrinkerLane, shrinkerLaneHeight } from './ShrinkerLane.tsx';
import { TASK_LIMIT, TaskLanes, taskLanesHeight } from './TaskLanes.tsx';
import './timeline.css';
import { densityBars, findingColumns, isWholeRun, MIN_WINDOW, panWindow, phaseLabel, phaseLanes, placeLabels, windowAround, zoomWindow, type TimelineWindow } from './timelineModel.ts';

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
/** The row of range text, zoom buttons and bookmarks above the ruler. */
const TOOLBAR_H = 22;

interface Geometry {
  width: number;
  height: number;
  left: number;
  right: number;
  window: TimelineWindow;
}

function xScale(g: Geometry) {
  return linearScale([g.window.from, Math.max(g.window.from + 1, g.window.to)], [g.left, Math.max(g.left + 1, g.right)]);
}

/** The dense layers on a canvas: density bars, dmesg activity, text_poke writes per bucket. */
function DenseLayers({ g, timeline, pokeLaneY }: { g: Geometry; timeline: readonly TimelineBucket[]; pokeLaneY: number | null }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const theme = useShownTheme();
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
    ctx.fillStyle = cssVar('--canvas-band', '#0d1218');
    const density = cssVar('--canvas-density', '#3b5a80');
    ctx.fillRect(g.left, BAR_TOP, Math.max(0, g.right - g.left), BAR_H);
    if (pokeLaneY !== null) ctx.fillRect(g.left, pokeLaneY, Math.max(0, g.right - g.left), LANE_H - 1);
    const bars = densityBars(timeline);
    const maxPokes = Math.max(1, ...bars.map((b) => b.pokes));
    for (const b of bars) {
      if (b.to <= g.window.from || b.from >= g.window.to) continue;
      const x0 = Math.max(g.left, x(b.from));
      const w = Math.max(1, Math.min(g.right, x(b.to)) - x0 - 0.5);
      const h = b.height * BAR_H;
      ctx.fillStyle = density;
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
  }, [g, timeline, pokeLaneY, theme]);
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

/** The events of a window of single events: kind, CPU and task of each, read off the lanes. */
function singleEvents(lanes: TimelineLanes | null): { event: number; kind: string; where: string }[] {
  if (!lanes) return [];
  const out: { event: number; kind: string; where: string }[] = [];
  for (let i = 0; i + 1 < lanes.edges.length; i++) {
    const from = lanes.edges[i]!;
    if (lanes.edges[i + 1]! - from !== 1) return [];
    const cpu = lanes.lanes.find((l) => l.by === 'cpu' && l.buckets[i]!.events > 0);
    const task = lanes.lanes.find((l) => l.by === 'task' && l.buckets[i]!.events > 0);
    const kind = cpu?.buckets[i]!.kinds[0]?.[0];
    if (kind !== undefined) out.push({ event: from, kind, where: `${task?.label ?? '?'} on ${cpu!.label}` });
  }
  return out;
}

const ZOOM_STEP = 0.5;

export function Timeline() {
  const c = useController();
  const box = useRef<HTMLDivElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  const width = useWidth(box);
  const info = useRun((r) => r.info);
  const timeline = usePanel('timeline', (t) => t.buckets);
  const taskLanes = usePanel('timeline', (t) => t.lanes);
  const lanesOpen = usePanel('timeline', (t) => t.lanesOpen);
  const scans = usePanel('timeline', (t) => t.scans);
  const bookmarks = usePanel('timeline', (t) => t.bookmarks);
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
  const baseHeight = lanes > 0 ? LANES_TOP + lanes * LANE_H + 4 : H;
  const [taskLimit, setTaskLimit] = useState<number | null>(TASK_LIMIT);
  const perTask = lanesOpen ? taskLanesHeight(taskLanes, taskLimit) : 0;
  const perShrinker = lanesOpen ? shrinkerLaneHeight(scans) : 0;
  const height = baseHeight + perTask + perShrinker;
  const left = lanes > 0 || lanesOpen ? GUTTER : PAD;
  const shown: TimelineWindow = win ?? { from: 0, to: Math.max(1, total) };
  const g = useMemo<Geometry>(() => ({ width, height, left, right: Math.max(left + 1, width - PAD), window: { from: shown.from, to: shown.to } }), [width, height, left, shown.from, shown.to]);

  useEffect(() => {
    if (width > 0) setTimelineBuckets(c, Math.floor((width - left - PAD) / 3));
  }, [c, width, left]);

  const x = useMemo(() => xScale(g).clamp(true), [g]);
  const onZoom = useCallback((w: TimelineWindow) => setTimelineWindow(c, w), [c]);

  // zooming, panning and scrubbing change at most once per animation frame (the latest wins)
  const frames = useMemo(() => ({ window: new FrameLatest<TimelineWindow | null>((w) => setTimelineWindow(c, w)), seek: new FrameLatest<number>((n) => c.cursor.seek(n)) }), [c]);
  useEffect(() => () => (frames.window.dispose(), frames.seek.dispose()), [frames]);

  // the wheel zooms around the pointer (a trackpad's pinch too), shift+wheel (or a sideways wheel) pans
  const view = useRef({ x, shown, total });
  view.current = { x, shown, total };
  /** The window as the next frame will show it. */
  const current = useCallback((): TimelineWindow => frames.window.peek() ?? view.current.shown, [frames]);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      if (!(e.target instanceof Element) || !e.target.closest('.tl-main, .tl-ruler')) return;
      const { x: sx, total: t } = view.current;
      if (t <= 0) return;
      e.preventDefault();
      const w = current();
      const span = w.to - w.from;
      const sideways = Math.abs(e.deltaX) > Math.abs(e.deltaY);
      if (e.shiftKey || sideways) {
        const d = sideways ? e.deltaX : e.deltaY;
        frames.window.set(panWindow(w, t, (d / Math.max(1, sx.range()[1]! - sx.range()[0]!)) * span));
        return;
      }
      const r = el.getBoundingClientRect();
      const [r0, r1] = sx.range() as [number, number];
      const px = Math.max(r0, Math.min(r1, e.clientX - r.left));
      const anchor = w.from + ((px - r0) / Math.max(1, r1 - r0)) * span;
      frames.window.set(zoomWindow(w, t, anchor, Math.exp(e.deltaY * (e.ctrlKey ? 0.01 : 0.0025))));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [c, info, width > 0, frames, current]);

  /** Zooms by `factor` around the cursor when it is shown, else around the middle. */
  const zoomBy = useCallback(
    (factor: number) => {
      const w = current();
      const t = view.current.total;
      const cur = c.run().cursor;
      const anchor = cur >= w.from && cur <= w.to ? cur : (w.from + w.to) / 2;
      frames.window.set(zoomWindow(w, t, anchor, factor));
    },
    [c, frames, current],
  );
  const panBy = useCallback((share: number) => frames.window.set(panWindow(current(), view.current.total, (current().to - current().from) * share)), [frames, current]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.ctrlKey || e.metaKey || e.altKey || (e.target instanceof HTMLElement && e.target.closest('input, textarea, select'))) return;
    let done = true;
    if (e.key === '+' || e.key === '=') zoomBy(ZOOM_STEP);
    else if (e.key === '-' || e.key === '_') zoomBy(1 / ZOOM_STEP);
    else if (e.key === '0') frames.window.set(null);
    else if (e.key === '[') panBy(-0.25);
    else if (e.key === ']') panBy(0.25);
    else if (e.key === 'b' || e.key === 'B') bookmarkCursor(c);
    else done = false;
    if (done) {
      e.preventDefault();
      e.stopPropagation();
    }
  };

  const seekAt = (e: PointerEvent<SVGSVGElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    frames.seek.set(x.invert(e.clientX - r.left));
  };

  // dragging the ruler pans: the event under the pointer stays under it
  const panning = useRef<{ x: number; w: TimelineWindow } | null>(null);

  const zoomed = win !== null && !isWholeRun(win, total);
  const suspend = phases.length > 0 ? windowAround(phases[0]!.from, phases[phases.length - 1]!.to, total) : null;
  const inWindow = cursor >= shown.from && cursor <= shown.to;
  const cx = x(cursor);
  const singles = useMemo(() => singleEvents(taskLanes), [taskLanes]);
  const colW = (g.right - g.left) / Math.max(1, shown.to - shown.from);
  return (
    <div className="timeline" ref={box} style={{ height: TOOLBAR_H + RULER_H + height }} role="region" aria-label="Timeline view" aria-describedby="tl-keys" onKeyDown={onKeyDown}>
      <span id="tl-keys" className="sr-only">
        Zoom with + and − around the cursor (the wheel or a pinch zooms around the pointer), 0 shows the whole run; [ and ], Shift+wheel or dragging the ruler pan; b bookmarks the cursor. ← and → step the cursor.
      </span>
      {info && width > 0 && (
        <>
          <div className="tl-toolbar">
            <span className="tl-range" aria-live="polite" data-from={shown.from} data-to={shown.to}>
              {rangeText(shown, total, timeline)}
            </span>
            <button type="button" onClick={() => zoomBy(1 / ZOOM_STEP)} disabled={!zoomed} aria-label="Zoom the timeline out" title="Zoom out (−)">
              −
            </button>
            <button type="button" onClick={() => zoomBy(ZOOM_STEP)} disabled={shown.to - shown.from <= MIN_WINDOW} aria-label="Zoom the timeline in" title="Zoom in around the cursor (+)">
              +
            </button>
            <button type="button" onClick={() => setTimelineWindow(c, null)} disabled={!zoomed} title={`Showing events ${shown.from}–${shown.to}; show the whole run (0)`}>
              whole run
            </button>
            {suspend && (
              <button type="button" onClick={() => setTimelineWindow(c, suspend)} title="Zoom to the suspend/resume phases">
                suspend
              </button>
            )}
            <button type="button" aria-expanded={lanesOpen} onClick={() => c.patchPanel('timeline', { lanesOpen: !lanesOpen })} title={scans.length > 0 ? 'Lanes per CPU, per task and of the shrinker scans' : 'Lanes per CPU and per task'}>
              {lanesOpen ? '▾' : '▸'} CPU/task lanes
            </button>
            <Bookmarks bookmarks={bookmarks} cursor={cursor} />
          </div>
          <svg
            className="tl-ruler"
            width={width}
            height={RULER_H}
            aria-hidden="true"
            onPointerDown={(e) => {
              if (e.button !== 0) return;
              panning.current = { x: e.clientX, w: current() };
              e.currentTarget.setPointerCapture(e.pointerId);
            }}
            onPointerMove={(e) => {
              const p = panning.current;
              if (!p) return;
              const span = p.w.to - p.w.from;
              frames.window.set(panWindow(p.w, total, (-(e.clientX - p.x) / Math.max(1, g.right - g.left)) * span));
            }}
            onPointerUp={(e) => {
              panning.current = null;
              e.currentTarget.releasePointerCapture(e.pointerId);
            }}
          >
            <RulerTicks width={width} left={g.left} right={g.right} window={g.window} buckets={timeline} bookmarks={bookmarks} />
          </svg>
          <div className="tl-main" style={{ height }}>
            <RunProgress className="tl-loading" />
            <DenseLayers g={g} timeline={timeline} pokeLaneY={pokeLane ? LANES_TOP + laneCount * LANE_H : null} />
            <svg
              ref={svg}
              width={width}
              height={height}
              role="slider"
              tabIndex={0}
              aria-label="Timeline"
              aria-describedby="tl-keys"
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
                frames.seek.flush();
              }}
            >
              <Layers g={g} total={total} findings={info.findings} marks={info.marks} expectations={info.expectations} phases={phases} pokeLane={pokeLane} onZoom={onZoom} />
              <EvictionLanes g={g} lanes={evictLanes} top={LANES_TOP + (laneCount + (pokeLane ? 1 : 0)) * LANE_H} laneH={LANE_H} onZoom={onZoom} />
              {lanesOpen && taskLanes && <TaskLanes left={g.left} right={g.right} top={baseHeight} lanes={taskLanes} limit={taskLimit} onLimit={setTaskLimit} />}
              {lanesOpen && <ShrinkerLane left={g.left} right={g.right} top={baseHeight + perTask} from={shown.from} to={shown.to} scans={scans} onSeek={(n) => c.cursor.seek(n)} />}
              {colW >= 4 && singles.length > 0 && (
                <g className="tl-events">
                  {singles
                    .filter((s) => s.event >= shown.from && s.event < shown.to)
                    .map((s) => (
                      <rect key={s.event} className="tl-event" data-event={s.event} data-kind={s.kind} x={x(s.event)} y={BAR_TOP} width={Math.max(1, colW - 1)} height={BAR_H}>
                        <title>{`event ${s.event}: ${s.kind} (${s.where})`}</title>
                      </rect>
                    ))}
                </g>
              )}
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
          </div>
        </>
      )}
      {!(info && width > 0) && <RunProgress className="tl-loading" />}
    </div>
  );
}

/** Bookmarks as buttons that go to them; the pen renames one in place, × removes it. */
function Bookmarks({ bookmarks, cursor }: { bookmarks: readonly Bookmark[]; cursor: number }) {
  const c = useController();
  const [editing, setEditing] = useState<number | null>(null);
  return (
    <span className="tl-bookmarks" role="list" aria-label="Bookmarks">
      <button type="button" onClick={() => bookmarkCursor(c)} title={`Bookmark the cursor, event ${cursor} (b)`}>
        + bookmark
      </button>
      {bookmarks.map((b) => (
        <span key={b.event} role="listitem" className={`tl-bookmark${b.event === cursor ? ' at' : ''}`} data-event={b.event}>
          {editing === b.event ? (
            <input
              aria-label={`Name of the bookmark at event ${b.event}`}
              defaultValue={b.name}
              autoFocus
              onBlur={(e) => {
                setBookmarks(c, renameBookmark(c.panel('timeline').bookmarks, b.event, e.currentTarget.value));
                setEditing(null);
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter') e.currentTarget.blur();
                else if (e.key === 'Escape') setEditing(null);
                e.stopPropagation();
              }}
            />
          ) : (
            <button type="button" className="go" onClick={() => goToBookmark(c, b.event)} onDoubleClick={() => setEditing(b.event)} title={`Go to event ${b.event} (double-click to rename)`}>
              {b.name}
            </button>
          )}
          <button type="button" className="edit" onClick={() => setEditing(b.event)} aria-label={`Rename the bookmark ${b.name}`} title="Rename">
            ✎
          </button>
          <button type="button" className="del" onClick={() => setBookmarks(c, removeBookmark(c.panel('timeline').bookmarks, b.event))} aria-label={`Remove the bookmark ${b.name}`} title="Remove">
            ×
          </button>
        </span>
      ))}
    </span>
  );
}
