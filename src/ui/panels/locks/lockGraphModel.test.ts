import { describe, expect, it } from 'vitest';
import type { LockClassView, LockEdgeView, LockGraphView } from '../../../worker/protocol.ts';
import { graphBefore } from '../../fakeEngine.ts';
import { buildLockScene, COMPACT_FROM, irqBadges, irqScenarioRows, scenarioRows } from './lockGraphModel.ts';

function cls(idx: number, name: string, o: Partial<LockClassView> = {}): LockClassView {
  return { idx, name, key: name, subclass: 0, lockType: 'mutex', usage: '+.+.', usageMask: 324, usageStates: ['HARDIRQ-ON-W', 'SOFTIRQ-ON-W', 'INITIAL USE'], hardirq: 'unsafe', softirq: 'unsafe', waitType: '3:3', waitInner: 3, waitOuter: 0, event: idx + 13, ...o };
}

function dep(from: LockClassView, to: LockClassView, event: number, next: string): LockEdgeView {
  return { from: from.name, to: to.name, fromIdx: from.idx, toIdx: to.idx, deps: ['EN'], distance: 1, event, sites: { prev: 'dev_reset_work+0x2a/0x90', next }, trace: ['__mutex_lock+0x26/0x1c0', next] };
}

const A = cls(0, '&dev->lock');
const B = cls(1, '&dev->queue_lock');

/** lockdep-abba at its end: one recorded edge A -> B, and the refused B -> A of the report. */
const ABBA: LockGraphView = {
  debugLocks: false,
  classes: [A, B],
  edges: [dep(A, B, 14, 'dev_flush_queue+0x1c/0x80')],
  cycle: { classes: [B.name, A.name], classIdx: [1, 0], event: 21 },
  chains: { process: 4, softirq: 0, hardirq: 0 },
};

describe('buildLockScene: a circular report', () => {
  it('draws both edges of the cycle, marks them and their classes, and tags the CPU0/CPU1 order', () => {
    const s = buildLockScene(ABBA, ABBA);
    expect(s.nodes.map((n) => n.id)).toEqual(['&dev->lock', '&dev->queue_lock']);
    expect(s.nodes.every((n) => n.cycleIndex >= 0 && n.present)).toBe(true);
    expect(s.edges).toHaveLength(2);
    const ab = s.edges.find((e) => e.from === A.name)!;
    const ba = s.edges.find((e) => e.from === B.name)!;
    // the recorded dependency: labelled with where the second lock was taken, its event to go to
    expect(ab).toMatchObject({ to: B.name, label: 'dev_flush_queue+0x1c/0x80', event: 14, inCycle: true, closing: false, present: true, cpu: 'CPU1' });
    // the one lockdep refused: it only exists in the report
    expect(ba).toMatchObject({ to: A.name, dep: null, event: 21, inCycle: true, closing: true, present: true, cpu: 'CPU0' });
    expect(s.cycle).toEqual({ classes: [B.name, A.name], event: 21 });
    expect(s.scenario?.rows).toEqual(scenarioRows([B.name, A.name]));
    expect(s.classes).toBe(2);
    expect(s.dependencies).toBe(1);
    expect(s.debugLocks).toBe(false);
  });

  it('follows lockdep: CPU0 holds the held lock and takes the new one, CPU1 the other way round', () => {
    // the dmesg of lockdep-abba: CPU0 lock(&dev->queue_lock); CPU1 lock(&dev->lock); lock(&dev->queue_lock); CPU0 lock(&dev->lock);
    expect(scenarioRows([B.name, A.name])).toEqual([
      { cpu: 'CPU0', text: 'lock(&dev->queue_lock);' },
      { cpu: 'CPU1', text: 'lock(&dev->lock);' },
      { cpu: 'CPU1', text: 'lock(&dev->queue_lock);' },
      { cpu: 'CPU0', text: 'lock(&dev->lock);' },
    ]);
    // a longer cycle: the parent is the last class before the held one
    expect(scenarioRows(['h', 'n', 'm', 'p'])[1]).toEqual({ cpu: 'CPU1', text: 'lock(p);' });
  });

  it('before the report nothing is in a cycle, and what comes later is there but not present', () => {
    const at15 = graphBefore(ABBA, 15);
    expect(at15.cycle).toBeNull();
    const s = buildLockScene(ABBA, at15);
    expect(s.edges).toHaveLength(2);
    expect(s.edges.every((e) => !e.inCycle && e.cpu === null)).toBe(true);
    expect(s.edges.find((e) => e.closing)!.present).toBe(false);
    expect(s.edges.find((e) => !e.closing)!.present).toBe(true);
    expect(s.scenario).toBeNull();

    const at14 = buildLockScene(ABBA, graphBefore(ABBA, 14));
    expect(at14.nodes.map((n) => n.present)).toEqual([true, false]);
    expect(at14.edges.every((e) => !e.present)).toBe(true);
  });

  it('keeps sizes, and so the layout key, the same while scrubbing', () => {
    const keys = new Set([0, 14, 15, 21, 22, 40].map((n) => buildLockScene(ABBA, graphBefore(ABBA, n)).key));
    expect(keys.size).toBe(1);
    expect(buildLockScene(ABBA, null).key).toBe(buildLockScene(ABBA, ABBA).key);
  });
});

