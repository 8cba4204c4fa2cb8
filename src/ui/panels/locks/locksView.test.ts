import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KernscopeCore } from '../../../worker/core.ts';
import { ask, type LockGraphView, type TaskView } from '../../../worker/protocol.ts';
import { inProcessEngine } from '../../engine.ts';
import { fakeText } from '../../fakeEngine.ts';
import { controllerOn, fakeSetup, settle } from '../../testing.ts';
import { buildLockScene } from './lockGraphModel.ts';

const GRAPH: LockGraphView = {
  debugLocks: true,
  classes: [
    { idx: 0, name: 'a', key: 'a', subclass: 0, lockType: 'spinlock', usage: '+.+.', usageMask: 0, usageStates: [], hardirq: 'unsafe', softirq: 'unsafe', waitType: '2:2', waitInner: 2, waitOuter: 0, event: 3 },
    { idx: 1, name: 'b', key: 'b', subclass: 0, lockType: 'spinlock', usage: '+.+.', usageMask: 0, usageStates: [], hardirq: 'unsafe', softirq: 'unsafe', waitType: '2:2', waitInner: 2, waitOuter: 0, event: 4 },
  ],
  edges: [{ from: 'a', to: 'b', fromIdx: 0, toIdx: 1, deps: ['EN'], distance: 1, event: 4, sites: { prev: 'f+0x1/0x10', next: 'g+0x2/0x10' }, trace: [] }],
  cycle: null,
  chains: { process: 1, softirq: 0, hardirq: 0 },
};
const TASKS: TaskView[] = [{ task: 't', comm: 't', pid: 100, cpu: 0, locks: [], lockdepDepth: 0, preemptCount: '0x00000000', preemptDepth: 0, softirqDisableDepth: 0, hardirq: false, softirq: false, irqsDisabled: false, rcuDepth: 0 }];

function lockText(name: string, total: number): string {
  return JSON.stringify({ name, total, graph: GRAPH, tasks: TASKS });
}

describe('Controller: the Locks view', () => {
  it('opens a run with lock classes and no memory finding on the Locks view, and asks for the graph at the end and at the cursor', async () => {
    const { fake, store, c } = fakeSetup();
    await c.loader.open(lockText('locks', 10), { kind: 'editor' }, { at: 6 });
    await settle(c);
    const s = store.getState();
    const locks = s.runs.a.panels.locks;
    expect(s.layout.view).toBe('locks');
    expect(locks.skeleton?.classes).toHaveLength(2);
    expect(fake.calls).toContain('lockGraph @10');
    expect(fake.calls).toContain('lockGraph @6');
    expect(fake.calls).toContain('heldLocks @6');
    expect(locks.now?.cursor).toBe(6);
    expect(locks.now?.graph.edges).toHaveLength(1);
    expect(locks.now?.tasks).toEqual(TASKS);
  });

  it('asks again as the cursor moves, only while the Locks view is shown', async () => {
    const { fake, store, c } = fakeSetup();
    await c.loader.open(lockText('locks', 10), { kind: 'editor' });
    await settle(c);
    const locks = () => store.getState().runs.a.panels.locks.now;
    c.cursor.seek(4);
    await settle(c);
    expect(locks()?.cursor).toBe(4);
    // at 4 class b and the edge are not there yet
    expect(locks()?.graph.classes.map((x) => x.name)).toEqual(['a']);

    c.layout.show('hex');
    fake.calls = [];
    c.cursor.seek(7);
    await settle(c);
    expect(fake.calls.some((x) => x.startsWith('lockGraph') || x.startsWith('heldLocks'))).toBe(false);
    expect(locks()?.cursor).toBe(4);

    c.layout.show('locks');
    await settle(c);
    expect(fake.calls).toContain('lockGraph @7');
    expect(locks()?.cursor).toBe(7);
    // the final graph was laid out once: not asked again
    expect(fake.calls).not.toContain('lockGraph @10');
  });

  it('coalesces lock queries while scrubbing', async () => {
    const { fake, store, c } = fakeSetup();
    await c.loader.open(lockText('locks', 100), { kind: 'editor' });
    await settle(c);
    fake.hold = true;
    fake.calls = [];
    for (let n = 1; n <= 30; n++) c.cursor.seek(n);
    for (let i = 0; i < 5 && fake.pendingMoments > 0; i++) {
      fake.release();
      await new Promise((r) => setTimeout(r, 0));
    }
    fake.hold = false;
    fake.release();
    await settle(c);
    expect(fake.calls.filter((x) => x.startsWith('lockGraph')).length).toBeLessThanOrEqual(2);
    expect(store.getState().runs.a.panels.locks.now?.cursor).toBe(30);
  });

  it('stays on Memory for runs without lock classes, or whose findings name memory', async () => {
    const { store, c } = fakeSetup();
    await c.loader.open(fakeText('slub', 10), { kind: 'editor' });
    await settle(c);
    expect(store.getState().layout.view).toBe('hex');
    expect(c.layout.tabs('view', store.getState().runs.a.info)).toEqual(['hex', 'events', 'query']);
    const both = JSON.stringify({ name: 'both', total: 10, graph: GRAPH, findings: [{ kind: 'slub.double_free', title: 'BUG', step: 1, event: 2, fields: { addr: '0xffff888000001000' } }] });
    await c.loader.open(both, { kind: 'editor' });
    await settle(c);
    expect(c.layout.tabs('view', store.getState().runs.a.info)).toEqual(['hex', 'locks', 'events', 'query']);
    expect(store.getState().layout.view).toBe('hex');
  });
});

