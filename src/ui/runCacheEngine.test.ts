// Opening a link a second time: drawn from the answers kept in the browser, exactly as the fresh
// run drew it, before the engine has recorded the run again; then the engine takes over.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { inProcessEngine, type Engine } from './engine.ts';
import { memoryKv } from './persist/kv.ts';
import { RunCache } from './persist/runCache.ts';
import { SETTLED_MAX_MS, cachedEngine, whenSettled } from './runCacheEngine.ts';
import { controllerOn, settle } from './testing.ts';
import { KernscopeCore } from '../worker/core.ts';
import { SlicedOpener, type SliceClock } from '../worker/slicer.ts';
import { churnScenario } from '../worker/testing.ts';
import type { OpenResult } from '../worker/protocol.ts';

const LONG = churnScenario(60);

/** The worker's sliced opens in process (progress, partial runs), and how often views were asked. */
function workerLike(core: KernscopeCore, gate: Promise<void> = Promise.resolve()): Engine & { viewCalls: number } {
  let t = 0;
  const clock: SliceClock = { now: () => t++, yield: () => new Promise((r) => setTimeout(r, 1)) };
  const opener = new SlicedOpener(core, clock, 1, 0);
  const base = inProcessEngine(core);
  const e = {
    ...base,
    viewCalls: 0,
    open: async (text: string, overrides: Parameters<Engine['open']>[1], watch: Parameters<Engine['open']>[2]): Promise<OpenResult> => {
      await gate;
      const onProgress = watch?.onProgress;
      return structuredClone(await opener.open(text, overrides, watch?.ticket ?? 0, onProgress ? (p) => onProgress(structuredClone(p)) : undefined));
    },
    view: ((...a: Parameters<Engine['view']>) => {
      e.viewCalls++;
      return base.view(...a);
    }) as Engine['view'],
    views: ((...a: Parameters<Engine['views']>) => {
      e.viewCalls++;
      return base.views(...a);
    }) as Engine['views'],
  };
  return e;
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What the page shows of its run: summary, moment and every panel's data. */
function shown(store: ReturnType<typeof controllerOn>['store']) {
  const a = store.getState().runs.a;
  return { info: a.info, cursor: a.cursor, moment: a.moment, panels: a.panels, recording: a.recording };
}

describe('the run cache', () => {
  it('draws a link opened again from the kept answers, as the fresh run drew it, then the engine takes over', async () => {
    const cache = new RunCache(memoryKv());
    const fresh = workerLike(new KernscopeCore());
    const one = controllerOn(cachedEngine(fresh, cache, 'build-1', { saveMs: 0, reaskMs: 0 }));
    const total = new KernscopeCore().open(LONG);
    if (!total.ok) throw new Error('scenario');
    const at = total.info.total - 3;
    expect(await one.c.loader.open(LONG, { kind: 'link' }, { at })).toBe(true);
    await settle(one.c);
    await wait(30);
    const first = shown(one.store);
    expect(first.moment?.cursor).toBe(at);
    expect(await cache.keys()).toHaveLength(1);

    // a new page: its engine is held back, so whatever it draws comes from the cache
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const engine2 = workerLike(new KernscopeCore(), gate);
    let replayed: Promise<void> | null = null;
    const two = controllerOn(cachedEngine(engine2, cache, 'build-1', { saveMs: 0, reaskMs: 0, replaying: (_info, done) => (replayed = done) }));
    expect(await two.c.loader.open(LONG, { kind: 'link' }, { at })).toBe(true);
    await settle(two.c);
    expect(engine2.viewCalls).toBe(0);
    expect(two.store.getState().runs.a.id).toBeLessThan(0);
    expect(shown(two.store)).toEqual(first);
    expect(replayed).not.toBeNull();

    // elsewhere in the run: nothing kept there, answered once the engine has recorded it again
    release();
    await replayed;
    two.c.cursor.seek(5);
    await settle(two.c);
    one.c.cursor.seek(5);
    await settle(one.c);
    expect(engine2.viewCalls).toBeGreaterThan(0);
    expect(shown(two.store)).toEqual(shown(one.store));
  });

  it('keeps nothing for another build, another text or other options, nor for a cancelled run', async () => {
    const cache = new RunCache(memoryKv());
    const e = cachedEngine(workerLike(new KernscopeCore()), cache, 'build-1', { saveMs: 0, reaskMs: 0 });
    const r = await e.open(LONG, {});
    if (!r.ok) throw new Error('scenario');
    await e.views(r.run, 4, [{ name: 'moment', args: {} }]);
    await wait(20);
    expect(await cache.keys()).toHaveLength(1);
    const again = await e.open(LONG, {});
    expect(again.ok && again.run < 0).toBe(true);
    const other = cachedEngine(workerLike(new KernscopeCore()), cache, 'build-2', { saveMs: 0 });
    const b = await other.open(LONG, {});
    expect(b.ok && b.run > 0).toBe(true);
    const c = await e.open(LONG, { cmdline: 'slub_debug=FZP' });
    expect(c.ok && c.run > 0).toBe(true);
    const d = await e.open(churnScenario(3), {});
    expect(d.ok && d.run > 0).toBe(true);
    // a cancelled run is what was recorded until then: not the scenario's run
    const none = new RunCache(memoryKv());
    const cancelling = cachedEngine(workerLike(new KernscopeCore()), none, 'build-1', { saveMs: 0 });
    const p = cancelling.open(churnScenario(40), {}, { ticket: 7 });
    await cancelling.cancel(7);
    const x = await p;
    if (!x.ok) throw new Error('scenario');
    await cancelling.views(x.run, 1, [{ name: 'moment', args: {} }]);
    await wait(20);
    expect(await none.keys()).toEqual([]);
  });

  it('a view not kept of a kept run waits for the engine, and answers as a fresh run does', async () => {
    const cache = new RunCache(memoryKv());
    const e1 = cachedEngine(workerLike(new KernscopeCore()), cache, 'b', { saveMs: 0 });
    const r1 = await e1.open(LONG, {});
    if (!r1.ok) throw new Error('scenario');
    const asked = [{ name: 'moment', args: {} }, { name: 'dmesg', args: { from: 0, to: 20 } }] as const;
    const a1 = await e1.views(r1.run, 10, asked);
    await wait(20);
    const e2 = cachedEngine(workerLike(new KernscopeCore()), cache, 'b', { saveMs: 0 });
    const r2 = await e2.open(LONG, {});
    if (!r2.ok) throw new Error('scenario');
    expect(r2.run).toBeLessThan(0);
    expect(r2.info).toEqual(r1.info);
    expect(await e2.views(r2.run, 10, asked)).toEqual(a1);
    // asked past the end: the same moment as the end
    expect(await e2.view(r2.run, 'moment', {}, 1e9)).toEqual(await e1.view(r1.run, 'moment', {}, 1e9));
    expect(await e2.view(r2.run, 'dmesg', { from: 0, to: 5 }, 3)).toEqual(await e1.view(r1.run, 'dmesg', { from: 0, to: 5 }, 3));
    await e2.close(r2.run);
    await expect(e2.view(r2.run, 'moment', {}, 1)).rejects.toThrow();
  });

  it('records a kept run again once the page has drawn it, or at once when a view not kept is asked', async () => {
    const cache = new RunCache(memoryKv());
    const e1 = cachedEngine(workerLike(new KernscopeCore()), cache, 'b', { saveMs: 0 });
    const r1 = await e1.open(LONG, {});
    if (!r1.ok) throw new Error('scenario');
    const asked = [{ name: 'moment', args: {} }] as const;
    await e1.views(r1.run, 10, asked);
    await wait(20);
    const opened = () => {
      let opens = 0;
      const inner = workerLike(new KernscopeCore());
      const open = inner.open;
      inner.open = (...a) => {
        opens++;
        return open(...a);
      };
      let drawn: (() => void) | null = null;
      let recorded: Promise<void> | null = null;
      const e = cachedEngine(inner, cache, 'b', { saveMs: 0, afterDrawn: (f) => (drawn = f), replaying: (_i, done) => (recorded = done) });
      return { e, inner, opens: () => opens, drawn: () => drawn!(), recorded: () => recorded! };
    };
    // drawn from the cache: the engine records it only when told the page has drawn it
    const a = opened();
    const ra = await a.e.open(LONG, {});
    if (!ra.ok) throw new Error('scenario');
    await a.e.views(ra.run, 10, asked);
    await wait(10);
    expect(a.opens()).toBe(0);
    a.drawn();
    await a.recorded();
    expect(a.opens()).toBe(1);
    expect(await a.e.views(ra.run, 3, asked)).toEqual(await e1.views(r1.run, 3, asked));
    // a moment not kept (the first page kept 10, then 3), before then: recorded at once, the answer waiting for it
    const b = opened();
    const rb = await b.e.open(LONG, {});
    if (!rb.ok) throw new Error('scenario');
    expect(await b.e.views(rb.run, 7, asked)).toEqual(await e1.views(r1.run, 7, asked));
    expect(b.opens()).toBe(1);
    b.drawn();
    await b.recorded();
    expect(b.opens()).toBe(1);
    // closed before then: never recorded, and what waited on it settles
    const c = opened();
    const rc = await c.e.open(LONG, {});
    if (!rc.ok) throw new Error('scenario');
    await c.e.close(rc.run);
    c.drawn();
    await c.recorded();
    expect(c.opens()).toBe(0);
  });

  it('keeps the views asked soon after the run is done, not those of the session after', async () => {
    const kv = memoryKv();
    const cache = new RunCache(kv);
    const e = cachedEngine(workerLike(new KernscopeCore()), cache, 'b', { saveMs: 0, keepMs: 150 });
    const r = await e.open(LONG, {});
    if (!r.ok) throw new Error('scenario');
    await e.views(r.run, 10, [{ name: 'moment', args: {} }]);
    await wait(200);
    await e.views(r.run, 12, [{ name: 'moment', args: {} }]);
    await wait(20);
    const [key] = await cache.keys();
    const kept = await cache.get(key!);
    expect(kept?.answers.map(([k]) => k)).toEqual([JSON.stringify([10, 'moment', {}])]);
  });

  it('keeps a few answers of each view: a first render, not a pan across the memory map', async () => {
    const cache = new RunCache(memoryKv());
    const e = cachedEngine(workerLike(new KernscopeCore()), cache, 'b', { saveMs: 0 });
    const r = await e.open(LONG, {});
    if (!r.ok) throw new Error('scenario');
    for (let i = 0; i < 10; i++) await e.views(r.run, 10, [{ name: 'memoryMap', args: { startPfn: i * 64, count: 64 } }]);
    await e.views(r.run, 10, [{ name: 'moment', args: {} }]);
    await wait(20);
    const kept = await cache.get((await cache.keys())[0]!);
    expect(kept?.answers.map(([k]) => JSON.parse(k) as unknown[]).map(([, name, args]) => [name, (args as { startPfn?: number }).startPfn])).toEqual([
      ['memoryMap', 0],
      ['memoryMap', 64],
      ['memoryMap', 128],
      ['memoryMap', 192],
      ['moment', undefined],
    ]);
  });
});

describe('whenSettled', () => {
  afterEach(() => vi.unstubAllGlobals());

  /** requestIdleCallback played from a list of idle periods (ms left in each), the clock moving 50 ms a period. */
  function idle(periods: number[]) {
    let t = 0;
    const calls: { timeout: number | undefined }[] = [];
    vi.stubGlobal('performance', { now: () => t });
    vi.stubGlobal('requestIdleCallback', (cb: (d: IdleDeadline) => void, o?: { timeout?: number }) => {
      calls.push({ timeout: o?.timeout });
      const left = periods.shift();
      t += 50;
      if (left === undefined) cb({ didTimeout: true, timeRemaining: () => 0 });
      else cb({ didTimeout: false, timeRemaining: () => left });
      return calls.length;
    });
    return calls;
  }

  it('runs once the page has been idle for a quarter second without a break', () => {
    // busy frames (little idle time) break the stretch; six whole idle frames in a row end it
    idle([5, 49, 49, 10, 49, 49, 49, 49, 49, 49, 49]);
    let ran = 0;
    whenSettled(() => ran++);
    expect(ran).toBe(1);
    expect(performance.now()).toBe(50 * 10);
  });

  it('runs at the latest after its longest wait, whatever the page does', () => {
    const calls = idle([1, 1, 1]);
    let ran = 0;
    whenSettled(() => ran++);
    expect(ran).toBe(1);
    expect(calls[0]!.timeout).toBe(SETTLED_MAX_MS);
    expect(calls.at(-1)!.timeout).toBeLessThan(SETTLED_MAX_MS);
  });
});
