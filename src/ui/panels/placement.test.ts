import { describe, expect, it } from 'vitest';
import type { Finding, RunInfo } from '../../worker/protocol.ts';
import { INITIAL_LAYOUT, layoutFor, offeredIn, onScreen, shownIn } from './placement.ts';

function info(p: { findings?: Partial<Finding>[]; lockClasses?: number; phases?: number }): RunInfo {
  return {
    name: 'x',
    title: 'x',
    description: '',
    source: '',
    config: { seed: 1, arch: 'x86_64', kernel: '6.8', cpus: 2, ramMiB: 256, vramMiB: 0, cmdline: '', kconfig: {}, patches: {} },
    total: 100,
    endNs: 0,
    marks: [],
    expectations: [],
    findings: (p.findings ?? []).map((f) => ({ kind: 'slub.double_free', title: 'BUG', step: 1, event: 5, fields: {}, ...f })),
    errors: [],
    phases: Array.from({ length: p.phases ?? 0 }, (_, i) => ({ cycle: 0, phase: 'sync', from: i, to: i + 1, startNs: 0, endNs: 0 })),
    lockClasses: p.lockClasses ?? 0,
    options: { kconfigOptions: [], kconfigDefaults: {}, patches: [] },
  };
}

describe('placement', () => {
  it('offers the memory map for runs about physical memory and Locks for runs with lock classes', () => {
    expect(offeredIn('view', info({}))).toEqual(['hex', 'events', 'query']);
    expect(offeredIn('view', info({ phases: 1, lockClasses: 2 }))).toEqual(['hex', 'map', 'locks', 'events', 'query']);
    expect(offeredIn('view', info({ findings: [{ kind: 'mm.bad_page' }] }))).toEqual(['hex', 'map', 'events', 'query']);
    // before any run: the panels that need one are not offered
    expect(offeredIn('view', null)).toEqual(['hex']);
  });

  it('offers an imported log the panels of a recording, not those of a machine, and opens its trace', () => {
    const imported = { file: 'trace.txt', lines: 20, logLines: 2, untimed: 0, traceEvents: 16, profiles: ['trace.txt: function_graph'], notices: [], timed: false };
    const log = { ...info({ findings: [{ kind: 'mm.bad_page' }] }), imported };
    expect(offeredIn('view', log)).toEqual(['ftrace', 'events', 'query']);
    expect(layoutFor(log, INITIAL_LAYOUT).view).toBe('ftrace');
    expect(offeredIn('view', { ...log, imported: { ...imported, traceEvents: 0, profiles: [] } })).toEqual(['events', 'query']);
  });

  it('opens a scenario on the view that wants it most', () => {
    expect(layoutFor(info({}), INITIAL_LAYOUT).view).toBe('hex');
    expect(layoutFor(info({ lockClasses: 2 }), INITIAL_LAYOUT).view).toBe('locks');
    expect(layoutFor(info({ lockClasses: 2, findings: [{ fields: { addr: '0xffff888000001000' } }] }), INITIAL_LAYOUT).view).toBe('hex');
    expect(layoutFor(info({ lockClasses: 2, findings: [{ kind: 'mm.stray_write', fields: { frame: '0x10' } }] }), INITIAL_LAYOUT).view).toBe('map');
    // a suspend run without stray writes offers the map but opens on memory
    expect(layoutFor(info({ phases: 3 }), INITIAL_LAYOUT).view).toBe('hex');
    // the left column keeps what the user chose
    expect(layoutFor(info({}), { ...INITIAL_LAYOUT, left: 'options' }).left).toBe('options');
  });

  it('shows the chosen tab when offered, else the first; every panel offered elsewhere', () => {
    const chosen = { ...INITIAL_LAYOUT, view: 'locks' as const };
    expect(shownIn('view', chosen, info({ lockClasses: 1 }))).toEqual(['locks']);
    expect(shownIn('view', chosen, info({}))).toEqual(['hex']);
    expect(shownIn('right', chosen, info({}))).toEqual(['findings', 'expectations']);
    expect(onScreen(chosen, info({ lockClasses: 1 }))).toEqual(['share', 'timeline', 'description', 'dmesg', 'locks', 'findings', 'expectations']);
  });
});
