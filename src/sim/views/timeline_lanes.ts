// The timeline's lanes per CPU and per task: a window of the run cut into the same equal slices
// as the scrubber's buckets, with each lane's event count per slice and the kinds that dominate
// it. Aggregated here so the UI draws one rect per slice per lane, however many events there are.
import type { EventLog } from '../engine/events.ts';

export interface LaneBucket {
  /** Events of the lane in the slice. */
  events: number;
  /** The slice's most frequent kinds in the lane, most first (at most three), with their counts. */
  kinds: [string, number][];
}

export interface TimelineLane {
  /** `cpu:0` or `task:kworker/0:1`. */
  id: string;
  by: 'cpu' | 'task';
  label: string;
  /** Events of the lane in the whole window. */
  events: number;
  buckets: LaneBucket[];
}

export interface TimelineLanes {
  from: number;
  to: number;
  /** Slice b covers [edges[b], edges[b + 1]). */
  edges: number[];
  lanes: TimelineLane[];
}

const TOP_KINDS = 3;

/**
 * Events [from, to) of `total` in `buckets` equal slices (as timelineBuckets cuts them), counted
 * per CPU and per task with the dominant kinds; CPUs in number order, tasks by first appearance.
 */
export function timelineLanes(log: EventLog, total: number, buckets: number, from = 0, to = total): TimelineLanes {
  const lo = Math.max(0, Math.min(Math.floor(from), total, log.length));
  const hi = Math.max(lo, Math.min(Math.ceil(to), total, log.length));
  const span = hi - lo;
  const n = Math.max(1, Math.min(Math.floor(buckets), Math.max(1, span)));
  const edges: number[] = [];
  for (let b = 0; b <= n; b++) edges.push(lo + Math.floor((b * span) / n));
  // per lane, per slice: kind number -> count (lanes found by CPU and task number, no strings per event)
  interface Acc {
    id: string;
    by: 'cpu' | 'task';
    label: string;
    first: number;
    slices: (Map<number, number> | undefined)[];
  }
  const cpus: (Acc | undefined)[] = [];
  const tasks: (Acc | undefined)[] = [];
  const count = (l: Acc, b: number, k: number) => {
    let m = l.slices[b];
    if (!m) l.slices[b] = m = new Map();
    m.set(k, (m.get(k) ?? 0) + 1);
  };
  for (let b = 0; b < n; b++) {
    for (let i = edges[b]!; i < edges[b + 1]!; i++) {
      const k = log.kindAt(i);
      const cpu = log.cpuAt(i);
      const task = log.taskIdAt(i);
      const c = (cpus[cpu] ??= { id: `cpu:${cpu}`, by: 'cpu', label: `CPU ${cpu}`, first: i, slices: new Array<Map<number, number> | undefined>(n) });
      const t = (tasks[task] ??= { id: `task:${log.taskName(task)}`, by: 'task', label: log.taskName(task), first: i, slices: new Array<Map<number, number> | undefined>(n) });
      count(c, b, k);
      count(t, b, k);
    }
  }
  const counts = [...cpus, ...tasks].filter((l): l is Acc => l !== undefined).map((l) => [l.id, l] as const);
  const lanes: TimelineLane[] = [...counts]
    .map(([id, l]) => {
      let events = 0;
      const bs = Array.from(l.slices, (m): LaneBucket => {
        if (!m) return { events: 0, kinds: [] };
        let sum = 0;
        for (const c of m.values()) sum += c;
        events += sum;
        const kinds = [...m]
          .sort((x, y) => y[1] - x[1] || x[0] - y[0])
          .slice(0, TOP_KINDS)
          .map(([k, c]): [string, number] => [log.kindName(k), c]);
        return { events: sum, kinds };
      });
      return { id, by: l.by, label: l.label, events, buckets: bs, first: l.first };
    })
    .sort((x, y) => (x.by === y.by ? (x.by === 'cpu' ? Number(x.id.slice(4)) - Number(y.id.slice(4)) : x.first - y.first) : x.by === 'cpu' ? -1 : 1))
    .map(({ first: _first, ...l }) => l);
  return { from: lo, to: hi, edges, lanes };
}
