import { describe, expect, it } from 'vitest';
import type { LockClassView, LockEdgeView, LockGraphView } from '../../../worker/protocol.ts';
import { buildLockScene } from './lockGraphModel.ts';
import { layoutLockGraph, overlaps, routeBox, type Box } from './lockLayout.ts';

/** A small deterministic generator (no Math.random in tests either). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function cls(idx: number, name: string): LockClassView {
  const hard = (['none', 'safe', 'unsafe', 'both'] as const)[idx % 4]!;
  return { idx, name, key: name, subclass: 0, lockType: idx % 3 === 0 ? 'mutex' : 'spinlock', usage: '+.+.', usageMask: 0, usageStates: [], hardirq: hard, softirq: idx % 5 === 0 ? 'unsafe' : 'none', waitType: '2:2', waitInner: 2, waitOuter: 0, event: idx };
}

/** `n` classes with names of varied length, about 2n dependencies and a few back edges (cycles). */
export function syntheticGraph(n: number, seed = 7): LockGraphView {
  const rnd = lcg(seed);
  const stems = ['&dev->lock', '&mm->mmap_lock', '&sb->s_umount_key#', '&rq->__lock', 'rtnl_mutex', '&port_lock_key', '&tty->ldisc_sem', 'cpu_hotplug_lock', '&(&pool->lock)->rlock', 'fs_reclaim', '&ei->i_data_sem/2', 'kn->active#'];
  const classes = Array.from({ length: n }, (_, i) => cls(i, `${stems[i % stems.length]!}${i}`));
  const edges: LockEdgeView[] = [];
  const seen = new Set<string>();
  const add = (a: number, b: number) => {
    const k = `${a}>${b}`;
    if (a === b || seen.has(k)) return;
    seen.add(k);
    const fn = ['dev_probe', 'do_mmap', 'vfs_write', 'schedule', 'rtnl_lock', 'uart_write', 'n_tty_read'][Math.floor(rnd() * 7)]!;
    edges.push({ from: classes[a]!.name, to: classes[b]!.name, fromIdx: a, toIdx: b, deps: ['EN'], distance: 1, event: 1000 + edges.length, sites: { prev: `${fn}+0x1c/0x80`, next: `${fn}_locked+0x${Math.floor(rnd() * 4096).toString(16)}/0x1f0` }, trace: [] });
  };
  for (let i = 1; i < n; i++) {
    add(Math.floor(rnd() * i), i);
    if (rnd() < 0.9) add(Math.floor(rnd() * i), i);
  }
  for (let k = 0; k < n / 20; k++) add(Math.floor(rnd() * n), Math.floor(rnd() * n));
  return { debugLocks: true, classes, edges, cycle: null, chains: { process: 0, softirq: 0, hardirq: 0 } };
}

describe('layoutLockGraph', () => {
  it('lays out 200 classes without two boxes (classes or edge labels) overlapping', () => {
    const g = syntheticGraph(200);
    expect(g.edges.length).toBeGreaterThan(300);
    const scene = buildLockScene(g, g);
    const layout = layoutLockGraph(scene.nodes, scene.edges);
    const nodeBoxes = scene.nodes.map((n) => layout.nodes.get(n.id)!);
    expect(nodeBoxes.every((b) => b !== undefined)).toBe(true);
    for (let i = 0; i < nodeBoxes.length; i++) {
      for (let j = i + 1; j < nodeBoxes.length; j++) {
        if (overlaps(nodeBoxes[i]!, nodeBoxes[j]!)) expect.fail(`classes ${scene.nodes[i]!.id} and ${scene.nodes[j]!.id} overlap`);
      }
    }
    // edge labels sit in their own boxes: clear of every class and of each other
    const labels: Box[] = scene.edges.map((e) => layout.edges.get(e.id)!.label);
    expect(labels).toHaveLength(scene.edges.length);
    for (let i = 0; i < labels.length; i++) {
      for (const b of nodeBoxes) if (overlaps(labels[i]!, b)) expect.fail(`label of ${scene.edges[i]!.id} overlaps a class`);
      for (let j = i + 1; j < labels.length; j++) if (overlaps(labels[i]!, labels[j]!)) expect.fail(`labels of ${scene.edges[i]!.id} and ${scene.edges[j]!.id} overlap`);
    }
    // everything inside the reported size
    for (const b of [...nodeBoxes, ...[...layout.edges.values()].map(routeBox)]) {
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.y).toBeGreaterThanOrEqual(0);
      expect(b.x + b.width).toBeLessThanOrEqual(layout.width);
      expect(b.y + b.height).toBeLessThanOrEqual(layout.height);
    }
  });

  it('the overlap check can fail: two boxes that share area overlap, touching ones do not', () => {
    expect(overlaps({ x: 0, y: 0, width: 10, height: 10 }, { x: 9, y: 9, width: 10, height: 10 })).toBe(true);
    expect(overlaps({ x: 0, y: 0, width: 10, height: 10 }, { x: 10, y: 0, width: 10, height: 10 })).toBe(false);
  });

  it('orders dependencies left to right and routes both edges of an ABBA cycle', () => {
    const a = cls(0, '&dev->lock');
    const b = cls(1, '&dev->queue_lock');
    const dep: LockEdgeView = { from: a.name, to: b.name, fromIdx: 0, toIdx: 1, deps: ['EN'], distance: 1, event: 14, sites: { prev: 'dev_reset_work+0x2a/0x90', next: 'dev_flush_queue+0x1c/0x80' }, trace: [] };
    const g: LockGraphView = { debugLocks: false, classes: [a, b], edges: [dep], cycle: { classes: [b.name, a.name], classIdx: [1, 0], event: 21 }, chains: { process: 0, softirq: 0, hardirq: 0 } };
    const scene = buildLockScene(g, g);
    const layout = layoutLockGraph(scene.nodes, scene.edges);
    const ba = layout.nodes.get(a.name)!;
    const bb = layout.nodes.get(b.name)!;
    expect(ba.x + ba.width).toBeLessThan(bb.x);
    expect(layout.edges.size).toBe(2);
    for (const r of layout.edges.values()) expect(r.points.length).toBeGreaterThanOrEqual(2);
  });
});
