// The light theme reaches what the page draws itself: the dmesg terminal (xterm's colors), the
// memory map, the VRAM map and the timeline's canvas are light on light, dark on dark, and follow a
// switch of the theme without a reload. Screenshots in test-results/theme.
import { expect, test, type Locator, type Page } from '@playwright/test';

const SHOTS = 'test-results/theme';

async function ready(page: Page): Promise<void> {
  await expect(page.getByLabel('Current event', { exact: true })).toBeVisible({ timeout: 60_000 });
}

/** The mean luminance (0..255) of a canvas's opaque pixels. */
async function luma(canvas: Locator): Promise<number> {
  return canvas.evaluate((el) => {
    const cv = el as HTMLCanvasElement;
    const d = cv.getContext('2d')!.getImageData(0, 0, cv.width, cv.height).data;
    let sum = 0;
    let n = 0;
    for (let i = 0; i < d.length; i += 16) {
      if (d[i + 3]! < 200) continue;
      sum += 0.299 * d[i]! + 0.587 * d[i + 1]! + 0.114 * d[i + 2]!;
      n++;
    }
    return n === 0 ? -1 : sum / n;
  });
}

/** The terminal's background as xterm paints it. */
async function termBackground(page: Page): Promise<string> {
  return page.getByTestId('dmesg').locator('.xterm-viewport').evaluate((el) => getComputedStyle(el).backgroundColor);
}

async function toDark(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Light theme' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
}

test('light theme: dmesg, the memory map and the timeline are drawn light, and go dark with the toggle', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/?scenario=text-poke-reserved-check');
  await ready(page);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.getByRole('tab', { name: 'Memory map' }).click();
  const map = page.locator('canvas.map-canvas');
  await expect(map).toBeVisible();
  await expect(page.getByLabel('Owners')).toContainText('free');
  const timeline = page.locator('canvas.tl-canvas');
  await expect.poll(() => termBackground(page)).toBe('rgb(255, 255, 255)');
  await expect.poll(() => luma(map)).toBeGreaterThan(170);
  await expect.poll(() => luma(timeline)).toBeGreaterThan(140);
  await expect(page.locator('.tl-ruler-bg').first()).toHaveCSS('fill', 'rgb(255, 255, 255)');
  await page.screenshot({ path: `${SHOTS}/light-map.png` });

  await toDark(page);
  await expect.poll(() => termBackground(page)).toBe('rgb(11, 14, 19)');
  await expect.poll(() => luma(map)).toBeLessThan(90);
  await expect.poll(() => luma(timeline)).toBeLessThan(90);
  await page.screenshot({ path: `${SHOTS}/dark-map.png` });
});

test('light theme: the VRAM map is drawn light', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/?scenario=ttm-lru-eviction');
  await ready(page);
  await page.getByRole('tab', { name: 'VRAM', exact: true }).click();
  const vram = page.getByRole('img', { name: 'VRAM map' });
  await expect(vram).toBeVisible();
  await expect.poll(() => luma(vram)).toBeGreaterThan(150);
  await page.screenshot({ path: `${SHOTS}/light-vram.png` });
  await toDark(page);
  await expect.poll(() => luma(vram)).toBeLessThan(100);
});
