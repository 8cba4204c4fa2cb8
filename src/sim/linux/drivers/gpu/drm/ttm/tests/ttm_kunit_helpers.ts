// The test device of TTM's KUnit suite, drivers/gpu/drm/ttm/tests/ttm_kunit_helpers.c (6.x):
// ttm_device_kunit_init() with mock resource managers of given sizes (range managers here), the
// mock driver's evict_flags() (VRAM -> TT, anything else -> SYSTEM) and move() (mock_move():
// null moves between SYSTEM and TT and out of an unpopulated SYSTEM, ttm_bo_move_memcpy()
// otherwise, which without I/O memory is a move of the resource only), and test fences that
// signal by themselves after a given time.
import type { TtmBo, TtmResource } from '../../../../../include/drm/ttm/ttm_bo_api.ts';
import { place, TTM_PL_SYSTEM, TTM_PL_TT, TTM_PL_VRAM, type TtmPlacement } from '../../../../../include/drm/ttm/ttm_placement.ts';
import { ttmBoDeviceInit } from '../ttm_bo.ts';
import { ttmBoMoveMemcpy, ttmBoMoveNull } from '../ttm_bo_util.ts';
import type { Ttm } from '../ttm_module.ts';

export const KUNIT_DRIVER = 'ttm_kunit';

export function registerKunitDriver(t: Ttm): void {
  t.registerDriver(KUNIT_DRIVER, {
    evictFlags: (bo: TtmBo): TtmPlacement => {
      if (bo.mem.memType === TTM_PL_VRAM) return { placement: [place(TTM_PL_TT)], busy: [place(TTM_PL_SYSTEM)] };
      return { placement: [place(TTM_PL_SYSTEM)], busy: [place(TTM_PL_SYSTEM)] };
    },
    move: (bo, _evict, ctx, mem: TtmResource) => {
      const old = bo.mem;
      if ((old.memType === TTM_PL_SYSTEM && !bo.ttm) || (old.memType === TTM_PL_SYSTEM && mem.memType === TTM_PL_TT) || (old.memType === TTM_PL_TT && mem.memType === TTM_PL_SYSTEM)) {
        ttmBoMoveNull(t, bo, mem);
        return 0;
      }
      return ttmBoMoveMemcpy(t, bo, ctx, mem);
    },
  });
}

// ttm_device_kunit_init() + ttm_mock_manager_init() for each memory type
export function ttmDeviceKunitInit(t: Ttm, name: string, managers: Readonly<Record<string, number | undefined>>): number {
  const dev = ttmBoDeviceInit(t, name, KUNIT_DRIVER);
  const types: Record<string, number> = { TT: TTM_PL_TT, VRAM: TTM_PL_VRAM, PRIV: 3 };
  for (const [mt, pages] of Object.entries(managers)) {
    if (pages === undefined) continue;
    const type = types[mt]!;
    const man = t.newManager(type, pages, type === TTM_PL_TT, true);
    man.useType = true;
    t.glob.devices[dev]!.managers[type] = man;
  }
  return dev;
}