describe('buildLockScene: irq safety', () => {
  const port = cls(0, '&port->lock', { lockType: 'spinlock', usage: '-...', usageStates: ['IN-HARDIRQ-W', 'INITIAL USE'], hardirq: 'safe', softirq: 'none' });
  const buf = cls(1, '&tty->buf_lock', { lockType: 'spinlock' });
  const g: LockGraphView = { debugLocks: false, classes: [port, buf], edges: [dep(port, buf, 15, 'tty_insert_flip_string_fixed_flag+0x3d/0xe0')], cycle: null, chains: { process: 3, softirq: 0, hardirq: 0 } };

  it('badges each class HARDIRQ/SOFTIRQ safe, unsafe or both, and nothing for none', () => {
    const s = buildLockScene(g, g);
    expect(s.nodes[0]!.badges.map((b) => b.text)).toEqual(['HARDIRQ-safe']);
    expect(s.nodes[1]!.badges.map((b) => b.text)).toEqual(['HARDIRQ-unsafe', 'SOFTIRQ-unsafe']);
    expect(irqBadges({ hardirq: 'both', softirq: 'safe' }).map((b) => [b.irq, b.safety, b.text])).toEqual([
      ['HARDIRQ', 'both', 'HARDIRQ-safe+unsafe'],
      ['SOFTIRQ', 'safe', 'SOFTIRQ-safe'],
    ]);
    expect(s.nodes[0]!.title).toContain('&port->lock{-...}-{3:3}');
    expect(s.nodes[0]!.title).toContain('IN-HARDIRQ-W');
  });

  it('marks an irq-safe -> irq-unsafe dependency and gives lockdep\'s interrupt scenario', () => {
    const s = buildLockScene(g, g);
    expect(s.edges[0]!.inversion).toEqual(['HARDIRQ']);
    expect(s.edges[0]!.label).toBe('tty_insert_flip_string_fixed_flag+0x3d/0xe0');
    expect(s.cycle).toBeNull();
    expect(s.scenario?.rows).toEqual(irqScenarioRows('&port->lock', '&tty->buf_lock'));
    expect(s.scenario?.rows.map((r) => r.text)).toContain('<Interrupt>');
    // before the handler ran, &port->lock was not irq-safe: no inversion yet
    const earlier: LockGraphView = { ...g, classes: [{ ...port, usage: '....', hardirq: 'none' }, buf] };
    expect(buildLockScene(g, earlier).edges[0]!.inversion).toEqual([]);
  });
});

describe('buildLockScene: size', () => {
  it('draws large graphs with one-line classes, small ones with badges', () => {
    const many = Array.from({ length: COMPACT_FROM }, (_, i) => cls(i, `c${i}`));
    const big = buildLockScene({ ...ABBA, classes: many, edges: [], cycle: null }, null);
    expect(big.compact).toBe(true);
    expect(new Set(big.nodes.map((n) => n.height)).size).toBe(1);
    expect(buildLockScene(ABBA, ABBA).compact).toBe(false);
  });

  it('has nothing to draw for a run without lock classes', () => {
    const s = buildLockScene({ ...ABBA, classes: [], edges: [], cycle: null, debugLocks: true }, null);
    expect(s.nodes).toEqual([]);
    expect(s.edges).toEqual([]);
  });
});
