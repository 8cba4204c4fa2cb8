// The run a share link asks for, started before the app: taken over by the app's first open of the
// same scenario and options (one run recorded, its progress heard), stopped and freed otherwise.
import type * as Comlink from 'comlink';
import { describe, expect, it } from 'vitest';
import { KernscopeCore } from '../worker/core.ts';
import type { OpenProgress, RunId, WorkerApi } from '../worker/protocol.ts';
import { SlicedOpener } from '../worker/slicer.ts';
import { churnScenario, tickingClock } from '../worker/testing.ts';
import { EARLY_TICKET, openEarly, sameOverrides } from './earlyEngine.ts';
import { remoteEngine } from './engine.ts';

/** The worker's API in process, as Comlink's remote gives it (every answer a promise), with what it was asked. */
function fakeRemote() {
  const core = new KernscopeCore();
  const opener = new SlicedOpener(core, tickingClock(), 1, 0);
  const calls = { opens: [] as number[], cancels: [] as number[], closes: [] as RunId[] };
  const api = {
    open: async (text: string, overrides: Parameters<WorkerApi['open']>[1], ticket: number, onProgress?: (p: OpenProgress) => void) => {
      calls.opens.push(ticket);
      return opener.open(text, overrides, ticket, onProgress);
    },
    cancel: async (ticket: number) => {
      calls.cancels.push(ticket);
      opener.cancel(ticket);
    },
    close: async (run: RunId) => {
      calls.closes.push(run);
      core.close(run);
    },
    view: async (run: RunId, name: 'moment', args: Record<string, never>, at: number) => core.view(run, name, args, at),
  };
  return { remote: api as unknown as Comlink.Remote<WorkerApi>, calls, core };
}

const LINK = churnScenario(30);

describe('the early run of a share link', () => {
  it('is the answer to the first open of the same text and options: one run, its progress heard', async () => {
    const { remote, calls } = fakeRemote();
    const early = openEarly(remote, LINK, { cmdline: 'slub_debug=FZPU', seed: 2 });
    const engine = remoteEngine(remote, early);
    const heard: OpenProgress[] = [];
    const r = await engine.open(LINK, { seed: 2, cmdline: 'slub_debug=FZPU' }, { ticket: 5, onProgress: (p) => heard.push(p) });
    expect(calls.opens).toEqual([EARLY_TICKET]);
    const fresh = new KernscopeCore().open(LINK, { cmdline: 'slub_debug=FZPU', seed: 2 });
    expect(r).toEqual({ ...fresh, run: r.ok ? r.run : 0 });
    expect(heard.length).toBeGreaterThan(0);
    if (!r.ok) throw new Error('scenario');
    expect(await engine.view(r.run, 'moment', {}, 3)).toBeTruthy();
    // the app's ticket names the early open
    await engine.cancel(5);
    expect(calls.cancels).toEqual([EARLY_TICKET]);
    // later opens are the engine's own
    await engine.open(LINK, {}, { ticket: 6 });
    expect(calls.opens).toEqual([EARLY_TICKET, 6]);
  });

  it('is stopped and freed when the app opens another scenario first', async () => {
    const { remote, calls } = fakeRemote();
    const early = openEarly(remote, LINK, {});
    const engine = remoteEngine(remote, early);
    const other = await engine.open(churnScenario(2), {}, { ticket: 1 });
    expect(other.ok).toBe(true);
    expect(calls.cancels).toEqual([EARLY_TICKET]);
    const gone = await early.result;
    if (!gone.ok) throw new Error('scenario');
    await new Promise((r) => setTimeout(r, 0));
    expect(calls.closes).toEqual([gone.run]);
    // stopped where it was: the engine says it was cancelled
    expect(gone.info.errors.length).toBeGreaterThan(0);
    // options differ: not the same run either
    const { remote: remote2, calls: calls2 } = fakeRemote();
    const engine2 = remoteEngine(remote2, openEarly(remote2, LINK, { seed: 3 }));
    await engine2.open(LINK, {}, { ticket: 1 });
    expect(calls2.opens).toEqual([EARLY_TICKET, 1]);
  });

  it('is not started when the browser keeps the run: the first open is the engine own, cancelled if the app cancels meanwhile', async () => {
    const { remote, calls } = fakeRemote();
    let say!: (kept: boolean) => void;
    const early = openEarly(remote, LINK, {}, new Promise<boolean>((r) => (say = r)));
    const engine = remoteEngine(remote, early);
    await new Promise((r) => setTimeout(r, 0));
    expect(calls.opens).toEqual([]);
    const p = engine.open(LINK, {}, { ticket: 4 });
    void engine.cancel(4);
    say(true);
    const r = await p;
    expect(calls.opens).toEqual([4]);
    expect(calls.cancels).toContain(4);
    expect(r.ok && r.info.errors.length > 0).toBe(true);
    expect(await early.result).toEqual({ ok: false, errors: [] });
    // not kept, or the check failed: started as before, and taken over
    for (const kept of [Promise.resolve(false), Promise.reject(new Error('no IndexedDB'))]) {
      const { remote: rm, calls: cs } = fakeRemote();
      const en = remoteEngine(rm, openEarly(rm, LINK, {}, kept));
      const ok = await en.open(LINK, {}, { ticket: 9 });
      expect(cs.opens).toEqual([EARLY_TICKET]);
      expect(ok.ok && ok.info.errors).toEqual([]);
    }
    // kept, and the app opens another scenario first: nothing of the early run to stop
    const { remote: r3, calls: c3 } = fakeRemote();
    const e3 = remoteEngine(r3, openEarly(r3, LINK, {}, Promise.resolve(true)));
    await e3.open(churnScenario(2), {}, { ticket: 1 });
    await new Promise((r) => setTimeout(r, 0));
    expect(c3.opens).toEqual([1]);
    expect(c3.cancels).toEqual([]);
  });

  it('compares options whatever the order of their keys', () => {
    expect(sameOverrides({ seed: 1, kconfig: { A: true, B: false } }, { kconfig: { B: false, A: true }, seed: 1 })).toBe(true);
    expect(sameOverrides({ seed: 1 }, {})).toBe(false);
  });
});
