// The timeline in the browser: the ruler's window text, zooming from the whole run down to single
// events and back (keys, buttons, wheel), panning (keys, dragging the ruler), the lanes per CPU
// and per task, and a bookmark that survives a share link. Facts come from running the bundled
// scenarios in-process, as the worker does.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { KernscopeCore } from '../src/worker/core.ts';
import type { EventFacets, RunInfo, SimEvent } from '../src/worker/protocol.ts';

interface Facts {
  info: RunInfo;
  facets: EventFacets;
  events: (from: number, to: number) => SimEvent[];
}

function facts(name: string): Facts {
  const core = new KernscopeCore();
  const r = core.open(readFileSync(new URL(`../scenarios/${name}.json`, import.meta.url), 'utf8'));
  if (!r.ok) throw new Error(`${name} does not load: ${JSON.stringify(r.errors)}`);
  return { info: r.info, facets: core.view(r.run, 'eventFacets', {}, r.info.total), events: (from, to) => core.view(r.run, 'events', { from, to }, r.info.total) };
}

const SHOTS = process.env.KERNSCOPE_SHOTS ?? 'test-results/shots';
const cursor = (page: Page) => page.getByLabel('Cursor', { exact: true });
const slider = (page: Page) => page.getByRole('slider', { name: 'Timeline' });
const range = (page: Page) => page.locator('.timeline .tl-range');

async function ready(page: Page): Promise<void> {
  await expect(page.getByLabel('Current event', { exact: true })).toBeVisible();
}

async function shown(page: Page): Promise<{ from: number; to: number }> {
  const tl = slider(page);
  return { from: Number(await tl.getAttribute('data-from')), to: Number(await tl.getAttribute('data-to')) };
}

let poke: Facts;
let abba: Facts;
test.beforeAll(() => {
  poke = facts('text-poke-0xf0');
  abba = facts('lockdep-abba');
});

test('text-poke-0xf0: zoom from the whole run to single events and back, the range text follows, pan', async ({ page }) => {
  const total = poke.info.total;
  const at = 70000;
  await page.goto(`/?scenario=text-poke-0xf0&at=${at}`);
  await ready(page);
  await expect(range(page)).toHaveText(new RegExp(`^events 0–${total} of ${total} · 0\\.\\d+s–\\d+\\.\\d+s$`));
  // the ruler ticks event numbers and seconds
  await expect(page.locator('.tl-ruler .tl-tick-event text').first()).toHaveText('0');
  await expect(page.locator('.tl-ruler .tl-tick-time text').first()).toHaveText(/^\d+\.\d+s$/);
  await page.screenshot({ path: `${SHOTS}/timeline-whole-run.png`, clip: (await page.locator('.timeline').boundingBox())! });

  // + zooms around the cursor while the timeline has focus, down to a window of 16 events
  await slider(page).focus();
  for (let i = 0; i < 16; i++) await page.keyboard.press('+');
  await expect.poll(async () => (await shown(page)).to - (await shown(page)).from).toBe(16);
  const w = await shown(page);
  expect(w.from).toBeLessThanOrEqual(at);
  expect(w.to).toBeGreaterThanOrEqual(at);
  await expect(cursor(page)).toHaveAttribute('data-cursor', String(at));
  await expect(range(page)).toHaveText(new RegExp(`^events ${w.from}–${w.to} of ${total} · \\d+\\.\\d{6}s–\\d+\\.\\d{6}s$`));
  // each event its own column, its kind on hover
  const cols = page.locator('.tl-events rect.tl-event');
  await expect(cols).toHaveCount(16);
  const evs = poke.events(w.from, w.to);
  await expect(cols.first()).toHaveAttribute('data-kind', evs[0]!.kind);
  await expect(cols.nth(5).locator('title')).toHaveText(`event ${w.from + 5}: ${evs[5]!.kind} (${evs[5]!.task} on CPU ${evs[5]!.cpu})`);
  await page.screenshot({ path: `${SHOTS}/timeline-single-events.png`, clip: (await page.locator('.timeline').boundingBox())! });

  // ] pans by a quarter of the window, [ back
  await page.keyboard.press(']');
  await expect.poll(async () => (await shown(page)).from).toBe(w.from + 4);
  await page.keyboard.press('[');
  await expect.poll(async () => (await shown(page)).from).toBe(w.from);
  // dragging the ruler to the left pans later in the run
  const ruler = page.locator('svg.tl-ruler');
  const rb = (await ruler.boundingBox())!;
  await page.mouse.move(rb.x + rb.width * 0.7, rb.y + 10);
  await page.mouse.down();
  await page.mouse.move(rb.x + rb.width * 0.4, rb.y + 10, { steps: 4 });
  await page.mouse.up();
  await expect.poll(async () => (await shown(page)).from).toBeGreaterThan(w.from);
  // shift+wheel pans too, the wheel zooms out around the pointer
  const before = await shown(page);
  const sb = (await slider(page).boundingBox())!;
  await page.mouse.move(sb.x + sb.width / 2, sb.y + 30);
  await page.keyboard.down('Shift');
  await page.mouse.wheel(0, -400);
  await page.keyboard.up('Shift');
  await expect.poll(async () => (await shown(page)).from).toBeLessThan(before.from);
  await page.mouse.wheel(0, 600);
  await expect.poll(async () => (await shown(page)).to - (await shown(page)).from).toBeGreaterThan(16);

  // − zooms out, "whole run" resets, 0 too
  await page.getByRole('button', { name: 'Zoom the timeline out' }).click();
  await page.getByRole('button', { name: 'whole run', exact: true }).click();
  await expect.poll(() => shown(page)).toEqual({ from: 0, to: total });
  await expect(range(page)).toHaveText(new RegExp(`^events 0–${total} of ${total}`));
  await expect(cols).toHaveCount(0);
  await slider(page).focus();
  await page.keyboard.press('+');
  await expect.poll(async () => (await shown(page)).to).toBeLessThan(total);
  await page.keyboard.press('0');
  await expect.poll(() => shown(page)).toEqual({ from: 0, to: total });
  // ←/→ still step the cursor while the timeline has focus
  await page.keyboard.press('ArrowRight');
  await expect(cursor(page)).toHaveAttribute('data-cursor', String(at + 1));
});

