// The kernel log of a long run in the browser: text-poke-0xf0 opened right after its last finding
// prints about 5,700 lines. The terminal shows the finding's report from its first line at once
// (from the last few hundred lines), and the whole scrollback (the last 5,000 lines) joins it later
// without moving what is shown: every frame painted keeps the report's first line at the top.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { KernscopeCore } from '../src/worker/core.ts';

const core = new KernscopeCore();
const opened = core.open(readFileSync(new URL('../scenarios/text-poke-0xf0.json', import.meta.url), 'utf8'));
if (!opened.ok) throw new Error('text-poke-0xf0 does not load');
const { run, info } = opened;
const last = info.findings.reduce((m, f) => Math.max(m, f.event), -1);
const at = last + 1;
const lines = core.view(run, 'dmesg', { from: 0, to: Number.MAX_SAFE_INTEGER }, at);
const report = lines.find((l) => l.event === last)!;
/** The first line the terminal keeps (5,000 lines of scrollback). */
const kept = lines[Math.max(0, lines.length - 5000)]!;
const stamp = (l: { line: string }) => /^\[[ 0-9.]+\]/.exec(l.line)![0];

const term = (page: Page) => page.getByTestId('dmesg');
const firstRow = (page: Page) => term(page).locator('.xterm-rows > div').first();

test('a long log shows the report at once, then its whole scrollback, the view never moving', async ({ page }) => {
  expect(lines.length).toBeGreaterThan(5000);
  // once painted, each frame: which terminal element is shown and its first row
  await page.addInitScript(() => {
    const w = window as unknown as { shownRows: [number, string][] };
    w.shownRows = [];
    const ids = new WeakMap<Element, number>();
    let terminals = 0;
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      const el = document.querySelector('[data-testid="dmesg"] .xterm');
      if (el === null) return;
      if (!ids.has(el)) ids.set(el, terminals++);
      const row = el.querySelector('.xterm-rows > div')?.textContent ?? '';
      const prev = w.shownRows.at(-1);
      if (prev === undefined || prev[0] !== ids.get(el) || prev[1] !== row) w.shownRows.push([ids.get(el)!, row]);
    };
    const frame = () => {
      ch.port2.postMessage(0);
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
  await page.goto(`/?scenario=text-poke-0xf0&at=${at}`);
  await expect(firstRow(page)).toContainText(report.line.slice(0, 60), { timeout: 60_000 });
  // the terminal with the whole scrollback replaces the first one
  await expect.poll(() => page.evaluate(() => (window as unknown as { shownRows: [number, string][] }).shownRows.some((r) => r[0] > 0)), { timeout: 30_000 }).toBe(true);
  const shown = await page.evaluate(() => (window as unknown as { shownRows: [number, string][] }).shownRows);
  const from = shown.findIndex((r) => r[1].startsWith(report.line.slice(0, 60)));
  expect(shown.slice(from).every((r) => r[1].startsWith(report.line.slice(0, 60)))).toBe(true);
  expect(new Set(shown.map((r) => r[0]))).toEqual(new Set([0, 1]));

  // the earliest line kept is there, above the last few hundred
  const search = page.getByLabel('Search dmesg');
  await search.fill(stamp(kept));
  await expect(page.getByLabel('Matches', { exact: true })).toHaveText(/^1 of 1/);
  await expect(firstRow(page)).not.toContainText(report.line.slice(0, 60));
  const box = (await term(page).boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await expect(async () => {
    await page.mouse.wheel(0, -100_000);
    await expect(firstRow(page)).toContainText(kept.line.slice(0, 40), { timeout: 500 });
  }).toPass({ timeout: 10_000 });
});
