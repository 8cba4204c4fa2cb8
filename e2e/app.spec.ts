import { expect, test, type Page } from '@playwright/test';
import { encodeShare } from '../src/share/url.ts';
import { BROKEN, ESCAPING, POISONED, REDZONE, REDZONE_BUG, firstFinding, run, stateHashAt } from './scenarios.ts';

const BASE = `http://127.0.0.1:${process.env.KERNSCOPE_E2E_PORT ?? 4173}/`;

const cursor = (page: Page) => page.getByLabel('Cursor', { exact: true });
const dmesg = (page: Page) => page.getByTestId('dmesg').locator('.xterm-rows');

/** The Editor tab with CodeMirror loaded (the plain text box stands in until then). */
async function openEditor(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Editor' }).click();
  await expect(page.locator('.cm-editor')).toBeVisible();
}

/** The editor's text, line by line as CodeMirror shows it (these scenarios fit on screen). */
function editorText(page: Page): Promise<string> {
  return page.locator('.cm-content .cm-line').evaluateAll((lines) => lines.map((l) => l.textContent ?? '').join('\n'));
}

async function cursorValue(page: Page): Promise<number> {
  return Number(await cursor(page).getAttribute('data-cursor'));
}

/** The moment is on screen: the worker answered for the cursor shown. */
async function ready(page: Page): Promise<void> {
  await expect(page.getByLabel('Current event', { exact: true })).toBeVisible();
}

test('a share link opens the scenario at its event with dmesg, findings and memory', async ({ page }) => {
  const info = run(REDZONE);
  const f = firstFinding(info, 'slub.redzone_overwritten');
  const at = f.event + 1;
  await page.goto(encodeShare(BASE, REDZONE, at));
  await ready(page);
  await expect(cursor(page)).toHaveAttribute('data-cursor', String(at));
  await expect(page.getByRole('slider', { name: 'Timeline' })).toHaveAttribute('aria-valuenow', String(at));
  // the finding's title is the kernel's own BUG line
  expect(f.title).toContain(REDZONE_BUG);
  await expect(dmesg(page)).toContainText(f.title);
  const findings = page.getByRole('list', { name: 'Findings before the cursor' });
  await expect(findings.getByRole('button')).toHaveCount(1);
  await expect(findings).toContainText('slub.redzone_overwritten');
  await expect(findings).toContainText(f.title);
  // the scenario's Markdown, rendered as elements
  await expect(page.locator('.md strong')).toHaveText('one byte past');

  // one event earlier the report has not been printed yet
  await page.getByRole('button', { name: 'Step back', exact: true }).click();
  await expect(cursor(page)).toHaveAttribute('data-cursor', String(at - 1));
  await expect(page.getByRole('list', { name: 'Findings before the cursor' }).getByRole('button')).toHaveCount(0);
  await expect(dmesg(page)).not.toContainText(f.title);

  // clicking a finding goes back to its evidence and shows its address: the report restores the
  // red zone, so it lands just before the report's event, the corrupt byte still in memory
  await page.getByRole('list', { name: 'Findings later in the run' }).getByRole('button').first().click();
  await expect(cursor(page)).toHaveAttribute('data-cursor', String(f.event));
  // memory from the object the report names, its reported byte picked out
  expect(f.fields.object).toMatch(/^0x[0-9a-f]+$/);
  expect(f.fields.addr).toMatch(/^0x[0-9a-f]+$/);
  await expect(page.getByLabel('Hex view target')).toHaveValue(String(f.fields.object));
  await expect(page.getByRole('region', { name: 'Bytes' })).toBeVisible();
  await expect(page.getByLabel('Object', { exact: true })).toContainText('TestSlub_RZ_alloc');
  await expect(page.getByLabel('Byte', { exact: true })).toContainText(String(f.fields.addr));
  await expect(page.getByLabel('Byte', { exact: true })).toContainText('Redzone');
});