test('lockdep-abba and text-poke-0xf0: lanes per CPU and per task that collapse and expand', async ({ page }) => {
  await page.goto('/?scenario=lockdep-abba');
  await ready(page);
  const tl = slider(page);
  const cpuLanes = tl.locator('.tl-task-lane[data-lane^="cpu:"]');
  const taskLanes = tl.locator('.tl-task-lane[data-lane^="task:"]');
  // collapsed until asked for, so the views below keep their room
  const lanesButton = page.getByRole('button', { name: /CPU\/task lanes/ });
  await expect(lanesButton).toHaveAttribute('aria-expanded', 'false');
  await expect(tl.locator('.tl-task-lane')).toHaveCount(0);
  await lanesButton.click();
  await expect(cpuLanes).toHaveCount(abba.facets.cpus.length);
  expect(abba.facets.cpus.length).toBeGreaterThan(1);
  await expect(taskLanes).toHaveCount(abba.facets.tasks.length);
  await expect(cpuLanes.first().locator('.tl-lane-name')).toHaveText(`CPU ${abba.facets.cpus[0]}`);
  // every event is counted once among the CPUs and once among the tasks
  const sum = async (l: typeof cpuLanes) => (await l.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-events'))))).reduce((a, b) => a + b, 0);
  expect(await sum(cpuLanes)).toBe(abba.info.total);
  expect(await sum(taskLanes)).toBe(abba.info.total);
  await lanesButton.click();
  await expect(tl.locator('.tl-task-lane')).toHaveCount(0);
  await lanesButton.click();
  await expect(cpuLanes).toHaveCount(abba.facets.cpus.length);

  // a long run: a few hundred rects per lane at most, whatever the events
  await page.goto('/?scenario=text-poke-0xf0');
  await ready(page);
  await page.getByRole('button', { name: /CPU\/task lanes/ }).click();
  // the busiest tasks of the window first, the others on asking
  expect(poke.facets.tasks.length).toBeGreaterThan(8);
  await expect(taskLanes).toHaveCount(8);
  await tl.locator('.tl-lane-more').click();
  await expect(taskLanes).toHaveCount(poke.facets.tasks.length);
  expect(await tl.locator('rect.tl-lane-bucket').count()).toBeLessThan(600 * (poke.facets.tasks.length + poke.facets.cpus.length));
  await expect(tl.locator('.tl-lane[data-lane="text_poke"]')).toHaveCount(1);
  await page.screenshot({ path: `${SHOTS}/timeline-lanes-text-poke.png`, clip: (await page.locator('.timeline').boundingBox())! });
});

test('a bookmark is added at the cursor, named, gone to, and survives a share link', async ({ page, context }) => {
  await page.goto('/?scenario=lockdep-abba&at=20');
  await ready(page);
  await slider(page).focus();
  await page.keyboard.press('b');
  const marks = page.getByRole('list', { name: 'Bookmarks' }).getByRole('listitem');
  await expect(marks).toHaveCount(1);
  await expect(marks.first()).toHaveAttribute('data-event', '20');
  await page.getByRole('button', { name: 'Rename the bookmark event 20' }).click();
  const name = page.getByLabel('Name of the bookmark at event 20');
  await name.fill('second lock, B then A');
  await name.press('Enter');
  await expect(marks.first().locator('button.go')).toHaveText('second lock, B then A');
  await page.getByRole('button', { name: 'Step back', exact: true }).click();
  await page.getByRole('button', { name: '+ bookmark' }).click();
  await expect(marks).toHaveCount(2);
  await expect(page.locator('.tl-ruler .tl-bookmark-flag')).toHaveCount(2);
  await marks.nth(1).locator('button.go').click();
  await expect(cursor(page)).toHaveAttribute('data-cursor', '20');

  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const url = await page.getByRole('textbox', { name: 'Share link' }).inputValue();
  expect(url).toMatch(/&bm=19\.event\+19\*20\.second\+lock%2C\+B\+then\+A$/);
  const again = await context.newPage();
  await again.goto(url);
  await ready(again);
  const restored = again.getByRole('list', { name: 'Bookmarks' }).getByRole('listitem');
  await expect(restored).toHaveCount(2);
  await expect(restored.nth(1).locator('button.go')).toHaveText('second lock, B then A');
  await restored.first().locator('button.go').click();
  await expect(again.getByLabel('Cursor', { exact: true })).toHaveAttribute('data-cursor', '19');

  // a corrupt parameter is ignored: the link still opens, without bookmarks
  const broken = await context.newPage();
  await broken.goto(url.replace(/&bm=[^&]*/, '&bm=19.%25E0%25A4%25A*zz'));
  await ready(broken);
  await expect(broken.getByLabel('Cursor', { exact: true })).toHaveAttribute('data-cursor', '20');
  await expect(broken.getByRole('list', { name: 'Bookmarks' }).getByRole('listitem')).toHaveCount(0);
});
