// nouveau's TTM setup, drivers/gpu/drm/nouveau/nouveau_ttm.c 5.10: nouveau_ttm_init() creates the
// TTM device with a VRAM manager backed by the nvkm heap (nouveau_vram_manager_new() ->
// nouveau_mem_vram() -> nvkm_ram_get()) and a GART manager that only counts (NV50's GART is a
// 1 TiB virtual space), and prints their sizes.
import { PAGE_SIZE } from '../../../../include/linux/mm_types.ts';
import type { TtmBo, TtmManager, TtmResource } from '../../../../include/drm/ttm/ttm_bo_api.ts';
import { TTM_PL_TT, TTM_PL_VRAM } from '../../../../include/drm/ttm/ttm_placement.ts';
import { ttmBoDeviceInit } from '../ttm/ttm_bo.ts';
import { ENOSPC } from '../ttm/ttm_module.ts';
import { nvkmRamGet, nvkmRamPut, RSVD_HEAD_PAGES } from './nvkm/subdev/fb/ram.ts';
import type { NouveauDrm } from './nouveau_drm.ts';
import { nvInfo } from './nouveau_drv.ts';
import { GPU_PCI_NAME } from '../../../../../machine/gpu.ts';

/** The GART aperture NV50 reports: a 40-bit virtual space. */
const GART_MIB = 1048576;

export function nouveauTtmInit(drm: NouveauDrm): number {
  const t = drm.ttm;
  const dev = ttmBoDeviceInit(t, `nouveau ${GPU_PCI_NAME}`, 'nouveau');
  drm.st.dev = dev;
  const vramPages = drm.gpu.vramBytes / PAGE_SIZE;
  // nouveau_ttm_init_vram()
  const vram = t.newManager(TTM_PL_VRAM, vramPages, false, true, RSVD_HEAD_PAGES);
  vram.useType = true;
  t.glob.devices[dev]!.managers[TTM_PL_VRAM] = vram;
  // nouveau_ttm_init_gtt()
  const tt = t.newManager(TTM_PL_TT, 0, true, false);
  tt.useType = true;
  t.glob.devices[dev]!.managers[TTM_PL_TT] = tt;
  nvInfo(drm.k, `VRAM: ${drm.gpu.vramBytes >> 20} MiB`);
  nvInfo(drm.k, `GART: ${GART_MIB} MiB`);
  return 0;
}

// nouveau_vram_manager_new(): VRAM from the nvkm heap
export function nouveauVramManagerNew(man: TtmManager, bo: TtmBo, mem: TtmResource): number | undefined {
  if (man.memType !== TTM_PL_VRAM) return undefined;
  const start = nvkmRamGet(man, mem.numPages, bo.id);
  return start < 0 ? -ENOSPC : start;
}

// nouveau_vram_manager_del()
export function nouveauVramManagerDel(man: TtmManager, mem: TtmResource): boolean | undefined {
  if (man.memType !== TTM_PL_VRAM) return undefined;
  return nvkmRamPut(man, mem.start);
}
