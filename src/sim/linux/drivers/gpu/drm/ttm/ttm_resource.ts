// struct ttm_resource_manager, drivers/gpu/drm/ttm/ttm_resource.c 5.10: ttm_resource_alloc() /
// ttm_resource_free() through the manager's func (the driver's, or ttm_range_manager.c's drm_mm
// with DRM_MM_INSERT_BEST, TOPDOWN placements from the top). ttm_resource_manager_force_list_clean()
// is in ttm_bo.ts, beside the ttm_mem_evict_first() it loops over (no import cycle).
import { eventKind } from '../../../../../engine/events.ts';
import type { TtmBo, TtmManager, TtmResource } from '../../../../include/drm/ttm/ttm_bo_api.ts';
import { memTypeName, TTM_PL_FLAG_TOPDOWN, type TtmPlace } from '../../../../include/drm/ttm/ttm_placement.ts';
import { drmMmInsert, drmMmRemove } from '../drm_mm.ts';
import { ENOSPC, type Ttm } from './ttm_module.ts';

export const EV_RESOURCE_ALLOC = eventKind('ttm.resource_alloc');
export const EV_RESOURCE_FREE = eventKind('ttm.resource_free');

// ttm_resource_alloc()
export function ttmResourceAlloc(t: Ttm, bo: TtmBo, place: TtmPlace, mem: TtmResource): number {
  const man = t.manager(bo.dev, mem.memType)!;
  t.k.rec.emit(EV_RESOURCE_ALLOC, bo.id, mem.memType, { bo: bo.name, mem: memTypeName(mem.memType), pages: mem.numPages });
  const drv = t.driverOf(bo);
  const r = drv.managerAlloc?.(man, bo, place, mem);
  if (r !== undefined) {
    if (r < 0) return r;
    mem.start = r;
    man.used += mem.numPages;
    return 0;
  }
  if (!man.ranged) {
    // no range: SYSTEM, or a manager that only counts pages
    if (man.size > 0 && man.used + mem.numPages > man.size) return -ENOSPC;
    if (man.size > 0) man.used += mem.numPages;
    mem.start = 0;
    return 0;
  }
  // ttm_range_man_alloc(): drm_mm_insert_node_in_range()
  const lpfn = place.lpfn || man.size;
  const start = drmMmInsert(man.nodes, Math.max(man.first, place.fpfn), lpfn, mem.numPages, 1, (place.flags & TTM_PL_FLAG_TOPDOWN) !== 0 ? 'high' : 'best', bo.id);
  if (start < 0) return -ENOSPC;
  mem.start = start;
  man.used += mem.numPages;
  return 0;
}

// ttm_resource_free(): the node goes back to the manager
export function ttmResourceFree(t: Ttm, bo: TtmBo, mem: TtmResource): void {
  if (mem.start < 0) return;
  const man = t.manager(bo.dev, mem.memType);
  t.k.rec.emit(EV_RESOURCE_FREE, bo.id, mem.memType, { bo: bo.name, mem: memTypeName(mem.memType), start: mem.start, pages: mem.numPages });
  if (man) {
    const done = t.driverOf(bo).managerFree?.(man, mem);
    if (!done && man.ranged) drmMmRemove(man.nodes, mem.start);
    if (done || man.ranged || man.size > 0) man.used -= mem.numPages;
  }
  mem.start = -1;
}

/** Buffer objects on a manager's LRU lists, priority 0 first. */
export function lruCount(man: TtmManager): number {
  let n = 0;
  for (const l of man.lru) n += l.length;
  return n;
}