describe('the worker on the bundled lockdep scenarios', () => {
  const abba = readFileSync(new URL('../../../../scenarios/lockdep-abba.json', import.meta.url), 'utf8');
  const irq = readFileSync(new URL('../../../../scenarios/lockdep-irq-inversion.json', import.meta.url), 'utf8');

  it('the lock graph at an event, whatever was asked before', () => {
    const core = new KernscopeCore();
    const r = core.open(abba);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const end = core.view(r.run, 'lockGraph', {}, r.info.total);
    expect(r.info.lockClasses).toBe(2);
    expect(end.classes.map((x) => x.name)).toEqual(['&dev->lock', '&dev->queue_lock']);
    expect(end.cycle?.classes).toEqual(['&dev->queue_lock', '&dev->lock']);
    const ab = end.edges.find((e) => e.from === '&dev->lock' && e.to === '&dev->queue_lock');
    expect(ab).toBeDefined();
    // just before the event that recorded it the edge does not exist, right after it does
    expect(core.view(r.run, 'lockGraph', {}, ab!.event).edges).toHaveLength(0);
    expect(core.view(r.run, 'lockGraph', {}, r.info.total).edges).toHaveLength(1);
    expect(core.view(r.run, 'lockGraph', {}, ab!.event).edges).toHaveLength(0);
    const [graph, tasks] = core.views(r.run, ab!.event + 1, [ask('lockGraph', {}), ask('heldLocks', {})]);
    expect(graph.edges).toHaveLength(1);
    // kworker/0:1 holds both locks there, with the call sites of the scenario
    const w = tasks.find((t) => t.task === 'kworker/0:1');
    expect(w?.locks.map((l) => [l.class, l.at])).toEqual([
      ['&dev->lock', 'dev_reset_work+0x2a/0x90'],
      ['&dev->queue_lock', 'dev_flush_queue+0x1c/0x80'],
    ]);
  });

  it('the scene of lockdep-abba at its end: two classes, two edges, the cycle marked', async () => {
    const { c, store } = controllerOn(inProcessEngine(new KernscopeCore()));
    await c.loader.open(abba, { kind: 'editor' });
    await settle(c);
    c.cursor.toEnd();
    await settle(c);
    const s = store.getState();
    expect(s.layout.view).toBe('locks');
    const locks = s.runs.a.panels.locks;
    const scene = buildLockScene(locks.skeleton, locks.now!.graph);
    expect(scene.nodes.map((n) => [n.id, n.cycleIndex >= 0])).toEqual([
      ['&dev->lock', true],
      ['&dev->queue_lock', true],
    ]);
    expect(scene.edges.map((e) => [e.from, e.to, e.inCycle, e.cpu])).toEqual([
      ['&dev->lock', '&dev->queue_lock', true, 'CPU1'],
      ['&dev->queue_lock', '&dev->lock', true, 'CPU0'],
    ]);
    expect(scene.edges[0]!.label).toBe('dev_flush_queue+0x1c/0x80');
    // clicking the recorded edge goes to the moment right after its event
    c.cursor.seekAfterEvent(scene.edges[0]!.event);
    await settle(c);
    expect(store.getState().runs.a.moment?.event?.index).toBe(scene.edges[0]!.event);
    expect(store.getState().runs.a.moment?.event?.kind).toBe('lock.acquire');
  });

  it('lockdep-irq-inversion: &port->lock HARDIRQ-safe, &tty->buf_lock HARDIRQ-unsafe at the end', () => {
    const core = new KernscopeCore();
    const r = core.open(irq);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const g = core.view(r.run, 'lockGraph', {}, r.info.total);
    const scene = buildLockScene(g, g);
    const by = new Map(scene.nodes.map((n) => [n.id, n]));
    expect(by.get('&port->lock')?.badges.map((b) => b.text)).toContain('HARDIRQ-safe');
    expect(by.get('&tty->buf_lock')?.badges.map((b) => b.text)).toContain('HARDIRQ-unsafe');
    expect(scene.edges.find((e) => e.from === '&port->lock')?.inversion).toEqual(['HARDIRQ']);
  });
});
