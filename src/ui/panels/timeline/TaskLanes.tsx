// Lanes per CPU and per task below the timeline: the worker's buckets of the window (events per
// lane per bucket and the kinds that dominate), one rect per non-empty bucket, shaded by how many
// events it holds and colored by the subsystem of its dominant kind. Color is not the only carrier:
// each stretch of buckets of one subsystem wide enough for it carries the subsystem's letter, and
// the header names the letters. At high zoom a bucket is one event and its title names its kind.
import { memo, type ReactElement } from 'react';
import type { TimelineLane, TimelineLanes } from '../../../worker/protocol.ts';

export const TASK_LANE_H = 10;
/** The header row of each group (CPUs, tasks). */
export const GROUP_H = 11;

const PALETTE = ['#58a6ff', '#3fb950', '#e3b341', '#b392f0', '#ff7b72', '#39c5cf', '#d2a8ff', '#f0883e'];

/** A color per subsystem (the kind's prefix before the dot), the same in every run. */
export function subsystemColor(kind: string): string {
  const sub = kind.split('.')[0] ?? kind;
  let h = 0;
  for (let i = 0; i < sub.length; i++) h = (h * 31 + sub.charCodeAt(i)) >>> 0;
  return PALETTE[h % PALETTE.length]!;
}

/** The subsystem of an event kind: its prefix before the dot (slab.alloc: slab). */
export function subsystemOf(kind: string): string {
  return kind.split('.')[0] ?? kind;
}

/**
 * A letter per subsystem, distinct among those given: its first letter, else the next of its
 * name not taken, else a digit. Assigned in name order, so the same set gets the same letters.
 */
export function subsystemLetters(subs: Iterable<string>): Map<string, string> {
  const out = new Map<string, string>();
  const taken = new Set<string>();
  for (const sub of [...new Set(subs)].sort()) {
    const letters = sub.toUpperCase().replace(/[^A-Z]/g, '');
    const pick = [...letters].find((ch) => !taken.has(ch)) ?? [...'0123456789'].find((ch) => !taken.has(ch)) ?? '?';
    taken.add(pick);
    out.set(sub, pick);
  }
  return out;
}

/** Width a stretch needs for its letter, in px. */
export const LETTER_MIN_W = 8;

/** Stretches of neighbouring non-empty buckets whose dominant kinds share a subsystem: [first bucket, last bucket, subsystem]. */
export function subsystemRuns(lane: Pick<TimelineLane, 'buckets'>): [number, number, string][] {
  const out: [number, number, string][] = [];
  lane.buckets.forEach((b, i) => {
    if (b.events === 0 || b.kinds.length === 0) return;
    const sub = subsystemOf(b.kinds[0]![0]);
    const last = out.at(-1);
    if (last && last[1] === i - 1 && last[2] === sub) last[1] = i;
    else out.push([i, i, sub]);
  });
  return out;
}

/** Task lanes shown until "more" is asked: the busiest in the window, in the order they first ran. */
export const TASK_LIMIT = 8;

/** The lanes drawn: every CPU, and the `limit` busiest tasks of the window (all with null); and how many tasks are left out. */
export function visibleLanes(lanes: TimelineLanes, limit: number | null): { shown: TimelineLane[]; hidden: number } {
  const tasks = lanes.lanes.filter((l) => l.by === 'task');
  if (limit === null || tasks.length <= limit) return { shown: lanes.lanes, hidden: 0 };
  const keep = new Set([...tasks].sort((a, b) => b.events - a.events).slice(0, limit));
  return { shown: lanes.lanes.filter((l) => l.by === 'cpu' || keep.has(l)), hidden: tasks.length - limit };
}

/** The rows the lanes take: a header per group present and a row per lane shown. */
export function taskLanesHeight(lanes: TimelineLanes | null, limit: number | null): number {
  if (!lanes || lanes.lanes.length === 0) return 0;
  const { shown } = visibleLanes(lanes, limit);
  const groups = new Set(shown.map((l) => l.by)).size;
  return groups * GROUP_H + shown.length * TASK_LANE_H + 2;
}

interface Props {
  left: number;
  right: number;
  top: number;
  lanes: TimelineLanes;
  limit: number | null;
  onLimit: (limit: number | null) => void;
}

