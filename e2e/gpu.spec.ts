// Seed 000 in the browser: the VRAM map of nouveau-suspend-eviction with the buffers evicted to
// GART and the one whose eviction failed, a buffer's history, the eviction lane of the timeline
// scrubbed and zoomed, the framebuffer drawn before suspend and after resume (garbage), and the
// function_graph listing and profile at the cursor. Event numbers come from running the bundled
// scenario in-process, as the worker does.
import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { KernscopeCore } from '../src/worker/core.ts';
import type { RunInfo, ViewAnswer } from '../src/worker/protocol.ts';

const cursor = (page: Page) => page.getByLabel('Cursor', { exact: true });
const vram = (page: Page) => page.getByRole('region', { name: 'VRAM' });

interface Story {
  info: RunInfo;
  end: ViewAnswer<'vramMap'>;
}

let s: Story;
test.beforeAll(() => {
  const core = new KernscopeCore();
  const r = core.open(readFileSync(new URL('../scenarios/nouveau-suspend-eviction.json', import.meta.url), 'utf8'));
  if (!r.ok) throw new Error(`nouveau-suspend-eviction does not load: ${JSON.stringify(r.errors)}`);
  s = { info: r.info, end: core.view(r.run, 'vramMap', {}, r.info.total) };
});

async function ready(page: Page): Promise<void> {
  await expect(page.getByLabel('Current event', { exact: true })).toBeVisible();
}

