// The machine's modules by name, and what a module declares: its dependencies, how it is created
// from them, and what it brings to scenarios (ops with their schema, finding kinds, views).
import type { z } from 'zod';
import type { Kernel } from './kernel.ts';
import type { MachineModule } from './subsystem.ts';
import type { MmInit } from '../linux/mm/mm_init.ts';
import type { Slub } from '../linux/mm/slub.ts';
import type { LockingModel } from './locking_model.ts';
import type { Traps } from '../linux/arch/x86/kernel/dumpstack.ts';
import type { Vmalloc } from '../linux/mm/vmalloc.ts';
import type { Modules } from '../linux/kernel/module/main.ts';
import type { Alternatives } from '../linux/arch/x86/kernel/alternative.ts';
import type { Cpus } from '../linux/kernel/cpu.ts';
import type { Devices } from '../linux/drivers/base/core.ts';
import type { Suspend } from '../linux/kernel/power/suspend.ts';
import type { Dcache } from '../linux/fs/dcache.ts';
import type { UserMemory } from '../linux/mm/memory.ts';
import type { UserMm } from '../linux/mm/mmap.ts';
import type { ScenarioRunner } from '../scenario/runner.ts';
import type { Ttm } from '../linux/drivers/gpu/drm/ttm/ttm_module.ts';
import type { NouveauDrm } from '../linux/drivers/gpu/drm/nouveau/nouveau_drm.ts';
import type { ListHeads } from './list_heads.ts';
import type { PagePool } from '../linux/net/core/page_pool.ts';
import type { Panfrost } from '../linux/drivers/gpu/drm/panfrost/panfrost_device.ts';
import type { PageCache } from '../linux/mm/filemap.ts';

/** Every module of the machine, by the name others use to depend on it. */
export interface ModuleTypes {
  /** Memory auto-init (init_on_alloc/init_on_free) and the page allocator's hooks. */
  mm: MmInit;
  slub: Slub;
  locking: LockingModel;
  /** The oops/WARN call stack (die(), __warn()). */
  traps: Traps;
  vmalloc: Vmalloc;
  /** The module loader. */
  modules: Modules;
  /** SMP alternatives and text_poke(). */
  alt: Alternatives;
  /** CPU hotplug. */
  cpus: Cpus;
  devices: Devices;
  /** Suspend to RAM. */
  pm: Suspend;
  dcache: Dcache;
  /** 2.6.25 user memory: the pattern checker's anonymous buffers. */
  user: UserMemory;
  /** User address spaces with page tables and folios (madvise). */
  usermm: UserMm;
  /** DRM's TTM memory manager with the dma-buf fences and reservation objects. */
  ttm: Ttm;
  /** The GPU (machine.vramMiB > 0) and its nouveau driver. */
  nouveau: NouveauDrm;
  /** The list heads a run names, and how many entries were ever added (include/linux/list.h). */
  lists: ListHeads;
  /** The network stack's page_pools and the skbs on their pages. */
  page_pool: PagePool;
  /** The Mali GPU of an arm64 board (machine.gpu "Mali-T860"), its Panfrost driver with GEM shmem objects, and direct reclaim through the shrinkers. */
  panfrost: Panfrost;
  /** The page cache of regular files: their pages read from disk, and drop_caches. */
  pagecache: PageCache;
}

export type ModuleName = keyof ModuleTypes;

/** What a module is handed when it is created: the kernel core and the modules it declared. */
export type Deps<N extends ModuleName = never> = { readonly k: Kernel } & { readonly [P in N]: ModuleTypes[P] };

/** An op handler of a module: runs one scenario step on the machine. */
export type OpsOf<S extends Readonly<Record<string, z.ZodType>>> = { [K in keyof S]: (r: ScenarioRunner, step: z.infer<S[K]>, path: string) => void };

/** A view a module answers about its own state at the run's cursor. */
export type ModuleView<T, A, R> = (self: T, args: A) => R;

export interface ModuleDef<N extends ModuleName, D extends ModuleName, S extends Readonly<Record<string, z.ZodType>>> {
  readonly name: N;
  readonly deps: readonly D[];
  create(d: Deps<D>): ModuleTypes[N];
  /** The scenario ops this module performs, with their schema (docs/scenario-format.md). */
  readonly steps: S;
  readonly ops: OpsOf<S>;
  /** Finding kinds its models report. */
  readonly findingKinds: readonly string[];
}

/** The loosely typed form the machine iterates over. */
export interface AnyModuleDef {
  readonly name: ModuleName;
  readonly deps: readonly ModuleName[];
  create(d: Deps<ModuleName>): MachineModule;
  readonly steps: Readonly<Record<string, z.ZodType>>;
  readonly ops: Readonly<Record<string, (r: ScenarioRunner, step: never, path: string) => void>>;
  readonly findingKinds: readonly string[];
}

export function defineModule<N extends ModuleName, D extends ModuleName = never, S extends Readonly<Record<string, z.ZodType>> = Record<never, never>>(def: ModuleDef<N, D, S>): ModuleDef<N, D, S> {
  return def;
}
