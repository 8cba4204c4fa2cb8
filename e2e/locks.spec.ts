import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { KernscopeCore } from '../src/worker/core.ts';
import type { LockGraphView, RunInfo } from '../src/worker/protocol.ts';

const cursor = (page: Page) => page.getByLabel('Cursor', { exact: true });
const graph = (page: Page) => page.getByRole('group', { name: 'Lock graph' });
const lockClass = (page: Page, name: string) => graph(page).locator(`.lnode[data-class="${name}"]`);
const dependency = (page: Page, from: string, to: string) => graph(page).locator(`.ledge[data-from="${from}"][data-to="${to}"]`);

/** A bundled scenario run in-process, as the worker runs it: its events are asked, not hard-coded. */
function bundledRun(name: string): { info: RunInfo; graph: LockGraphView } {
  const core = new KernscopeCore();
  const r = core.open(readFileSync(new URL(`../scenarios/${name}.json`, import.meta.url), 'utf8'));
  if (!r.ok) throw new Error(`${name} does not load: ${JSON.stringify(r.errors)}`);
  return { info: r.info, graph: core.view(r.run, 'lockGraph', {}, r.info.total) };
}

async function openAtEnd(page: Page, name: string, total: number): Promise<void> {
  await page.goto(`/?scenario=${name}`);
  await expect(page.getByLabel('Current event', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Jump to end', exact: true }).click();
  await expect(cursor(page)).toHaveAttribute('data-cursor', String(total));
  await page.getByRole('tab', { name: 'Locks' }).click();
  await expect(page.getByRole('tab', { name: 'Locks' })).toHaveAttribute('aria-selected', 'true');
  // the Locks view has the worker's answer for this cursor
  await expect(page.getByRole('region', { name: 'Locks' })).toHaveAttribute('data-cursor', String(total));
}

test('lockdep-abba: both classes, both edges of the cycle highlighted, and an edge click goes to its event', async ({ page }) => {
  const { info, graph: g } = bundledRun('lockdep-abba');
  const ab = g.edges.find((e) => e.from === '&dev->lock' && e.to === '&dev->queue_lock');
  expect(ab, 'the run records &dev->lock -> &dev->queue_lock').toBeDefined();
  expect(g.cycle?.classes).toEqual(['&dev->queue_lock', '&dev->lock']);
  await openAtEnd(page, 'lockdep-abba', info.total);

  await expect(graph(page).locator('.lnode')).toHaveCount(2);
  for (const name of ['&dev->lock', '&dev->queue_lock']) {
    await expect(lockClass(page, name)).toBeVisible();
    await expect(lockClass(page, name)).toContainText(name);
    await expect(lockClass(page, name)).toHaveAttribute('data-cycle', 'true');
  }
  await expect(graph(page).locator('.ledge')).toHaveCount(2);
  const recorded = dependency(page, '&dev->lock', '&dev->queue_lock');
  const refused = dependency(page, '&dev->queue_lock', '&dev->lock');
  await expect(recorded).toBeVisible();
  await expect(refused).toBeVisible();
  // the cycle: both edges marked and drawn in the cycle colour, with the CPU0/CPU1 order
  for (const e of [recorded, refused]) {
    await expect(e).toHaveAttribute('data-cycle', 'true');
    await expect(e).toHaveClass(/\bcycle\b/);
  }
  await expect(recorded).toHaveAttribute('data-cpu', 'CPU1');
  await expect(refused).toHaveAttribute('data-cpu', 'CPU0');
  await expect(refused).toHaveAttribute('data-closing', 'true');
  // labelled with where the second lock was first taken
  await expect(recorded.locator('.elabel')).toContainText(ab!.sites.next);
  await expect(recorded.locator('.elabel')).toContainText('dev_flush_queue+0x1c/0x80');
  const scenario = page.getByLabel('Locking scenario');
  await expect(scenario.locator('li')).toHaveText(['CPU0lock(&dev->queue_lock);', 'CPU1lock(&dev->lock);', 'CPU1lock(&dev->queue_lock);', 'CPU0lock(&dev->lock);']);
  // the usage string on hover
  await expect(lockClass(page, '&dev->lock').locator('title')).toContainText('{+.+.}');
  await lockClass(page, '&dev->lock').hover();
  await expect(page.getByLabel('Lock details')).toContainText('HARDIRQ-ON-W');

  // a click on the recorded edge goes to the event that created it
  await recorded.locator('.elabel').click();
  await expect(cursor(page)).toHaveAttribute('data-cursor', String(ab!.event + 1));
  await expect(page.getByLabel('Current event', { exact: true })).toContainText(`lock.acquire #${ab!.event} `);
  // and the view follows the cursor: before the report there is no cycle, the refused edge is still to come
  await expect(page.getByRole('region', { name: 'Locks' })).toHaveAttribute('data-cursor', String(ab!.event + 1));
  await expect(graph(page).locator('[data-cycle]')).toHaveCount(0);
  await expect(refused).toHaveAttribute('data-present', 'false');
  await expect(recorded).toHaveAttribute('data-present', 'true');
  // kworker/0:1 holds both locks right there, with their call sites
  const held = page.getByRole('list', { name: 'Held locks' }).locator('li[data-task="kworker/0:1"]');
  await expect(held).toContainText('&dev->lock');
  await expect(held).toContainText('dev_reset_work+0x2a/0x90');
  await expect(held).toContainText('dev_flush_queue+0x1c/0x80');
});

test('lockdep-irq-inversion: &port->lock is HARDIRQ-safe, &tty->buf_lock HARDIRQ-unsafe', async ({ page }) => {
  const { info, graph: g } = bundledRun('lockdep-irq-inversion');
  const dep = g.edges.find((e) => e.from === '&port->lock' && e.to === '&tty->buf_lock');
  expect(dep, 'the run records &port->lock -> &tty->buf_lock').toBeDefined();
  await openAtEnd(page, 'lockdep-irq-inversion', info.total);

  const port = lockClass(page, '&port->lock');
  const buf = lockClass(page, '&tty->buf_lock');
  await expect(port).toHaveAttribute('data-hardirq', 'safe');
  await expect(port.locator('.irq[data-irq="HARDIRQ"]')).toHaveText('HARDIRQ-safe');
  await expect(buf).toHaveAttribute('data-hardirq', 'unsafe');
  await expect(buf.locator('.irq[data-irq="HARDIRQ"]')).toHaveText('HARDIRQ-unsafe');
  const edge = dependency(page, '&port->lock', '&tty->buf_lock');
  await expect(edge).toHaveAttribute('data-inversion', 'HARDIRQ');
  await expect(page.getByLabel('Locking scenario')).toContainText('<Interrupt>');

  // the dependency was made long before the report: its click goes back there
  await edge.locator('.elabel').click();
  await expect(cursor(page)).toHaveAttribute('data-cursor', String(dep!.event + 1));
  // &port->lock was not yet used in hardirq context then
  await expect(port).not.toHaveAttribute('data-hardirq', 'safe');
  await expect(edge).not.toHaveAttribute('data-inversion', /.+/);
});

test('SLUB scenarios keep the memory panel without a Locks tab', async ({ page }) => {
  await page.goto('/?scenario=slub-redzone-overwrite');
  await expect(page.getByLabel('Current event', { exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Bytes' })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Memory', exact: true })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tab', { name: 'Locks' })).toHaveCount(0);
});
