import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { VIEWS } from '../sim/views/registry.ts';
import { KernscopeCore } from './core.ts';
import { ask, type RunId, type RunInfo, type ViewArgs, type ViewName } from './protocol.ts';

function bundled(name: string): string {
  return readFileSync(new URL(`../../scenarios/${name}.json`, import.meta.url), 'utf8');
}

function open(core: KernscopeCore, text: string): { run: RunId; info: RunInfo } {
  const r = core.open(text);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r;
}

describe('KernscopeCore: every view of a bundled run', () => {
  it('answers every view name with data that survives structuredClone unchanged', () => {
    const core = new KernscopeCore();
    const { run, info } = open(core, bundled('text-poke-reserved-check'));
    const stray = info.findings.find((f) => f.kind === 'mm.stray_write');
    expect(stray).toBeDefined();
    const pfn = parseInt(String(stray!.fields.frame), 16);
    const at = stray!.event + 1;
    const page = core.view(run, 'memoryMap', { startPfn: pfn, count: 1 }, at).pageOffset;
    // the compiler makes this list name every view: a new view needs its arguments here
    const args: { [N in ViewName]: ViewArgs<N> } = {
      moment: {},
      dmesg: { from: 0, to: 50 },
      events: { from: at - 5, to: at + 5 },
      timeline: { buckets: 20 },
      timelineLanes: { buckets: 20, from: at - 5, to: at + 5 },
      hexView: { target: `0x${(BigInt(page) + BigInt(pfn) * 4096n).toString(16)}`, len: 128 },
      lockGraph: {},
      heldLocks: {},
      memoryMap: { startPfn: 0, count: 4096 },
      frameHistory: { pfn },
      suspendPhases: {},
      report: {},
      stateHash: {},
      listRing: { head: '' },
      vramMap: {},
      boHistory: { bo: 'xorg-front' },
      framebuffer: { step: 4 },
      framebufferAt: { events: [0, at], step: 4 },
      functionTrace: { range: 'step' },
      tracedFunctions: {},
      pagePool: {},
      gem: {},
      shrinkerScans: {},
      eventQuery: { kinds: ['alt.text_poke'], from: 0, to: 20, near: at },
      eventFacets: {},
      dmesgSearch: { text: 'text_poke' },
      dmesgLineEvent: { line: 0 },
      findingLanding: { finding: 0 },
      findingStep: { dir: 1 },
      byteWrite: { addr: `0x${(BigInt(page) + BigInt(pfn) * 4096n).toString(16)}`, dir: -1 },
      stepBoundary: { dir: 1 },
      sqlSchema: {},
    };
    const names = Object.keys(VIEWS) as ViewName[];
    expect(names.sort()).toEqual(Object.keys(args).sort());
    for (const name of names) {
      const answer = core.view(run, name, args[name], at);
      expect(answer, name).toBeDefined();
      expect(structuredClone(answer), name).toEqual(answer);
    }
    expect(structuredClone(info)).toEqual(info);
    // and what they say is about that moment
    const m = core.view(run, 'moment', {}, at);
    expect(m.cursor).toBe(at);
    expect(m.event?.index).toBe(stray!.event);
    expect(m.counters).toHaveProperty('slab_errors');
    expect(core.view(run, 'frameHistory', { pfn }, at).some((w) => w.event === stray!.event)).toBe(true);
    expect(core.view(run, 'memoryMap', { startPfn: pfn, count: 1 }, at).strayFrames).toEqual([pfn]);
    expect(core.view(run, 'report', {}, at).events).toBe(at);
  });

  it('answers a batch in order, at one moment, the same as one by one', () => {
    const core = new KernscopeCore();
    const { run, info } = open(core, bundled('lockdep-abba'));
    const at = Math.floor(info.total / 2);
    const batch = core.views(run, at, [ask('moment', {}), ask('lockGraph', {}), ask('heldLocks', {}), ask('stateHash', {})]);
    expect(batch).toEqual([core.view(run, 'moment', {}, at), core.view(run, 'lockGraph', {}, at), core.view(run, 'heldLocks', {}, at), core.view(run, 'stateHash', {}, at)]);
  });

  it('no view moves the moment another view is asked at', () => {
    const core = new KernscopeCore();
    const { run, info } = open(core, bundled('slub-redzone-overwrite'));
    const at = info.findings[0]!.event + 1;
    const hash = core.view(run, 'stateHash', {}, at);
    const hex = core.view(run, 'hexView', { target: 'p', len: 64 }, at);
    core.view(run, 'lockGraph', {}, info.total);
    core.view(run, 'report', {}, 0);
    expect(core.view(run, 'stateHash', {}, at)).toBe(hash);
    expect(core.view(run, 'hexView', { target: 'p', len: 64 }, at)).toEqual(hex);
    // out of range moments are clamped to the run
    expect(core.view(run, 'moment', {}, info.total + 100).cursor).toBe(info.total);
    expect(core.view(run, 'moment', {}, -3).cursor).toBe(0);
  });

  it('names what it does not know: a view, a moment', () => {
    const core = new KernscopeCore();
    const { run } = open(core, bundled('slub-double-free'));
    // as a message from the page could say
    const bad = 'nope' as ViewName;
    expect(() => core.view(run, bad, {} as ViewArgs<'moment'>, 0)).toThrow('there is no view named "nope"');
    expect(() => core.view(run, 'moment', {}, Number.NaN)).toThrow(/event number/);
  });
});

