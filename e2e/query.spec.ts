// The Query view in the browser: SQL over the run's tables in the worker, a click on a row that
// names an event moves the cursor, SQLite's errors are shown and the worker keeps answering, the
// SQL is kept across a reload, and sql.js is fetched only when a query runs.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { KernscopeCore } from '../src/worker/core.ts';

const SHOTS = 'test-results/query';
const cursor = (page: Page) => page.getByLabel('Cursor', { exact: true });
const grid = (page: Page) => page.getByRole('grid', { name: 'Query results' });
const sql = (page: Page) => page.getByRole('textbox', { name: 'SQL' });

const core = new KernscopeCore();
const opened = core.open(readFileSync(new URL('../scenarios/slub-redzone-overwrite.json', import.meta.url), 'utf8'));
if (!opened.ok) throw new Error('slub-redzone-overwrite does not load');
const { run, info } = opened;
const kinds = core.view(run, 'eventFacets', {}, 0).kinds;

async function openQuery(page: Page): Promise<void> {
  await expect(page.getByLabel('Current event', { exact: true })).toBeVisible();
  await page.getByRole('tab', { name: 'Query', exact: true }).click();
  await expect(sql(page)).toBeVisible();
}

test('a query runs in the worker, its rows name events, and a click moves the cursor there', async ({ page }) => {
  const fetched: string[] = [];
  page.on('request', (r) => fetched.push(r.url()));
  await page.goto('/?scenario=slub-redzone-overwrite&at=5');
  await expect(page.getByLabel('Current event', { exact: true })).toBeVisible();
  // SQLite is not part of what the page loads first
  expect(fetched.filter((u) => /sql-wasm/.test(u))).toEqual([]);
  await openQuery(page);
  expect(fetched.filter((u) => /sql-wasm/.test(u))).toEqual([]);

  await sql(page).fill('SELECT event, kind, title FROM findings ORDER BY id');
  await sql(page).press('Control+Enter');
  const rows = grid(page).locator('.q-rows [role=row]');
  await expect(rows).toHaveCount(info.findings.length);
  await expect(page.getByRole('status')).toContainText(`${info.findings.length} row`);
  expect(fetched.some((u) => /sql-wasm-browser-.*\.wasm$/.test(u))).toBe(true);
  const f = info.findings[0]!;
  await expect(rows.first()).toHaveAttribute('data-event', String(f.event));
  await expect(rows.first()).toContainText(f.kind);
  await page.screenshot({ path: `${SHOTS}/findings.png` });
  await rows.first().click();
  await expect(cursor(page)).toHaveAttribute('data-cursor', String(f.event + 1));
  await expect(rows.first()).toHaveClass(/here/);

  // an example: events per kind, one row a kind
  await page.getByRole('combobox', { name: 'Example queries' }).selectOption('events per kind');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(rows).toHaveCount(kinds.length);
  await expect(rows.first()).toContainText(kinds[0]!.kind);
  await expect(rows.first()).not.toHaveAttribute('data-event', /.*/);
});

test('bad SQL shows SQLite message, the worker keeps answering, and the SQL is kept across a reload', async ({ page }) => {
  await page.goto('/?scenario=slub-redzone-overwrite');
  await openQuery(page);
  await sql(page).fill('SELEC kind FROM events');
  await sql(page).press('Control+Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'SQLite:' })).toContainText('syntax error');
  await page.screenshot({ path: `${SHOTS}/error.png` });
  await sql(page).fill("SELECT seq, kind FROM events WHERE kind = 'mem.write'");
  await sql(page).press('Control+Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'SQLite:' })).toHaveCount(0);
  await expect(grid(page).locator('.q-rows [role=row]').first()).toContainText('mem.write');
  // a limit: at most 100 rows of every event, and a note that more were left
  await page.getByRole('combobox', { name: 'Row limit' }).selectOption('100');
  await sql(page).fill('SELECT seq FROM events');
  await sql(page).press('Control+Enter');
  await expect(page.getByRole('status')).toContainText(info.total > 100 ? 'more were left' : `${info.total} rows`);
  await page.reload();
  await openQuery(page);
  await expect(sql(page)).toHaveValue('SELECT seq FROM events');
});
