// The simulated machine: the kernel core and every module of MODULES, created in dependency order,
// saved, restored and hashed in list order, and asked together what a physical address is.
import { Hasher } from '../engine/hash.ts';
import type { Recorder } from '../engine/recorder.ts';
import { startKernel } from '../linux/init/main.ts';
import type { KernelConfig } from './config.ts';
import { Kernel, type KernelSnapshot } from './kernel.ts';
import type { AnyModuleDef, Deps, ModuleName } from './modules.ts';
import { MODULE_LIST } from './modules/index.ts';
import type { MachineModule, PhysInfo } from './subsystem.ts';

export interface MachineSnapshot {
  kernel: KernelSnapshot;
  /** One entry per stateful module, in list order. */
  modules: unknown[];
}

export interface MachineApi {
  /** start_kernel() up to the point where scenarios run. */
  boot(): void;
  snapshot(): MachineSnapshot;
  restore(s: MachineSnapshot): void;
  /** Covers the kernel core and every module's state; the same in Node and every browser. */
  stateHash(): string;
  /** Every module's counters (counters.slab_errors, ...). */
  counters(): Record<string, number>;
  /** What each module that knows says about a physical address, in list order. */
  describe(phys: number): PhysInfo[];
}

export type Machine = Deps<ModuleName> & MachineApi;

interface Stateful {
  readonly name: string;
  snapshot(): unknown;
  restore(s: unknown): void;
  hashInto(h: Hasher): void;
  unused?(): boolean;
}

function isStateful(m: MachineModule): m is Stateful {
  return typeof m.snapshot === 'function' && typeof m.restore === 'function' && typeof m.hashInto === 'function' && typeof m.name === 'string';
}

/** The list in creation order: each module after its dependencies, otherwise in list order. */
export function creationOrder(list: readonly AnyModuleDef[]): AnyModuleDef[] {
  const byName = new Map(list.map((d) => [d.name, d]));
  const out: AnyModuleDef[] = [];
  const state = new Map<ModuleName, 'visiting' | 'done'>();
  const visit = (d: AnyModuleDef, path: readonly ModuleName[]): void => {
    const s = state.get(d.name);
    if (s === 'done') return;
    if (s === 'visiting') throw new Error(`module dependency cycle: ${[...path, d.name].join(' -> ')}`);
    state.set(d.name, 'visiting');
    for (const dep of d.deps) {
      const dd = byName.get(dep);
      if (!dd) throw new Error(`module "${d.name}" depends on "${dep}", which is not in the list`);
      visit(dd, [...path, d.name]);
    }
    state.set(d.name, 'done');
    out.push(d);
  };
  for (const d of list) visit(d, []);
  return out;
}

export function bootMachine(config: KernelConfig, rec: Recorder, list: readonly AnyModuleDef[] = MODULE_LIST): Machine {
  const k = new Kernel(config, rec);
  const made = new Map<ModuleName, MachineModule>();
  for (const def of creationOrder(list)) {
    const deps: Record<string, unknown> = { k };
    for (const dep of def.deps) deps[dep] = made.get(dep);
    made.set(def.name, def.create(deps as Deps<ModuleName>));
  }
  const stateful = list.map((d) => made.get(d.name)!).filter(isStateful);
  const withCounters = list.map((d) => made.get(d.name)!).filter((m) => typeof m.counters === 'function');
  const describers = list.map((d) => made.get(d.name)!).filter((m) => typeof m.describe === 'function');
  const api: MachineApi = {
    boot: () => startKernel(machine),
    snapshot: () => ({ kernel: k.snapshot(), modules: stateful.map((s) => s.snapshot()) }),
    restore(s) {
      k.restore(s.kernel);
      stateful.forEach((m, i) => m.restore(s.modules[i]));
    },
    stateHash() {
      const h = new Hasher();
      k.hashInto(h);
      for (const s of stateful) {
        if (s.unused?.()) continue;
        h.str(s.name);
        s.hashInto(h);
      }
      return h.hex();
    },
    counters() {
      const out: Record<string, number> = {};
      for (const m of withCounters) Object.assign(out, m.counters!());
      return out;
    },
    describe(phys) {
      const out: PhysInfo[] = [];
      for (const m of describers) {
        const info = m.describe!(phys);
        if (info) out.push(info);
      }
      return out;
    },
  };
  const machine = Object.assign(Object.fromEntries(made), { k }, api) as unknown as Machine;
  return machine;
}
