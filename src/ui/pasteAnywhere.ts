// Ctrl+V / Cmd+V of text on the page, outside the editor and text fields: a scenario (JSON naming
// its format) is run as a dropped file is; any other text is imported as a kernel log.
import type { Controller } from './controller/controller.ts';
import { droppedKind } from './import/logKind.ts';

/** Where a paste belongs to what has the focus: a text field, the editor (CodeMirror is contenteditable). */
export function pasteTargetTakesText(target: EventTarget | null): boolean {
  if (target === null || typeof (target as { closest?: unknown }).closest !== 'function') return false;
  const el = target as Element;
  return el.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"], [contenteditable="plaintext-only"], .cm-editor') !== null;
}

/** What pasted text is: nothing to do (blank), a scenario, or a log. */
export function pastedKind(text: string): 'none' | 'scenario' | 'log' {
  if (text.trim() === '') return 'none';
  return droppedKind('pasted.txt', text.slice(0, 4096)) === 'scenario' ? 'scenario' : 'log';
}

export async function openPasted(c: Controller, text: string): Promise<void> {
  const kind = pastedKind(text);
  if (kind === 'none') return;
  if (kind === 'scenario') await c.loader.openFile('pasted scenario', text);
  else await c.imports.importText(text, 'pasted log');
}

export function installPasteAnywhere(c: Controller): () => void {
  const onPaste = (e: ClipboardEvent) => {
    if (e.defaultPrevented || pasteTargetTakesText(e.target)) return;
    const text = e.clipboardData?.getData('text/plain') ?? '';
    if (pastedKind(text) === 'none') return;
    e.preventDefault();
    void openPasted(c, text);
  };
  document.addEventListener('paste', onPaste);
  return () => document.removeEventListener('paste', onPaste);
}
