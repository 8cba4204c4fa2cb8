// The TTM memory manager as one subsystem: ttm_module.c's init and the state ttm_bo_global and
// each struct ttm_bo_device keep (drivers/gpu/drm/ttm, 5.10), with the dma-buf fences
// (drivers/dma-buf) every buffer object's reservation object holds. The functions themselves are
// in the files named after TTM's: ttm_bo.ts, ttm_resource.ts, ttm_tt.ts, ttm_bo_util.ts,
// ttm_page_alloc.ts, ttm_memory.ts. Drivers register their struct ttm_bo_driver callbacks and how
// the CPU reaches their memory (the BAR) by name; buffer objects, managers, LRU lists, pools and
// fences are plain data saved with the machine.
import type { Hasher } from '../../../../../engine/hash.ts';
import type { Kernel } from '../../../../../machine/kernel.ts';
import type { LockApi } from '../../../../../machine/locking_model.ts';
import type { PhysInfo, Subsystem } from '../../../../../machine/subsystem.ts';
import type { MmInit } from '../../../../mm/mm_init.ts';
import { TTM_MAX_BO_PRIORITY, type TtmBo, type TtmManager, type TtmOperationCtx, type TtmResource } from '../../../../include/drm/ttm/ttm_bo_api.ts';
import { memTypeName, TTM_NUM_MEM_TYPES, type TtmPlace, type TtmPlacement } from '../../../../include/drm/ttm/ttm_placement.ts';
import { DmaFences, type DmaFenceState } from '../../../dma-buf/dma-fence.ts';
import { FuncGraph } from '../../../../kernel/trace/trace_functions_graph.ts';
import { PAGE_SIZE } from '../../../../include/linux/mm_types.ts';
import { clonePlain } from '../../../../../engine/clone.ts';

/** struct ttm_bo_driver: the callbacks TTM calls into the driver with. */
export interface TtmDriverFuncs {
  /** ttm_tt_populate(); absent: ttm_pool_populate(). */
  ttmTtPopulate?(bo: TtmBo, ctx: TtmOperationCtx): number;
  /** eviction_valuable(); absent: ttm_bo_eviction_valuable(). */
  evictionValuable?(bo: TtmBo, place: TtmPlace): boolean;
  evictFlags(bo: TtmBo): TtmPlacement;
  /** move(); absent: ttm_bo_move_memcpy(). */
  move?(bo: TtmBo, evict: boolean, ctx: TtmOperationCtx, mem: TtmResource): number;
  moveNotify?(bo: TtmBo, evict: boolean, mem: TtmResource): void;
  /** io_mem_reserve(): sets mem.busOffset for memory the CPU reaches through a BAR; 0 or -errno. */
  ioMemReserve?(mem: TtmResource): number;
  /** A driver's own resource manager for a memory type (nouveau_vram_manager): the start page or -ENOSPC. */
  managerAlloc?(man: TtmManager, bo: TtmBo, place: TtmPlace, mem: TtmResource): number | undefined;
  /** true when the driver's manager freed it; undefined: the default manager's. */
  managerFree?(man: TtmManager, mem: TtmResource): boolean | undefined;
}

/** How the CPU reaches a device's memory through its BAR: memcpy_fromio()/memcpy_toio() by page. */
export interface TtmIoMem {
  /** The page at a bus offset for reading, or null where it reads as zeroes (never written). */
  pageRO(off: number): Uint8Array | null;
  writePage(off: number, data: Uint8Array | null, writer: string): void;
}

/** struct ttm_bo_device. */
export interface TtmDevice {
  name: string;
  driver: string;
  managers: (TtmManager | null)[];
}

/** ttm_bo_glob and ttm_mem_glob: every device's buffer objects, the page pools, the accounting. */
export interface TtmGlobal {
  devices: TtmDevice[];
  bos: TtmBo[];
  /** ttm_mem_global: pages accounted, and the kernel zone's limit. */
  memUsed: number;
  memMax: number;
  /** ttm_page_alloc.c pools of pages already set write-combined / uncached. */
  poolWc: number[];
  poolUc: number[];
  /** bdev->ddestroy: buffer objects (ghosts of pipelined moves) freed once their fences signal. */
  ddestroy: number[];
  /** Test fences (ttm_bo_fence) not signaled yet: the fence timer's work. */
  testFences: number[];
  /** The last op's result per buffer-object name: [return value, bytes moved] (expect_bo). */
  results: Record<string, [number, number]>;
  initialized: boolean;
}

export interface TtmSnapshot {
  glob: TtmGlobal;
  fences: DmaFenceState;
}

export const LRU_LOCK = 'ttm_bo_glob.lru_lock';
export const TEST_FENCE_OPS = 'ttm_kunit_fence';

export const EINVAL = 22;
export const ENOMEM = 12;
export const EBUSY = 16;
export const ENOSPC = 28;
export const ERESTARTSYS = 512;
export const EMULTIHOP = 72;

/** Most buffer objects a run may create (the documented limit). */
export const MAX_BOS = 100_000;

export class Ttm implements Subsystem<TtmSnapshot> {
  readonly name = 'ttm';
  glob: TtmGlobal = { devices: [], bos: [], memUsed: 0, memMax: 0, poolWc: [], poolUc: [], ddestroy: [], testFences: [], results: {}, initialized: false };
  readonly fg: FuncGraph;
  readonly fences: DmaFences;
  /** Registered struct ttm_bo_driver callbacks and BAR access by driver name: never state. */
  private readonly drivers = new Map<string, TtmDriverFuncs>();
  private readonly iomems = new Map<string, TtmIoMem>();
  /** Name -> id of the newest object of that name, for the first `indexed` objects: a cache, not state. */
  private readonly byName = new Map<string, number>();
  private indexed = 0;

