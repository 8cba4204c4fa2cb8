// The eviction lanes drawn inside the timeline's SVG, below its suspend lanes: one per memory
// type and LRU priority, each eviction a span colored by how it ended (moved, slow: a fence wait
// timed out, failed). The timeline's own pointer handling scrubs across them; pressing a span
// also picks its buffer in the VRAM view, double-clicking zooms to it.
import { linearScale } from '../timeline/scale.ts';
import { memo, useRef } from 'react';
import { useController } from '../../context.ts';
import { selectBo } from './actions.ts';
import { laneMarks, markTitle, type LaneRow } from './evictionLanes.ts';
import './lanes.css';

export { evictionLaneRows, type LaneRow } from './evictionLanes.ts';

interface Geometry {
  left: number;
  right: number;
  window: { from: number; to: number };
}

interface Props {
  g: Geometry;
  lanes: readonly LaneRow[];
  /** y of the first lane, and a lane's height. */
  top: number;
  laneH: number;
  onZoom: (w: { from: number; to: number }) => void;
}

const DOUBLE_MS = 450;

/** Events [from, to) with a margin each side. */
function zoomTo(from: number, to: number): { from: number; to: number } {
  const m = Math.ceil(Math.max(16, to - from) * 0.08);
  return { from: Math.max(0, from - m), to: to + m };
}

export const EvictionLanes = memo(function EvictionLanes({ g, lanes, top, laneH, onZoom }: Props) {
  const c = useController();
  // the timeline captures the pointer on press, so the second press of a double-click is counted here
  const lastPress = useRef<{ key: string; t: number } | null>(null);
  if (lanes.length === 0) return null;
  const x = linearScale([g.window.from, Math.max(g.window.from + 1, g.window.to)], [g.left, Math.max(g.left + 1, g.right)]);
  return (
    <g className="tl-evict-lanes">
      {lanes.map((lane, i) => {
        const y = top + i * laneH;
        const marks = laneMarks(lane.spans, (e) => x(e), g.window.from, g.window.to, g.left, g.right);
        return (
          <g key={lane.key} className="tl-lane tl-evict-lane" data-lane={`evict:${lane.key}`}>
            <text x={g.left - 6} y={y + laneH - 1} textAnchor="end" className="tl-lane-name evict">
              {lane.label}
            </text>
            <rect x={g.left} y={y} width={Math.max(0, g.right - g.left)} height={laneH - 1} className="tl-lane-band" />
            {marks.map((m) => {
              const one = m.spans.length === 1 ? m.spans[0]! : null;
              return (
                <rect
                  key={`${m.from}`}
                  className={`tl-evict ev-${m.kind}`}
                  x={m.x0}
                  y={y}
                  width={Math.max(1.5, m.x1 - m.x0 > 4 ? m.x1 - m.x0 - 1 : m.x1 - m.x0)}
                  height={laneH - 1}
                  data-from={m.from}
                  data-to={m.to}
                  data-kind={m.kind}
                  data-bo={one?.bo}
                  data-count={m.spans.length}
                  onPointerDown={(e) => {
                    if (one) selectBo(c, one.bo);
                    const key = `${lane.key}:${m.from}`;
                    const prev = lastPress.current;
                    lastPress.current = { key, t: e.timeStamp };
                    if (prev && prev.key === key && e.timeStamp - prev.t < DOUBLE_MS) {
                      lastPress.current = null;
                      onZoom(zoomTo(m.from, m.to));
                    }
                  }}
                >
                  <title>{markTitle(m)}</title>
                </rect>
              );
            })}
          </g>
        );
      })}
    </g>
  );
});
