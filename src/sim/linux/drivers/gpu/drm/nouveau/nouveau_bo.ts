// nouveau's buffer objects, drivers/gpu/drm/nouveau/nouveau_bo.c 5.10: placements from GEM domains
// (nouveau_bo_placement_set()), nouveau_bo_new(), nouveau_bo_pin()/_unpin() (TTM_PL_FLAG_NO_EVICT),
// nouveau_bo_evict_flags() (VRAM goes to GART, busy to CPU), nouveau_bo_move() with its hardware
// copy (nouveau_bo_move_m2mf() on the kernel channel, its fence handed to
// ttm_bo_move_accel_cleanup()) and the software fallback ttm_bo_move_memcpy(),
// nouveau_ttm_io_mem_reserve() (VRAM through BAR1) and nouveau_ttm_tt_populate().
import { eventKind } from '../../../../../engine/events.ts';
import { PAGE_SIZE } from '../../../../include/linux/mm_types.ts';
import type { TtmBo, TtmOperationCtx, TtmResource } from '../../../../include/drm/ttm/ttm_bo_api.ts';
import { opCtx } from '../../../../include/drm/ttm/ttm_bo_api.ts';
import { place, TTM_PL_FLAG_NO_EVICT, TTM_PL_MASK_CACHING, TTM_PL_SYSTEM, TTM_PL_TT, TTM_PL_VRAM, type TtmPlacement } from '../../../../include/drm/ttm/ttm_placement.ts';
import { ttmBoInit, ttmBoReserve, ttmBoUnreserve, ttmBoValidate, ttmBoWait } from '../ttm/ttm_bo.ts';
import { ttmBoMoveAccelCleanup, ttmBoMoveMemcpy, ttmBoMoveNull, ttmBoMoveTtm } from '../ttm/ttm_bo_util.ts';
import { EBUSY, EINVAL } from '../ttm/ttm_module.ts';
import { ttmResourceFree } from '../ttm/ttm_resource.ts';
import { ttmTtBind, ttmTtPopulate } from '../ttm/ttm_tt.ts';
import { ttmPoolPopulate } from '../ttm/ttm_page_alloc.ts';
import { ttmBoMemSpace } from '../ttm/ttm_bo.ts';
import { nv50Bar1Map } from './nvkm/subdev/bar/nv50.ts';
import type { NouveauDrm } from './nouveau_drm.ts';
import { nouveauFenceNew } from './nouveau_fence.ts';
import { nvError, nvWarn } from './nouveau_drv.ts';
import { nv50BoMoveM2mf } from './nouveau_bo5039.ts';

export const NOUVEAU_GEM_DOMAIN_CPU = 1 << 0;
export const NOUVEAU_GEM_DOMAIN_VRAM = 1 << 1;
export const NOUVEAU_GEM_DOMAIN_GART = 1 << 2;

export type GemDomain = 'VRAM' | 'GART' | 'CPU';
export const DOMAIN_BITS: Readonly<Record<GemDomain, number>> = { VRAM: NOUVEAU_GEM_DOMAIN_VRAM, GART: NOUVEAU_GEM_DOMAIN_GART, CPU: NOUVEAU_GEM_DOMAIN_CPU };

export const EV_NOUVEAU_MOVE = eventKind('nouveau.bo_move');

const cliMutex = 'cli->mutex';

function pinRefcnt(bo: TtmBo): number {
  return Number(bo.drv.pin_refcnt ?? 0);
}

// set_placement_list() + nouveau_bo_placement_set()
export function nouveauBoPlacementSet(bo: TtmBo, domain: number, busy: number): TtmPlacement {
  const flags = TTM_PL_MASK_CACHING | (pinRefcnt(bo) ? TTM_PL_FLAG_NO_EVICT : 0);
  const list = (d: number) => {
    const out = [];
    if (d & NOUVEAU_GEM_DOMAIN_VRAM) out.push(place(TTM_PL_VRAM, flags));
    if (d & NOUVEAU_GEM_DOMAIN_GART) out.push(place(TTM_PL_TT, flags));
    if (d & NOUVEAU_GEM_DOMAIN_CPU) out.push(place(TTM_PL_SYSTEM, flags));
    return out;
  };
  return { placement: list(domain), busy: list(domain | busy) };
}

