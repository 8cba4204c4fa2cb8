// Finding any event and landing on the evidence, in the browser: the event list (filters, a click,
// following the cursor), dmesg search and a click on a line's timestamp, a finding landing before
// SLUB's FIX with its bytes still corrupt, and the next write to a byte. Event numbers come from
// running the bundled scenario in-process, as the worker does.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { KernscopeCore } from '../src/worker/core.ts';

const SHOTS = 'test-results/events';
const cursor = (page: Page) => page.getByLabel('Cursor', { exact: true });
const list = (page: Page) => page.getByRole('listbox', { name: 'Events' });
const term = (page: Page) => page.getByTestId('dmesg');

const core = new KernscopeCore();
const opened = core.open(readFileSync(new URL('../scenarios/slub-redzone-overwrite.json', import.meta.url), 'utf8'));
if (!opened.ok) throw new Error('slub-redzone-overwrite does not load');
const { run, info } = opened;
const redzone = info.findings.findIndex((f) => f.kind === 'slub.redzone_overwritten');
const finding = info.findings[redzone]!;
const landing = core.view(run, 'findingLanding', { finding: redzone }, info.total)!;
const kunit = core.view(run, 'eventQuery', { task: 'kunit_try_catch', from: 0, to: 1000 }, 0);
const bugLine = core.view(run, 'dmesg', { from: 0, to: 100000 }, info.total).findIndex((l) => l.text.startsWith('BUG TestSlub_RZ_alloc'));

async function ready(page: Page): Promise<void> {
  await expect(page.getByLabel('Current event', { exact: true })).toBeVisible();
}

/** A key for the page itself, not the field that has focus. */
async function pageKey(page: Page, key: string): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press(key);
}

async function openEvents(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Events', exact: true }).click();
  await expect(list(page)).toBeVisible();
}

test('the event list filters by task and text, a click moves the cursor, and the list follows the cursor', async ({ page }) => {
  await page.goto('/?scenario=slub-redzone-overwrite&at=5');
  await ready(page);
  await openEvents(page);
  await expect(page.getByLabel('Matching events')).toHaveText(`${info.total} events`);
  // the event at the cursor is highlighted
  await expect(list(page).locator('[aria-current=true]')).toHaveAttribute('data-event', '4');

  await page.getByRole('combobox', { name: 'Task' }).selectOption('kunit_try_catch');
  await expect(page.getByLabel('Matching events')).toHaveText(`${kunit.total} of ${info.total}`);
  const rows = list(page).getByRole('option');
  await expect(rows.first()).toContainText('kunit_try_catch');
  const pick = kunit.rows[3]!;
  await list(page).locator(`[data-event="${pick.index}"]`).click();
  await expect(cursor(page)).toHaveAttribute('data-cursor', String(pick.index + 1));
  await expect(list(page).locator('[aria-current=true]')).toHaveAttribute('data-event', String(pick.index));

  // text too: only the write step's event
  await page.getByLabel('Event text').fill('mem.write');
  await expect(page.getByLabel('Matching events')).toHaveText(new RegExp(`^\\d+ of ${info.total}$`));
  await expect(rows.first()).toContainText('mem.write');
  await page.screenshot({ path: `${SHOTS}/event-list-filtered.png` });
  await page.getByRole('button', { name: 'clear', exact: true }).click();
  await expect(page.getByLabel('Matching events')).toHaveText(`${info.total} events`);

  // the list follows the cursor: End brings the last event into view, highlighted
  await pageKey(page, 'End');
  await expect(cursor(page)).toHaveAttribute('data-cursor', String(info.total));
  const last = list(page).locator(`[data-event="${info.total - 1}"]`);
  await expect(last).toBeInViewport();
  await expect(last).toHaveAttribute('aria-current', 'true');
  await pageKey(page, 'ArrowLeft');
  await expect(list(page).locator('[aria-current=true]')).toHaveAttribute('data-event', String(info.total - 2));

  // keyboard: ↑ and Enter on the list go to the row above the one the list follows
  await expect(list(page).locator('.ev-row.active')).toHaveAttribute('data-event', String(info.total - 2));
  await list(page).focus();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect(cursor(page)).toHaveAttribute('data-cursor', String(info.total - 2));
  await page.screenshot({ path: `${SHOTS}/event-list-end.png` });
});

