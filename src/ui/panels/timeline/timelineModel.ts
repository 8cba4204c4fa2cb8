// What the scrubber draws, computed from the worker's buckets: event density over
// simulated time, dmesg activity, and where labels fit.
import type { TimelineBucket } from '../../../worker/protocol.ts';
import { byCodeUnits } from '../../byCodeUnits.ts';

export interface DensityBar {
  from: number;
  to: number;
  /** 0..1, log-scaled events per simulated microsecond. */
  height: number;
  /** 0..1, dmesg lines relative to the busiest bucket. */
  lines: number;
  findings: number;
  /** text_poke() writes and, of them, stray writes in the bucket (raw counts). */
  pokes: number;
  strayWrites: number;
}

export function densityBars(buckets: readonly TimelineBucket[]): DensityBar[] {
  const rates = buckets.map((b, i) => {
    const next = buckets[i + 1];
    const span = (next ? next.startNs : b.endNs) - b.startNs;
    // a bucket whose events all happen at one instant is as dense as it gets
    return b.events === 0 ? 0 : span <= 0 ? Infinity : (b.events * 1000) / span;
  });
  const finite = rates.filter((r) => Number.isFinite(r) && r > 0);
  const lo = finite.length > 0 ? Math.min(...finite) : 1;
  const hi = finite.length > 0 ? Math.max(...finite) : 1;
  const maxLines = Math.max(1, ...buckets.map((b) => b.lines));
  const logSpan = Math.log(hi / lo) || 1;
  return buckets.map((b, i) => {
    const r = rates[i]!;
    let h = 0;
    if (r === Infinity) h = 1;
    else if (r > 0) h = hi === lo ? 0.6 : 0.15 + (0.85 * Math.log(r / lo)) / logSpan;
    return { from: b.from, to: b.to, height: h, lines: b.lines / maxLines, findings: b.findings, pokes: b.pokes, strayWrites: b.strayWrites };
  });
}

export interface Placed<T> {
  item: T;
  x: number;
  /** False when it would overlap the previous label: draw the tick only. */
  labelled: boolean;
}

/** Greedy left-to-right placement of labels of about `charW` px per character. */
export function placeLabels<T>(items: readonly T[], x: (t: T) => number, text: (t: T) => string, charW = 6, gap = 6): Placed<T>[] {
  let end = -Infinity;
  return [...items]
    .sort((a, b) => x(a) - x(b))
    .map((item) => {
      const px = x(item);
      const labelled = px >= end + gap;
      if (labelled) end = px + text(item).length * charW;
      return { item, x: px, labelled };
    });
}

// ---- zoom window ------------------------------------------------------------

/** The events [from, to) the timeline shows; the whole run unless zoomed. */
export interface TimelineWindow {
  from: number;
  to: number;
}

/** The narrowest window: a few events still fill the width. */
export const MIN_WINDOW = 16;

export function clampWindow(w: TimelineWindow, total: number): TimelineWindow {
  const t = Math.max(1, total);
  const span = Math.max(Math.min(MIN_WINDOW, t), Math.min(t, w.to - w.from));
  const from = Math.max(0, Math.min(w.from, t - span));
  return { from: Math.round(from), to: Math.round(from + span) };
}

/** Zooms by `factor` (< 1 in, > 1 out) keeping event `anchor` where it is on screen. */
export function zoomWindow(w: TimelineWindow, total: number, anchor: number, factor: number): TimelineWindow {
  const span = w.to - w.from;
  const next = span * factor;
  const f = span > 0 ? (anchor - w.from) / span : 0.5;
  return clampWindow({ from: anchor - f * next, to: anchor - f * next + next }, total);
}

export function panWindow(w: TimelineWindow, total: number, delta: number): TimelineWindow {
  return clampWindow({ from: w.from + delta, to: w.to + delta }, total);
}

export function isWholeRun(w: TimelineWindow, total: number): boolean {
  return w.from <= 0 && w.to >= total;
}

