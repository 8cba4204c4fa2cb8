// Imported logs as runs: their trace events on the timeline and in the function graph view, two
// imported traces compared (profile diff), a report pasted with Ctrl+V on the page, and the
// import worker's watchdog keeping what was recognised when the worker hangs.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';

const SHOTS = process.env.KERNSCOPE_SHOTS ?? 'e2e/.screens';
const fixture = (name: string) => readFileSync(new URL(`./fixtures/import/${name}`, import.meta.url), 'utf8');

async function ready(page: Page): Promise<void> {
  await expect(page.getByLabel('Current event', { exact: true })).toBeVisible();
}

async function importFile(page: Page, name: string, fixtureName: string): Promise<void> {
  await page.getByLabel('Log file', { exact: true }).setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(fixture(fixtureName)) });
  await expect(page.getByRole('region', { name: 'Imported log' })).toContainText(`Imported log: ${name}`);
}

test('two imported function_graph traces: their events on the timeline and in the function graph view, then compared by profile', async ({ page }) => {
  await page.goto('/?scenario=slub-double-free');
  await ready(page);
  await importFile(page, 'nanosleep.txt', 'funcgraph.txt');
  await page.getByRole('button', { name: 'Show as a run' }).click();
  const timeline = page.getByRole('region', { name: 'Timeline view' });
  await expect(timeline).toContainText('per CPU');
  const graph = page.getByRole('region', { name: 'Function graph' });
  await graph.getByRole('radio', { name: 'run' }).click();
  await expect(graph.getByRole('region', { name: 'function_graph' })).toContainText('do_nanosleep() {');
  await expect(graph.getByRole('region', { name: 'function_graph' })).toContainText('_raw_spin_lock_irqsave();');
  await expect(graph.getByRole('region', { name: 'Function profile' })).toContainText('hrtimer_start_range_ns');
  // machine views are not offered for a log
  await expect(page.getByRole('tab', { name: 'Memory', exact: true })).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/imported-trace-run.png` });

  await importFile(page, 'xfs.txt', 'funcgraph-xfs.txt');
  await page.getByRole('button', { name: 'Show as a run' }).click();
  await expect(graph.getByRole('region', { name: 'Function profile' })).toContainText('xfs_file_open');
  await page.getByRole('tab', { name: 'Options' }).click();
  await page.getByRole('combobox', { name: 'Kept log to compare' }).selectOption({ label: 'nanosleep.txt' });
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  const diff = page.getByRole('table', { name: 'Profile diff' });
  await expect(diff).toContainText('xfs_file_open');
  await expect(diff).toContainText('hrtimer_start_range_ns');
  const cmp = page.getByRole('region', { name: 'Comparison' });
  await expect(cmp).toContainText('imported nanosleep.txt');
  await expect(cmp).toContainText(/functions only in A/);
  await page.screenshot({ path: `${SHOTS}/imported-traces-compared.png` });
});

test('a seed report pasted with Ctrl+V on the page is imported: its findings and dmesg as a run', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/?scenario=slub-double-free');
  await ready(page);
  await page.evaluate((t) => navigator.clipboard.writeText(t), fixture('seed003-lockdep.txt'));
  // the page, not a text field, has the focus
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('Control+V');
  const view = page.getByRole('region', { name: 'Imported log' });
  await expect(view).toContainText('Imported log: pasted log');
  await expect(page.getByRole('list', { name: 'Imported findings' })).toContainText('possible deadlock in drm_gem_shmem_free');
  await page.getByRole('button', { name: 'Show as a run' }).click();
  await expect(page.getByRole('region', { name: 'Findings' })).toContainText('lockdep.circular');
  // the log's own printk times, its last line at the end of the run
  await expect(page.locator('.xterm-rows')).toContainText('[   68.296601]  Possible unsafe locking scenario:');
  await page.screenshot({ path: `${SHOTS}/pasted-seed-run.png` });
});

test('a hung import worker is reported and restarted; the findings it recognised before are kept', async ({ page }) => {
  await page.goto('/?scenario=slub-double-free');
  await ready(page);
  await page.evaluate(() => (window as unknown as { kernscopeImportFault(kind: string): Promise<void> }).kernscopeImportFault('hang'));
  await page.getByRole('button', { name: 'Paste log…' }).click();
  const box = page.getByRole('dialog', { name: 'Paste a kernel log' });
  await box.getByRole('textbox', { name: 'Kernel log' }).fill([fixture('seed002-oops.txt'), fixture('seed003-lockdep.txt'), fixture('slub-redzone.txt')].join('\n'));
  await box.getByRole('button', { name: 'Import' }).click();
  const notice = page.getByRole('alert').filter({ hasText: 'the import worker stopped answering' });
  await expect(notice).toContainText(/the import worker stopped answering \(no answer and no progress for 1\d s\); it was ended and a new one starts with the next import: the 1 finding recognised before is kept/, { timeout: 30_000 });
  const list = page.getByRole('list', { name: 'Imported findings' });
  await expect(list.getByRole('button')).toHaveCount(1);
  await expect(list).toContainText('unable to handle kernel paging request');
  await page.screenshot({ path: `${SHOTS}/import-worker-hung.png` });
  // a new worker reads the next import
  await importFile(page, 'nanosleep.txt', 'funcgraph.txt');
});

test('an imported oops beside a simulated run: the two dmesg logs aligned, the findings only one has', async ({ page }) => {
  await page.goto('/?scenario=slub-double-free');
  await ready(page);
  await importFile(page, 'oops.txt', 'seed002-oops.txt');
  await page.getByRole('button', { name: 'Show as a run' }).click();
  await page.getByRole('tab', { name: 'Options' }).click();
  await page.getByRole('combobox', { name: 'Scenario to compare' }).selectOption('slub-double-free');
  await page.getByRole('button', { name: 'Run beside' }).click();
  const cmp = page.getByRole('region', { name: 'Comparison' });
  await expect(page.getByLabel('findings only in A')).toContainText('mm.paging_request');
  await expect(page.getByLabel('findings only in B')).toContainText('slub.double_free');
  await expect(cmp).toContainText('[12844.066757] BUG: unable to handle kernel paging request at ffffffffffffffff');
  await expect(cmp).toContainText('imported oops.txt');
  await page.screenshot({ path: `${SHOTS}/imported-vs-simulated.png` });
});