describe('KernscopeCore: several runs', () => {
  it('keeps two scenarios opened one after the other, each answering with its own data', () => {
    const core = new KernscopeCore();
    const a = open(core, bundled('slub-redzone-overwrite'));
    const b = open(core, bundled('lockdep-abba'));
    expect(a.run).not.toBe(b.run);
    expect([a.info.name, b.info.name]).toEqual(['slub-redzone-overwrite', 'lockdep-abba']);
    expect(core.view(a.run, 'events', { from: 0, to: a.info.total }, a.info.total)).toHaveLength(a.info.total);
    expect(core.view(b.run, 'events', { from: 0, to: b.info.total }, b.info.total)).toHaveLength(b.info.total);
    expect(core.view(a.run, 'lockGraph', {}, a.info.total).classes).toEqual([]);
    expect(core.view(b.run, 'lockGraph', {}, b.info.total).classes.map((c) => c.name)).toEqual(['&dev->lock', '&dev->queue_lock']);
    expect(core.view(a.run, 'report', {}, a.info.total).scenario).toBe('slub-redzone-overwrite');
    expect(core.view(b.run, 'report', {}, b.info.total).scenario).toBe('lockdep-abba');
    // the same as each alone: asking one run does not disturb the other
    const alone = new KernscopeCore();
    const a2 = open(alone, bundled('slub-redzone-overwrite'));
    expect(core.view(a.run, 'stateHash', {}, 7)).toBe(alone.view(a2.run, 'stateHash', {}, 7));
    expect(core.view(a.run, 'moment', {}, a.info.total)).toEqual(alone.view(a2.run, 'moment', {}, a2.info.total));
  });

  it('drops the least recently used run beyond its bound and says so; a closed or unknown run is an error too', () => {
    const core = new KernscopeCore(2);
    const text = bundled('slub-double-free');
    const a = open(core, text);
    const b = open(core, text);
    core.view(a.run, 'moment', {}, 1);
    const c = open(core, text);
    // b was used least recently
    expect(() => core.view(b.run, 'moment', {}, 1)).toThrow(`run ${b.run} is no longer open`);
    expect(core.view(a.run, 'moment', {}, 1).cursor).toBe(1);
    expect(core.view(c.run, 'moment', {}, 1).cursor).toBe(1);
    core.close(a.run);
    expect(() => core.views(a.run, 1, [ask('moment', {})])).toThrow(/no longer open/);
    expect(() => core.view(99, 'moment', {}, 1)).toThrow('there is no run 99');
  });
});

describe('KernscopeCore: validate', () => {
  it('lists the input errors open() would, without running or keeping a run', () => {
    const core = new KernscopeCore();
    const bad = JSON.stringify({ format: 'kernscope/1', name: 'x', steps: [{ op: 'kmalloc', size: '64', as: 'p' }] });
    const opened = core.open(bad);
    expect(opened.ok).toBe(false);
    expect(core.validate(bad)).toEqual(opened.ok ? [] : opened.errors);
    expect(core.validate(bad)[0]).toMatchObject({ path: 'steps[0].size' });
    expect(core.validate(JSON.stringify({ format: 'kernscope/1', name: 'x', steps: [] }))).toEqual([]);
    expect(core.validate('{')[0]?.message).toContain('not valid JSON');
  });
});

describe('KernscopeCore: two runs compared', () => {
  it('compares two open runs by id, and names a run that is gone', () => {
    const core = new KernscopeCore();
    const text = bundled('slub-double-free');
    const a = open(core, text);
    const r = core.open(text, { cmdline: 'slub_debug=-' });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const c = core.compare(a.run, r.run);
    expect(c.divergence).not.toBeNull();
    expect(c.onlyA.map((f) => f.kind)).toContain('slub.double_free');
    expect(c.totalA).toBe(a.info.total);
    expect(structuredClone(c)).toEqual(c);
    core.close(r.run);
    expect(() => core.compare(a.run, r.run)).toThrow(/no longer open/);
  });
});
