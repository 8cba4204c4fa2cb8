// Browser figures for npm run bench: the production build served from dist/ and driven in Debian's
// Chromium through playwright-core. Frame times are the main thread's time to make each frame
// while the mouse drags or the wheel pans (startFrames), beside the intervals between frames. The conditions waited
// for read only what the page shows (the cursor, panels' data-cursor, loading texts), so an older
// build of the app can be measured too. Benchmarks, not tests: nothing here asserts.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { encodeShare } from '../src/share/url.ts';
import { bundleFigures } from './bundle.ts';
import { keptBytes } from './keptBytes.ts';
import { churnOf } from './scenario.ts';
import { DIST_OVERRIDE, ROOT, freshAgainstSrc } from './root.ts';
import { serveDir } from './serve.ts';

const VIEWPORT = { width: 1440, height: 900 };
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const RUN_TIMEOUT_MS = 240_000;

export interface BrowserFigures {
  ui_first_render_ms: number | null;
  /** The same link opened again in the same browser profile (a new page): the run kept in IndexedDB. */
  ui_first_render_cached_ms: number | null;
  /** The main thread's time to make a frame while scrubbing (p95; input handling through paint, startFrames). */
  ui_scrub_frame_p95_ms: number | null;
  /** The interval between those frames (p95): at least the display's 16.7 ms. */
  ui_scrub_frame_interval_p95_ms: number | null;
  ui_scrub_events: number | null;
  ui_memmap_frame_p95_ms: number | null;
  ui_memmap_frame_interval_p95_ms: number | null;
  ui_memmap_pfns: number | null;
  bundle_gzip_kb: number | null;
  bundle_files: number | null;
  worker_gzip_kb: number | null;
}

/** The dist/ to serve: KERNSCOPE_BENCH_DIST, or <root>/dist built with `vite build` when missing or older than <root>/src. */
function dist(): string {
  if (DIST_OVERRIDE !== null) return DIST_OVERRIDE;
  const d = join(ROOT, 'dist');
  if (!freshAgainstSrc(join(d, 'index.html'))) {
    const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error(`vite build in ${ROOT} failed (exit ${r.status})`);
  }
  return d;
}

function percentile(xs: number[], p: number): number | null {
  if (xs.length === 0) return null;
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

/** Progress on stderr: the browser figures take minutes on a loaded machine. */
function log(msg: string): void {
  process.stderr.write(`bench: browser: ${msg}\n`);
}

const round1 = (x: number | null): number | null => (x === null ? null : Number(x.toFixed(1)));

/** The event of a scenario's last finding, from the report of the measured checkout's CLI. */
function lastFindingEvent(file: string): { event: number; total: number } {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/kernscope.mjs'), 'run', file, '--json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (!r.stdout.trim().startsWith('{')) throw new Error(`kernscope run ${file} --json printed no report (exit ${r.status}): ${r.stderr.slice(0, 300)}`);
  const report = JSON.parse(r.stdout) as { events: number; findings: { event: number }[] };
  const last = report.findings.reduce((m, f) => Math.max(m, f.event), -1);
  if (last < 0) throw new Error(`${file} has no findings`);
  return { event: last, total: report.events };
}

/**
 * What keeps the page from showing event `at` with every visible panel drawn, or null when it
 * does: the transport's cursor is at it, nothing visible is running, loading or stale, every
 * visible view that says which moment it shows (data-cursor) shows this one, the timeline's value
 * is it, and the memory map's canvas has its tile. Runs in the page.
 */
function notDrawnAt(at: number): string | null {
  const cur = document.querySelector('[aria-label="Cursor"]');
  if (cur === null || cur.getAttribute('data-cursor') !== String(at)) return `cursor at ${cur?.getAttribute('data-cursor') ?? 'none'}`;
  const shown = (e: Element): boolean => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden';
  };
  for (const e of document.querySelectorAll('[role="status"][aria-label="Run in progress"], .panel-loading, .tl-loading, .stale')) if (shown(e)) return `busy: ${e.className || e.getAttribute('aria-label')}`;
  for (const e of document.querySelectorAll('[data-cursor]')) if (shown(e) && e.getAttribute('data-cursor') !== String(at)) return `${e.getAttribute('aria-label') ?? e.className} at ${e.getAttribute('data-cursor')}`;
  const tl = document.querySelector('[role="slider"][aria-label="Timeline"]');
  if (tl !== null && shown(tl) && tl.getAttribute('aria-valuenow') !== String(at)) return `timeline at ${tl.getAttribute('aria-valuenow')}`;
  for (const e of document.querySelectorAll('canvas.map-canvas')) if (shown(e) && !e.getAttribute('data-count')) return 'memory map without its tile';
  const waiting = /Running the scenario…|Loading the [^…]*…|No scenario loaded/.exec(document.body.innerText);
  return waiting === null ? null : `"${waiting[0]}"`;
}