/** A window around events [from, to) with a margin each side (what "zoom to suspend" shows). */
export function windowAround(from: number, to: number, total: number, margin = 0.08): TimelineWindow {
  const span = Math.max(MIN_WINDOW, to - from);
  return clampWindow({ from: from - span * margin, to: to + span * margin }, total);
}

// ---- suspend lanes ----------------------------------------------------------

export interface PhaseLike {
  cycle: number;
  phase: string;
  from: number;
  to: number;
}

/** What each phase of kernel/power/main.c is called on its lane. */
const PHASE_LABELS: Readonly<Record<string, string>> = {
  sync: 'sync',
  freeze: 'freeze tasks',
  suspend_console: 'suspend console',
  suspend_devices: 'devices suspend',
  platform_prepare: 'platform prepare',
  disable_cpus: 'disable non-boot CPUs',
  sleep: 'sleep',
  enable_cpus: 'enable non-boot CPUs',
  platform_finish: 'platform finish',
  resume_devices: 'devices resume',
  resume_console: 'resume console',
  thaw: 'thaw tasks',
};

export function phaseLabel(phase: string): string {
  return PHASE_LABELS[phase] ?? phase.replace(/_/g, ' ');
}

/**
 * Lanes that hold more than one phase: the console and platform hooks are instants around the
 * device and CPU phases, and a lane each would double the lanes for four one-event marks.
 */
const LANE_OF: Readonly<Record<string, string>> = {
  suspend_console: 'console_platform',
  platform_prepare: 'console_platform',
  platform_finish: 'console_platform',
  resume_console: 'console_platform',
};
const LANE_LABELS: Readonly<Record<string, string>> = { console_platform: 'console, platform' };

export interface Lane<P extends PhaseLike> {
  phase: string;
  label: string;
  ranges: P[];
}

/** One lane per phase (console and platform hooks share one), in the order the run first enters them (the kernel's order). */
export function phaseLanes<P extends PhaseLike>(phases: readonly P[]): Lane<P>[] {
  const lanes = new Map<string, Lane<P>>();
  for (const p of phases) {
    const id = LANE_OF[p.phase] ?? p.phase;
    let l = lanes.get(id);
    if (!l) {
      l = { phase: id, label: LANE_LABELS[id] ?? phaseLabel(p.phase), ranges: [] };
      lanes.set(id, l);
    }
    l.ranges.push(p);
  }
  return [...lanes.values()];
}

// ---- findings, aggregated ---------------------------------------------------

export interface FindingColumn<F> {
  /** Left edge of the column, px. */
  x: number;
  /** The first finding in it (what a column of one is named by). */
  first: F;
  /** First and last finding event in it. */
  from: number;
  to: number;
  /** Kinds with their counts, rarest first: the rarest is what the column is drawn as. */
  kinds: [string, number][];
  total: number;
}

/**
 * Findings in columns of `colPx` pixels: one marker per column, not one per finding, so thousands
 * of stray writes cost a few dozen nodes. `findings` in event order; those outside events [from, to] are left out.
 */
export function findingColumns<F extends { kind: string; event: number }>(findings: readonly F[], x: (e: number) => number, from: number, to: number, colPx = 5): FindingColumn<F>[] {
  const cols = new Map<number, { first: F; from: number; to: number; kinds: Map<string, number>; total: number }>();
  for (const f of findings) {
    if (f.event < from || f.event > to) continue;
    const px = x(f.event);
    const c = Math.floor(px / colPx);
    let col = cols.get(c);
    if (!col) {
      col = { first: f, from: f.event, to: f.event, kinds: new Map(), total: 0 };
      cols.set(c, col);
    }
    col.to = f.event;
    col.total++;
    col.kinds.set(f.kind, (col.kinds.get(f.kind) ?? 0) + 1);
  }
  return [...cols]
    .sort((a, b) => a[0] - b[0])
    .map(([, c]) => ({ x: x(c.from), first: c.first, from: c.from, to: c.to, total: c.total, kinds: [...c.kinds].sort((a, b) => a[1] - b[1] || byCodeUnits(a[0], b[0])) }));
}
