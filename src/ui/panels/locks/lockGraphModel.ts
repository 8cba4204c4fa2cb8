// What the Locks view draws, from lockdep's graph at the cursor and the run's final graph:
// nodes and edges with their sizes (laid out once per run, so nothing moves while scrubbing),
// what exists at the cursor, the cycle of the circular report and the CPU0/CPU1 scenario.
import type { IrqSafety, LockClassView, LockEdgeView, LockGraphView } from '../../../worker/protocol.ts';

export type IrqKind = 'HARDIRQ' | 'SOFTIRQ';

export interface IrqBadge {
  irq: IrqKind;
  safety: Exclude<IrqSafety, 'none'>;
  /** "HARDIRQ-safe", "SOFTIRQ-unsafe", "HARDIRQ-safe+unsafe". */
  text: string;
}

export interface LockNode {
  /** The class name as lockdep prints it ("&dev->lock", "name#2", "lock/1"): unique per class. */
  id: string;
  /** The class at the cursor, or as the run leaves it when it is not registered yet. */
  cls: LockClassView;
  /** Registered at the cursor. */
  present: boolean;
  /** Place in the cycle of the report at the cursor (0 = the held lock), else -1. */
  cycleIndex: number;
  badges: IrqBadge[];
  /** "mutex {+.+.}-{3:3}". */
  sub: string;
  /** Hover text: the usage string spelt out. */
  title: string;
  width: number;
  height: number;
}

export type CpuTag = 'CPU0' | 'CPU1';

export interface LockEdge {
  /** "from→to". */
  id: string;
  from: string;
  to: string;
  /** The recorded dependency; null for the one lockdep refused because it closes the cycle. */
  dep: LockEdgeView | null;
  present: boolean;
  /** Event that created the dependency (or, for the refused one, the report). */
  event: number;
  /** Where it was first taken: the call site of the second lock. */
  label: string;
  inCycle: boolean;
  /** held -> new of the circular report: the dependency that would close the cycle. */
  closing: boolean;
  /** Which CPU of lockdep's "Possible unsafe locking scenario" takes the locks in this order. */
  cpu: CpuTag | null;
  /** The first lock is irq-safe and the second irq-unsafe at the cursor: an irq inversion. */
  inversion: IrqKind[];
  title: string;
  labelWidth: number;
  labelHeight: number;
}

/** One line of lockdep's CPU0/CPU1 table. */
export interface ScenarioRow {
  cpu: CpuTag;
  text: string;
}

/** lockdep's "Possible unsafe locking scenario", from the graph at the cursor. */
export interface LockScenario {
  title: string;
  rows: ScenarioRow[];
}

export interface LockScene {
  nodes: LockNode[];
  edges: LockEdge[];
  /** The cycle of the circular report at the cursor: held lock first. */
  cycle: { classes: string[]; event: number } | null;
  scenario: LockScenario | null;
  /** debug_locks at the cursor: false once lockdep has reported and turned itself off. */
  debugLocks: boolean;
  /** Classes and dependencies at the cursor. */
  classes: number;
  dependencies: number;
  /** Classes drawn on one line (large graphs). */
  compact: boolean;
  /** Structure and sizes: the layout only changes with it. */
  key: string;
}

// Sizes for the layout: labels are monospace, so widths follow from their length.
export const MONO_ADVANCE = 0.62;
export const NAME_PX = 12;
export const SUB_PX = 10;
export const BADGE_PX = 9;
export const LABEL_PX = 10;
const PAD_X = 8;
const NAME_H = 17;
const SUB_H = 14;
const BADGE_H = 15;
const PAD_Y = 6;
const BADGE_GAP = 4;
const LABEL_LINE_H = 13;
/** From this many classes on, a class is one line (name, H and S chips): a few hundred must fit. */
export const COMPACT_FROM = 60;
export const COMPACT_H = 25;
/** The H/S chips of a compact class. */
export const CHIP_W = 14;
export const CHIPS_W = 2 * CHIP_W + 4;

export function textWidth(text: string, px: number): number {
  return Math.ceil(text.length * px * MONO_ADVANCE);
}

export function badgeWidth(text: string): number {
  return textWidth(text, BADGE_PX) + 8;
}

const SAFETY_TEXT: Readonly<Record<Exclude<IrqSafety, 'none'>, string>> = { safe: 'safe', unsafe: 'unsafe', both: 'safe+unsafe' };

export function irqBadges(c: Pick<LockClassView, 'hardirq' | 'softirq'>): IrqBadge[] {
  const out: IrqBadge[] = [];
  for (const [irq, safety] of [['HARDIRQ', c.hardirq], ['SOFTIRQ', c.softirq]] as const) {
    if (safety !== 'none') out.push({ irq, safety, text: `${irq}-${SAFETY_TEXT[safety]}` });
  }
  return out;
}

const SAFETY_MEANING: Readonly<Record<IrqSafety, string>> = {
  none: 'not used in it, never taken with it enabled',
  safe: 'safe: taken in that context',
  unsafe: 'unsafe: taken with it enabled',
  both: 'safe and unsafe: taken in it and with it enabled (inconsistent)',
};