/** Waits (a check every animation frame) until `at` is drawn; ms since navigation start, or an error saying what was missing. */
async function drawnMs(page: Page, at: number): Promise<number> {
  const check = `(() => { const notDrawnAt = ${notDrawnAt.toString()}; return notDrawnAt(${at}) === null ? performance.now() : false; })()`;
  try {
    const h = await page.waitForFunction(check, undefined, { polling: 'raf', timeout: RUN_TIMEOUT_MS });
    return (await h.jsonValue()) as number;
  } catch (e) {
    const why = await page.evaluate(notDrawnAt, at).catch(() => 'page gone');
    const notices = await page.locator('.notice').allTextContents().catch(() => []);
    throw new Error(`not drawn at event ${at} after ${RUN_TIMEOUT_MS / 1000} s: ${why}${notices.length > 0 ? ` (notices: ${notices.join(' | ').slice(0, 300)})` : ''}`, { cause: e });
  }
}

/** A run has finished and its cursor is shown (whatever event it is at). */
function runShown(): boolean {
  const cur = document.querySelector('[aria-label="Cursor"]');
  if (cur === null || (cur.getAttribute('data-cursor') ?? '') === '') return false;
  if (document.querySelector('[role="status"][aria-label="Run in progress"], .tl-loading') !== null) return false;
  const tl = document.querySelector('[role="slider"][aria-label="Timeline"]');
  return tl !== null && Number(tl.getAttribute('aria-valuemax')) > 0;
}

async function fresh(browser: Browser): Promise<Page> {
  // a new context each time: no cache, no layout or drafts kept in IndexedDB from a run before
  const ctx = await browser.newContext({ viewport: VIEWPORT });
  const page = await ctx.newPage();
  // tsx (esbuild) wraps named functions in __name(); the functions passed to the page carry it
  await page.addInitScript('globalThis.__name = (f) => f');
  return page;
}

/**
 * Starts collecting, for each frame, its requestAnimationFrame timestamp and its main-thread time:
 * the input handled for it (from the first wheel, pointer or scroll event since the frame before
 * until a message posted from there runs, i.e. after every handler of that dispatch) plus the
 * frame's own work (from its start until a message posted from it runs, i.e. after its callbacks,
 * style, layout and paint). An interval between frames cannot go below the display's 16.7 ms (nor
 * can it in headless Chromium, whatever its flags); the time a frame takes to make can.
 */
async function startFrames(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { kernscopeBenchFrames: number[]; kernscopeBenchWork: number[]; kernscopeBenchOn: boolean };
    w.kernscopeBenchFrames = [];
    w.kernscopeBenchWork = [];
    w.kernscopeBenchOn = true;
    // input time of the frame being made, and the start of an input dispatch being timed
    let input = 0;
    let inputStart = -1;
    let inputId = 0;
    const afterInput = new MessageChannel();
    afterInput.port1.onmessage = (e: MessageEvent<number>) => {
      if (e.data !== inputId || inputStart < 0) return;
      input += performance.now() - inputStart;
      inputStart = -1;
    };
    const onInput = () => {
      if (inputStart >= 0 || !w.kernscopeBenchOn) return;
      inputStart = performance.now();
      afterInput.port2.postMessage(++inputId);
    };
    for (const type of ['wheel', 'pointermove', 'mousemove', 'pointerdown', 'pointerup', 'scroll']) document.addEventListener(type, onInput, { capture: true, passive: true });
    const afterFrame = new MessageChannel();
    let started = 0;
    let frameInput = 0;
    afterFrame.port1.onmessage = () => w.kernscopeBenchWork.push(frameInput + performance.now() - started);
    const tick = (t: number) => {
      if (!w.kernscopeBenchOn) return;
      w.kernscopeBenchFrames.push(t);
      started = performance.now();
      // input dispatched in this frame, before its callbacks: timed up to here (its message, later, is ignored)
      if (inputStart >= 0) {
        input += started - inputStart;
        inputStart = -1;
      }
      frameInput = input;
      input = 0;
      afterFrame.port2.postMessage(0);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

/** Stops collecting; the intervals between frames and each frame's main-thread time, ms. */
async function stopFrames(page: Page): Promise<{ intervals: number[]; work: number[] }> {
  const { ts, work } = await page.evaluate(() => {
    const w = window as unknown as { kernscopeBenchFrames: number[]; kernscopeBenchWork: number[]; kernscopeBenchOn: boolean };
    w.kernscopeBenchOn = false;
    return { ts: w.kernscopeBenchFrames, work: w.kernscopeBenchWork };
  });
  return { intervals: ts.slice(1).map((t, i) => t - ts[i]!), work };
}

/** Lets the page draw one frame (one input a frame, as a hand on a 60 Hz screen gives). */
function nextFrame(page: Page): Promise<void> {
  return page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => r())));
}