// nouveau_bo_new() -> nouveau_bo_init() -> ttm_bo_init()
export function nouveauBoNew(drm: NouveauDrm, name: string, size: number, domain: number, owner: string): { ret: number; bo: TtmBo | null } {
  return drm.ttm.fg.call(
    'nouveau_bo_new',
    () => {
      const numPages = Math.ceil(size / PAGE_SIZE);
      const pl = nouveauBoPlacementSet({ drv: {} } as TtmBo, domain, 0);
      return ttmBoInit(drm.ttm, drm.st.dev, { name, owner, numPages, drv: { domain, pin_refcnt: 0, contig: false } }, pl);
    },
    (r) => r.ret,
  );
}

// nouveau_bo_validate(): ttm_bo_validate() with the object's current placement
export function nouveauBoValidate(drm: NouveauDrm, bo: TtmBo, pl: TtmPlacement): number {
  return ttmBoValidate(drm.ttm, bo, pl, opCtx());
}

// nouveau_bo_pin()
export function nouveauBoPin(drm: NouveauDrm, bo: TtmBo, domain: number, contig: boolean): number {
  return drm.ttm.fg.call('nouveau_bo_pin', () => {
    const t = drm.ttm;
    ttmBoReserve(t, bo);
    let ret = 0;
    let evict = false;
    if (domain === NOUVEAU_GEM_DOMAIN_VRAM && contig && !bo.drv.contig) {
      bo.drv.contig = true;
      evict = true;
    }
    if (pinRefcnt(bo)) {
      let error = evict;
      if (bo.mem.memType === TTM_PL_VRAM) error ||= (domain & NOUVEAU_GEM_DOMAIN_VRAM) === 0;
      if (bo.mem.memType === TTM_PL_TT) error ||= (domain & NOUVEAU_GEM_DOMAIN_GART) === 0;
      if (error) {
        nvError(drm.k, `bo ${bo.name} pinned elsewhere: 0x${bo.mem.memType.toString(16).padStart(8, '0')} vs 0x${domain.toString(16).padStart(8, '0')}`);
        ret = -EBUSY;
      }
      bo.drv.pin_refcnt = pinRefcnt(bo) + 1;
      ttmBoUnreserve(t, bo);
      return ret;
    }
    // a contiguous pin of a buffer that was not contiguous: through GART first (5.10 does; the model's VRAM is always contiguous)
    bo.drv.pin_refcnt = 1;
    const pl = nouveauBoPlacementSet(bo, domain, 0);
    bo.drv.pin_refcnt = 0;
    ret = nouveauBoValidate(drm, bo, pl);
    if (ret === 0) bo.drv.pin_refcnt = 1;
    ttmBoUnreserve(t, bo);
    return ret;
  });
}

// nouveau_bo_unpin()
export function nouveauBoUnpin(drm: NouveauDrm, bo: TtmBo): number {
  return drm.ttm.fg.call('nouveau_bo_unpin', () => {
    const t = drm.ttm;
    ttmBoReserve(t, bo);
    const ref = pinRefcnt(bo) - 1;
    bo.drv.pin_refcnt = Math.max(0, ref);
    let ret = 0;
    if (ref === 0) {
      const domain = bo.mem.memType === TTM_PL_VRAM ? NOUVEAU_GEM_DOMAIN_VRAM : bo.mem.memType === TTM_PL_TT ? NOUVEAU_GEM_DOMAIN_GART : NOUVEAU_GEM_DOMAIN_CPU;
      ret = nouveauBoValidate(drm, bo, nouveauBoPlacementSet(bo, domain, 0));
    }
    ttmBoUnreserve(t, bo);
    return ret;
  });
}

