// The keyboard in the real browser: every panel is reached with Tab in page order, the dmesg
// terminal (xterm.js, whose hidden input handles every key) never traps focus, and the app's
// stepping keys work while the terminal has focus.
import { expect, test, type Page } from '@playwright/test';

const cursor = (page: Page) => page.getByLabel('Cursor', { exact: true });

async function ready(page: Page): Promise<void> {
  await expect(page.getByLabel('Current event', { exact: true })).toBeVisible();
}

/** Where focus is: the part of the page (panel) holding the focused element, or "page" outside them all. */
async function focusedPanel(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'page';
    const parts: [string, string][] = [
      ['splitter', '[role="separator"]'],
      ['header', '.header'],
      ['transport', '.transport'],
      ['timeline', '.timeline'],
      ['left', '.panel.left'],
      ['dmesg tools', '.dmesg-tools'],
      ['dmesg', '.dmesg-panel'],
      ['memory', '.hexpanel'],
      ['memory map', '.mappanel'],
      ['locks', '.lockpanel'],
      ['findings', '.panel.findings'],
      ['expectations', '.panel.expectations'],
    ];
    for (const [name, sel] of parts) if (el.closest(sel)) return name;
    return `other: ${el.tagName.toLowerCase()}.${el.className}`;
  });
}

/** Presses Tab (or Shift+Tab) from the start of the page until focus has left the page, recording the panel of each stop. */
async function tabThrough(page: Page, key: 'Tab' | 'Shift+Tab', max = 200): Promise<string[]> {
  const stops: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    const where = await focusedPanel(page);
    if (where === 'page' && stops.length > 0) break;
    stops.push(where);
  }
  return stops;
}

/** The panels in the order focus first reached them (the splitters between them aside). */
function order(stops: readonly string[]): string[] {
  return [...new Set(stops.filter((s) => s !== 'splitter'))];
}

/** The longest run of consecutive stops in one panel. */
function longestRun(stops: readonly string[], panel: string): number {
  let best = 0;
  let run = 0;
  for (const s of stops) {
    run = s === panel ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
}

async function fromTheTop(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

test('Tab reaches every panel in page order, through dmesg and out again, and Shift+Tab goes back the same way', async ({ page }) => {
  await page.goto('/?scenario=slub-redzone-overwrite&at=17');
  await ready(page);
  await fromTheTop(page);
  const forward = await tabThrough(page, 'Tab');
  expect(order(forward)).toEqual(['header', 'transport', 'timeline', 'left', 'dmesg tools', 'dmesg', 'memory', 'findings', 'expectations']);
  // the terminal is one stop, not a trap
  expect(longestRun(forward, 'dmesg')).toBe(1);
  expect(forward.filter((s) => s.startsWith('other'))).toEqual([]);
  // the three splitters (left column, dmesg over the view, right column) are stops of their own
  expect(forward.filter((s) => s === 'splitter')).toHaveLength(3);

  await fromTheTop(page);
  const back = await tabThrough(page, 'Shift+Tab');
  expect(order(back)).toEqual(['expectations', 'findings', 'memory', 'dmesg', 'dmesg tools', 'left', 'timeline', 'transport', 'header']);
  expect(longestRun(back, 'dmesg')).toBe(1);
});

test('the lock graph and the memory map are reached by Tab too', async ({ page }) => {
  await page.goto('/?scenario=lockdep-abba');
  await ready(page);
  await expect(page.getByRole('tab', { name: 'Locks' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('group', { name: 'Lock graph' })).toBeVisible();
  await fromTheTop(page);
  const stops = await tabThrough(page, 'Tab');
  expect(order(stops)).toEqual(['header', 'transport', 'timeline', 'left', 'dmesg tools', 'dmesg', 'locks', 'findings', 'expectations']);
  // a lock class of the graph itself takes focus
  await page.getByRole('group', { name: 'Lock graph' }).locator('[tabindex="0"]').first().focus();
  expect(await focusedPanel(page)).toBe('locks');

  await page.goto('/?scenario=cpu-hotplug-offline-online');
  await ready(page);
  await page.getByRole('tab', { name: 'Memory map' }).click();
  await expect(page.getByRole('group', { name: 'Frames' })).toBeVisible();
  await fromTheTop(page);
  const map = await tabThrough(page, 'Tab');
  expect(order(map)).toContain('memory map');
  expect(order(map).indexOf('memory map')).toBe(order(map).indexOf('dmesg') + 1);
});

test('in the dmesg terminal, Tab, Shift+Tab and Escape leave it, and ←/→/Home/End step the cursor', async ({ page }) => {
  await page.goto('/?scenario=slub-redzone-overwrite&at=17');
  await ready(page);
  const term = page.getByTestId('dmesg');
  await expect(term.locator('.xterm-rows')).toContainText('Run /sbin/init');
  // the terminal's screen is what a click lands on
  const rows = term.locator('.xterm-screen');
  const total = Number((await cursor(page).textContent())!.replace(/.*\/\s*/, ''));

  // a click into the terminal gives focus to xterm's hidden input
  await rows.click();
  await expect(term.locator('textarea')).toBeFocused();
  // the app's keys step while it has focus
  await page.keyboard.press('ArrowLeft');
  await expect(cursor(page)).toHaveAttribute('data-cursor', '16');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(cursor(page)).toHaveAttribute('data-cursor', '18');
  await page.keyboard.press('Shift+ArrowLeft');
  await expect(cursor(page)).toHaveAttribute('data-cursor', '8');
  await page.keyboard.press('Home');
  await expect(cursor(page)).toHaveAttribute('data-cursor', '0');
  await page.keyboard.press('End');
  await expect(cursor(page)).toHaveAttribute('data-cursor', String(total));

  // Tab goes on to the splitter under it, then to the view beside it
  await rows.click();
  await page.keyboard.press('Tab');
  expect(await focusedPanel(page)).toBe('splitter');
  await page.keyboard.press('Tab');
  expect(await focusedPanel(page)).toBe('memory');
  // Shift+Tab goes back to what is before it: the dmesg search and export tools
  await rows.click();
  await page.keyboard.press('Shift+Tab');
  expect(await focusedPanel(page)).toBe('dmesg tools');
  // Escape leaves the terminal for the dmesg panel, and Tab then goes on
  await rows.click();
  await page.keyboard.press('Escape');
  await expect(term).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(cursor(page)).toHaveAttribute('data-cursor', String(total - 1));
  await page.keyboard.press('Tab');
  expect(await focusedPanel(page)).toBe('splitter');
  await page.keyboard.press('Tab');
  expect(await focusedPanel(page)).toBe('memory');
});