  constructor(
    readonly k: Kernel,
    readonly lk: LockApi,
    readonly mm: MmInit,
  ) {
    this.fg = new FuncGraph(k);
    this.fences = new DmaFences(k, this.fg);
    // the test fences of the KUnit-style ops signal by themselves at their time (an hrtimer)
    this.fences.registerOps(TEST_FENCE_OPS, {
      getDriverName: () => 'ttm_kunit',
      getTimelineName: () => 'test',
      signaled: (f) => f.signalAt <= this.k.clock.ns,
      enableSignaling: (f) => f.signalAt > this.k.clock.ns,
    });
    k.registerHw({
      nextEventAt: () => {
        let t = Infinity;
        for (const id of this.glob.testFences) t = Math.min(t, this.fences.get(id).signalAt);
        return t;
      },
      runUntilNow: () => {
        if (this.glob.testFences.length === 0) return;
        const now = this.k.clock.ns;
        for (const id of this.glob.testFences.slice()) {
          const f = this.fences.get(id);
          if (f.signalAt > now) continue;
          this.glob.testFences = this.glob.testFences.filter((x) => x !== id);
          this.fences.signal(f);
        }
      },
    });
  }

  registerDriver(name: string, funcs: TtmDriverFuncs, iomem?: TtmIoMem): void {
    this.drivers.set(name, funcs);
    if (iomem) this.iomems.set(name, iomem);
  }

  driverOf(bo: TtmBo): TtmDriverFuncs {
    return this.drivers.get(this.glob.devices[bo.dev]!.driver)!;
  }

  iomemOf(bo: TtmBo): TtmIoMem | null {
    return this.iomems.get(this.glob.devices[bo.dev]!.driver) ?? null;
  }

  device(name: string): number {
    return this.glob.devices.findIndex((d) => d.name === name);
  }

  /** ttm_manager_type(). */
  manager(dev: number, memType: number): TtmManager | null {
    return this.glob.devices[dev]?.managers[memType] ?? null;
  }

  bo(id: number): TtmBo {
    return this.glob.bos[id]!;
  }

  /** The live buffer object of that name, or null. */
  findBo(name: string): TtmBo | null {
    const b = this.lastNamed(name);
    return b && !b.destroyed ? b : null;
  }

  /** The most recent buffer object of that name, released or not. */
  lastNamed(name: string): TtmBo | null {
    const bos = this.glob.bos;
    // the index follows the list (objects are only ever appended); rebuild it when it fell behind
    if (this.indexed > bos.length) {
      this.byName.clear();
      this.indexed = 0;
    }
    for (; this.indexed < bos.length; this.indexed++) this.byName.set(bos[this.indexed]!.name, this.indexed);
    const id = this.byName.get(name);
    return id === undefined ? null : bos[id]!;
  }

  /** A new struct ttm_resource_manager (ttm_resource_manager_init()), not yet in use. */
  newManager(memType: number, sizePages: number, useTt: boolean, ranged: boolean, first = 0): TtmManager {
    const lru: number[][] = [];
    for (let i = 0; i < TTM_MAX_BO_PRIORITY; i++) lru.push([]);
    return { memType, useTt, size: sizePages, used: 0, ranged, nodes: [], first, lru, move: -1, useType: false };
  }

  /** ttm_bo_device_init(): a device with its SYSTEM manager; the driver adds the others. */
  deviceInit(name: string, driver: string): number {
    const managers: (TtmManager | null)[] = new Array<TtmManager | null>(TTM_NUM_MEM_TYPES).fill(null);
    const sys = this.newManager(0, 0, true, false);
    sys.useType = true;
    managers[0] = sys;
    this.glob.devices.push({ name, driver, managers });
    return this.glob.devices.length - 1;
  }

  // ---------------------------------------------------------------- Subsystem

  snapshot(): TtmSnapshot {
    return clonePlain({ glob: this.glob, fences: this.fences.state });
  }

  restore(s: TtmSnapshot): void {
    const c = clonePlain(s);
    this.glob = c.glob;
    this.fences.state = c.fences;
    this.byName.clear();
    this.indexed = 0;
  }

  hashInto(h: Hasher): void {
    h.value(this.glob).value(this.fences.state);
  }

  /** Nothing created yet (no device, no fence): adds nothing to the state hash. */
  unused(): boolean {
    return !this.glob.initialized && this.glob.devices.length === 0 && this.fences.state.fences.length === 0;
  }

  counters(): Record<string, number> {
    if (this.glob.bos.length === 0) return {};
    let evictable = 0;
    for (const d of this.glob.devices) for (const m of d.managers) if (m) for (const l of m.lru) evictable += l.length;
    return { ttm_bos: this.glob.bos.filter((b) => !b.destroyed).length, ttm_lru_bos: evictable };
  }

  /** The system pages of buffer objects (their ttm_tt) for the hex view and the memory map. */
  describe(phys: number): PhysInfo | null {
    if (this.glob.bos.length === 0) return null;
    const pfn = Math.floor(phys / PAGE_SIZE);
    for (const b of this.glob.bos) {
      if (b.destroyed || !b.ttm) continue;
      const i = b.ttm.pages.indexOf(pfn);
      if (i < 0) continue;
      return {
        owner: `ttm_tt: ${b.name}`,
        object: null,
        regions: [{ name: `${b.name} page ${i} (${memTypeName(b.mem.memType)})`, start: pfn * PAGE_SIZE, end: (pfn + 1) * PAGE_SIZE }],
      };
    }
    return null;
  }
}