// nouveau_bo_evict_flags(): VRAM -> GART (busy: CPU), anything else -> CPU
export function nouveauBoEvictFlags(bo: TtmBo): TtmPlacement {
  if (bo.mem.memType === TTM_PL_VRAM) return nouveauBoPlacementSet(bo, NOUVEAU_GEM_DOMAIN_GART, NOUVEAU_GEM_DOMAIN_CPU);
  return nouveauBoPlacementSet(bo, NOUVEAU_GEM_DOMAIN_CPU, 0);
}

// nouveau_bo_move_ntfy(): the object's VMAs follow it (unmapped when it leaves for system memory)
export function nouveauBoMoveNtfy(drm: NouveauDrm, bo: TtmBo, evict: boolean, mem: TtmResource): void {
  void evict;
  drm.ttm.fg.call('nouveau_bo_move_ntfy', () => drm.k.clock.advance(mem.memType === TTM_PL_SYSTEM ? 300 : 25 * bo.numPages));
}

// nouveau_bo_move_prep(): map the old and the new placement into the channel's VM
function nouveauBoMovePrep(drm: NouveauDrm, bo: TtmBo): number {
  return drm.ttm.fg.call('nouveau_bo_move_prep', () => {
    drm.k.clock.advance(2 * 30 * bo.numPages);
    return 0;
  });
}

// nouveau_bo_move_m2mf(): copy on the kernel channel, fence it, let TTM finish the move
function nouveauBoMoveM2mf(drm: NouveauDrm, bo: TtmBo, evict: boolean, newMem: TtmResource): number {
  return drm.ttm.fg.call('nouveau_bo_move_m2mf.constprop.0', () => {
    const t = drm.ttm;
    const chan = drm.ttmChan();
    if (!chan) return -19;
    let ret = nouveauBoMovePrep(drm, bo);
    if (ret) return ret;
    t.lk.lock(cliMutex, 'write', { ip: 'nouveau_bo_move_m2mf.constprop.0+0x68/0x200', subclass: 1 });
    // nouveau_fence_sync(): nothing of other channels to wait for on the kernel channel's objects
    ret = t.fg.call('nouveau_fence_sync', () => 0);
    if (ret === 0) {
      ret = nv50BoMoveM2mf(drm, chan, bo, bo.mem, newMem);
      if (ret === 0) {
        const r = nouveauFenceNew(drm, chan);
        ret = r.ret;
        if (ret === 0) ret = ttmBoMoveAccelCleanup(t, bo, r.fence!.id, evict, false, newMem);
      }
    }
    t.lk.unlock(cliMutex, { ip: 'nouveau_bo_move_m2mf.constprop.0+0x1a5/0x200' });
    return ret;
  });
}

// nouveau_bo_move_flipd(): VRAM -> SYSTEM through a temporary GART placement
function nouveauBoMoveFlipd(drm: NouveauDrm, bo: TtmBo, _evict: boolean, ctx: TtmOperationCtx, newMem: TtmResource): number {
  const t = drm.ttm;
  const tmp: TtmResource = { ...newMem, start: -1, busOffset: -1 };
  let ret = ttmBoMemSpace(t, bo, { placement: [place(TTM_PL_TT)], busy: [place(TTM_PL_TT)] }, tmp, ctx);
  if (ret) return ret;
  ret = ttmTtPopulate(t, bo, ctx) || ttmTtBind(t, bo, ctx);
  if (ret === 0) ret = nouveauBoMoveM2mf(drm, bo, true, tmp);
  if (ret === 0) ret = ttmBoMoveTtm(t, bo, ctx, newMem);
  ttmResourceFree(t, bo, tmp);
  return ret;
}