function classTitle(c: LockClassView, present: boolean): string {
  return [
    `${c.name}{${c.usage}}-{${c.waitType}} · ${c.lockType}`,
    `usage: ${c.usageStates.length > 0 ? c.usageStates.join(', ') : 'none yet'}`,
    `hardirq: ${SAFETY_MEANING[c.hardirq]}`,
    `softirq: ${SAFETY_MEANING[c.softirq]}`,
    present ? `registered at event ${c.event}` : `registered later, at event ${c.event}`,
  ].join('\n');
}

function nodeSize(c: LockClassView, compact: boolean): { width: number; height: number } {
  if (compact) return { width: textWidth(c.name, NAME_PX) + 2 * PAD_X + CHIPS_W + 4, height: COMPACT_H };
  const badges = irqBadges(c);
  const badgeRow = badges.reduce((w, b, i) => w + badgeWidth(b.text) + (i > 0 ? BADGE_GAP : 0), 0);
  const width = Math.max(textWidth(c.name, NAME_PX), textWidth(classSub(c), SUB_PX), badgeRow, 90) + 2 * PAD_X;
  return { width, height: PAD_Y * 2 + NAME_H + SUB_H + (badges.length > 0 ? BADGE_H : 0) };
}

export function classSub(c: LockClassView): string {
  return `${c.lockType} {${c.usage}}-{${c.waitType}}`;
}

export function edgeId(from: string, to: string): string {
  return `${from}\u2192${to}`;
}

/** Edges of a cycle [held, new, ..., last]: held->new closes it, then new->...->held exist. */
function cycleEdges(classes: readonly string[]): { id: string; from: string; to: string; cpu: CpuTag | null; closing: boolean }[] {
  const n = classes.length;
  if (n < 2) return [];
  return classes.map((from, i) => {
    const to = classes[(i + 1) % n]!;
    // lockdep's scenario: CPU0 holds the held lock and takes the new one; CPU1 holds the
    // lock before held in the chain (the "parent") and takes the held one
    const cpu: CpuTag | null = i === 0 ? 'CPU0' : i === n - 1 ? 'CPU1' : null;
    return { id: edgeId(from, to), from, to, cpu, closing: i === 0 };
  });
}

/** lockdep's print_circular_lock_scenario(): target = held, source = new, parent = the lock before held. */
export function scenarioRows(classes: readonly string[]): ScenarioRow[] {
  if (classes.length < 2) return [];
  const target = classes[0]!;
  const source = classes[1]!;
  const parent = classes[classes.length - 1]!;
  return [
    { cpu: 'CPU0', text: `lock(${target});` },
    { cpu: 'CPU1', text: `lock(${parent});` },
    { cpu: 'CPU1', text: `lock(${target});` },
    { cpu: 'CPU0', text: `lock(${source});` },
  ];
}

/** lockdep's print_irq_lock_scenario(): `safe` is irq-safe and depends on the irq-unsafe `unsafe`. */
export function irqScenarioRows(safe: string, unsafe: string): ScenarioRow[] {
  return [
    { cpu: 'CPU0', text: `lock(${unsafe});` },
    { cpu: 'CPU1', text: 'local_irq_disable();' },
    { cpu: 'CPU1', text: `lock(${safe});` },
    { cpu: 'CPU1', text: `lock(${unsafe});` },
    { cpu: 'CPU0', text: '<Interrupt>' },
    { cpu: 'CPU0', text: `  lock(${safe});` },
  ];
}

function isSafe(s: IrqSafety): boolean {
  return s === 'safe' || s === 'both';
}

function isUnsafe(s: IrqSafety): boolean {
  return s === 'unsafe' || s === 'both';
}

function labelLines(label: string, cpu: CpuTag | null): string[] {
  return cpu ? [cpu, label] : [label];
}

/**
 * `final` is the graph at the end of the run (for the layout and what comes later),
 * `now` the graph at the cursor (null until the worker has answered).
 */
