// nv50_bo_move_m2mf(), drivers/gpu/drm/nouveau/nouveau_bo5039.c 5.10: the M2MF (class 0x5039)
// commands that copy a buffer, at most 4 MiB per batch of methods (LINE_LENGTH_IN 64 bytes,
// LINE_COUNT amount / 64). They are queued on the channel; FIRE_RING happens when the fence is
// emitted after them.
import { PAGE_SIZE } from '../../../../include/linux/mm_types.ts';
import type { TtmBo, TtmResource } from '../../../../include/drm/ttm/ttm_bo_api.ts';
import { TTM_PL_VRAM } from '../../../../include/drm/ttm/ttm_placement.ts';
import type { GpuLoc } from '../../../../../machine/gpu.ts';
import type { NouveauChan, NouveauDrm } from './nouveau_drm.ts';

const CHUNK_PAGES = (4 * 1024 * 1024) / PAGE_SIZE;

/** Where page i of a resource is, as the channel's VM maps it. */
function loc(bo: TtmBo, mem: TtmResource, i: number): GpuLoc {
  if (mem.memType === TTM_PL_VRAM) return { vram: true, addr: (mem.start + i) * PAGE_SIZE };
  return { vram: false, addr: (bo.ttm?.pages[i] ?? 0) * PAGE_SIZE };
}

export function nv50BoMoveM2mf(drm: NouveauDrm, chan: NouveauChan, bo: TtmBo, oldMem: TtmResource, newMem: TtmResource): number {
  return drm.ttm.fg.call('nv50_bo_move_m2mf', () => {
    for (let first = 0; first < newMem.numPages; first += CHUNK_PAGES) {
      const n = Math.min(CHUNK_PAGES, newMem.numPages - first);
      const src: GpuLoc[] = [];
      const dst: GpuLoc[] = [];
      for (let i = first; i < first + n; i++) {
        src.push(loc(bo, oldMem, i));
        dst.push(loc(bo, newMem, i));
      }
      // RING_SPACE(chan, 18) and the methods
      drm.k.clock.advance(400);
      chan.push.push({ op: 'copy', src, dst });
    }
    return 0;
  });
}
