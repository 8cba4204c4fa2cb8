import { expect, test, type Page } from '@playwright/test';
import { afterFinding as after } from './scenarios.ts';

const cursor = (page: Page) => page.getByLabel('Cursor', { exact: true });
const panel = (page: Page) => page.getByRole('region', { name: 'List' });
const ring = (page: Page) => page.getByRole('group', { name: 'List ring' });
const status = (page: Page) => page.getByLabel('List status');

async function openList(page: Page, name: string, at: number): Promise<void> {
  await page.goto(`/?scenario=${name}&at=${at}`);
  await expect(cursor(page)).toHaveAttribute('data-cursor', String(at));
  // a run about a list check shows the List view first
  await expect(page.getByRole('tab', { name: 'List' })).toHaveAttribute('aria-selected', 'true');
  await expect(panel(page)).toHaveAttribute('data-cursor', String(at));
}

test('list-debug-double-add: at the refused double add the shrinker list is an intact ring of two objects', async ({ page }) => {
  const { info, at } = after('list-debug-double-add', 'list.corruption');
  expect(info.listHeads).toEqual(['shrinker_list', 'bo0_madv_list', 'bo1_madv_list']);
  await openList(page, 'list-debug-double-add', at);
  await expect(page.getByLabel('List head')).toHaveValue('shrinker_list');
  await expect(status(page)).toHaveText('2 entries, back at the head');
  await expect(status(page)).toHaveAttribute('data-break', '');
  await expect(ring(page).locator('.lnode')).toHaveCount(3);
  await expect(ring(page).locator('.lnode.head')).toContainText('shrinker_list');
  await expect(ring(page).locator('.lnode').nth(1)).toContainText('bo0+0x90');
  await expect(ring(page).locator('.lnode').nth(2)).toContainText('bo1+0x90');
  await expect(ring(page).locator('.larrow[data-kind="next"]')).toHaveCount(3);
  await expect(ring(page).locator('.larrow[data-kind="prev"]')).toHaveCount(3);
  await expect(ring(page).locator('.larrow[data-broken="true"]')).toHaveCount(0);
  const rows = page.getByLabel('List nodes').locator('tbody tr');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(1)).toContainText('list_add_tail');
  // the dmesg has the kernel's WARNING for it
  await expect(page.locator('.dmesg')).toContainText('list_add double add: new=');
});

test('list-debug-double-add-nodebug: the double-added tail points to itself; another head shows list_del poison', async ({ page }) => {
  const { info, at } = after('list-debug-double-add-nodebug', 'list.endless_walk');
  await openList(page, 'list-debug-double-add-nodebug', at);
  await expect(status(page)).toHaveAttribute('data-break', 'cycle');
  await expect(status(page)).toContainText('a cycle that does not contain the head');
  const broken = ring(page).locator('.larrow[data-broken="true"]');
  await expect(broken).toHaveCount(1);
  await expect(broken).toHaveAttribute('data-from', '2');
  await expect(broken).toHaveAttribute('data-to', '2');
  await expect(ring(page).locator('.lnode.breaks')).toContainText('bo1+0x90');
  // bo0's next (bo1) no longer points back to it
  await expect(ring(page).locator('.lnode.nolink')).toContainText('bo0+0x90');
  // at the end bo0 was list_del()ed: its own list_head holds the poison
  await page.getByRole('button', { name: 'Jump to end', exact: true }).click();
  await expect(cursor(page)).toHaveAttribute('data-cursor', String(info.total));
  await page.getByLabel('List head').selectOption('bo0_madv_list');
  await expect(panel(page)).toHaveAttribute('data-cursor', String(info.total));
  await expect(status(page)).toHaveAttribute('data-break', 'poison');
  await expect(ring(page).locator('.lmarker')).toContainText('LIST_POISON1');
  await expect(page.getByLabel('List nodes').locator('tbody tr').first()).toContainText('dead000000000100');
});
