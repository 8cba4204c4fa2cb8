// The shrinker lane below the CPU/task lanes: every direct reclaim (a short tick), shrinker scan (a
// tall one) and GEM object a scan evicted or purged (in between, colored by which) of the run that
// falls in the window, at its event; a click goes there.
import { memo } from 'react';
import type { ViewAnswer } from '../../../worker/protocol.ts';

export type ShrinkerScanRow = ViewAnswer<'shrinkerScans'>[number];

export const SHRINKER_LANE_H = 12;
/** The group header above the lane. */
export const SHRINKER_GROUP_H = 11;

/** The rows the lane takes: none without scans in the run. */
export function shrinkerLaneHeight(scans: readonly ShrinkerScanRow[]): number {
  return scans.length === 0 ? 0 : SHRINKER_GROUP_H + SHRINKER_LANE_H + 2;
}

/** The ticks of the scans inside [from, to), placed across [left, right]. */
export function shrinkerTicks(scans: readonly ShrinkerScanRow[], from: number, to: number, left: number, right: number): { x: number; scan: ShrinkerScanRow }[] {
  const span = Math.max(1, to - from);
  const px = Math.max(1, right - left);
  return scans.filter((s) => s.event >= from && s.event < to).map((scan) => ({ x: left + ((scan.event - from) / span) * px, scan }));
}

interface Props {
  left: number;
  right: number;
  top: number;
  from: number;
  to: number;
  scans: readonly ShrinkerScanRow[];
  onSeek: (event: number) => void;
}

export const ShrinkerLane = memo(function ShrinkerLane({ left, right, top, from, to, scans, onSeek }: Props) {
  if (scans.length === 0) return null;
  const ly = top + SHRINKER_GROUP_H;
  const ticks = shrinkerTicks(scans, from, to, left, right);
  return (
    <g className="tl-shrinker-lane" data-scans={ticks.length}>
      <text x={4} y={top + SHRINKER_GROUP_H - 2} className="tl-lane-group">
        reclaim
      </text>
      <text x={left - 6} y={ly + SHRINKER_LANE_H - 2} textAnchor="end" className="tl-lane-name">
        shrinker
      </text>
      <rect x={left} y={ly} width={Math.max(1, right - left)} height={SHRINKER_LANE_H - 1} className="tl-lane-band" />
      {ticks.map(({ x, scan }) => (
        <rect
          key={scan.event}
          className={`tl-shrinker-tick ${scan.kind}`}
          data-event={scan.event}
          x={x - 1}
          y={scan.kind === 'scan' ? ly : scan.kind === 'reclaim' ? ly + 3 : ly + 1}
          width={3}
          height={scan.kind === 'scan' ? SHRINKER_LANE_H - 1 : scan.kind === 'reclaim' ? SHRINKER_LANE_H - 7 : SHRINKER_LANE_H - 3}
          // the pointer goes to the tick, not to the scrubber under it
          onPointerDown={(e) => e.stopPropagation()}
          onClick={() => onSeek(scan.event + 1)}
        >
          <title>{`event ${scan.event} (${scan.task}): ${scan.text}`}</title>
        </rect>
      ))}
    </g>
  );
});