// nouveau_bo_move_flips(): SYSTEM -> VRAM through a temporary GART placement
function nouveauBoMoveFlips(drm: NouveauDrm, bo: TtmBo, evict: boolean, ctx: TtmOperationCtx, newMem: TtmResource): number {
  const t = drm.ttm;
  const tmp: TtmResource = { ...newMem, start: -1, busOffset: -1 };
  let ret = ttmBoMemSpace(t, bo, { placement: [place(TTM_PL_TT)], busy: [place(TTM_PL_TT)] }, tmp, ctx);
  if (ret) return ret;
  ret = ttmBoMoveTtm(t, bo, ctx, tmp);
  if (ret === 0) ret = nouveauBoMoveM2mf(drm, bo, evict, newMem);
  ttmResourceFree(t, bo, tmp);
  return ret;
}

// nouveau_bo_move()
export function nouveauBoMove(drm: NouveauDrm, bo: TtmBo, evict: boolean, ctx: TtmOperationCtx, newMem: TtmResource): number {
  return drm.ttm.fg.call('nouveau_bo_move', () => {
    const t = drm.ttm;
    const k = drm.k;
    let ret = ttmBoWait(t, bo, ctx.interruptible, ctx.noWaitGpu);
    if (ret) return ret;
    if (pinRefcnt(bo)) nvWarn(k, `Moving pinned object ${drm.ptr(`bo:${bo.id}`)}!`);
    const old = bo.mem;
    k.rec.emit(EV_NOUVEAU_MOVE, bo.id, newMem.memType, { bo: bo.name, from: old.memType, to: newMem.memType, evict });
    // fake bo copy
    if (old.memType === TTM_PL_SYSTEM && !bo.ttm) {
      ttmBoMoveNull(t, bo, newMem);
      return 0;
    }
    // hardware assisted copy
    if (drm.st.ttmChan >= 0) {
      if (newMem.memType === TTM_PL_SYSTEM) ret = nouveauBoMoveFlipd(drm, bo, evict, ctx, newMem);
      else if (old.memType === TTM_PL_SYSTEM) ret = nouveauBoMoveFlips(drm, bo, evict, ctx, newMem);
      else ret = nouveauBoMoveM2mf(drm, bo, evict, newMem);
      if (!ret) return 0;
    }
    // fallback to software copy
    ret = ttmBoWait(t, bo, ctx.interruptible, ctx.noWaitGpu);
    if (ret === 0) ret = ttmBoMoveMemcpy(t, bo, ctx, newMem);
    return ret;
  });
}

// nouveau_ttm_io_mem_reserve(): VRAM is reached through BAR1, system memory is not I/O memory
export function nouveauTtmIoMemReserve(drm: NouveauDrm, mem: TtmResource): number {
  return drm.ttm.fg.call('nouveau_ttm_io_mem_reserve', () => {
    mem.busOffset = -1;
    if (mem.memType !== TTM_PL_VRAM) return 0;
    const off = nv50Bar1Map(drm.gpu.barBytes, mem.start * PAGE_SIZE, mem.numPages * PAGE_SIZE);
    if (off < 0) return -EINVAL;
    mem.busOffset = off;
    return 0;
  });
}

// nouveau_ttm_tt_populate() -> ttm_populate_and_map_pages(): pool pages, then dma_map_page() each
export function nouveauTtmTtPopulate(drm: NouveauDrm, bo: TtmBo, ctx: TtmOperationCtx): number {
  return drm.ttm.fg.call('nouveau_ttm_tt_populate', () =>
    drm.ttm.fg.call('ttm_populate_and_map_pages', () => {
      const r = ttmPoolPopulate(drm.ttm, bo, ctx);
      if (r) return r;
      drm.k.clock.advance(150 * bo.numPages);
      return 0;
    }),
  );
}

// nouveau_bo_move_init(): the copy class this chipset's kernel channel uses
export function nouveauBoMoveInit(drm: NouveauDrm): void {
  drm.st.ttmChan = drm.st.chans[0]?.chid ?? -1;
}
