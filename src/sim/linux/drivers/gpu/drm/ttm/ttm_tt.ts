// struct ttm_tt, drivers/gpu/drm/ttm/ttm_tt.c 5.10: ttm_tt_create(), ttm_tt_set_placement_caching(),
// ttm_tt_populate() (the driver's populate hook or ttm_pool_populate()), ttm_tt_bind() and
// ttm_tt_destroy().
import type { Caching, TtmBo, TtmOperationCtx } from '../../../../include/drm/ttm/ttm_bo_api.ts';
import { TTM_PL_FLAG_UNCACHED, TTM_PL_FLAG_WC } from '../../../../include/drm/ttm/ttm_placement.ts';
import { EINVAL, type Ttm } from './ttm_module.ts';
import { ttmPoolPopulate, ttmPoolUnpopulate } from './ttm_page_alloc.ts';

// ttm_tt_create(): a ttm_tt with no pages yet; zero_alloc when the old placement had one
export function ttmTtCreate(t: Ttm, bo: TtmBo, zeroAlloc: boolean): number {
  void t;
  if (bo.ttm) return 0;
  bo.ttm = { pages: new Array<number>(bo.numPages).fill(-1), state: 'unpopulated', caching: 'cached', zeroAlloc };
  return 0;
}

// ttm_tt_set_placement_caching(): the caching the placement chose (pages not populated yet just take it)
export function ttmTtSetPlacementCaching(t: Ttm, bo: TtmBo, placement: number): number {
  return t.fg.call('ttm_tt_set_placement_caching', () => {
    const tt = bo.ttm!;
    const c: Caching = (placement & TTM_PL_FLAG_WC) !== 0 ? 'wc' : (placement & TTM_PL_FLAG_UNCACHED) !== 0 ? 'uncached' : 'cached';
    if (tt.caching === c) return 0;
    // ttm_tt_set_caching(): populated pages would be switched one by one; the model moves them through the pools
    if (tt.state !== 'unpopulated') {
      ttmPoolUnpopulate(t, bo);
    }
    tt.caching = c;
    return 0;
  });
}

// ttm_tt_populate()
export function ttmTtPopulate(t: Ttm, bo: TtmBo, ctx: TtmOperationCtx): number {
  return t.fg.call('ttm_tt_populate', () => {
    if (!bo.ttm) return -EINVAL;
    if (bo.ttm.state !== 'unpopulated') return 0;
    const drv = t.driverOf(bo);
    return drv.ttmTtPopulate ? drv.ttmTtPopulate(bo, ctx) : ttmPoolPopulate(t, bo, ctx);
  });
}

// ttm_tt_bind(): the backend maps the pages (GART); populated first
export function ttmTtBind(t: Ttm, bo: TtmBo, ctx: TtmOperationCtx): number {
  if (!bo.ttm) return -EINVAL;
  if (bo.ttm.state === 'bound') return 0;
  const r = ttmTtPopulate(t, bo, ctx);
  if (r) return r;
  t.k.clock.advance(120 * bo.numPages);
  bo.ttm.state = 'bound';
  return 0;
}

// ttm_tt_destroy(): unbind, unpopulate, free
export function ttmTtDestroy(t: Ttm, bo: TtmBo): void {
  if (!bo.ttm) return;
  ttmPoolUnpopulate(t, bo);
  bo.ttm = null;
}
