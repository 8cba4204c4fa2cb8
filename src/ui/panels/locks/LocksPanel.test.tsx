// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { LockGraphView, TaskView } from '../../../worker/protocol.ts';
import { ViewPanel } from '../../components/App.tsx';
import { ControllerContext } from '../../context.ts';
import { fakeText } from '../../fakeEngine.ts';
import { fakeSetup, settle } from '../../testing.ts';

afterEach(cleanup);

const A = { idx: 0, name: '&dev->lock', key: '&dev->lock', subclass: 0, lockType: 'mutex' as const, usage: '+.+.', usageMask: 324, usageStates: ['HARDIRQ-ON-W', 'SOFTIRQ-ON-W', 'INITIAL USE'], hardirq: 'unsafe' as const, softirq: 'unsafe' as const, waitType: '3:3', waitInner: 3, waitOuter: 0, event: 13 };
const B = { ...A, idx: 1, name: '&dev->queue_lock', key: '&dev->queue_lock', event: 14 };
const ABBA: LockGraphView = {
  debugLocks: false,
  classes: [A, B],
  edges: [{ from: A.name, to: B.name, fromIdx: 0, toIdx: 1, deps: ['EN'], distance: 1, event: 14, sites: { prev: 'dev_reset_work+0x2a/0x90', next: 'dev_flush_queue+0x1c/0x80' }, trace: [] }],
  cycle: { classes: [B.name, A.name], classIdx: [1, 0], event: 21 },
  chains: { process: 4, softirq: 0, hardirq: 0 },
};
const TASKS: TaskView[] = [
  {
    task: 'kworker/1:2',
    comm: 'kworker/1:2',
    pid: 102,
    cpu: 1,
    locks: [{ lock: '&dev->queue_lock', class: '&dev->queue_lock', type: 'mutex', mode: 'write', addr: '0xffff888003a1c570', at: 'dev_submit+0x24/0xa0' }],
    lockdepDepth: 1,
    preemptCount: '0x00000001',
    preemptDepth: 1,
    softirqDisableDepth: 0,
    hardirq: false,
    softirq: false,
    irqsDisabled: true,
    rcuDepth: 2,
  },
];

async function setup(text: string, graph = true) {
  const { c, store, fake } = fakeSetup();
  render(
    <ControllerContext value={c}>
      <ViewPanel />
    </ControllerContext>,
  );
  await act(async () => {
    await c.loader.open(text, { kind: 'editor' });
    await settle(c);
  });
  // the Locks panel is loaded on first use (React.lazy)
  if (graph) await screen.findByRole('group', { name: 'Lock graph' }, { timeout: 5000 });
  return { c, store, fake };
}

describe('LocksPanel', () => {
  it('draws the classes, both cycle edges with their labels, and the tasks; a click on an edge seeks to its event', async () => {
    const { store } = await setup(JSON.stringify({ name: 'abba', total: 30, graph: ABBA, tasks: TASKS }));
    expect(screen.getByRole('tab', { name: 'Locks' }).getAttribute('aria-selected')).toBe('true');
    const graph = screen.getByRole('group', { name: 'Lock graph' });
    const nodes = graph.querySelectorAll('.lnode');
    expect([...nodes].map((n) => n.getAttribute('data-class'))).toEqual(['&dev->lock', '&dev->queue_lock']);
    expect([...nodes].every((n) => n.getAttribute('data-cycle') === 'true')).toBe(true);
    expect(nodes[0]!.querySelector('title')!.textContent).toContain('{+.+.}');
    expect([...nodes[0]!.querySelectorAll('.irq')].map((b) => b.textContent)).toEqual(['HARDIRQ-unsafe', 'SOFTIRQ-unsafe']);

    const edges = graph.querySelectorAll<SVGGElement>('.ledge');
    expect(edges).toHaveLength(2);
    expect([...edges].every((e) => e.dataset.cycle === 'true')).toBe(true);
    const ab = [...edges].find((e) => e.dataset.from === '&dev->lock')!;
    expect(ab.querySelector('.elabel')!.textContent).toContain('dev_flush_queue+0x1c/0x80');
    expect(ab.dataset.cpu).toBe('CPU1');
    expect([...edges].find((e) => e.dataset.closing === 'true')!.dataset.cpu).toBe('CPU0');

    const scenario = screen.getByLabelText('Locking scenario');
    expect([...scenario.querySelectorAll('li')].map((li) => li.textContent)).toEqual(['CPU0lock(&dev->queue_lock);', 'CPU1lock(&dev->lock);', 'CPU1lock(&dev->queue_lock);', 'CPU0lock(&dev->lock);']);

    const tasks = screen.getByRole('list', { name: 'Held locks' });
    expect(tasks.textContent).toContain('kworker/1:2');
    expect(tasks.textContent).toContain('102');
    expect(tasks.textContent).toContain('dev_submit+0x24/0xa0');
    expect(tasks.textContent).toContain('0x00000001');
    expect(tasks.textContent).toContain('irqs off');
    expect(tasks.textContent).toContain('rcu 2');

    await act(async () => {
      fireEvent.click(ab);
    });
    expect(store.getState().runs.a.cursor).toBe(15);
    // at 15 the report has not happened: the refused edge is still to come, nothing is in a cycle
    const after = screen.getByRole('group', { name: 'Lock graph' }).querySelectorAll<SVGGElement>('.ledge');
    expect([...after].map((e) => [e.dataset.present, e.dataset.cycle ?? 'no'])).toEqual([
      ['true', 'no'],
      ['false', 'no'],
    ]);
  });

  it('shows the usage of a hovered class', async () => {
    await setup(JSON.stringify({ name: 'abba', total: 30, graph: ABBA, tasks: TASKS }));
    const node = [...screen.getByRole('group', { name: 'Lock graph' }).querySelectorAll('.lnode')].find((n) => n.getAttribute('data-class') === '&dev->queue_lock')!;
    act(() => {
      fireEvent.mouseEnter(node);
    });
    const d = screen.getByLabelText('Lock details');
    expect(d.textContent).toContain('&dev->queue_lock');
    expect(d.textContent).toContain('{+.+.}-{3:3}');
    expect(d.textContent).toContain('HARDIRQ-ON-W');
  });

  it('offers no Locks tab for a run without lock classes: the memory panel is as it was', async () => {
    await setup(fakeText('slub', 10), false);
    expect(screen.queryByRole('tab', { name: 'Locks' })).toBeNull();
    // Memory is shown, beside the run's event list and the query page
    expect(screen.getByRole('tab', { name: 'Memory' }).getAttribute('aria-selected')).toBe('true');
    expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual(['Memory', 'Events', 'Query']);
  });
});
