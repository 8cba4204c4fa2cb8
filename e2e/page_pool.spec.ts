// Seed 004 in the browser: the RFC run (page-pool-frag-double-recycle) at the second recycle of a
// page, twice in the ring, and at its end with three receivers in that page; the 5.15 coalescing
// run at the second return of a fragment (the page in red, its counts and the RX buffer still
// using it, both puts in its history), a history row that seeks, and the fixed runs. Event numbers
// come from running the bundled scenarios in-process, as the worker does.
import { expect, test, type Page } from '@playwright/test';
import { bundledRun as open } from './scenarios.ts';

const cursor = (page: Page) => page.getByLabel('Cursor', { exact: true });
const panel = (page: Page) => page.getByRole('region', { name: 'page_pool' });

async function ready(page: Page): Promise<void> {
  await expect(page.getByLabel('Current event', { exact: true })).toBeVisible();
}

test('page-pool-frag-double-recycle: the page twice in the ring at its second recycle, then handed to two receivers', async ({ page }) => {
  const info = open('page-pool-frag-double-recycle');
  const f = info.findings.find((x) => x.kind === 'page_pool.double_recycle')!;
  const shared = info.findings.find((x) => x.kind === 'page_pool.shared_page')!;
  expect(shared.fields.page).toBe(f.fields.page);
  // just after the second recycle (SKB5's consume_skb), where the refill begins
  const at = info.marks.find((m) => m.label === 'refill')!.event;
  await page.goto(`/?scenario=page-pool-frag-double-recycle&at=${at}`);
  await ready(page);
  await expect(panel(page)).toHaveAttribute('data-cursor', String(at));
  const ring = panel(page).getByLabel('rx1 ptr_ring');
  await expect(ring.locator(`.pp-slot.twice[data-page="${String(f.fields.page)}"]`)).toHaveCount(2);
  const card = panel(page).locator(`.pp-card[data-page="${String(f.fields.page)}"]`);
  await expect(card).toHaveClass(/trouble/);
  await expect(card).toContainText('ring ×2');
  await expect(card).toContainText('refcount 1 · pagecnt_bias 0');
  const history = panel(page).getByLabel('Page history');
  await expect(history.locator('[data-kind="page_pool.recycle"]')).toHaveCount(2);
  await expect(history.locator('[data-kind="page_pool.double_recycle"]')).toHaveCount(1);
  await panel(page).screenshot({ path: 'test-results/page-pool-rfc-second-recycle-e2e.png' });

  // at the end the refill has cut the page twice: three RX buffers in it, two of them the same 4 KiB
  await page.goto(`/?scenario=page-pool-frag-double-recycle&at=${info.total}`);
  await ready(page);
  const end = panel(page).locator(`.pp-card[data-page="${String(f.fields.page)}"]`);
  await expect(end).toContainText('rx:E1, rx:E2, rx:E3');
  await expect(end).toContainText('out of rx1');
  await expect(panel(page).getByLabel('Page history')).toContainText('handed out while rx:E1, rx:E2 still hold data');
});

test('page-pool-frag-double-recycle-fixed: every page recycled once, nothing in red', async ({ page }) => {
  const info = open('page-pool-frag-double-recycle-fixed');
  await page.goto(`/?scenario=page-pool-frag-double-recycle-fixed&at=${info.total}`);
  await ready(page);
  await expect(panel(page)).toHaveAttribute('data-cursor', String(info.total));
  await expect(panel(page).locator('.pp-card.trouble')).toHaveCount(0);
  await expect(panel(page).locator('.pp-slot.twice')).toHaveCount(0);
});

test('page-pool-coalesce-frag-return: the page recycled twice, at the second return', async ({ page }) => {
  const info = open('page-pool-coalesce-frag-return');
  const f = info.findings.find((x) => x.kind === 'page_pool.double_recycle')!;
  const at = f.event + 1;
  await page.goto(`/?scenario=page-pool-coalesce-frag-return&at=${at}`);
  await ready(page);
  await expect(cursor(page)).toHaveAttribute('data-cursor', String(at));
  // a page_pool run opens on the page_pool view
  await expect(page.getByRole('tab', { name: 'page_pool' })).toHaveAttribute('aria-selected', 'true');
  await expect(panel(page)).toHaveAttribute('data-cursor', String(at));
  const card = panel(page).locator(`.pp-card[data-page="${String(f.fields.page)}"]`);
  await expect(card).toHaveClass(/trouble/);
  await expect(card).toContainText('recycled twice');
  await expect(card).toContainText('refcount 2');
  await expect(card).toContainText('pp_frag_count 1');
  await expect(card).toContainText('0xdead000000000040');
  await expect(card).toContainText('rx:B2');
  const history = panel(page).getByLabel('Page history');
  await expect(history).toContainText('put by SKB2');
  await expect(history).toContainText('put by SKB1');
  await expect(history.locator('[data-kind="page_pool.double_recycle"]')).toHaveCount(1);
  await panel(page).screenshot({ path: 'test-results/page-pool-second-recycle-e2e.png' });

  // a history row goes to just after its event: after the first put the page is still whole
  const first = history.locator('[data-kind="page_pool.put"]').first();
  const ev = Number(await first.getAttribute('data-event'));
  await first.click();
  await expect(cursor(page)).toHaveAttribute('data-cursor', String(ev + 1));
  await expect(card).not.toHaveClass(/trouble/);
  await expect(card).toContainText('pp_frag_count 1');

  // at the end the page has left the pool: pp_magic and dma_addr cleared
  await page.goto(`/?scenario=page-pool-coalesce-frag-return&at=${info.total}`);
  await ready(page);
  const gone = panel(page).locator(`.pp-card[data-page="${String(f.fields.page)}"]`);
  await expect(gone).toContainText('0x0000000000000000');
  await expect(gone).toContainText('not a pool page');
});

test('page-pool-coalesce-frag-return-fixed: one recycle into the ring, nothing in red', async ({ page }) => {
  const info = open('page-pool-coalesce-frag-return-fixed');
  await page.goto(`/?scenario=page-pool-coalesce-frag-return-fixed&at=${info.total}`);
  await ready(page);
  await expect(panel(page)).toHaveAttribute('data-cursor', String(info.total));
  await expect(panel(page).locator('.pp-card.trouble')).toHaveCount(0);
  const ring = panel(page).getByLabel('rx0 ptr_ring');
  await expect(ring.locator('.pp-slot[data-page]')).toHaveCount(2);
  await expect(ring.locator('.pp-slot.twice')).toHaveCount(0);
});