/** Waits until what the page keeps of its run has stopped growing for 1.5 s (at most 20 s: an older build keeps nothing). */
async function keptSettled(page: Page): Promise<void> {
  let last = -2;
  let since = Date.now();
  for (const start = Date.now(); Date.now() - start < 20_000; ) {
    await page.waitForTimeout(250);
    const b = await page.evaluate(keptBytes).catch(() => -1);
    if (b !== last) {
      last = b;
      since = Date.now();
    } else if (b > 0 && Date.now() - since >= 1500) return;
  }
}

/**
 * ui_first_render_ms: navigation to the share URL of text-poke-0xf0 right after its last finding
 * until every visible panel is drawn (median of `runs`), each in a fresh browser profile.
 * ui_first_render_cached_ms: the same link opened again in a new page of that profile, once the
 * first page has kept its run (the page before closed).
 */
async function firstRenderMs(browser: Browser, base: string, runs = 3): Promise<{ cold: number; cached: number | null }> {
  const file = join(ROOT, 'scenarios/text-poke-0xf0.json');
  const { event, total } = lastFindingEvent(file);
  // a click on a finding puts the cursor right after its event
  const at = Math.min(total, event + 1);
  const url = encodeShare(`${base}/`, readFileSync(file, 'utf8'), at);
  const times: number[] = [];
  const cached: number[] = [];
  let failed: unknown = null;
  for (let i = 0; i < runs; i++) {
    const page = await fresh(browser);
    try {
      await page.goto(url, { waitUntil: 'commit' });
      times.push(await drawnMs(page, at));
      log(`first render ${i + 1}/${runs}: ${times.at(-1)!.toFixed(0)} ms`);
      await keptSettled(page);
      await page.close();
      const again = await page.context().newPage();
      await again.addInitScript('globalThis.__name = (f) => f');
      await again.goto(url, { waitUntil: 'commit' });
      cached.push(await drawnMs(again, at));
      log(`first render again ${i + 1}/${runs}: ${cached.at(-1)!.toFixed(0)} ms`);
    } catch (e) {
      failed = e;
      log(`first render ${i + 1}/${runs}: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      await page.context().close();
    }
  }
  // a run that did not finish is left out of the median (and said on stderr); none finished: the error
  if (times.length === 0) throw failed;
  return { cold: percentile(times, 50)!, cached: percentile(cached, 50) };
}

/** ui_scrub_frame_p95_ms: the cursor dragged across the timeline of a 1,000,000-event run. */
async function scrubFrameP95(browser: Browser, base: string, steps = 200): Promise<{ interval: number | null; work: number | null; events: number }> {
  const page = await fresh(browser);
  await page.goto(encodeShare(`${base}/`, churnOf(1_000_000), null));
  await page.waitForFunction(runShown, undefined, { polling: 500, timeout: RUN_TIMEOUT_MS });
  const slider = page.locator('[role="slider"][aria-label="Timeline"]');
  const events = Number(await slider.getAttribute('aria-valuemax'));
  log(`scrub: the run of ${events} events is shown`);
  const box = (await slider.boundingBox())!;
  const y = box.y + Math.min(30, box.height / 2);
  const x0 = box.x + box.width * 0.1;
  const x1 = box.x + box.width * 0.95;
  await page.mouse.move(x0, y);
  await nextFrame(page);
  await startFrames(page);
  await page.mouse.down();
  for (let i = 1; i <= steps; i++) {
    await page.mouse.move(x0 + ((x1 - x0) * i) / steps, y);
    await nextFrame(page);
  }
  await page.mouse.up();
  const frames = await stopFrames(page);
  await page.context().close();
  return { interval: percentile(frames.intervals, 95), work: percentile(frames.work, 95), events };
}

/** A 4 GiB machine: 1,048,576 frames on the memory map, some of them slab pages; the suspend makes the app offer the map. */
function bigMachine(): string {
  return JSON.stringify({
    format: 'kernscope/1',
    name: 'bench-4g-map',
    config: { machine: { ramMiB: 4096 } },
    steps: [{ op: 'repeat', times: 2000, steps: [{ op: 'kmalloc', size: 2048, as: 'a' }] }, { op: 'suspend', to: 'mem' }],
  });
}

/** ui_memmap_frame_p95_ms: the memory map of a 4 GiB machine panned from top to bottom with the wheel. */
async function memmapFrameP95(browser: Browser, base: string, steps = 150): Promise<{ interval: number | null; work: number | null; pfns: number | null }> {
  const page = await fresh(browser);
  await page.goto(encodeShare(`${base}/`, bigMachine(), null));
  await page.waitForFunction(runShown, undefined, { polling: 500, timeout: RUN_TIMEOUT_MS });
  const tab = page.getByRole('tab', { name: 'Memory map' });
  if ((await tab.count()) > 0 && (await tab.first().getAttribute('aria-selected')) !== 'true') await tab.first().click();
  const canvas = page.locator('canvas.map-canvas');
  await page.waitForFunction(() => {
    const c = document.querySelector('canvas.map-canvas');
    return c !== null && (c.getAttribute('data-count') ?? '') !== '';
  }, undefined, { polling: 200, timeout: RUN_TIMEOUT_MS });
  const label = (await canvas.getAttribute('aria-label')) ?? '';
  log(`memory map: ${label}`);
  const pfns = /(\d+) frames/.exec(label);
  const scroller = page.locator('.map-scroll');
  const box = (await scroller.boundingBox())!;
  const range = await scroller.evaluate((e) => e.scrollHeight - e.clientHeight);
  const dy = Math.max(1, Math.ceil(range / steps));
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await nextFrame(page);
  await startFrames(page);
  for (let i = 0; i < steps; i++) {
    await page.mouse.wheel(0, dy);
    await nextFrame(page);
  }
  const frames = await stopFrames(page);
  await page.context().close();
  return { interval: percentile(frames.intervals, 95), work: percentile(frames.work, 95), pfns: pfns === null ? null : Number(pfns[1]) };
}

/** Every browser figure; one that fails is null and its error is in `errors`. */
export async function browserFigures(errors: Record<string, string>): Promise<BrowserFigures> {
  const out: BrowserFigures = {
    ui_first_render_ms: null,
    ui_first_render_cached_ms: null,
    ui_scrub_frame_p95_ms: null,
    ui_scrub_frame_interval_p95_ms: null,
    ui_scrub_events: null,
    ui_memmap_frame_p95_ms: null,
    ui_memmap_frame_interval_p95_ms: null,
    ui_memmap_pfns: null,
    bundle_gzip_kb: null,
    bundle_files: null,
    worker_gzip_kb: null,
  };
  const note = (name: string, e: unknown) => {
    errors[name] = e instanceof Error ? e.message.split('\n')[0]! : String(e);
  };
  let d: string;
  try {
    d = dist();
    Object.assign(out, bundleFigures(d));
  } catch (e) {
    note('bundle', e);
    return out;
  }
  const served = await serveDir(d);
  const browser = await chromium.launch({ executablePath: process.env.KERNSCOPE_CHROMIUM ?? '/usr/bin/chromium', args: ARGS });
  try {
    try {
      const f = await firstRenderMs(browser, served.url);
      out.ui_first_render_ms = round1(f.cold);
      out.ui_first_render_cached_ms = round1(f.cached);
    } catch (e) {
      note('ui_first_render_ms', e);
    }
    try {
      const s = await scrubFrameP95(browser, served.url);
      out.ui_scrub_frame_p95_ms = round1(s.work);
      out.ui_scrub_frame_interval_p95_ms = round1(s.interval);
      out.ui_scrub_events = s.events;
    } catch (e) {
      note('ui_scrub_frame_p95_ms', e);
    }
    try {
      const m = await memmapFrameP95(browser, served.url);
      out.ui_memmap_frame_p95_ms = round1(m.work);
      out.ui_memmap_frame_interval_p95_ms = round1(m.interval);
      out.ui_memmap_pfns = m.pfns;
    } catch (e) {
      note('ui_memmap_frame_p95_ms', e);
    }
  } finally {
    await browser.close();
    await served.close();
  }
  return out;
}

// `npx tsx bench/browser.ts` prints the browser figures on their own
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const errors: Record<string, string> = {};
  const f = await browserFigures(errors);
  process.stdout.write(JSON.stringify(Object.keys(errors).length > 0 ? { ...f, bench_errors: errors } : f) + '\n');
}
