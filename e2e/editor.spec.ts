import { expect, test, type Page } from '@playwright/test';
import { encodeShare } from '../src/share/url.ts';
import { BROKEN, POISONED } from './scenarios.ts';

const BASE = `http://127.0.0.1:${process.env.KERNSCOPE_E2E_PORT ?? 4173}/`;
const SCREENS = 'e2e/.screens';

const picker = (page: Page) => page.getByRole('combobox', { name: 'Scenario' });
const editor = (page: Page) => page.getByRole('textbox', { name: 'Scenario JSON' });

async function ready(page: Page): Promise<void> {
  await expect(page.getByLabel('Current event', { exact: true })).toBeVisible();
}

/** The Editor tab with CodeMirror loaded (the plain text box stands in until then). */
async function openEditor(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Editor' }).click();
  await expect(page.locator('.cm-editor')).toBeVisible();
}

/** The editor's text, line by line as CodeMirror shows it (these scenarios fit on screen). */
function editorText(page: Page): Promise<string> {
  return page.locator('.cm-content .cm-line').evaluateAll((lines) => lines.map((l) => l.textContent ?? '').join('\n'));
}

/** The draft kept in IndexedDB under `key`, read the way the page keeps it. */
function storedDraft(page: Page, key: string): Promise<string | null> {
  return page.evaluate(
    (k) =>
      new Promise<string | null>((resolve, reject) => {
        const open = indexedDB.open('kernscope-drafts');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('keyval')) return resolve(null);
          const get = db.transaction('keyval').objectStore('keyval').get(k);
          get.onsuccess = () => resolve((get.result as { text?: string } | undefined)?.text ?? null);
          get.onerror = () => reject(get.error);
        };
      }),
    key,
  );
}