test('Step forward, Step back, the keyboard and Play move the cursor', async ({ page }) => {
  await page.goto(encodeShare(BASE, REDZONE, 5));
  await ready(page);
  await expect(cursor(page)).toHaveAttribute('data-cursor', '5');
  await page.getByRole('button', { name: 'Step forward', exact: true }).click();
  await expect(cursor(page)).toHaveAttribute('data-cursor', '6');
  await page.getByRole('button', { name: 'Step forward', exact: true }).click();
  await expect(cursor(page)).toHaveAttribute('data-cursor', '7');
  await page.getByRole('button', { name: 'Step back', exact: true }).click();
  await expect(cursor(page)).toHaveAttribute('data-cursor', '6');
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('ArrowLeft');
  await expect(cursor(page)).toHaveAttribute('data-cursor', '5');
  await page.keyboard.press('ArrowRight');
  await expect(cursor(page)).toHaveAttribute('data-cursor', '6');
  await page.getByRole('button', { name: 'Jump to start', exact: true }).click();
  await expect(cursor(page)).toHaveAttribute('data-cursor', '0');

  await page.getByRole('button', { name: 'Play', exact: true }).click();
  // playing moves the cursor; Pause stops it (or the end did already)
  await expect.poll(() => cursorValue(page)).toBeGreaterThan(0);
  const pause = page.getByRole('button', { name: 'Pause', exact: true });
  if (await pause.isVisible()) await pause.click();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
});