export function buildLockScene(final: LockGraphView | null, now: LockGraphView | null): LockScene {
  const finalClasses = new Map((final?.classes ?? []).map((c) => [c.name, c]));
  const nowClasses = new Map((now?.classes ?? []).map((c) => [c.name, c]));
  const names: string[] = [];
  const seen = new Set<string>();
  // final order (idx), then anything only the cursor has
  for (const c of [...(final?.classes ?? []), ...(now?.classes ?? [])]) {
    if (!seen.has(c.name)) {
      seen.add(c.name);
      names.push(c.name);
    }
  }
  const compact = names.length >= COMPACT_FROM;
  const cycleNow = now?.cycle && now.cycle.classes.length >= 2 ? now.cycle : null;
  const cycleIndex = new Map((cycleNow?.classes ?? []).map((n, i) => [n, i]));

  const nodes: LockNode[] = names.map((name) => {
    const cur = nowClasses.get(name);
    const fin = finalClasses.get(name);
    const cls = (cur ?? fin)!;
    // usage only grows: the final class is the larger one, but take the larger of both to be sure
    const a = fin ? nodeSize(fin, compact) : { width: 0, height: 0 };
    const b = cur ? nodeSize(cur, compact) : { width: 0, height: 0 };
    return {
      id: name,
      cls,
      present: cur !== undefined,
      cycleIndex: cycleIndex.get(name) ?? -1,
      badges: irqBadges(cls),
      sub: classSub(cls),
      title: classTitle(cls, cur !== undefined),
      width: Math.max(a.width, b.width),
      height: Math.max(a.height, b.height),
    };
  });
  const byId = new Map(nodes.map((n) => [n.id, n]));

  const finalDeps = new Map((final?.edges ?? []).map((e) => [edgeId(e.from, e.to), e]));
  const nowDeps = new Map((now?.edges ?? []).map((e) => [edgeId(e.from, e.to), e]));
  const finalCycle = final?.cycle && final.cycle.classes.length >= 2 ? cycleEdges(final.cycle.classes) : [];
  const nowCycle = cycleNow ? cycleEdges(cycleNow.classes) : [];
  const nowCycleIds = new Map(nowCycle.map((e) => [e.id, e]));
  const cpuSized = new Map<string, CpuTag>();
  for (const e of [...finalCycle, ...nowCycle]) if (e.cpu) cpuSized.set(e.id, e.cpu);

  const edges: LockEdge[] = [];
  const edgeSeen = new Set<string>();
  const add = (id: string, from: string, to: string, dep: LockEdgeView | null, closingEvent: number | null) => {
    const fn = byId.get(from);
    const tn = byId.get(to);
    if (edgeSeen.has(id) || !fn || !tn) return;
    edgeSeen.add(id);
    const inNow = nowCycleIds.get(id);
    const closing = dep === null;
    const present = closing ? inNow !== undefined : nowDeps.has(id);
    const event = dep ? dep.event : closingEvent ?? -1;
    const label = dep ? dep.sites.next : `refused: closes the cycle · ev ${event}`;
    const f = fn.cls;
    const t = tn.cls;
    const inversion: IrqKind[] = [];
    if (present && nowClasses.has(from) && nowClasses.has(to)) {
      if (isSafe(f.hardirq) && isUnsafe(t.hardirq)) inversion.push('HARDIRQ');
      if (isSafe(f.softirq) && isUnsafe(t.softirq)) inversion.push('SOFTIRQ');
    }
    const lines = labelLines(label, cpuSized.get(id) ?? null);
    const title = dep
      ? [
          `${from} → ${to}  (${dep.deps.join(' ')}${dep.distance > 1 ? `, distance ${dep.distance}` : ''})`,
          `${from} taken at ${dep.sites.prev}`,
          `${to} taken at ${dep.sites.next}`,
          present ? `recorded at event ${dep.event}: click to go there` : `recorded later, at event ${dep.event}: click to go there`,
          ...(dep.trace.length > 0 ? ['', ...dep.trace] : []),
        ].join('\n')
      : [`${from} → ${to}`, 'the new dependency lockdep refused: it closes the cycle', `reported at event ${event}: click to go there`].join('\n');
    edges.push({
      id,
      from,
      to,
      dep,
      present,
      event,
      label,
      inCycle: inNow !== undefined,
      closing,
      cpu: inNow?.cpu ?? null,
      inversion,
      title,
      labelWidth: Math.max(...lines.map((l) => textWidth(l, LABEL_PX))) + 8,
      labelHeight: lines.length * LABEL_LINE_H + 4,
    });
  };
  for (const e of final?.edges ?? []) add(edgeId(e.from, e.to), e.from, e.to, nowDeps.get(edgeId(e.from, e.to)) ?? e, null);
  for (const e of now?.edges ?? []) add(edgeId(e.from, e.to), e.from, e.to, e, null);
  // the refused held -> new edge, unless lockdep did record that order (it never does in a cycle report)
  const closers = [...finalCycle.filter((e) => e.closing).map((e) => ({ e, ev: final!.cycle!.event })), ...nowCycle.filter((e) => e.closing).map((e) => ({ e, ev: cycleNow!.event }))];
  for (const { e, ev } of closers) if (!finalDeps.has(e.id) && !nowDeps.has(e.id)) add(e.id, e.from, e.to, null, ev);

  let scenario: LockScenario | null = null;
  if (cycleNow) scenario = { title: 'Possible unsafe locking scenario', rows: scenarioRows(cycleNow.classes) };
  else {
    const inv = edges.find((e) => e.inversion.length > 0);
    if (inv) scenario = { title: `Possible interrupt unsafe locking scenario (${inv.inversion[0]!})`, rows: irqScenarioRows(inv.from, inv.to) };
  }

  const key = JSON.stringify([nodes.map((n) => [n.id, n.width, n.height]), edges.map((e) => [e.from, e.to, e.labelWidth, e.labelHeight])]);
  return {
    nodes,
    edges,
    cycle: cycleNow ? { classes: cycleNow.classes.slice(), event: cycleNow.event } : null,
    scenario,
    compact,
    debugLocks: now?.debugLocks ?? final?.debugLocks ?? true,
    classes: now?.classes.length ?? 0,
    dependencies: now?.edges.length ?? 0,
    key,
  };
}
