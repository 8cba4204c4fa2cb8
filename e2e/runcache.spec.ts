import { expect, test, type Page } from '@playwright/test';
import { keptBytes } from '../bench/keptBytes.ts';
import { encodeShare } from '../src/share/url.ts';
import { run } from './scenarios.ts';

const BASE = `http://127.0.0.1:${process.env.KERNSCOPE_E2E_PORT ?? 4173}/`;

/** A red zone overwrite, then an allocation churn long enough to take the engine a few seconds. */
const CHURN = JSON.stringify({
  format: 'kernscope/1',
  name: 'e2e-kept',
  config: { cmdline: 'slub_debug=FZPU' },
  steps: [
    { op: 'kmalloc', size: 64, as: 'p' },
    { op: 'write', ptr: 'p', offset: 64, bytes: [18] },
    { op: 'kfree', ptr: 'p' },
    { op: 'repeat', times: 60_000, steps: [{ op: 'kmalloc', size: 128, as: 'q' }, { op: 'kfree', ptr: 'q' }] },
  ],
});

const kept = (page: Page) => page.getByRole('status').filter({ hasText: 'Drawn from the copy of this run kept in this browser' });

test('a link opened again is drawn from the run kept in the browser while the engine records it again', async ({ page, context }) => {
  test.setTimeout(120_000);
  const info = run(CHURN);
  const at = info.total - 2;
  const link = encodeShare(BASE, CHURN, at);
  await page.goto(link);
  await expect(page.getByLabel('Cursor', { exact: true })).toHaveAttribute('data-cursor', String(at));
  await expect(page.getByLabel('Current event', { exact: true })).toBeVisible();
  const event = await page.getByLabel('Current event', { exact: true }).textContent();
  const findings = await page.getByRole('region', { name: 'Findings' }).textContent();
  // the first open was run by the engine, not drawn from a kept run
  await expect(kept(page)).toHaveCount(0);
  // kept once the page's first answers are saved: stable for a second
  let last = -1;
  await expect
    .poll(
      async () => {
        const b = await page.evaluate(keptBytes);
        const same = b > 0 && b === last;
        last = b;
        return same;
      },
      { intervals: [1000], timeout: 30_000 },
    )
    .toBe(true);
  await page.close();

  const again = await context.newPage();
  await again.goto(link);
  // drawn while the engine is still recording the run again: the notice says so
  await expect(kept(again)).toBeVisible();
  await expect(again.getByLabel('Cursor', { exact: true })).toHaveAttribute('data-cursor', String(at));
  await expect(again.getByLabel('Current event', { exact: true })).toHaveText(event!);
  await expect(again.getByRole('region', { name: 'Findings' })).toHaveText(findings!);
  expect(await kept(again).count()).toBe(1);
  // the engine's own run takes over: the notice goes, and any moment can be shown
  await expect(kept(again)).toHaveCount(0, { timeout: 60_000 });
  await again.getByRole('button', { name: 'Step back', exact: true }).click();
  await expect(again.getByLabel('Cursor', { exact: true })).toHaveAttribute('data-cursor', String(at - 1));
  await expect(again.getByLabel('Current event', { exact: true })).toBeVisible();
});
