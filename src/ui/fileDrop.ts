// A file dropped anywhere on the page, or picked with a file input: a scenario (JSON) is run, any
// other file is imported as a kernel log (import/).
import type { Controller } from './controller/controller.ts';
import { droppedKind } from './import/logKind.ts';

export const MAX_FILE_BYTES = 4 * 1024 * 1024;

export async function openScenarioFile(c: Controller, file: File): Promise<void> {
  if (file.size > MAX_FILE_BYTES) {
    c.notices.notify({ level: 'error', title: 'Open file', lines: [`${file.name} is ${file.size} bytes; a scenario may be at most ${MAX_FILE_BYTES}`] });
    return;
  }
  let text: string;
  try {
    text = await file.text();
  } catch (e) {
    c.notices.notify({ level: 'error', title: 'Open file', lines: [`could not read ${file.name}: ${e instanceof Error ? e.message : String(e)}`] });
    return;
  }
  c.notices.dismiss('Open file');
  await c.loader.openFile(file.name, text);
}

/** How much of a dropped file is looked at to tell a scenario from a log. */
const SNIFF_BYTES = 4096;

/** A scenario is run; anything else (a log, garbage) goes to the importer, which says what it made of it. */
export async function openDroppedFile(c: Controller, file: File): Promise<void> {
  let head = '';
  try {
    head = await file.slice(0, SNIFF_BYTES).text();
  } catch {
    // unreadable: the importer names the error
  }
  if (droppedKind(file.name, head) === 'scenario') await openScenarioFile(c, file);
  else await c.imports.importBlob(file, file.name);
}

/** Drag and drop on the whole window; `dragging` tells the UI to show the drop hint. */
export function installFileDrop(c: Controller, dragging: (on: boolean) => void): () => void {
  let depth = 0;
  const hasFiles = (e: DragEvent) => e.dataTransfer !== null && [...e.dataTransfer.types].includes('Files');
  const enter = (e: DragEvent) => {
    if (!hasFiles(e)) return;
    depth++;
    dragging(true);
  };
  const leave = (e: DragEvent) => {
    if (!hasFiles(e)) return;
    depth = Math.max(0, depth - 1);
    if (depth === 0) dragging(false);
  };
  const over = (e: DragEvent) => {
    if (hasFiles(e)) e.preventDefault();
  };
  const drop = (e: DragEvent) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth = 0;
    dragging(false);
    const f = e.dataTransfer?.files[0];
    if (f) void openDroppedFile(c, f);
  };
  window.addEventListener('dragenter', enter);
  window.addEventListener('dragleave', leave);
  window.addEventListener('dragover', over);
  window.addEventListener('drop', drop);
  return () => {
    window.removeEventListener('dragenter', enter);
    window.removeEventListener('dragleave', leave);
    window.removeEventListener('dragover', over);
    window.removeEventListener('drop', drop);
  };
}