async function center(l: Locator): Promise<{ x: number; y: number }> {
  const b = await l.boundingBox();
  if (!b) throw new Error('not laid out');
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

/** The share of pixels whose color differs between two canvases of the page (1 when their sizes differ), measured in the page. */
async function differ(a: Locator, b: Locator): Promise<number> {
  const other = await b.elementHandle();
  return a.evaluate((el, o) => {
    const read = (c: HTMLCanvasElement) => c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const x = read(el as HTMLCanvasElement);
    const y = read(o as HTMLCanvasElement);
    if (x.length !== y.length || x.length === 0) return 1;
    let d = 0;
    for (let i = 0; i < x.length; i += 4) if (x[i] !== y[i] || x[i + 1] !== y[i + 1] || x[i + 2] !== y[i + 2]) d++;
    return d / (x.length / 4);
  }, other);
}

/** The canvas's size and its top-left pixel. */
async function corner(l: Locator): Promise<{ width: number; height: number; rgba: number[] }> {
  return l.evaluate((el) => {
    const c = el as HTMLCanvasElement;
    return { width: c.width, height: c.height, rgba: [...c.getContext('2d')!.getImageData(0, 0, 1, 1).data] };
  });
}

test('nouveau-suspend-eviction: the VRAM map with the evicted and the failed buffers, and a buffer’s history', async ({ page }) => {
  const total = s.info.total;
  await page.goto(`/?scenario=nouveau-suspend-eviction&at=${total}`);
  await ready(page);
  await expect(cursor(page)).toHaveAttribute('data-cursor', String(total));
  // a GPU run opens on the VRAM view, and offers the framebuffer and the function graph
  await expect(page.getByRole('tab', { name: 'VRAM' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tab', { name: 'Framebuffer' })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Function graph' })).toBeVisible();
  await expect(vram(page)).toHaveAttribute('data-cursor', String(total));
  const states = vram(page).getByLabel('Buffer states');
  await expect(states.locator('[data-state="evicted"]')).toHaveAttribute('data-count', '9');
  await expect(states.locator('[data-state="failed"]')).toHaveAttribute('data-count', '1');
  const list = vram(page).getByRole('list', { name: 'Buffers to look at' });
  await expect(list.locator('[data-state="evicted"]')).toHaveCount(9);
  await expect(list.locator('[data-state="failed"]')).toHaveAttribute('data-bo', 'ff-tex5');

  // a click on ff-tex5's block on the canvas picks it: its facts and the events that moved it
  const tex5 = s.end.bos.find((b) => b.name === 'ff-tex5')!;
  expect(tex5.state).toBe('failed');
  const canvas = vram(page).getByRole('img', { name: 'VRAM map' });
  const num = async (a: string) => Number(await canvas.getAttribute(a));
  const rowBytes = await num('data-row-bytes');
  const x = (await num('data-gutter')) + ((tex5.offset % rowBytes) / 4096) * (await num('data-px-per-page')) + 2;
  const y = (await num('data-vram-top')) + Math.floor(tex5.offset / rowBytes) * (await num('data-row-pitch')) + (await num('data-row-h')) / 2;
  await canvas.hover({ position: { x, y } });
  await expect(vram(page).getByLabel('Buffer under the mouse')).toContainText('ff-tex5');
  await expect(vram(page).getByLabel('Buffer under the mouse')).toContainText('-EINVAL');
  await canvas.click({ position: { x, y } });
  const side = vram(page).getByLabel('Buffer', { exact: true });
  await expect(side.locator('.bo-head b')).toHaveText('ff-tex5');
  await expect(side).toContainText('beyond BAR1');
  const history = side.getByRole('list', { name: 'Buffer history' });
  await expect(history).toContainText('ttm_bo_evict(): out of VRAM');
  await expect(history).toContainText('eviction failed: -EINVAL');
  // a row goes to just after its event: inside the eviction, ff-tex5 is evicting
  const evict = history.locator('[data-kind="ttm.evict"]');
  const ev = Number(await evict.getAttribute('data-event'));
  await evict.click();
  await expect(cursor(page)).toHaveAttribute('data-cursor', String(ev + 1));
  await expect(side).toContainText('evicting');
  await expect(states.locator('[data-state="evicting"]')).toHaveAttribute('data-count', '1');
});

test('nouveau-suspend-eviction: the eviction lane of the timeline, scrubbed and zoomed', async ({ page }) => {
  const lanes = s.info.gpu!.lanes;
  expect(lanes.map((l) => [l.mem, l.priority])).toEqual([['VRAM', 0]]);
  const spans = lanes[0]!.spans;
  await page.goto('/?scenario=nouveau-suspend-eviction&at=10');
  await ready(page);
  const tl = page.getByRole('slider', { name: 'Timeline' });
  const lane = tl.locator('.tl-lane[data-lane="evict:VRAM:0"]');
  await expect(lane.locator('.tl-lane-name')).toHaveText('evict VRAM prio 0');
  const marks = lane.locator('rect.tl-evict');
  await expect(marks).toHaveCount(spans.length);
  const failed = lane.locator('rect.tl-evict[data-kind="failed"]');
  await expect(failed).toHaveCount(1);
  await expect(failed).toHaveAttribute('data-bo', 'ff-tex5');
  await expect(lane.locator('rect.tl-evict[data-kind="slow"]')).toHaveCount(spans.filter((x) => x.timedOut && x.outcome === 'moved').length);

  // pressing the failed eviction seeks into it and picks ff-tex5; dragging scrubs back to the first eviction
  const last = spans.at(-1)!;
  const first = spans[0]!;
  const p = await center(failed);
  await page.mouse.move(p.x, p.y);
  await page.mouse.down();
  await expect.poll(async () => Number(await cursor(page).getAttribute('data-cursor'))).toBeGreaterThanOrEqual(last.from);
  expect(Number(await cursor(page).getAttribute('data-cursor'))).toBeLessThanOrEqual(last.to);
  const q = await center(marks.nth(1));
  await page.mouse.move(q.x, q.y, { steps: 5 });
  await page.mouse.up();
  const second = spans[1]!;
  await expect.poll(async () => Number(await cursor(page).getAttribute('data-cursor'))).toBeLessThanOrEqual(second.to);
  expect(Number(await cursor(page).getAttribute('data-cursor'))).toBeGreaterThanOrEqual(first.from);
  await expect(vram(page).getByLabel('Buffer', { exact: true }).locator('.bo-head b')).toHaveText('ff-tex5');

  // a double-click zooms the timeline to that eviction
  await marks.nth(1).dblclick();
  const len = second.to - second.from;
  await expect.poll(async () => Number(await tl.getAttribute('data-from'))).toBeGreaterThan(second.from - len * 0.1);
  expect(Number(await tl.getAttribute('data-from'))).toBeLessThanOrEqual(second.from);
  expect(Number(await tl.getAttribute('data-to'))).toBeGreaterThanOrEqual(second.to);
  expect(Number(await tl.getAttribute('data-to'))).toBeLessThan(second.to + len * 0.1);
  // zoomed in, the eviction fills most of the lane
  const lanePx = Number(await lane.locator('.tl-lane-band').getAttribute('width'));
  expect(Number(await lane.locator(`rect.tl-evict[data-from="${second.from}"]`).getAttribute('width'))).toBeGreaterThan(lanePx * 0.8);
});

test('nouveau-suspend-eviction: the framebuffer is Xorg’s desktop before suspend and garbage after resume', async ({ page }) => {
  const before = s.info.phases[0]!.from;
  const after = s.info.phases.at(-1)!.to;
  await page.goto(`/?scenario=nouveau-suspend-eviction&at=${before}`);
  await ready(page);
  await page.getByRole('tab', { name: 'Framebuffer' }).click();
  const fb = page.getByRole('region', { name: 'Framebuffer' });
  await expect(fb).toHaveAttribute('data-cursor', String(before));
  const now = fb.getByRole('img', { name: 'Framebuffer at the cursor' });
  await expect(now).toHaveAttribute('data-bo', 'xorg-front');
  await expect(fb.getByLabel('Scanout')).toContainText('Xorg (rendering)');
  const thumbBefore = fb.getByRole('img', { name: 'Framebuffer before suspend' });
  const thumbAfter = fb.getByRole('img', { name: 'Framebuffer after resume' });
  await expect(thumbBefore).toHaveAttribute('data-at', String(before));
  await expect(thumbAfter).toHaveAttribute('data-at', String(after));
  expect(await differ(thumbBefore, thumbAfter)).toBeGreaterThan(0.9);
  // 640x400 of the 1280x800 framebuffer; the top panel of the desktop is 0x303030
  expect(await corner(thumbBefore)).toEqual({ width: 640, height: 400, rgba: [0x30, 0x30, 0x30, 255] });
  await expect.poll(() => differ(now, thumbBefore)).toBe(0);
  await expect(fb.getByLabel('Difference')).toContainText('differ after resume');

  // a click on "after resume" goes there: the cursor's picture is the garbage
  await fb.locator('[data-which="after"]').click();
  await expect(cursor(page)).toHaveAttribute('data-cursor', String(after));
  await expect(fb).toHaveAttribute('data-cursor', String(after));
  await expect(fb.getByLabel('Scanout')).toContainText('VRAM lost in S3');
  await expect.poll(() => differ(now, thumbAfter)).toBe(0);
});

test('nouveau-suspend-eviction: the function graph and the profile follow the cursor', async ({ page }) => {
  const total = s.info.total;
  await page.goto(`/?scenario=nouveau-suspend-eviction&at=${total}`);
  await ready(page);
  await page.getByRole('tab', { name: 'Function graph' }).click();
  const ft = page.getByRole('region', { name: 'Function graph' });
  await expect(ft).toHaveAttribute('data-cursor', String(total));
  await expect(ft.getByLabel('Trace range')).toContainText('since mark “suspend”');
  const profile = ft.getByRole('region', { name: 'Function profile' });
  const row = profile.locator('tr[data-fn="ttm_mem_evict_first"]');
  await expect(row.locator('.c-hits')).toHaveText('10');
  await expect(profile.locator('tr[data-fn="memcpy_fromio"]')).toHaveCount(1);
  // the listing ends at the cursor with the tracer's layout
  const listing = ft.getByRole('region', { name: 'function_graph' });
  await expect(listing.locator('.ft-header')).toContainText('# CPU  DURATION                  FUNCTION CALLS');
  await expect(listing.locator('.ft-line.here')).toHaveCount(1);

  // a click on a function limits the listing to it (set_graph_function)
  await row.getByRole('button', { name: 'ttm_mem_evict_first' }).click();
  await expect(ft.getByLabel('Graph function')).toHaveValue('ttm_mem_evict_first');
  await expect(profile.locator('tbody tr').first()).toHaveAttribute('data-fn', 'ttm_mem_evict_first');

  // earlier, inside the first eviction, only what has happened by then is counted
  const first = s.info.gpu!.lanes[0]!.spans[0]!;
  await page.goto(`/?scenario=nouveau-suspend-eviction&at=${first.to}&graph=ttm_mem_evict_first`);
  await ready(page);
  await page.getByRole('tab', { name: 'Function graph' }).click();
  await expect(ft).toHaveAttribute('data-cursor', String(first.to));
  await expect(ft.getByLabel('Graph function')).toHaveValue('ttm_mem_evict_first');
  await expect(ft.getByLabel('Open at the cursor')).toContainText('ttm_mem_evict_first');
  // a line of the listing goes to its event
  const line = listing.locator('button.ft-line').first();
  const ev = Number(await line.getAttribute('data-event'));
  await line.click();
  await expect(cursor(page)).toHaveAttribute('data-cursor', String(ev + 1));
});

test('a run without a GPU offers no GPU view and no eviction lane', async ({ page }) => {
  await page.goto('/?scenario=slub-redzone-overwrite');
  await ready(page);
  for (const name of ['VRAM', 'Framebuffer', 'Function graph']) await expect(page.getByRole('tab', { name })).toHaveCount(0);
  await expect(page.locator('.tl-evict-lane')).toHaveCount(0);
});
