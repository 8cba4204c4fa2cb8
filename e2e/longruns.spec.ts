import { expect, test, type Page } from '@playwright/test';

const SCREENS = 'e2e/.screens';

const picker = (page: Page) => page.getByRole('combobox', { name: 'Scenario' });
const editor = (page: Page) => page.getByRole('textbox', { name: 'Scenario JSON' });
const progress = (page: Page) => page.getByRole('status', { name: 'Run in progress' });

/** A red zone overwrite first, then a long allocation churn: `times` loops of kmalloc/kfree. */
function churn(name: string, times: number): string {
  return JSON.stringify(
    {
      format: 'kernscope/1',
      name,
      config: { cmdline: 'slub_debug=FZPU' },
      steps: [
        { op: 'kmalloc', size: 64, as: 'p' },
        { op: 'write', ptr: 'p', offset: 64, bytes: [18] },
        { op: 'kfree', ptr: 'p' },
        { op: 'repeat', times, steps: [{ op: 'kmalloc', size: 128, as: 'q' }, { op: 'kfree', ptr: 'q' }] },
        { op: 'expect', finding: 'slub.redzone_overwritten', count: 1 },
      ],
    },
    null,
    2,
  );
}

/** Minutes of work if let run to its end. */
const LONG = churn('e2e-long', 900_000);
/** Long enough for a few slices (a second or so). */
const MEDIUM = churn('e2e-medium', 8_000);

async function ready(page: Page): Promise<void> {
  await expect(page.getByLabel('Current event', { exact: true })).toBeVisible();
}

async function runInEditor(page: Page, text: string): Promise<void> {
  await page.getByRole('tab', { name: 'Editor' }).click();
  await expect(page.locator('.cm-editor')).toBeVisible();
  await editor(page).fill(text);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
}

function editorText(page: Page): Promise<string> {
  return page.locator('.cm-content .cm-line').evaluateAll((lines) => lines.map((l) => l.textContent ?? '').join('\n'));
}

test('a long run shows its progress; Cancel keeps what it recorded, its finding so far included', async ({ page }) => {
  await page.goto('/?scenario=slub-double-free');
  await ready(page);
  await runInEditor(page, LONG);
  await expect(progress(page)).toContainText('Running e2e-long (edited) in the engine…');
  const count = page.getByLabel('Events so far');
  await expect(count).toHaveText(/^[\d,]+ events · step 4 of 5$/);
  const first = Number((await count.textContent())!.split(' ')[0]!.replace(/,/g, ''));
  // it moves on
  await expect.poll(async () => Number((await count.textContent())!.split(' ')[0]!.replace(/,/g, ''))).toBeGreaterThan(first);
  await expect(page.getByRole('progressbar', { name: 'Steps run' })).toHaveAttribute('value', '4');
  await progress(page).screenshot({ path: `${SCREENS}/longrun-progress.png` });
  await page.screenshot({ path: `${SCREENS}/longrun-progress-page.png` });

  await progress(page).getByRole('button', { name: 'Cancel' }).click();
  await expect(progress(page)).toHaveCount(0);
  const stopped = page.locator('.notice').filter({ hasText: 'The run stopped early' });
  await expect(stopped).toContainText(/cancelled by the user at step 3 \(after \d+ events\)/);
  const events = Number(/after (\d+) events/.exec((await stopped.textContent())!)![1]);
  expect(events).toBeGreaterThan(1000);
  await expect(stopped).toContainText(`after event ${events}:`);
  // the partial run is the run shown: its finding so far is listed, and the views answer
  await expect(picker(page)).toHaveValue('');
  const findings = page.getByRole('list', { name: 'Findings before the cursor' });
  await expect(findings).toContainText('slub.redzone_overwritten');
  await page.screenshot({ path: `${SCREENS}/longrun-cancelled.png` });
  expect(await editorText(page)).toBe(LONG);
});

test('the picker stays usable during a long run: the scenario picked waits behind it, and Cancel lets it in', async ({ page }) => {
  await page.goto('/?scenario=slub-double-free');
  await ready(page);
  await runInEditor(page, LONG);
  await expect(page.getByLabel('Events so far')).toBeVisible();
  await expect(picker(page)).toBeEnabled();
  await picker(page).selectOption('lockdep-abba');
  await expect(progress(page)).toContainText('queued after it: lockdep-abba');
  await progress(page).getByRole('button', { name: 'Cancel' }).click();
  await expect(progress(page)).toHaveCount(0);
  await expect(picker(page)).toHaveValue('lockdep-abba');
  const offered = page.locator('.notice').filter({ hasText: 'Finished: e2e-long (edited)' });
  await expect(offered).toContainText('lockdep-abba was opened while it ran and replaces it');
  await expect(offered).toContainText('cancelled by the user at step 3');
  await offered.getByRole('button', { name: 'Show it' }).click();
  await expect(page.locator('.notice').filter({ hasText: 'The run stopped early' })).toContainText('cancelled by the user');
});

for (const fault of ['crash', 'hang'] as const) {
  test(`a ${fault === 'crash' ? 'crashed' : 'hung'} engine is reported and restarted; the text typed stays in the editor and runs again`, async ({ page }) => {
    test.setTimeout(90_000);
    await page.goto('/?scenario=slub-double-free');
    await ready(page);
    await page.evaluate((k) => (window as unknown as { kernscopeEngineFault(kind: string): Promise<void> }).kernscopeEngineFault(k), fault);
    await runInEditor(page, MEDIUM);
    const notice = page.locator('.notice').filter({ hasText: 'Engine restarted' });
    await expect(notice).toContainText(fault === 'crash' ? /The engine crashed: .*the engine crashed \(a fault played for testing\) while running e2e-medium \(edited\)\./ : /The engine stopped answering \(no answer and no progress for 1\d s\) while running e2e-medium \(edited\)\./, { timeout: 30_000 });
    await expect(notice).toContainText('Your scenario text is kept in the editor.');
    await expect(progress(page)).toHaveCount(0);
    await page.screenshot({ path: `${SCREENS}/engine-${fault}-restarted.png` });
    expect(await editorText(page)).toBe(MEDIUM);
    await expect(page.getByLabel('Editor status')).toHaveText('edited, not run yet');

    // the new engine runs it
    await notice.getByRole('button', { name: 'Run the editor text' }).click();
    await expect(page.getByRole('list', { name: 'Findings before the cursor' })).toContainText('slub.redzone_overwritten');
    await expect(page.getByLabel('Editor status')).toHaveText('this is the scenario shown');
    await expect(page.locator('.notice').filter({ hasText: 'The run stopped early' })).toHaveCount(0);
  });
}
