// The hex view as drawn in Chromium: the byte a scenario's write stored keeps its box, and user,
// module and non-canonical addresses are shown (or explained), not "not in the direct map".
import { expect, test, type Locator, type Page } from '@playwright/test';

const bytesRegion = (page: Page) => page.getByRole('region', { name: 'Bytes' });

async function ready(page: Page): Promise<void> {
  await expect(page.getByLabel('Current event', { exact: true })).toBeVisible();
}

async function box(l: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const b = await l.boundingBox();
  if (!b) throw new Error('not laid out');
  return b;
}

for (const [scenario, at] of [
  ['slub-redzone-overwrite', 17],
  ['slub-use-after-free-poison', 18],
] as const) {
  test(`${scenario}: the byte the scenario wrote is as wide as its neighbours and overlaps none (at=${at})`, async ({ page }) => {
    await page.goto(`/?scenario=${scenario}&at=${at}`);
    await ready(page);
    const written = bytesRegion(page).locator('.hbytes .b.scenario-write');
    await expect(written.first()).toBeVisible();
    const row = bytesRegion(page).locator('.hrow').filter({ has: page.locator('.hbytes .b.scenario-write') }).first();
    const cells = row.locator('.hbytes .b');
    const n = await cells.count();
    expect(n).toBe(16);
    const boxes = [];
    for (let i = 0; i < n; i++) boxes.push(await box(cells.nth(i)));
    const plain = boxes[(await cells.evaluateAll((els) => els.findIndex((e) => !e.classList.contains('scenario-write'))))]!;
    for (let i = 0; i < n; i++) {
      // every byte of the row is the same box: two hex digits and their padding
      expect(Math.abs(boxes[i]!.width - plain.width), `byte ${i} width`).toBeLessThan(0.5);
      expect(Math.abs(boxes[i]!.height - plain.height), `byte ${i} height`).toBeLessThan(0.5);
      if (i > 0) expect(boxes[i]!.x, `byte ${i} starts after byte ${i - 1} ends`).toBeGreaterThanOrEqual(boxes[i - 1]!.x + boxes[i - 1]!.width - 0.5);
    }
    // its two digits are not clipped
    const w = written.first();
    expect(await w.evaluate((e) => e.scrollWidth <= e.clientWidth + 0.5)).toBe(true);
    expect((await w.textContent())!).toMatch(/^[0-9a-f]{2}$/);
    // the legend's item is a label like the others, on one line
    const legend = page.getByLabel('Legend').locator('.lg.scenario-write');
    await expect(legend).toHaveText('written by the scenario');
    const other = page.getByLabel('Legend').locator('.lg').first();
    expect(Math.abs((await box(legend)).height - (await box(other)).height)).toBeLessThan(0.5);
    expect((await box(legend)).width).toBeGreaterThan(60);
  });
}

test('madvise\'s buf: a user address is shown through the task\'s page tables', async ({ page }) => {
  await page.goto('/?scenario=madvise-pageout-ptl&at=100');
  await ready(page);
  await page.getByRole('tab', { name: 'Memory', exact: true }).click();
  await page.getByLabel('Pointers').getByRole('button', { name: 'buf', exact: true }).click();
  await expect(page.getByLabel('Object', { exact: true })).toContainText('0x00007f');
  await expect(page.getByLabel('Translated')).toContainText('user: singlethread, mapping "buf"');
  await expect(bytesRegion(page).locator('.hrow').first()).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  // at the end of the run the page is swapped out: that is what it says
  await page.getByRole('button', { name: 'Jump to end', exact: true }).click();
  await expect(page.locator('.hexpanel').getByRole('alert')).toContainText(/user address: singlethread's page there .* (swapped out|PTE is empty)/);
  await expect(page.locator('.hexpanel').getByRole('alert')).not.toContainText('direct map');
});
