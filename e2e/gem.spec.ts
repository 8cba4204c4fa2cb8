import { expect, test, type Page } from '@playwright/test';
import { afterFinding as after, bundledRun as load } from './scenarios.ts';

const cursor = (page: Page) => page.getByLabel('Cursor', { exact: true });
const panel = (page: Page) => page.getByRole('region', { name: 'GEM objects' });

async function openGem(page: Page, name: string, at: number): Promise<void> {
  await page.goto(`/?scenario=${name}&at=${at}`);
  await expect(cursor(page)).toHaveAttribute('data-cursor', String(at));
  await page.getByRole('tab', { name: 'GEM objects' }).click();
  await expect(panel(page)).toHaveAttribute('data-cursor', String(at));
}

test('panfrost-madvise-double-add: the shrinker list breaks at the twice-added object while reclaim walks it', async ({ page }) => {
  const { at } = after('panfrost-madvise-double-add', 'list.endless_walk');
  await openGem(page, 'panfrost-madvise-double-add', at);
  const rows = panel(page).getByRole('table', { name: 'GEM objects' }).locator('tbody tr');
  await expect(rows).toHaveCount(4);
  await expect(rows.nth(3)).toHaveAttribute('data-state', 'purgeable');
  await expect(rows.nth(3)).toContainText('DONTNEED');
  await expect(rows.nth(0)).toContainText('WILLNEED');
  const ring = panel(page).locator('figure[data-list="pfdev->shrinker_list"]');
  await expect(ring).toHaveAttribute('data-broken', 'yes');
  await expect(ring).toContainText('comes round again without the head');
  await expect(ring.locator('li.bad').last()).toContainText('mesa-bo.3');
  // mesa-bo.1's next is mesa-bo.3, whose prev no longer points back
  await expect(ring.locator('li.bad').first()).toContainText('mesa-bo.1');
  // the reclaim lane has the direct reclaim that walked into it
  await expect(panel(page).getByRole('img', { name: /reclaim events/ })).toBeVisible();
  await page.screenshot({ path: 'test-results/gem-double-add.png' });
});

test('panfrost-madvise-double-add-fixed: both DONTNEED objects purged, the ring intact, a click on a scan goes there', async ({ page }) => {
  const info = load('panfrost-madvise-double-add-fixed');
  await openGem(page, 'panfrost-madvise-double-add-fixed', info.total);
  const rows = panel(page).getByRole('table', { name: 'GEM objects' }).locator('tbody tr');
  await expect(rows.nth(1)).toHaveAttribute('data-state', 'purged');
  await expect(rows.nth(3)).toHaveAttribute('data-state', 'purged');
  await expect(rows.nth(1)).toContainText('0/256 resident');
  await expect(panel(page).locator('figure[data-list="pfdev->shrinker_list"]')).toHaveAttribute('data-broken', 'no');
  const tick = panel(page).locator('rect.gem-tick.scan').first();
  await tick.click();
  await expect(cursor(page)).not.toHaveAttribute('data-cursor', String(info.total));
});

test('virtio-gpu-shmem-evict: idle objects evicted to swap under pressure, then swapped back in', async ({ page }) => {
  const info = load('virtio-gpu-shmem-evict');
  const at = info.marks.find((m) => m.label === 'swap in')!.event;
  await openGem(page, 'virtio-gpu-shmem-evict', at);
  const rows = panel(page).getByRole('table', { name: 'GEM objects' }).locator('tbody tr');
  await expect(rows).toHaveCount(4);
  await expect(rows.nth(0)).toHaveAttribute('data-state', 'swapped');
  await expect(rows.nth(0)).toContainText('0/256 resident, 256 swapped (slots 0x1-0x100), evicted');
  await expect(rows.nth(1)).toHaveAttribute('data-state', 'swapped');
  await expect(rows.nth(2)).toHaveAttribute('data-state', 'purged');
  await expect(rows.nth(3)).toHaveAttribute('data-state', 'resident');
  await expect(rows.nth(0)).toContainText('detached');
  await page.screenshot({ path: 'test-results/gem-virtio-evicted.png' });

  await page.goto(`/?scenario=virtio-gpu-shmem-evict&at=${info.total}`);
  await expect(cursor(page)).toHaveAttribute('data-cursor', String(info.total));
  await page.getByRole('tab', { name: 'GEM objects' }).click();
  await expect(rows.nth(0)).toHaveAttribute('data-state', 'resident');
  await expect(rows.nth(0)).toContainText('256/256 resident');
  await expect(rows.nth(1)).toContainText('256/256 resident');
});
