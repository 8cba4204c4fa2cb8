import { describe, expect, it } from 'vitest';
import { Clock } from '../engine/clock.ts';
import { Recorder } from '../engine/recorder.ts';
import { FINDING_KINDS } from '../scenario/kinds.ts';
import { OP_HANDLERS } from '../scenario/ops/index.ts';
import { OP_SCHEMAS } from '../scenario/schema.ts';
import { DEFAULT_CONFIG } from './config.ts';
import { bootMachine, creationOrder } from './machine.ts';
import type { AnyModuleDef, ModuleName } from './modules.ts';
import { MODULE_LIST } from './modules/index.ts';

const def = (name: string, deps: string[]): AnyModuleDef => ({ name: name as ModuleName, deps: deps as ModuleName[], create: () => ({}), steps: {}, ops: {}, findingKinds: [] });

describe('machine modules', () => {
  it('are created after everything they declare, otherwise in list order', () => {
    const order = creationOrder([def('mm', []), def('dcache', ['slub', 'user']), def('slub', ['mm']), def('user', [])]).map((d) => d.name);
    expect(order).toEqual(['mm', 'slub', 'user', 'dcache']);
    const real = creationOrder(MODULE_LIST).map((d) => d.name);
    for (const d of MODULE_LIST) for (const dep of d.deps) expect(real.indexOf(dep), `${d.name} after ${dep}`).toBeLessThan(real.indexOf(d.name));
  });

  it('a dependency cycle or a missing module is refused by name', () => {
    expect(() => creationOrder([def('alt', ['cpus']), def('cpus', ['alt'])])).toThrow('module dependency cycle: alt -> cpus -> alt');
    expect(() => creationOrder([def('pm', ['devices'])])).toThrow('module "pm" depends on "devices", which is not in the list');
  });

  it('every op has one handler and one schema, and every handler an op', () => {
    const schemas = Object.keys(OP_SCHEMAS).sort();
    expect(Object.keys(OP_HANDLERS).sort()).toEqual(schemas);
    const owners = new Map<string, string>();
    for (const m of MODULE_LIST) {
      expect(Object.keys(m.ops).sort(), m.name).toEqual(Object.keys(m.steps).sort());
      for (const op of Object.keys(m.steps)) {
        expect(owners.get(op), `${op} declared by ${owners.get(op)} and ${m.name}`).toBeUndefined();
        owners.set(op, m.name);
      }
    }
  });

  it("every module's finding kinds are kinds of the scenario contract", () => {
    const known = new Set<string>(FINDING_KINDS);
    for (const m of MODULE_LIST) for (const kind of m.findingKinds) expect(known.has(kind), `${m.name}: ${kind}`).toBe(true);
  });

  it('a machine of a few modules boots the core and those modules only', () => {
    const m = bootMachine({ ...DEFAULT_CONFIG }, new Recorder(new Clock(), 1000), MODULE_LIST.filter((d) => d.name === 'locking'));
    expect(m.locking).toBeDefined();
    expect((m as unknown as Record<string, unknown>).slub).toBeUndefined();
    expect(m.counters()).toEqual({});
    expect(m.snapshot().modules).toHaveLength(1);
  });

  it('asks every module what a physical address is', () => {
    const m = bootMachine({ ...DEFAULT_CONFIG, cmdline: 'slub_debug=FZ' }, new Recorder(new Clock(), 1e6));
    m.boot();
    const obj = m.slub.kmalloc(100)!;
    const [info, ...rest] = m.describe(obj + 8);
    expect(rest).toEqual([]);
    expect(info).toMatchObject({ owner: 'slab:kmalloc-128', object: { name: 'kmalloc-128', phys: obj, allocated: true, objectSize: 128 } });
    expect(info!.regions.map((r) => r.name)).toContain('Object');
    expect(m.describe(0x1000)).toEqual([]);
    expect(m.counters()).toEqual({ slab_errors: 0 });
  });
});
