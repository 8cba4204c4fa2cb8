import { readFileSync } from 'node:fs';
import type * as Comlink from 'comlink';
import { describe, expect, it } from 'vitest';
import { KernscopeCore } from '../../worker/core.ts';
import type { ImportProgress, ImportWorkerApi } from '../../worker/importProtocol.ts';
import { LogImporter } from '../../worker/logImport.ts';
import type { SliceClock } from '../../worker/slicer.ts';
import { inProcessEngine } from '../engine.ts';
import { controllerOn } from '../testing.ts';
import { ImportLostError, workerImportEngine, type ImportConnection } from './importEngine.ts';

const fixture = (name: string) => readFileSync(new URL(`../../../e2e/fixtures/import/${name}`, import.meta.url), 'utf8');
const clock = (): SliceClock => ({ now: () => 0, yield: async () => {} });

/** A worker that reads the first chunk for real, reports it, then hangs (or crashes). */
function faultyWorkers(fault: 'hang' | 'crash') {
  const started: { terminated: boolean }[] = [];
  const connect = (onCrash: (message: string) => void): ImportConnection => {
    const w = { terminated: false };
    started.push(w);
    const real = new LogImporter(clock(), 1 << 20);
    real.afterChunk = () => {
      if (fault === 'crash') setTimeout(() => onCrash('boom'));
      return new Promise<void>(() => {});
    };
    const api: ImportWorkerApi = {
      importLog: (blob, name, ticket, onProgress) => real.importLog(blob, name, ticket, onProgress),
      cancel: (t) => real.cancel(t),
      scenario: (f) => real.scenario(f),
      fault: () => {},
    };
    // the fake answers as the worker's Comlink proxy would: every call a promise
    return { remote: api as unknown as Comlink.Remote<ImportWorkerApi>, terminate: () => (w.terminated = true) };
  };
  return { started, connect };
}

describe('the import worker watchdog', () => {
  for (const fault of ['hang', 'crash'] as const) {
    it(`ends a worker that ${fault === 'hang' ? 'stops answering' : 'crashes'}, fails its import with a message, and starts a new one`, async () => {
      const w = faultyWorkers(fault);
      const e = workerImportEngine(w.connect, { hangMs: 60, watchMs: 10 });
      const seen: ImportProgress[] = [];
      const text = [fixture('seed002-oops.txt'), fixture('seed003-lockdep.txt')].join('\n');
      const err = await e.importLog(new Blob([text]), 'two.txt', 1, (p) => seen.push(p)).catch((x: unknown) => x);
      expect(err).toBeInstanceOf(ImportLostError);
      expect((err as ImportLostError).message).toMatch(fault === 'hang' ? /the import worker stopped answering \(no answer and no progress for 0 s\)/ : /the import worker crashed: boom/);
      expect(w.started[0]!.terminated).toBe(true);
      // the findings of the first chunk came with its progress
      expect(seen.flatMap((p) => p.recognised?.findings ?? []).map((f) => f.kind)).toEqual(['mm.paging_request']);
      expect(seen.find((p) => p.recognised)?.recognised?.raw[0]?.[0]?.text).toBe('BUG: unable to handle kernel paging request at ffffffffffffffff');
      e.dispose();
    });
  }

  it('keeps what was recognised before the worker hung, and says so', async () => {
    const { c, store } = controllerOn(inProcessEngine(new KernscopeCore()));
    const w = faultyWorkers('hang');
    const e = workerImportEngine(w.connect, { hangMs: 60, watchMs: 10 });
    c.imports.useEngine(e);
    const text = [fixture('seed002-oops.txt'), fixture('seed003-lockdep.txt'), fixture('slub-redzone.txt')].join('\n');
    expect(await c.imports.importText(text, 'three.txt')).toBe(true);
    const log = c.imports.store.getState().log;
    // reports still open when it hung are lost; the oops before them was recognised
    expect(log?.findings.map((f) => f.kind)).toEqual(['mm.paging_request']);
    expect(log?.cancelled).toBe(true);
    const n = store.getState().notices.find((x) => x.title === 'Import');
    expect(n?.level).toBe('error');
    expect(n?.lines[0]).toMatch(/^three\.txt: the import worker stopped answering .*; it was ended and a new one starts with the next import: the 1 finding recognised before is kept$/);
    // kept logs hold whole imports only
    expect(c.imports.store.getState().kept).toEqual([]);
    await c.settled();
    expect(store.getState().runs.a.info?.imported?.file).toBe('three.txt');
    e.dispose();
  });
});
