// Landing on the evidence and stepping between moments that matter, asked of the worker: a
// finding's landing (before its report's fix-ups, the corrupted range selected in the hex view),
// the next or previous finding, the next or previous write to the byte picked in the hex view
// (rr's reverse watchpoint), and over a whole scenario step. A newer request wins over an older, and
// so does whatever the user did meanwhile: an answer is dropped once the cursor or the hex view's
// target moved after it was asked.
import type { Landing } from '../worker/protocol.ts';
import type { Controller } from './controller/controller.ts';
import { findingFocus, rangeIn } from './findingTarget.ts';
import { focusPatch } from './panels/hex/focus.ts';

const latest = new WeakMap<Controller, number>();

/** Where the user is: the run shown, its cursor and what the hex view shows. */
function place(c: Controller): string {
  const r = c.run();
  return `${r.id}:${r.cursor}:${r.panels.hex.target}:${r.panels.hex.len}`;
}

/** Runs `ask` for the run shown at its cursor; `then` only if nothing newer was asked and the user has not moved since. */
function askThen<T>(c: Controller, ask: (run: number, at: number) => Promise<T>, then: (answer: T) => void): Promise<void> {
  const r = c.run();
  if (r.id === null || !r.info) return Promise.resolve();
  const seq = (latest.get(c) ?? 0) + 1;
  latest.set(c, seq);
  const run = r.id;
  const asked = place(c);
  return ask(run, r.cursor).then(
    (a) => {
      if (latest.get(c) === seq && place(c) === asked) then(a);
    },
    (e: unknown) => {
      if (c.run().id === run) c.notices.engineError(e);
    },
  );
}

/** Moves to a landing: the cursor, and the hex view on the finding's object with its corrupted range selected. */
export function applyLanding(c: Controller, l: Landing): void {
  const info = c.run().info;
  const f = info?.findings[l.finding];
  if (!info || !f) return;
  const focus = findingFocus(f, c.panel('hex').len);
  const cursor = Math.max(0, Math.min(info.total, l.cursor));
  c.apply({ cursor, panels: { hex: focus ? { ...focusPatch(focus), range: rangeIn(focus, l.range) } : { auto: false } } });
}

/** Finding `n` of the run: where its evidence is. */
export function landFinding(c: Controller, n: number): Promise<void> {
  return askThen(
    c,
    (run, at) => c.views.view(run, 'findingLanding', { finding: n }, at),
    (l) => l && applyLanding(c, l),
  );
}

/** The next (1) or previous (-1) finding's landing from the cursor. */
export function stepFinding(c: Controller, dir: 1 | -1): Promise<void> {
  c.player.stop();
  return askThen(
    c,
    (run, at) => c.views.view(run, 'findingStep', { dir }, at),
    (l) => (l ? applyLanding(c, l) : c.notices.notify({ level: 'info', title: 'Findings', lines: [dir > 0 ? 'No finding after the cursor.' : 'No finding before the cursor.'] })),
  );
}

/** The virtual address of the byte picked in the hex view, or null. */
export function selectedByte(c: Controller): string | null {
  const h = c.panel('hex');
  if (h.pinned === null || !h.answer || h.answer.error || h.pinned >= h.answer.len || !/^0x[0-9a-f]+$/i.test(h.answer.addr)) return null;
  return '0x' + (BigInt(h.answer.addr) + BigInt(h.pinned)).toString(16).padStart(16, '0');
}

/** To just after the next (1) or previous (-1) write to the picked byte. */
export function stepWrite(c: Controller, dir: 1 | -1): Promise<void> {
  c.player.stop();
  const addr = selectedByte(c);
  if (addr === null) {
    c.notices.notify({ level: 'info', title: 'Writes', lines: ['Pick a byte in the memory view first (click it).'] });
    return Promise.resolve();
  }
  return askThen(
    c,
    (run, at) => c.views.view(run, 'byteWrite', { addr, dir }, at),
    (w) => (w ? c.cursor.seek(w.cursor) : c.notices.notify({ level: 'info', title: 'Writes', lines: [`No write to ${addr} ${dir > 0 ? 'after' : 'before'} the cursor.`] })),
  );
}

/** Over a whole scenario step forward (1) or back (-1). */
export function stepScenario(c: Controller, dir: 1 | -1): Promise<void> {
  c.player.stop();
  return askThen(
    c,
    (run, at) => c.views.view(run, 'stepBoundary', { dir }, at),
    (n) => c.cursor.seek(n),
  );
}

/** To the event that printed dmesg line `line` (just after it). */
export function toDmesgLine(c: Controller, line: number): Promise<void> {
  return askThen(
    c,
    (run, at) => c.views.view(run, 'dmesgLineEvent', { line }, at),
    (e) => e >= 0 && c.cursor.seekAfterEvent(e),
  );
}