test('what is typed is kept in IndexedDB and offered back after a reload, beside the scenario the address names', async ({ page }) => {
  await page.goto('/?scenario=slub-double-free');
  await ready(page);
  await openEditor(page);
  await editor(page).fill(POISONED);
  await expect(page.getByLabel('Editor status')).toHaveText('edited, not run yet');
  await expect.poll(() => storedDraft(page, 'bundled:slub-double-free')).toBe(POISONED);

  await page.reload();
  await ready(page);
  // the address's scenario runs and fills the editor; the draft is offered, not forced
  await expect(picker(page)).toHaveValue('slub-double-free');
  const offer = page.locator('.notice').filter({ hasText: 'you have a draft of slub-double-free' });
  await expect(offer).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/draft-offer.png` });
  await offer.getByRole('button', { name: 'Open the draft' }).click();
  await expect(page.getByRole('tab', { name: 'Editor' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('.cm-editor')).toBeVisible();
  await expect.poll(() => editorText(page)).toBe(POISONED);
});

test('running an edited scenario puts it in the address bar; a reload reopens it in the editor', async ({ page }) => {
  await page.goto('/?scenario=slub-redzone-overwrite');
  await ready(page);
  await openEditor(page);
  await editor(page).fill(POISONED);
  await editor(page).press('Control+Enter');
  await expect(picker(page)).toContainText('e2e-poison (edited)');
  await expect.poll(() => page.url()).toBe(encodeShare(BASE, POISONED, null));
  await page.reload();
  await ready(page);
  await expect(picker(page)).toContainText('e2e-poison (from link)');
  await openEditor(page);
  await expect.poll(() => editorText(page)).toBe(POISONED);
  // nothing typed since the run: no draft to offer
  await expect(page.locator('.notice').filter({ hasText: 'you have a draft' })).toHaveCount(0);
});

test('validation errors are shown inline at their JSON path', async ({ page }) => {
  await page.goto('/?scenario=slub-double-free');
  await ready(page);
  await openEditor(page);
  await editor(page).fill(BROKEN);
  // checked as typed, before any Run: the wrong value itself is underlined
  const marked = page.locator('.cm-lintRange-error');
  await expect(marked.filter({ hasText: '"64"' })).toHaveCount(1);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('alert', { name: 'Scenario errors' })).toContainText('steps[0].size: expected a positive integer');
  // and its message is on hover
  await expect(marked.filter({ hasText: '"64"' })).toHaveCount(1);
  await expect(marked.filter({ hasText: '"kmem_cache_alocate"' })).toHaveCount(1);
  await expect(page.locator('.cm-gutter-lint .cm-lint-marker-error')).toHaveCount(2);
  await marked.filter({ hasText: '"64"' }).hover();
  await expect(page.locator('.cm-tooltip-lint')).toContainText('steps[0].size: expected a positive integer, got "64"');
  await page.screenshot({ path: `${SCREENS}/editor-inline-error.png` });
  // a JSON syntax error is marked as it is typed
  await editor(page).fill('{ "format": "kernscope/1", ');
  await expect(page.locator('.cm-lintPoint-error, .cm-lintRange-error')).not.toHaveCount(0);
  await expect(page.locator('.cm-gutter-lint .cm-lint-marker-error')).toHaveCount(1);
});

test('completion offers op names and the fields of the op', async ({ page }) => {
  await page.goto('/?scenario=slub-double-free');
  await ready(page);
  await openEditor(page);
  await editor(page).fill('{\n  "format": "kernscope/1",\n  "name": "typed",\n  "steps": [\n    { "op": "');
  await page.keyboard.type('kmem_c');
  const list = page.locator('.cm-tooltip-autocomplete');
  await expect(list).toContainText('kmem_cache_alloc');
  await expect(list).toContainText('kmem_cache_create');
  await page.screenshot({ path: `${SCREENS}/editor-completion.png` });
  await list.getByText('kmem_cache_create', { exact: true }).click();
  await expect.poll(() => editorText(page)).toContain('{ "op": "kmem_cache_create"');
  await page.keyboard.type(', "');
  await expect(list).toContainText('cache');
  await expect(list).toContainText('size');
});

test('Escape then Tab leaves the editor; Tab alone indents', async ({ page }) => {
  await page.goto('/?scenario=slub-double-free');
  await ready(page);
  await openEditor(page);
  await editor(page).fill('{}');
  await page.keyboard.press('Home');
  await page.keyboard.press('Tab');
  await expect(editor(page)).toBeFocused();
  await expect.poll(() => editorText(page)).toBe('  {}');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  await expect(editor(page)).not.toBeFocused();
});

test('the library: save as, listed in the picker after a reload, open, rename, delete', async ({ page }) => {
  await page.goto('/?scenario=slub-double-free');
  await ready(page);
  await openEditor(page);
  await editor(page).fill(POISONED);
  await page.getByRole('button', { name: 'Save as…' }).click();
  await page.getByLabel('Name in your library').fill('poisoned object');
  await page.getByLabel('Name in your library').press('Enter');
  await expect(page.getByText('your library: poisoned object')).toBeVisible();

  await page.reload();
  await ready(page);
  await expect(picker(page).locator('optgroup[label^="My scenarios"] option')).toHaveText(['poisoned object']);
  await page.getByRole('tab', { name: /^Library/ }).click();
  const list = page.getByRole('list', { name: 'Your scenarios' });
  await expect(list).toContainText('poisoned object');
  await expect(list).toContainText('e2e-poison');
  await page.screenshot({ path: `${SCREENS}/library.png` });
  await list.getByRole('button', { name: 'Open poisoned object' }).click();
  await expect(picker(page)).toHaveValue(/^mine:/);
  await expect(picker(page).locator('option:checked')).toHaveText('poisoned object');
  await openEditor(page);
  await expect.poll(() => editorText(page)).toBe(POISONED);

  // open from the picker too, after another scenario
  await picker(page).selectOption('slub-double-free');
  await expect(picker(page)).toHaveValue('slub-double-free');
  await picker(page).selectOption({ label: 'poisoned object' });
  await expect(picker(page).locator('option:checked')).toHaveText('poisoned object');

  await page.getByRole('tab', { name: /^Library/ }).click();
  await list.getByRole('button', { name: 'Rename poisoned object' }).click();
  await page.getByLabel('New name for poisoned object').fill('poison, renamed');
  await page.getByRole('button', { name: 'Rename', exact: true }).click();
  await expect(list).toContainText('poison, renamed');
  await expect(picker(page).locator('optgroup[label^="My scenarios"] option')).toHaveText(['poison, renamed']);
  await list.getByRole('button', { name: 'Delete poison, renamed' }).click();
  await list.getByRole('button', { name: 'Delete poison, renamed' }).click();
  await expect(page.getByText('Nothing saved yet.')).toBeVisible();
  await expect(picker(page).locator('optgroup[label^="My scenarios"]')).toHaveCount(0);
});