test('dmesg: search with next and previous, and a click on a line goes to the event that printed it', async ({ page }) => {
  await page.goto(`/?scenario=slub-redzone-overwrite&at=${info.total}`);
  await ready(page);
  await expect(term(page).locator('.xterm-rows')).toContainText('FIX TestSlub_RZ_kmalloc');
  const search = page.getByLabel('Search dmesg');
  await search.fill('redzone overwritten');
  const found = page.getByLabel('Matches', { exact: true });
  await expect(found).toHaveText(/^\d+ of 2$/);
  const first = await found.textContent();
  await search.press('Enter');
  await expect(found).not.toHaveText(first!);
  const second = await found.textContent();
  await search.press('Shift+Enter');
  await expect(found).toHaveText(first!);
  await page.getByRole('button', { name: 'Next match' }).click();
  await expect(found).toHaveText(second!);
  // the matches are highlighted in the terminal
  await expect(term(page).locator('.xterm-decoration-top, .xterm-decoration').first()).toBeAttached();
  await page.screenshot({ path: `${SHOTS}/dmesg-search.png` });

  // save the log and the report at the cursor
  const [log] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save', exact: true }).click()]);
  expect(log.suggestedFilename()).toBe(`slub-redzone-overwrite-dmesg-at-${info.total}.txt`);
  const text = readFileSync((await log.path())!, 'utf8');
  expect(text).toContain('BUG TestSlub_RZ_alloc (Not tainted): Right Redzone overwritten\n');
  expect(text).toMatch(/^\[    0\.000000\] Linux version/);
  const [rep] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save report' }).click()]);
  expect(rep.suggestedFilename()).toBe(`slub-redzone-overwrite-report-at-${info.total}.json`);
  const report = JSON.parse(readFileSync((await rep.path())!, 'utf8')) as { findings: { kind: string }[] };
  expect(report.findings.map((f) => f.kind)).toEqual(['slub.redzone_overwritten', 'slub.redzone_overwritten']);

  // a click on the BUG line's timestamp: the cursor goes just after the event that printed it
  await search.fill('BUG TestSlub_RZ_alloc');
  await expect(found).toHaveText('1 of 1');
  const row = term(page).locator('.xterm-rows > div').filter({ hasText: 'BUG TestSlub_RZ_alloc' }).first();
  // the screen above the rows takes the mouse: point at the timestamp's place
  const box = (await row.boundingBox())!;
  await page.mouse.move(box.x + 30, box.y + box.height / 2);
  await page.mouse.click(box.x + 30, box.y + box.height / 2);
  const printed = info.findings[redzone]!.event;
  expect(bugLine).toBeGreaterThan(0);
  await expect(cursor(page)).toHaveAttribute('data-cursor', String(printed + 1));
  await expect(term(page).locator('.xterm-rows')).toContainText('BUG TestSlub_RZ_alloc');
});

test('a finding lands before FIX with its bytes still corrupt, and the next write to the byte is the fix-up', async ({ page }) => {
  expect(landing.cursor).toBe(finding.event);
  await page.goto(`/?scenario=slub-redzone-overwrite&at=${info.total}`);
  await ready(page);
  await page.getByRole('list', { name: 'Findings before the cursor' }).getByRole('button').first().click();
  await expect(cursor(page)).toHaveAttribute('data-cursor', String(landing.cursor));
  // SLUB has not printed the report or restored the red zone yet
  const search = page.getByLabel('Search dmesg');
  const found = page.getByLabel('Matches', { exact: true });
  await search.fill('FIX TestSlub_RZ_alloc');
  // not in the terminal yet; the run prints it right after the cursor
  await expect(found).toHaveText('no match · 1 later');
  const sel = page.getByRole('region', { name: 'Bytes' }).locator('.hbytes .b.sel');
  await expect(sel).toHaveCount(1);
  await expect(sel).toHaveText('12');
  await expect(page.getByLabel('Byte', { exact: true })).toContainText(String(finding.fields.addr));
  await page.screenshot({ path: `${SHOTS}/finding-landing.png` });

  // the next write to the picked byte is SLUB's fix-up, restoring 0xcc
  await page.getByRole('button', { name: 'Next write to the byte' }).click();
  await expect(cursor(page)).toHaveAttribute('data-cursor', String(finding.event + 1));
  await expect(page.getByRole('region', { name: 'Bytes' }).locator('.hbytes .b.pin')).toHaveText('cc');
  await search.press('Enter');
  await expect(found).toHaveText('1 of 1');
  await expect(term(page).locator('.xterm-rows')).toContainText('FIX TestSlub_RZ_alloc: Restoring Right Redzone');
  // and back (w/W): the scenario's own store of 0x12
  await pageKey(page, 'Shift+W');
  await expect(page.getByRole('region', { name: 'Bytes' }).locator('.hbytes .b.pin')).toHaveText('12');
  const back = Number(await cursor(page).getAttribute('data-cursor'));
  expect(back).toBeLessThan(finding.event);

  // n and N step between the findings' landings
  await pageKey(page, 'n');
  await expect(cursor(page)).toHaveAttribute('data-cursor', String(landing.cursor));
  await pageKey(page, 'n');
  const next = core.view(run, 'findingStep', { dir: 1 }, landing.cursor)!;
  await expect(cursor(page)).toHaveAttribute('data-cursor', String(next.cursor));
  // s goes over a whole scenario step
  const over = core.view(run, 'stepBoundary', { dir: 1 }, next.cursor);
  await page.getByRole('button', { name: 'Over a scenario step', exact: true }).click();
  await expect(cursor(page)).toHaveAttribute('data-cursor', String(over));
  await page.screenshot({ path: `${SHOTS}/next-finding.png` });
});

test('in a long run the event list scrolls to follow the cursor', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/?scenario=text-poke-0xf0&at=200');
  await expect(cursor(page)).toHaveAttribute('data-cursor', '200', { timeout: 150_000 });
  // the moment is drawn as soon as the run reaches it; the run's end comes later
  await expect(page.getByRole('status', { name: 'Run in progress' })).toHaveCount(0, { timeout: 150_000 });
  await openEvents(page);
  await expect(list(page).locator('[data-event="199"]')).toBeInViewport();
  await pageKey(page, 'End');
  const total = Number((await cursor(page).getAttribute('data-cursor'))!);
  expect(total).toBeGreaterThan(5000);
  await expect(list(page).locator(`[data-event="${total - 1}"]`)).toBeInViewport();
  await expect(list(page).locator('[aria-current=true]')).toHaveAttribute('data-event', String(total - 1));
  await pageKey(page, 'Home');
  await pageKey(page, 'ArrowRight');
  // the first row shows whole, below the column header
  await expect(list(page).locator('[data-event="0"]')).toBeInViewport({ ratio: 1 });
  const head = (await list(page).locator('.ev-header').boundingBox())!;
  const first = (await list(page).locator('[data-event="0"]').boundingBox())!;
  expect(first.y).toBeGreaterThanOrEqual(head.y + head.height - 1);
  await page.screenshot({ path: `${SHOTS}/event-list-long.png` });
});
