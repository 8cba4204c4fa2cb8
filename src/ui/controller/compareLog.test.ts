import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importText } from '../../import/importer.ts';
import { KernscopeCore } from '../../worker/core.ts';
import type { BundledScenario } from '../bundledList.ts';
import { inProcessEngine } from '../engine.ts';
import { controllerOn, settle } from '../testing.ts';

const fixture = (name: string) => readFileSync(new URL(`../../../e2e/fixtures/import/${name}`, import.meta.url), 'utf8');
const log = (name: string, file: string) => importText(fixture(name), { file, maxLogLines: 1000 });
const BUNDLED: BundledScenario[] = [{ name: 'slub-double-free', title: 'Double free', text: readFileSync(new URL('../../../scenarios/slub-double-free.json', import.meta.url), 'utf8') }];

describe('an imported log as the run shown, compared', () => {
  it('shows the log as a run at its end, with no scenario text to re-run', async () => {
    const { c, store, urls } = controllerOn(inProcessEngine(new KernscopeCore()), BUNDLED);
    expect(await c.loader.openLog(log('funcgraph.txt', 'nanosleep.txt'))).toBe(true);
    await settle(c);
    const a = store.getState().runs.a;
    expect(a.origin).toEqual({ kind: 'import', name: 'nanosleep.txt' });
    expect(a.text).toBeNull();
    expect(a.cursor).toBe(a.info?.total);
    expect(a.panels.timeline.lanesOpen).toBe(true);
    expect(store.getState().layout.view).toBe('ftrace');
    // a reload cannot reopen a log: the address is the bare page
    expect(urls.at(-1)).toBe('http://127.0.0.1:4173/');
  });

  it('compares two imported traces by profile, and an imported log with a scenario by findings and dmesg', async () => {
    const { c, store, urls } = controllerOn(inProcessEngine(new KernscopeCore()), BUNDLED);
    await c.loader.openLog(log('funcgraph.txt', 'nanosleep.txt'));
    expect(await c.compare.compareLog(log('funcgraph-xfs.txt', 'xfs.txt'))).toBe(true);
    await settle(c);
    let s = store.getState();
    expect(s.compare).toMatchObject({ status: 'ready', label: 'xfs.txt', other: 'xfs.txt' });
    expect(s.runs.b?.info?.imported?.file).toBe('xfs.txt');
    expect(s.compare?.diff?.profile?.onlyB).toContain('xfs_file_open');
    // no bytes or frames of a log
    expect(s.compare?.mapA).toBeNull();
    expect(s.runs.b?.moment?.cursor).toBe(s.runs.b?.cursor);
    c.compare.end();

    await c.loader.openLog(log('seed002-oops.txt', 'oops.txt'));
    expect(await c.compare.compareScenario('slub-double-free', BUNDLED[0]!.text)).toBe(true);
    await settle(c);
    s = store.getState();
    expect(s.compare?.diff?.onlyA.map((f) => f.kind)).toEqual(['mm.paging_request']);
    expect(s.compare?.diff?.onlyB.map((f) => f.kind)).toContain('slub.double_free');
    expect(s.compare?.diff?.dmesg.a.lines[0]).toBe('[12844.066757] BUG: unable to handle kernel paging request at ffffffffffffffff');
    // the comparison with a log is not put in the address
    expect(urls.at(-1)).not.toContain('b=1');
    // another log shown ends it
    await c.loader.openLog(log('funcgraph.txt', 'nanosleep.txt'));
    await settle(c);
    expect(store.getState().compare).toBeNull();
  });
});