test('Share puts the exact moment in the URL, and that URL opens it again', async ({ page, context }) => {
  await page.goto(encodeShare(BASE, REDZONE, 9, { kconfig: { CONFIG_INIT_ON_FREE_DEFAULT_ON: true } }));
  await ready(page);
  await page.getByRole('button', { name: 'Step forward', exact: true }).click();
  await expect(cursor(page)).toHaveAttribute('data-cursor', '10');
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const field = page.getByRole('textbox', { name: 'Share link' });
  await expect(field).toHaveValue(/#v=1&s=.*&at=10&o=/);
  const url = await field.inputValue();
  expect(page.url()).toBe(url);
  const again = await context.newPage();
  await again.goto(url);
  await expect(again.getByLabel('Cursor', { exact: true })).toHaveAttribute('data-cursor', '10');
  await again.getByRole('tab', { name: 'Options' }).click();
  await expect(again.getByRole('checkbox', { name: /CONFIG_INIT_ON_FREE_DEFAULT_ON/ })).toBeChecked();
});

test('the share link carries what the panels show: the hex view target and length', async ({ page, context }) => {
  const info = run(REDZONE);
  await page.goto(encodeShare(BASE, REDZONE, info.total));
  await ready(page);
  await page.getByLabel('Hex view target').fill('p');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await page.getByLabel('Length').selectOption('64');
  await expect(page.getByRole('region', { name: 'Bytes' }).locator('.hrow')).toHaveCount(4);
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const url = await page.getByRole('textbox', { name: 'Share link' }).inputValue();
  expect(url).toMatch(/&hex=p&len=64$/);
  const again = await context.newPage();
  await again.goto(url);
  await expect(again.getByLabel('Cursor', { exact: true })).toHaveAttribute('data-cursor', String(info.total));
  await expect(again.getByLabel('Hex view target')).toHaveValue('p');
  await expect(again.getByLabel('Length')).toHaveValue('64');
  await expect(again.getByRole('region', { name: 'Bytes' }).locator('.hrow')).toHaveCount(4);
});

test('the browser reaches the same state hash as Node at the shared event', async ({ page }) => {
  const overrides = { cmdline: 'slub_debug=FZPU init_on_alloc=1' };
  const at = run(REDZONE, overrides).total - 3;
  const expected = stateHashAt(REDZONE, at, overrides);
  await page.goto(encodeShare(BASE, REDZONE, at, overrides));
  await ready(page);
  await expect(cursor(page)).toHaveAttribute('data-cursor', String(at));
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  await expect(page.getByLabel('State hash', { exact: true })).toHaveText(expected);
  // one event earlier the state differs, so the hash really covers the moment
  expect(stateHashAt(REDZONE, at - 1, overrides)).not.toBe(expected);
});

test('Options re-run with a kconfig flip, keep the place and go into the share link', async ({ page }) => {
  const flip = { kconfig: { CONFIG_INIT_ON_ALLOC_DEFAULT_ON: true } };
  const before = firstFinding(run(REDZONE), 'slub.redzone_overwritten');
  const after = firstFinding(run(REDZONE, flip), 'slub.redzone_overwritten');
  await page.goto(encodeShare(BASE, REDZONE, before.event + 1));
  await ready(page);
  await page.getByRole('tab', { name: 'Options' }).click();
  const box = page.getByRole('checkbox', { name: /CONFIG_INIT_ON_ALLOC_DEFAULT_ON/ });
  await expect(box).not.toBeChecked();
  await box.click();
  await expect(box).toBeChecked();
  await expect(page.getByText('options changed')).toBeVisible();
  // still just after the report, wherever the re-run put it
  await expect(cursor(page)).toHaveAttribute('data-cursor', String(after.event + 1));
  await expect(page.getByRole('list', { name: 'Findings before the cursor' }).getByRole('button')).toHaveCount(1);
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const url = await page.getByRole('textbox', { name: 'Share link' }).inputValue();
  const { decodeShare } = await import('../src/share/url.ts');
  const d = decodeShare('', new URL(url).hash);
  expect(d.ok && d.state.overrides).toEqual(flip);
});

test('a corrupt share link says what is wrong and the app stays usable', async ({ page }) => {
  await page.goto(`${BASE}#v=1&s=${encodeURIComponent('N4Ig@@@not-lz')}&at=12abc`);
  const alert = page.getByRole('alert').filter({ hasText: 'Share link' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText(/damaged|not a non-negative integer|does not validate/);
  // the default scenario is open and works
  await ready(page);
  const before = await cursorValue(page);
  await page.getByRole('button', { name: before > 0 ? 'Step back' : 'Step forward', exact: true }).click();
  await expect(cursor(page)).not.toHaveAttribute('data-cursor', String(before));
  await page.getByRole('button', { name: `Dismiss Share link message` }).click();
  await expect(alert).toHaveCount(0);
});

test('a broken scenario lists path: message errors and keeps the text', async ({ page }) => {
  await page.goto(encodeShare(BASE, REDZONE, 3));
  await ready(page);
  await openEditor(page);
  const editor = page.getByRole('textbox', { name: 'Scenario JSON' });
  await editor.fill(BROKEN);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const errors = page.getByRole('alert', { name: 'Scenario errors' });
  await expect(errors).toContainText('steps[0].size: expected a positive integer');
  await expect(errors).toContainText('steps[1].op: unknown op "kmem_cache_alocate"');
  await expect.poll(() => editorText(page)).toBe(BROKEN);
  // the previous run is still there to look at
  await expect(cursor(page)).toHaveAttribute('data-cursor', '3');

  await editor.fill('{ "format": "kernscope/1", ');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(errors).toContainText('not valid JSON');
  await expect.poll(() => editorText(page)).toBe('{ "format": "kernscope/1", ');
});

test('the hex view names a poison byte on hover and its writer event seeks there', async ({ page }) => {
  const info = run(POISONED);
  await page.goto(encodeShare(BASE, POISONED, info.total));
  await ready(page);
  await page.getByLabel('Hex view target').fill('p');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await expect(page.getByLabel('Object', { exact: true })).toContainText('TestSlub_poison');
  await expect(page.getByLabel('Object', { exact: true })).toContainText('free');
  const poison = page.getByRole('region', { name: 'Bytes' }).locator('.hbytes .b', { hasText: '6b' }).first();
  await poison.hover();
  const inspector = page.getByLabel('Byte', { exact: true });
  await expect(inspector).toContainText('POISON_FREE');
  await expect(inspector).toContainText('freed slab object');
  await expect(inspector).toContainText(/written by .+ at event \d+/);
  await poison.click();
  const link = inspector.getByRole('button', { name: /^event \d+$/ });
  const ev = Number((await link.textContent())!.replace('event ', ''));
  await link.click();
  await expect(cursor(page)).toHaveAttribute('data-cursor', String(ev + 1));
});

test('terminal escape sequences from a scenario are shown, not obeyed', async ({ page }) => {
  const info = run(ESCAPING);
  const f = firstFinding(info, 'slub.double_free');
  await page.goto(encodeShare(BASE, ESCAPING, info.total));
  await ready(page);
  // at the end of the run the report is still on screen (no clear-screen), and the task name is printed escaped and visible
  await expect(cursor(page)).toHaveAttribute('data-cursor', String(info.total));
  expect(f.event).toBeLessThan(info.total);
  await expect(dmesg(page)).toContainText(f.title);
  await expect(dmesg(page)).toContainText('Comm: \\x1b[2J\\x1b[8mevil');
});

test('a scenario opens from a file, from a drop on the page, and from a new link in the address bar', async ({ page }) => {
  await page.goto(encodeShare(BASE, REDZONE, 2));
  await ready(page);
  await page.getByLabel('Scenario file').setInputFiles({ name: 'poison.json', mimeType: 'application/json', buffer: Buffer.from(POISONED) });
  await expect(page.getByRole('combobox', { name: 'Scenario' })).toContainText('e2e-poison (poison.json)');
  await expect(cursor(page)).toHaveAttribute('data-cursor', String(run(POISONED).total));

  // drop: a DataTransfer carrying a file, as the browser builds it for a real drag
  const dt = await page.evaluateHandle((text) => {
    const d = new DataTransfer();
    d.items.add(new File([text], 'escape.json', { type: 'application/json' }));
    return d;
  }, ESCAPING);
  await page.dispatchEvent('main', 'dragenter', { dataTransfer: dt });
  await expect(page.getByText('Drop a kernscope scenario')).toBeVisible();
  await page.dispatchEvent('main', 'drop', { dataTransfer: dt });
  await expect(page.getByRole('combobox', { name: 'Scenario' })).toContainText('e2e-escape (escape.json)');

  // a share link pasted into the address bar of the open app (hashchange)
  await page.evaluate((hash) => (location.hash = hash), new URL(encodeShare(BASE, REDZONE, 4)).hash);
  await expect(page.getByRole('combobox', { name: 'Scenario' })).toContainText('e2e-redzone (from link)');
  await expect(cursor(page)).toHaveAttribute('data-cursor', '4');
});

test('a share link whose scenario does not validate opens in the editor with its errors, the default run beside it', async ({ page }) => {
  await page.goto(encodeShare(BASE, BROKEN, 3));
  const notice = page.getByRole('alert').filter({ hasText: 'Share link' });
  await expect(notice).toContainText('its text is in the editor with its errors listed under it');
  await ready(page);
  await expect(page.getByRole('tab', { name: 'Editor' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('.cm-editor')).toBeVisible();
  await expect.poll(() => editorText(page)).toBe(BROKEN);
  const errors = page.getByRole('alert', { name: 'Scenario errors' });
  await expect(errors).toContainText('steps[0].size: expected a positive integer');
  await expect(errors).toContainText('steps[1].op: unknown op "kmem_cache_alocate"');
  await expect(page.getByRole('button', { name: 'Restore previous text' })).toHaveCount(0);
  // the address still holds the link: a reload shows the same
  expect(page.url()).toBe(encodeShare(BASE, BROKEN, 3));
});

test('running an edited scenario puts it in the address bar, so a reload reopens it', async ({ page }) => {
  await page.goto('/?scenario=slub-redzone-overwrite');
  await ready(page);
  await openEditor(page);
  const editor = page.getByRole('textbox', { name: 'Scenario JSON' });
  await editor.fill(POISONED);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('combobox', { name: 'Scenario' })).toContainText('e2e-poison (edited)');
  await expect.poll(() => page.url()).toBe(encodeShare(BASE, POISONED, null));
  await page.reload();
  await ready(page);
  await expect(page.getByRole('combobox', { name: 'Scenario' })).toContainText('e2e-poison (from link)');
  await openEditor(page);
  await expect.poll(() => editorText(page)).toBe(POISONED);
});

test('a link that names no scenario (/#garbage) says so', async ({ page }) => {
  await page.goto(`${BASE}#garbage`);
  const alert = page.getByRole('alert').filter({ hasText: 'Share link' });
  await expect(alert).toContainText('fragment "#garbage" names no scenario');
  await expect(alert).toContainText('Opened the default scenario instead');
  await ready(page);
});

test('a file opened during a long run waits visibly, and the long run is offered when it ends', async ({ page }) => {
  await page.goto(encodeShare(BASE, REDZONE, 2));
  await ready(page);
  // text-poke-0xf0 records ~130,000 events: seconds of work for the engine
  await page.getByRole('combobox', { name: 'Scenario' }).selectOption('text-poke-0xf0');
  await page.getByLabel('Scenario file').setInputFiles({ name: 'poison.json', mimeType: 'application/json', buffer: Buffer.from(POISONED) });
  const progress = page.getByRole('status', { name: 'Run in progress' });
  await expect(progress).toContainText('Running text-poke-0xf0 in the engine… · queued after it: poison.json');
  // the editor shows neither as "edited": it says what runs
  await openEditor(page);
  await expect(page.getByLabel('Editor status')).toHaveText('running text-poke-0xf0… (then poison.json)');
  expect(await editorText(page)).not.toBe(POISONED);
  // the file, opened last, is shown; the long run is offered with its result
  await expect(page.getByRole('combobox', { name: 'Scenario' })).toContainText('e2e-poison (poison.json)', { timeout: 60_000 });
  await expect(progress).toHaveCount(0);
  const offer = page.locator('.notice').filter({ hasText: 'Finished: text-poke-0xf0' });
  await expect(offer).toContainText('poison.json was opened while it ran and replaces it');
  await expect(offer).toContainText(/\d+ events, \d+ findings/);
  await offer.getByRole('button', { name: 'Show it' }).click();
  await expect(page.getByRole('combobox', { name: 'Scenario' })).toHaveValue('text-poke-0xf0');
  await ready(page);
});
