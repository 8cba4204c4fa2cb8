// Two runs of one scenario side by side in Chromium: started from a description's "Try:" hint and
// from the Options panel, with the first divergent event, the findings only one run has, the
// dmesg lines and bytes that differ marked, one cursor for both, and a share link that keeps both.
import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';

const SCREENS = 'e2e/.screens';

const cursor = (page: Page) => page.getByLabel('Cursor', { exact: true });
const bar = (page: Page) => page.getByRole('region', { name: 'Compare bar' });
const col = (page: Page, side: 'a' | 'b') => page.locator(`.cmp-col.side-${side}`);

async function ready(page: Page): Promise<void> {
  await expect(page.getByLabel('Current event', { exact: true })).toBeVisible();
}

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS, { recursive: true });
  await page.evaluate(() => window.getSelection()?.removeAllRanges());
  await page.screenshot({ path: `${SCREENS}/${name}.png` });
}

test('a Try: hint starts the comparison: divergence, dmesg and bytes marked, cursors linked, share link round trip', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/?scenario=slub-debug-vs-init-on-free');
  await ready(page);
  await page.getByRole('tab', { name: 'Description' }).click();
  await page.getByRole('button', { name: '--kconfig CONFIG_INIT_ON_FREE_DEFAULT_ON=n', exact: true }).click();
  await expect(bar(page)).toContainText('--kconfig CONFIG_INIT_ON_FREE_DEFAULT_ON=n');
  // the first event where the runs part: the expectation that holds in a and fails in b
  const div = page.getByRole('button', { name: 'First divergent event' });
  await expect(div).toContainText('#11');
  await expect(div).toContainText('expect');
  // and on the timeline
  await expect(page.locator('.tl-divergence')).toHaveAttribute('data-event', '11');
  // the boot line that says what init_on_free does, different in each run
  await expect(col(page, 'a').locator('.dl.differs', { hasText: 'heap free:on' })).toHaveCount(1);
  await expect(col(page, 'b').locator('.dl.differs', { hasText: 'heap free:off' })).toHaveCount(1);
  await expect(col(page, 'a').locator('.dl:not(.differs)', { hasText: 'Linux version' }).first()).toBeVisible();
  // the freed plain_cache object: zeroed by init_on_free in a, the secret left in b
  await col(page, 'a').locator('.cmp-target').getByRole('button', { name: 'b', exact: true }).click();
  const end = page.getByRole('button', { name: 'Jump to end' });
  if (await end.isEnabled()) await end.click();
  await expect(col(page, 'a').locator('.bdiff').first()).toBeVisible();
  await expect(col(page, 'b').locator('.bdiff').first()).toBeVisible();
  expect(await col(page, 'a').locator('.hbytes .bdiff').count()).toBe(await col(page, 'b').locator('.hbytes .bdiff').count());
  // the memory map of both runs, with the count of frames owned otherwise when there are any
  await expect(col(page, 'a').locator('.cmp-frames canvas')).toBeVisible();
  await expect(col(page, 'b').locator('.cmp-frames canvas')).toBeVisible();
  // the count of lines only one run printed steps through them
  await col(page, 'a').getByRole('button', { name: /only here/ }).click();
  await expect(col(page, 'a').locator('.dl.differs').first()).toBeInViewport();
  await col(page, 'b').getByRole('button', { name: /only here/ }).click();
  await expect(col(page, 'b').locator('.dl.differs').first()).toBeInViewport();
  await shot(page, 'compare-init-on-free');

  // one cursor: before the divergence both runs are at the same event
  await page.getByRole('button', { name: 'Jump to start' }).click();
  await expect(cursor(page)).toHaveAttribute('data-cursor', '0');
  await expect(page.getByLabel('cursor of run b')).toContainText('event 0 /');
  for (let i = 0; i < 5; i++) await page.getByRole('button', { name: 'Step forward' }).click();
  await expect(page.getByLabel('cursor of run a')).toContainText('event 5 /');
  await expect(page.getByLabel('cursor of run b')).toContainText('event 5 /');
  // the divergence marker takes both there
  await div.click();
  await expect(cursor(page)).toHaveAttribute('data-cursor', '12');
  await expect(page.getByLabel('cursor of run b')).toContainText('event 12 /');

  // Share carries both runs; the link reopens the comparison at the same moment
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const url = await page.getByRole('textbox', { name: 'Share link' }).inputValue();
  expect(url).toContain('&b=1&b.kconfig=CONFIG_INIT_ON_FREE_DEFAULT_ON%3Dn');
  const again = await context.newPage();
  await again.goto(url);
  await ready(again);
  await expect(bar(again).getByRole('button', { name: 'First divergent event' })).toContainText('#11');
  await expect(again.getByLabel('cursor of run b')).toContainText('event 12 /');
  await expect(again.getByLabel('Cursor', { exact: true })).toHaveAttribute('data-cursor', '12');

  // a damaged b. parameter: a notice, and the first run alone
  await again.goto(url.replace('b.kconfig=CONFIG_INIT_ON_FREE_DEFAULT_ON%3Dn', 'b.kconfig=CONFIG_INIT_ON_FREE_DEFAULT_ON%3Dmaybe'));
  await again.reload();
  await ready(again);
  await expect(again.getByText(/b\.kconfig=CONFIG_INIT_ON_FREE_DEFAULT_ON=maybe/)).toBeVisible();
  await expect(bar(again)).toHaveCount(0);

  // ending it brings back the usual panels
  await bar(page).getByRole('button', { name: 'End comparison' }).click();
  await expect(bar(page)).toHaveCount(0);
  await expect(page.getByTestId('dmesg')).toBeVisible();
});

test('Compare with… in the Options panel: findings only in the run with poisoning', async ({ page }) => {
  await page.goto('/?scenario=slub-use-after-free-poison');
  await ready(page);
  await page.getByRole('tab', { name: 'Options' }).click();
  await page.getByText('Compare with…').click();
  await page.getByLabel('Kernel command line of run B').fill('');
  await page.getByRole('button', { name: 'Run beside' }).click();
  await expect(bar(page)).toContainText('--cmdline ""');
  const onlyA = bar(page).getByLabel('findings only in A');
  await expect(onlyA.getByRole('button').first()).toBeVisible();
  await expect(onlyA).toContainText('slub.poison_overwritten');
  await expect(col(page, 'a').locator('.cmp-finding.only').first()).toContainText('only in A');
  await expect(col(page, 'b').locator('.cmp-finding.only')).toHaveCount(0);
  await shot(page, 'compare-options-poison');
});

test('nouveau with and without init_on_alloc: the function profiles side by side', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/?scenario=nouveau-suspend-eviction');
  await ready(page);
  await page.getByRole('tab', { name: 'Description' }).click();
  await page.getByRole('button', { name: '--cmdline "init_on_alloc=0 init_on_free=0"', exact: true }).click();
  const table = page.getByRole('table', { name: 'Profile diff' });
  await expect(table).toBeVisible({ timeout: 180_000 });
  const row = table.getByRole('row').filter({ hasText: 'ttm_mem_evict_first' });
  await expect(row).toContainText('10');
  await expect(row).toContainText('119');
  await expect(page.locator('.cmp-profile summary')).toContainText('ttm_bo_wait_free_node()');
  await shot(page, 'compare-nouveau-profile');
});
