// Real kernel logs imported in the app: pasted, dropped, and a big one read with progress and cancelled.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';

const SHOTS = process.env.KERNSCOPE_SHOTS ?? 'e2e/.screens';
const fixture = (name: string) => readFileSync(new URL(`./fixtures/import/${name}`, import.meta.url), 'utf8');

async function ready(page: Page): Promise<void> {
  await expect(page.getByLabel('Current event', { exact: true })).toBeVisible();
}

async function drop(page: Page, make: string, name: string): Promise<void> {
  const dt = await page.evaluateHandle(
    ([src, n]) => {
      const d = new DataTransfer();
      // the file is made in the page: `src` is a function body returning its BlobParts
      const parts = new Function(src!)() as BlobPart[];
      d.items.add(new File(parts, n!, { type: '' }));
      return d;
    },
    [make, name],
  );
  await page.dispatchEvent('main', 'dragenter', { dataTransfer: dt });
  await page.dispatchEvent('main', 'drop', { dataTransfer: dt });
}

test('a pasted log shows its findings: the lock chain as a lock graph, the SLUB dump with named patterns, the oops registers; Build scenario opens it in the editor', async ({ page }) => {
  await page.goto('/?scenario=slub-double-free');
  await ready(page);
  await page.getByRole('button', { name: 'Paste log…' }).click();
  const box = page.getByRole('dialog', { name: 'Paste a kernel log' });
  await box.getByRole('textbox', { name: 'Kernel log' }).fill([fixture('seed002-oops.txt'), fixture('seed003-lockdep.txt'), fixture('slub-redzone.txt')].join('\n'));
  await box.getByRole('button', { name: 'Import' }).click();
  const view = page.getByRole('region', { name: 'Imported log' });
  await expect(view).toContainText('Imported log: pasted log');
  const list = page.getByRole('list', { name: 'Imported findings' });
  await expect(list.getByRole('button')).toHaveCount(3);
  await expect(list).toContainText('BUG: unable to handle kernel paging request in __d_lookup');
  await expect(list).toContainText('possible deadlock in drm_gem_shmem_free');
  await expect(list).toContainText('BUG kmalloc-8: Right Redzone overwritten');
  await expect(list).toContainText('mm.paging_request');

  // the oops: its trace, and its registers with what the values most likely are
  const detail = page.getByRole('region', { name: 'Finding details' });
  await expect(detail).toContainText('__d_lookup+0xf1/0x117');
  await detail.getByRole('tab', { name: 'Registers' }).click();
  await expect(page.getByRole('table', { name: 'Registers' })).toContainText('RAX');
  await page.screenshot({ path: `${SHOTS}/import-oops-registers.png` });

  // the lockdep report: its chain drawn by the lock graph, the refused dependency closing the cycle
  await list.getByRole('button', { name: /possible deadlock in drm_gem_shmem_free/ }).click();
  await expect(detail.getByRole('tab', { name: 'Lock graph' })).toHaveAttribute('aria-selected', 'true');
  await expect(detail.locator('g[data-class="fs_reclaim"]')).toBeVisible();
  await expect(detail.locator('g[data-class="reservation_ww_class_mutex"]')).toBeVisible();
  await expect(detail.locator('g.ledge.closing')).toHaveCount(1);
  await expect(page.getByLabel('Possible unsafe locking scenario')).toContainText('lock(fs_reclaim);');
  await detail.locator('g.ledge:not(.closing)').first().click();
  await expect(page.getByLabel('Dependency stack')).toContainText('dma_resv_lockdep');
  await page.screenshot({ path: `${SHOTS}/import-lockdep-graph.png` });
  await detail.getByRole('tab', { name: 'Lines' }).click();
  await expect(page.getByLabel('Report lines')).toContainText('WARNING: possible circular locking dependency detected');

  // the SLUB report: its dump with the red zone and poison bytes named, the overwritten byte marked
  await list.getByRole('button', { name: /Right Redzone overwritten/ }).click();
  await expect(detail.getByRole('tab', { name: 'Hex dump' })).toHaveAttribute('aria-selected', 'true');
  const dump = page.getByLabel('Hex dump');
  await expect(dump.getByLabel('Patterns')).toContainText('SLUB_RED_ACTIVE cc');
  await expect(dump.getByLabel('Patterns')).toContainText('POISON_INUSE 5a');
  await expect(dump.locator('[data-pattern="SLUB_RED_ACTIVE"]')).toHaveCount(3);
  await expect(dump.locator('.imp-bad')).not.toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/import-slub-dump.png` });

  // Build scenario: the generated scenario runs, its text in the editor, what it inferred listed
  await list.getByRole('button', { name: /possible deadlock in drm_gem_shmem_free/ }).click();
  await detail.getByRole('button', { name: 'Build scenario' }).click();
  const built = page.locator('.notice').filter({ hasText: 'Generated scenario' });
  await expect(built).toContainText('reproduces lockdep.circular');
  await expect(built).toContainText('inferred, not in the report');
  await expect(page.locator('.cm-content')).toContainText('"format": "kernscope/1"');
  await expect(page.getByRole('combobox', { name: 'Scenario' })).toContainText('.json');
  await page.screenshot({ path: `${SHOTS}/import-built-scenario.png` });
  await built.getByRole('button', { name: 'Back to the log' }).click();
  await expect(view).toBeVisible();
});

test('a dropped binary file gets a clear message and no import view', async ({ page }) => {
  await page.goto('/?scenario=slub-double-free');
  await ready(page);
  await drop(page, 'const b = new Uint8Array(100000); for (let i = 0; i < b.length; i++) b[i] = (i * 2654435761) >>> 24; return [b];', 'vmcore.bin');
  const n = page.locator('.notice').filter({ hasText: 'Import' });
  await expect(n).toContainText('vmcore.bin: not a text log');
  await expect(n).toContainText('nothing was imported');
  await page.screenshot({ path: `${SHOTS}/import-binary.png` });
  // the run shown stays
  await expect(page.getByRole('region', { name: 'Imported log' })).toHaveCount(0);
  await expect(page.getByLabel('Current event', { exact: true })).toBeVisible();
});

test('a big dropped log shows its progress, the page keeps answering, and Cancel keeps what was recognised', async ({ page }) => {
  // 200 MB made in the page and handed to the worker: slow on a loaded machine
  test.setTimeout(150_000);
  await page.goto('/?scenario=slub-double-free');
  await ready(page);
  const report = fixture('slub-redzone.txt');
  // ~200 MB: a report, then journal lines, another report every ~4 MB
  await drop(page, `const r = ${JSON.stringify(report)}; const fill = '[  123.456789] usb 1-1: new high-speed USB device number 2 using xhci_hcd\\n'.repeat(60000); const parts = []; for (let i = 0; i < 50; i++) { parts.push(r, fill); } return parts;`, 'big-dmesg.log');
  const bar = page.getByRole('status', { name: 'Import in progress' });
  await expect(bar).toContainText('Importing big-dmesg.log');
  const read = page.getByRole('progressbar', { name: 'Bytes read' });
  await expect.poll(async () => Number(await read.getAttribute('value')), { timeout: 20_000 }).toBeGreaterThan(8 << 20);
  await expect(bar).toContainText(/[1-9]\d* reports? found/);
  // the page answers while the worker reads
  const t0 = Date.now();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
  expect(Date.now() - t0).toBeLessThan(2000);
  await bar.screenshot({ path: `${SHOTS}/import-progress.png` });
  await bar.getByRole('button', { name: 'Cancel' }).click();
  await expect(bar).toHaveCount(0);
  const view = page.getByRole('region', { name: 'Imported log' });
  await expect(page.getByLabel('Import notices')).toContainText(/cancelled by the user after [\d,]+ of [\d,]+ bytes/);
  await expect(view).toContainText('cancelled');
  const n = await page.getByRole('list', { name: 'Imported findings' }).getByRole('button').count();
  expect(n).toBeGreaterThan(0);
  expect(n).toBeLessThan(50);
  await page.screenshot({ path: `${SHOTS}/import-cancelled.png` });
});

test('pasted ftrace output shows its events and its profile', async ({ page }) => {
  await page.goto('/?scenario=slub-double-free');
  await ready(page);
  await page.getByRole('button', { name: 'Paste log…' }).click();
  const box = page.getByRole('dialog', { name: 'Paste a kernel log' });
  await box.getByRole('textbox', { name: 'Kernel log' }).fill(`${fixture('funcgraph.txt')}\n${fixture('trace-stat.txt')}`);
  await box.getByRole('textbox', { name: 'Kernel log' }).press('Control+Enter');
  const trace = page.getByRole('region', { name: 'Imported trace' });
  await expect(trace).toContainText('do_nanosleep() {');
  await expect(trace).toContainText('_raw_spin_lock_irqsave();');
  await expect(trace.getByRole('table')).toContainText('tcp_send_mss');
  await page.screenshot({ path: `${SHOTS}/import-ftrace.png` });
});
