// struct ttm_buffer_object, ttm_resource, ttm_tt and ttm_resource_manager as the models keep them
// (include/drm/ttm/ttm_bo_api.h, ttm_resource.h, ttm_tt.h, ttm_bo_driver.h 5.10): plain data, so
// the TTM subsystem can save, restore and hash them. Lists are arrays of buffer-object ids.
import type { DmaResv } from '../../../drivers/dma-buf/dma-resv.ts';

/** TTM_MAX_BO_PRIORITY, include/drm/ttm/ttm_bo_driver.h. */
export const TTM_MAX_BO_PRIORITY = 4;

/** struct ttm_resource: where a buffer object's pages are. */
export interface TtmResource {
  memType: number;
  /** First page in the manager's range (mm_node->start), or -1 when it has no node. */
  start: number;
  numPages: number;
  /** Placement flags (caching, NO_EVICT...). */
  placement: number;
  /** bus.offset / bus.is_iomem as the driver's io_mem_reserve() set them: a VRAM (BAR) offset or -1. */
  busOffset: number;
}

export type TtState = 'unpopulated' | 'unbound' | 'bound';
export type Caching = 'cached' | 'wc' | 'uncached';

/** struct ttm_tt: the system pages behind SYSTEM and TT placements. */
export interface TtmTt {
  /** Page frame numbers, -1 where not populated. */
  pages: number[];
  state: TtState;
  caching: Caching;
  /** TTM_PAGE_FLAG_ZERO_ALLOC: the old placement had a ttm, so the new one starts zeroed. */
  zeroAlloc: boolean;
}

/** struct ttm_buffer_object (with its embedded drm_gem_object's reservation object). */
export interface TtmBo {
  id: number;
  name: string;
  /** Index of its ttm_bo_device. */
  dev: number;
  numPages: number;
  priority: number;
  mem: TtmResource;
  ttm: TtmTt | null;
  resv: DmaResv;
  /** pin_count (ttm_bo_pin(), 6.x) — 5.10 drivers pin with TTM_PL_FLAG_NO_EVICT in mem.placement. */
  pinCount: number;
  /** Which manager's LRU list it is on: [mem type, priority], or null. */
  lru: [number, number] | null;
  /** Whose buffer (a process, "fbcon", the driver): for views and the owner of its pages. */
  owner: string;
  destroyed: boolean;
  /** The driver's own fields (nouveau_bo): pin_refcnt, the domains it was created for, its tile/kind. */
  drv: Record<string, number | string | boolean>;
}

/** struct ttm_resource_manager with its range allocator (drm_mm / nvkm_mm). */
export interface TtmManager {
  memType: number;
  useTt: boolean;
  /** Pages it manages (man->size). */
  size: number;
  /** Pages allocated. */
  used: number;
  /** Whether resources get a range (VRAM/TT managers) or not (SYSTEM). */
  ranged: boolean;
  /** Allocated ranges sorted by start: [start, pages, bo id]. */
  nodes: [number, number, number][];
  /** Page offset where allocations start (nvkm_mm reserved head). */
  first: number;
  /** man->lru[TTM_MAX_BO_PRIORITY]. */
  lru: number[][];
  /** man->move: the last pipelined move's fence, or -1. */
  move: number;
  useType: boolean;
}

/** struct ttm_operation_ctx. */
export interface TtmOperationCtx {
  interruptible: boolean;
  noWaitGpu: boolean;
  /** TTM_OPT_FLAG_FORCE_ALLOC and friends. */
  forceAlloc: boolean;
  bytesMoved: number;
}

export function opCtx(o: Partial<TtmOperationCtx> = {}): TtmOperationCtx {
  return { interruptible: false, noWaitGpu: false, forceAlloc: false, bytesMoved: 0, ...o };
}
