import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KernscopeCore } from '../../worker/core.ts';
import { LogImporter } from '../../worker/logImport.ts';
import type { SliceClock } from '../../worker/slicer.ts';
import { inProcessEngine } from '../engine.ts';
import { controllerOn } from '../testing.ts';
import { inProcessImportEngine } from './importEngine.ts';

const fixture = (name: string) => readFileSync(new URL(`../../../e2e/fixtures/import/${name}`, import.meta.url), 'utf8');
const clock = (): SliceClock => {
  let t = 0;
  return { now: () => (t += 50), yield: async () => {} };
};

function setup() {
  const { c, store } = controllerOn(inProcessEngine(new KernscopeCore()));
  c.imports.useEngine(inProcessImportEngine(new LogImporter(clock(), 1024)));
  return { c, store };
}

describe('ImportControl', () => {
  it('imports pasted text and shows it as the import view, its first finding in the view that tells it best', async () => {
    const { c } = setup();
    const seen: number[] = [];
    c.imports.store.subscribe((s) => {
      if (s.importing) seen.push(s.importing.progress.bytes);
    });
    expect(await c.imports.importText(`${fixture('seed002-oops.txt')}\n${fixture('seed003-lockdep.txt')}`)).toBe(true);
    const s = c.imports.store.getState();
    expect(s.importing).toBeNull();
    expect(s.shown).toBe(true);
    expect(s.log?.findings.map((f) => f.kind)).toEqual(['mm.paging_request', 'lockdep.circular']);
    expect(s.selected).toBe(0);
    expect(s.tab).toBe('trace');
    expect(seen.some((b) => b > 0)).toBe(true);
    c.imports.select(1);
    expect(c.imports.store.getState().tab).toBe('locks');
    c.imports.hide();
    expect(c.imports.store.getState().shown).toBe(false);
    c.imports.reveal();
    expect(c.imports.store.getState().shown).toBe(true);
  });

  it('keeps an imported log in the browser and imports it again from there; garbage and cancelled imports are not kept', async () => {
    const { c } = setup();
    await c.imports.importText(fixture('slub-redzone.txt'), 'slub.txt');
    await c.imports.importBlob(new Blob([new Uint8Array(9000).fill(1)]), 'junk.bin');
    const kept = c.imports.store.getState().kept;
    expect(kept.map((k) => [k.name, k.findings])).toEqual([['slub.txt', 1]]);
    c.imports.close();
    expect(await c.imports.openKept(kept[0]!.id)).toBe(true);
    expect(c.imports.store.getState().log?.file).toBe('slub.txt');
    await c.imports.forget(kept[0]!.id);
    expect(c.imports.store.getState().kept).toEqual([]);
  });

  it('says clearly that binary garbage is not a log', async () => {
    const { c, store } = setup();
    const garbage = Uint8Array.from({ length: 50000 }, (_, i) => (i * 2654435761) >>> 24);
    await c.imports.importBlob(new Blob([garbage]), 'core.bin');
    const n = store.getState().notices.find((x) => x.title === 'Import');
    expect(n?.level).toBe('error');
    expect(n?.lines[0]).toMatch(/^core\.bin: not a text log/);
    expect(c.imports.store.getState()).toMatchObject({ log: null, shown: false });
  });

  it('builds the scenario of an imported lockdep report, runs it with the text in the editor and lists what it inferred', async () => {
    const { c, store } = setup();
    await c.imports.importText(fixture('seed003-lockdep.txt'), 'seed003.txt');
    const g = await c.imports.build(0);
    expect(g).not.toBeNull();
    const s = store.getState();
    expect(s.draft).toContain(`"name": "${g!.scenario.name}"`);
    expect(s.runs.a.info?.findings.map((f) => f.kind)).toContain('lockdep.circular');
    expect(s.runs.a.info?.expectations.every((e) => e.pass)).toBe(true);
    expect(s.layout.left).toBe('editor');
    const n = s.notices.find((x) => x.title === 'Generated scenario');
    expect(n?.lines.slice(1)).toEqual(g!.inferred);
    expect(c.imports.store.getState().shown).toBe(false);
    expect(c.imports.store.getState().built?.inferred).toEqual(g!.inferred);
    // the notice's button goes back to the log
    c.notices.act('Generated scenario');
    expect(c.imports.store.getState().shown).toBe(true);
  });
});