export const TaskLanes = memo(function TaskLanes({ left, right, top, lanes, limit, onLimit }: Props) {
  const { shown, hidden } = visibleLanes(lanes, limit);
  const span = Math.max(1, lanes.to - lanes.from);
  const px = Math.max(1, right - left);
  const x = (e: number) => left + ((e - lanes.from) / span) * px;
  const max = Math.max(1, ...lanes.lanes.flatMap((l) => l.buckets.map((b) => b.events)));
  const runs = new Map(shown.map((l) => [l.id, subsystemRuns(l)]));
  const letters = subsystemLetters([...runs.values()].flatMap((r) => r.map(([, , sub]) => sub)));
  let y = top;
  const rows: ReactElement[] = [];
  let group: string | null = null;
  for (const lane of shown) {
    if (lane.by !== group) {
      group = lane.by;
      rows.push(
        <text key={`g${group}`} x={4} y={y + GROUP_H - 2} className="tl-lane-group">
          {group === 'cpu' ? 'per CPU' : 'per task'}
        </text>,
      );
      if (rows.length === 1 && letters.size > 0)
        rows.push(
          <text key="legend" x={left} y={y + GROUP_H - 2} className="tl-lane-legend" aria-label="Subsystem letters">
            {[...letters].map(([sub, ch], i) => (
              <tspan key={sub}>
                {i > 0 ? ' · ' : ''}
                <tspan className="tl-lane-letter-key" fill={subsystemColor(sub)}>
                  ■ {ch}
                </tspan>{' '}
                {sub}
              </tspan>
            ))}
          </text>,
        );
      if (group === 'task' && (hidden > 0 || limit === null))
        rows.push(
          // the pointer goes to the toggle, not to the scrubber under it
          <text key="more" x={64} y={y + GROUP_H - 2} className="tl-lane-more" role="button" tabIndex={0} onPointerDown={(e) => e.stopPropagation()} onClick={() => onLimit(hidden > 0 ? null : TASK_LIMIT)} onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), e.stopPropagation(), onLimit(hidden > 0 ? null : TASK_LIMIT))}>
            {hidden > 0 ? `+${hidden} more` : 'fewer'}
          </text>,
        );
      y += GROUP_H;
    }
    const ly = y;
    rows.push(
      <g key={lane.id} className="tl-lane tl-task-lane" data-lane={lane.id} data-events={lane.events}>
        <text x={left - 6} y={ly + TASK_LANE_H - 2} textAnchor="end" className="tl-lane-name">
          {lane.label}
        </text>
        <rect x={left} y={ly} width={px} height={TASK_LANE_H - 1} className="tl-lane-band" />
        {lane.buckets.map((b, i) => {
          if (b.events === 0) return null;
          const from = lanes.edges[i]!;
          const to = lanes.edges[i + 1]!;
          const x0 = x(from);
          const w = Math.max(1, x(to) - x0 - (to - from === 1 ? 1 : 0));
          const [kind] = b.kinds[0]!;
          const what = b.kinds.map(([k, n]) => `${n} × ${k}`).join(', ');
          const title = to - from === 1 ? `event ${from}: ${kind} (${lane.label})` : `${lane.label}, events ${from}–${to - 1}: ${b.events} events: ${what}${b.events > b.kinds.reduce((n, [, c]) => n + c, 0) ? ', …' : ''}`;
          return (
            <rect key={from} className="tl-lane-bucket" x={x0} y={ly} width={w} height={TASK_LANE_H - 1} fill={subsystemColor(kind)} fillOpacity={0.3 + (0.7 * b.events) / max} data-from={from} data-to={to} data-kind={kind}>
              <title>{title}</title>
            </rect>
          );
        })}
        {runs.get(lane.id)!.map(([first, last, sub]) => {
          const x0 = x(lanes.edges[first]!);
          const w = x(lanes.edges[last + 1]!) - x0;
          return w >= LETTER_MIN_W ? (
            <text key={`l${first}`} x={x0 + w / 2} y={ly + TASK_LANE_H - 2} textAnchor="middle" className="tl-lane-letter" aria-hidden="true">
              {letters.get(sub)}
            </text>
          ) : null;
        })}
      </g>,
    );
    y += TASK_LANE_H;
  }
  return <g className="tl-task-lanes">{rows}</g>;
});
