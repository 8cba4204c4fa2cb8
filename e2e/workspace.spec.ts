// The workspace: the list of keys, the themes, the resizable columns and rows kept per browser
// and in share links, PNG export of a view, and names for every region.
import { expect, test, type Page } from '@playwright/test';

const SHOTS = 'e2e/.screens';

async function ready(page: Page): Promise<void> {
  await expect(page.getByLabel('Current event', { exact: true })).toBeVisible();
}

test('? opens the list of keys, Escape closes it and focus returns', async ({ page }) => {
  await page.goto('/?scenario=slub-redzone-overwrite&at=17');
  await ready(page);
  const share = page.getByRole('button', { name: 'Share' });
  await share.focus();
  await page.keyboard.press('Shift+?');
  const help = page.getByRole('dialog', { name: 'Keys' });
  await expect(help).toBeVisible();
  for (const k of ['←', 'Shift+→', 'Home', 'End', 'Space', 'n', 'W', 's', '?']) await expect(help.locator('kbd', { hasText: k }).first()).toBeVisible();
  await expect(help).toContainText("next / previous finding's evidence");
  await page.screenshot({ path: `${SHOTS}/help-overlay.png` });
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  await expect(share).toBeFocused();
});

test('the theme toggle switches light and dark and the choice survives a reload', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/?scenario=slub-redzone-overwrite&at=17');
  await ready(page);
  const html = page.locator('html');
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await page.screenshot({ path: `${SHOTS}/theme-dark.png` });
  const toggle = page.getByRole('button', { name: 'Light theme' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await toggle.click();
  await expect(html).toHaveAttribute('data-theme', 'light');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg).toBe('rgb(246, 248, 250)');
  await page.reload();
  await ready(page);
  await expect(html).toHaveAttribute('data-theme', 'light');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await page.screenshot({ path: `${SHOTS}/theme-light.png` });
});

test('the system preference is followed until a theme is chosen', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/?scenario=slub-redzone-overwrite&at=17');
  await ready(page);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
});

test('a splitter moves with the keyboard, and the size survives a reload and a share link', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/?scenario=slub-redzone-overwrite&at=17');
  await ready(page);
  const left = page.getByRole('separator', { name: 'Resize the left column' });
  const before = Number(await left.getAttribute('aria-valuenow'));
  expect(before).toBeGreaterThan(10);
  const width = async () => (await page.locator('.panel.left').boundingBox())!.width;
  const w0 = await width();
  await left.focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
  await expect.poll(async () => Number(await left.getAttribute('aria-valuenow'))).toBeGreaterThan(before + 5);
  const moved = Number(await left.getAttribute('aria-valuenow'));
  expect(await width()).toBeGreaterThan(w0 + 40);
  // the keys that move a splitter do not step the cursor
  await expect(page.getByLabel('Cursor', { exact: true })).toHaveAttribute('data-cursor', '17');
  const log = page.getByRole('separator', { name: 'Resize the kernel log' });
  await log.focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowUp');
  const logAt = Number(await log.getAttribute('aria-valuenow'));
  // the address bar follows the splits a moment after they stop: the address alone carries them
  await expect(page).toHaveURL(new RegExp(`[?&]layout=${Math.round(moved * 10) / 10},[\\d.]+,${Math.round(logAt * 10) / 10}$`));

  await page.reload();
  await ready(page);
  await expect.poll(async () => Math.round(Number(await left.getAttribute('aria-valuenow')))).toBe(Math.round(moved));
  await expect.poll(async () => Math.round(Number(await log.getAttribute('aria-valuenow')))).toBe(Math.round(logAt));

  // the share link carries the sizes to a browser that never saw them
  await page.getByRole('button', { name: 'Share' }).click();
  await expect(page).toHaveURL(/[&?#]layout=\d/);
  const link = page.url();
  const fresh = await context.browser()!.newContext();
  const other = await fresh.newPage();
  await other.goto(link);
  await ready(other);
  const l2 = other.getByRole('separator', { name: 'Resize the left column' });
  await expect.poll(async () => Math.round(Number(await l2.getAttribute('aria-valuenow')))).toBe(Math.round(moved));
  // a corrupt value is ignored: the defaults, no crash
  await other.goto('/?scenario=slub-redzone-overwrite&at=17&layout=999,x,-1');
  await ready(other);
  await expect.poll(async () => Math.round(Number(await l2.getAttribute('aria-valuenow')))).toBe(23);
  await fresh.close();
});

test('the hex view is exported as a PNG', async ({ page }) => {
  await page.goto('/?scenario=slub-redzone-overwrite&at=17');
  await ready(page);
  const hex = page.getByRole('region', { name: 'Hex view' });
  await expect(hex.locator('.hexgrid')).toBeVisible();
  const [dl] = await Promise.all([page.waitForEvent('download'), hex.getByRole('button', { name: /Export .* as PNG/ }).click()]);
  expect(dl.suggestedFilename()).toMatch(/^kernscope-[a-z0-9-]+-17\.png$/);
  const path = await dl.path();
  const fs = await import('node:fs');
  const bytes = fs.readFileSync(path);
  expect(bytes.length).toBeGreaterThan(1000);
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  fs.copyFileSync(path, `${SHOTS}/export-hex.png`);
});

test('the memory map and VRAM views export too (their canvases drawn in)', async ({ page }) => {
  await page.goto('/?scenario=nouveau-suspend-eviction&at=40');
  await ready(page);
  const vram = page.getByRole('region', { name: 'VRAM' });
  await expect(vram.getByRole('img', { name: 'VRAM map' })).toBeVisible();
  const [dl] = await Promise.all([page.waitForEvent('download'), vram.getByRole('button', { name: /Export .* as PNG/ }).click()]);
  const fs = await import('node:fs');
  const bytes = fs.readFileSync(await dl.path());
  expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  fs.copyFileSync(await dl.path(), `${SHOTS}/export-vram.png`);
});

test('every panel region has an accessible name', async ({ page }) => {
  await page.goto('/?scenario=slub-redzone-overwrite&at=17');
  await ready(page);
  const unnamed = await page.evaluate(() =>
    [...document.querySelectorAll('section, [role="region"], main, [role="separator"]')]
      .filter((el) => !(el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')) && el.tagName !== 'MAIN')
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}`),
  );
  expect(unnamed).toEqual([]);
  for (const name of ['Scenario details', 'Kernel log', 'Hex view', 'Findings', 'Expectations and marks']) await expect(page.getByRole('region', { name })).toBeVisible();
});

test('the VRAM states and memory-map owners carry a letter beside their color', async ({ page }) => {
  await page.goto('/?scenario=nouveau-suspend-eviction&at=40');
  await ready(page);
  const states = page.getByRole('region', { name: 'VRAM' }).getByLabel('Buffer states');
  await expect(states.locator('[data-state="failed"] .swatch')).toHaveText('✕');
  await expect(states.locator('[data-state="evicted"] .swatch')).toHaveText('E');
  await page.goto('/?scenario=cpu-hotplug-offline-online');
  await ready(page);
  await page.getByRole('tab', { name: 'Memory map' }).click();
  const owners = page.getByRole('region', { name: 'Memory map' }).getByLabel('Owners');
  await expect(owners.locator('[data-owner="free"] .swatch')).toHaveText('·');
  await expect(owners.locator('[data-owner="kernel text"] .swatch')).toHaveText('T');
  await page.getByRole('region', { name: 'Memory map' }).screenshot({ path: `${SHOTS}/memory-map-legend.png` });
});
