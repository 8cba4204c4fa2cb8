// A long run is shown while it is recorded: the moment asked is drawn once the run reaches it,
// the timeline and the findings grow with each slice, and the finished run is the one a whole
// recording gives. The real engine, in slices, behind the page's controller.
import { describe, expect, it } from 'vitest';
import { inProcessEngine, type Engine } from '../engine.ts';
import { controllerOn, settle } from '../testing.ts';
import { KernscopeCore } from '../../worker/core.ts';
import { SlicedOpener, type SliceClock } from '../../worker/slicer.ts';
import { churnScenario } from '../../worker/testing.ts';
import type { RunInfo } from '../../worker/protocol.ts';

const LONG = churnScenario(150);

/** The worker's sliced opens in process: a slice of one step, the event loop running between two. */
function slicedEngine(core: KernscopeCore, onYield: () => void): Engine {
  let t = 0;
  const clock: SliceClock = {
    now: () => t++,
    yield: async () => {
      onYield();
      // slices a few ms apart: the run takes longer than the page's pace of redrawing it as it grows
      await new Promise((r) => setTimeout(r, 5));
    },
  };
  const opener = new SlicedOpener(core, clock, 1, 0);
  return {
    ...inProcessEngine(core),
    open: async (text, overrides, watch) => {
      const onProgress = watch?.onProgress;
      return structuredClone(await opener.open(text, overrides, watch?.ticket ?? 0, onProgress ? (p) => onProgress(structuredClone(p)) : undefined));
    },
  };
}

function whole(text: string): RunInfo {
  const r = new KernscopeCore().open(text);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.info;
}

describe('a run shown while it is recorded', () => {
  it('draws the moment a link asks for before the run ends, grows, and ends as the whole run', async () => {
    const full = whole(LONG);
    const at = Math.floor(full.total / 3);
    const seen: { total: number; cursor: number; moment: number | null; findings: number; recording: boolean }[] = [];
    let store!: ReturnType<typeof controllerOn>['store'];
    const engine = slicedEngine(new KernscopeCore(), () => {
      const s = store.getState();
      const a = s.runs.a;
      if (s.opening.length > 0 && a.info) seen.push({ total: a.info.total, cursor: a.cursor, moment: a.moment?.cursor ?? null, findings: a.info.findings.length, recording: a.recording === true });
    });
    const setup = controllerOn(engine);
    store = setup.store;
    const c = setup.c;
    expect(await c.loader.open(LONG, { kind: 'link' }, { at })).toBe(true);
    await settle(c);
    // shown while running: at the moment asked, drawn there, the run growing under it
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.every((v) => v.cursor === at && v.total >= at && v.total <= full.total)).toBe(true);
    expect(seen[0]!.total).toBeLessThan(full.total);
    expect(seen.every((v) => v.recording)).toBe(true);
    expect(seen.some((v) => v.moment === at)).toBe(true);
    expect(seen.at(-1)!.total).toBeGreaterThan(seen[0]!.total);
    // the findings come with the run: none at first, those recorded so far after
    expect(seen[0]!.findings).toBe(0);
    expect(seen.every((v, i) => i === 0 || v.findings >= seen[i - 1]!.findings)).toBe(true);
    // done: the whole run's summary, the cursor where it was, nothing running
    const s = store.getState();
    expect(s.opening).toEqual([]);
    expect(s.runs.a.info).toEqual(full);
    expect(s.runs.a.cursor).toBe(at);
    expect(s.runs.a.moment?.cursor).toBe(at);
    expect(s.runs.a.recording).toBeUndefined();
    expect(full.findings.length).toBeGreaterThan(0);
  });

  it('a moment past what is recorded waits for the run to get there', async () => {
    const full = whole(LONG);
    const at = full.total - 2;
    const early: number[] = [];
    let store!: ReturnType<typeof controllerOn>['store'];
    const engine = slicedEngine(new KernscopeCore(), () => {
      const s = store.getState();
      if (s.opening.length > 0 && s.runs.a.info) early.push(s.runs.a.info.total);
    });
    const setup = controllerOn(engine);
    store = setup.store;
    expect(await setup.c.loader.open(LONG, { kind: 'link' }, { at })).toBe(true);
    await settle(setup.c);
    expect(early.every((t) => t >= at)).toBe(true);
    expect(store.getState().runs.a.info).toEqual(full);
    expect(store.getState().runs.a.cursor).toBe(at);
  });
});
