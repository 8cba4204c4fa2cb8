import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KernscopeCore } from './core.ts';
import type { OpenProgress, OpenResult } from './protocol.ts';
import { SlicedOpener } from './slicer.ts';
import { churnScenario, tickingClock } from './testing.ts';

function bundled(name: string): string {
  return readFileSync(new URL(`../../scenarios/${name}.json`, import.meta.url), 'utf8');
}

function ok(r: OpenResult): Extract<OpenResult, { ok: true }> {
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r;
}

const LONG = churnScenario(400);

describe('SlicedOpener', () => {
  it.each([['churn', LONG], ['slub-double-free', bundled('slub-double-free')]])('records %s in slices as it would at once: the same events, findings and state hash', async (_, text) => {
    const whole = new KernscopeCore();
    const a = ok(whole.open(text));
    const sliced = new KernscopeCore();
    const clock = tickingClock();
    const progress: OpenProgress[] = [];
    const b = ok(await new SlicedOpener(sliced, clock, 1, 10).open(text, undefined, 1, (p) => progress.push(p)));
    expect(clock.yields).toBeGreaterThan(5);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.every((p, i) => i === 0 || p.events >= progress[i - 1]!.events)).toBe(true);
    expect(b.info).toEqual(a.info);
    expect(a.info.total).toBeGreaterThan(10);
    const at = a.info.total;
    expect(sliced.view(b.run, 'stateHash', {}, at)).toEqual(whole.view(a.run, 'stateHash', {}, at));
    expect(sliced.view(b.run, 'events', { from: 0, to: at }, at)).toEqual(whole.view(a.run, 'events', { from: 0, to: at }, at));
    const mid = Math.floor(at / 2);
    expect(sliced.view(b.run, 'stateHash', {}, mid)).toEqual(whole.view(a.run, 'stateHash', {}, mid));
  });

  it.each([
    ['churn', LONG, 40],
    ['slub-double-free', bundled('slub-double-free'), 3],
  ] as const)('%s answers views between slices as the whole run does, and the views do not change the rest of the run', async (_, text, every) => {
    const whole = new KernscopeCore();
    const a = ok(whole.open(text));
    const sliced = new KernscopeCore();
    let partial: OpenProgress['partial'];
    let asked = 0;
    const clock = tickingClock(() => {
      // every few slices: a state hash hashes the whole machine
      if (!partial || clock.yields % every !== 0) return;
      const { run, info } = partial;
      // views clamp to what is recorded so far
      const total = sliced.view(run, 'moment', {}, 1e12).cursor;
      expect(total).toBeGreaterThanOrEqual(info.total);
      expect(total).toBeLessThanOrEqual(a.info.total);
      // the moment at the frontier, one in the middle, and the start: the machine is moved back and forth
      for (const at of [total, Math.floor(total / 2), 0]) {
        expect(sliced.view(run, 'stateHash', {}, at)).toEqual(whole.view(a.run, 'stateHash', {}, at));
        asked++;
      }
      expect(info.findings).toEqual(a.info.findings.filter((f) => f.event < info.total));
    });
    const b = ok(await new SlicedOpener(sliced, clock, 1, 5).open(text, undefined, 1, (p) => (partial = p.partial)));
    expect(asked).toBeGreaterThan(3);
    expect(b.run).toBe(partial?.run);
    expect(b.info).toEqual(a.info);
    const at = a.info.total;
    expect(sliced.view(b.run, 'stateHash', {}, at)).toEqual(whole.view(a.run, 'stateHash', {}, at));
    expect(sliced.view(b.run, 'report', {}, at)).toEqual(whole.view(a.run, 'report', {}, at));
  });

  it('a run closed while it is recorded stops there', async () => {
    const core = new KernscopeCore();
    let closed = false;
    let partial: OpenProgress['partial'];
    const clock = tickingClock(() => {
      if (partial && !closed) {
        core.close(partial.run);
        closed = true;
      }
    });
    const r = ok(await new SlicedOpener(core, clock, 1, 5).open(LONG, undefined, 1, (p) => (partial = p.partial)));
    expect(closed).toBe(true);
    expect(r.info.errors[0]!.message).toMatch(/^closed while it ran at step \d+/);
    expect(core.isOpen(r.run)).toBe(false);
  });

  it('a cancel stops the run between two steps; what it recorded is a run, with an error saying where', async () => {
    const core = new KernscopeCore();
    const wholeCore = new KernscopeCore();
    const whole = ok(wholeCore.open(LONG));
    let opener!: SlicedOpener;
    const clock = tickingClock(() => {
      if (clock.yields === 10) opener.cancel(7);
    });
    opener = new SlicedOpener(core, clock, 3, 10);
    const r = ok(await opener.open(LONG, undefined, 7));
    expect(r.info.total).toBeGreaterThan(0);
    expect(r.info.total).toBeLessThan(whole.info.total);
    expect(r.info.errors).toHaveLength(1);
    expect(r.info.errors[0]!.message).toMatch(new RegExp(`^cancelled by the user at step 1 \\(after ${r.info.total} events\\)$`));
    expect(r.info.errors[0]!.path).toMatch(/^steps\[1\]\.steps\[[01]\]$/);
    // the partial run answers its views; its report says why it ended
    const report = core.view(r.run, 'report', {}, r.info.total);
    expect(report.events).toBe(r.info.total);
    expect(report.ok).toBe(false);
    expect(report.errors).toEqual(r.info.errors);
    expect(core.view(r.run, 'stateHash', {}, 3)).toEqual(wholeCore.view(whole.run, 'stateHash', {}, 3));
    // the ticket is spent: the next open with it runs to its end
    const again = ok(await opener.open(LONG, undefined, 7));
    expect(again.info.total).toBe(whole.info.total);
  });

  it('runs opens one at a time in the order asked, and input errors come back as such', async () => {
    const core = new KernscopeCore();
    const opener = new SlicedOpener(core, tickingClock(), 3, 10);
    const order: string[] = [];
    const a = opener.open(LONG, undefined, 1).then((r) => order.push(`a ${String(r.ok)}`));
    const b = opener.open('{"format":"kernscope/1"}', undefined, 2).then((r) => order.push(`b ${String(r.ok)}`));
    const c = opener.open(LONG, { cmdline: 'slub_debug=FZPU' }, 3).then((r) => order.push(`c ${String(r.ok)}`));
    await Promise.all([a, b, c]);
    expect(order).toEqual(['a true', 'b false', 'c true']);
  });
});
