// Moves, drivers/gpu/drm/ttm/ttm_bo_util.c 5.10: ttm_bo_move_memcpy() (the CPU copies page by
// page through the BAR with memcpy_fromio()/memcpy_toio(), after ttm_resource_ioremap() of both
// resources), ttm_bo_move_ttm() (TT <-> SYSTEM), ttm_bo_move_null(), and the end of an
// accelerated move, ttm_bo_move_accel_cleanup(): the copy's fence becomes the object's exclusive
// fence, and an eviction waits for it in ttm_bo_wait_free_node() before the old node is freed
// (a normal move hands the old node to a ghost object that is freed when the fence signals).
import { PAGE_SIZE } from '../../../../include/linux/mm_types.ts';
import type { TtmBo, TtmOperationCtx, TtmResource } from '../../../../include/drm/ttm/ttm_bo_api.ts';
import { TTM_PL_SYSTEM } from '../../../../include/drm/ttm/ttm_placement.ts';
import { dmaResvAddExclFence, dmaResvInit } from '../../../dma-buf/dma-resv.ts';
import { EV_BO_INIT, ttmBoAssignMem, ttmBoWait } from './ttm_bo_lru.ts';
import { ENOMEM, type Ttm } from './ttm_module.ts';
import { ttmResourceFree } from './ttm_resource.ts';
import { ttmTtDestroy, ttmTtPopulate } from './ttm_tt.ts';

/** An uncached read of 4 KiB through the BAR (memcpy_fromio()): about 40 MB/s on a PCIe 1.1 GPU. */
const FROMIO_PAGE_NS = 102_000;
/** Write-combined writes through the BAR (memcpy_toio()). */
const TOIO_PAGE_NS = 9_500;

// ttm_mem_io_reserve() + ttm_resource_ioremap(): is the resource CPU-mapped I/O memory?
export function ttmResourceIoremap(t: Ttm, bo: TtmBo, mem: TtmResource): { ret: number; iomem: boolean } {
  return t.fg.call(
    'ttm_resource_ioremap',
    () => {
      const drv = t.driverOf(bo);
      if (!drv.ioMemReserve) return { ret: 0, iomem: false };
      const ret = drv.ioMemReserve(mem);
      if (ret) return { ret, iomem: false };
      return { ret: 0, iomem: mem.busOffset >= 0 };
    },
    (r) => r.ret,
  );
}

function copyPage(t: Ttm, bo: TtmBo, from: { iomem: boolean; mem: TtmResource }, to: { iomem: boolean; mem: TtmResource }, page: number): number {
  const k = t.k;
  const io = t.iomemOf(bo);
  const tt = bo.ttm;
  if (from.iomem && !to.iomem) {
    // ttm_copy_io_ttm_page(): memcpy_fromio() into the ttm page
    return t.fg.call('ttm_copy_io_ttm_page', () => {
      const pfn = tt?.pages[page] ?? -1;
      if (pfn < 0) return -ENOMEM;
      return t.fg.call('memcpy_fromio', () => {
        const src = io!.pageRO(from.mem.busOffset + page * PAGE_SIZE);
        k.clock.advance(FROMIO_PAGE_NS);
        if (src) k.memWrite(pfn * PAGE_SIZE, src, 'memcpy_fromio (ttm_bo_move_memcpy)');
        else k.memFill(pfn * PAGE_SIZE, PAGE_SIZE, 0, 'memcpy_fromio (ttm_bo_move_memcpy)');
        return 0;
      });
    });
  }
  if (!from.iomem && to.iomem) {
    // ttm_copy_ttm_io_page(): memcpy_toio() from the ttm page
    return t.fg.call('ttm_copy_ttm_io_page', () => {
      const pfn = tt?.pages[page] ?? -1;
      if (pfn < 0) return -ENOMEM;
      return t.fg.call('memcpy_toio', () => {
        k.clock.advance(TOIO_PAGE_NS);
        io!.writePage(to.mem.busOffset + page * PAGE_SIZE, k.mem.frameRO(pfn), 'memcpy_toio (ttm_bo_move_memcpy)');
        return 0;
      });
    });
  }
  // ttm_copy_io_page(): both through the BAR
  return t.fg.call('ttm_copy_io_page', () => {
    k.clock.advance(FROMIO_PAGE_NS + TOIO_PAGE_NS);
    io!.writePage(to.mem.busOffset + page * PAGE_SIZE, io!.pageRO(from.mem.busOffset + page * PAGE_SIZE), 'memcpy_toio (ttm_bo_move_memcpy)');
    return 0;
  });
}

// ttm_bo_move_memcpy(): the CPU copies the object page by page
export function ttmBoMoveMemcpy(t: Ttm, bo: TtmBo, ctx: TtmOperationCtx, newMem: TtmResource): number {
  return t.fg.call('ttm_bo_move_memcpy', () => {
    const man = t.manager(bo.dev, newMem.memType)!;
    let ret = ttmBoWait(t, bo, ctx.interruptible, ctx.noWaitGpu);
    if (ret) return ret;
    const oldMem = bo.mem;
    const o = ttmResourceIoremap(t, bo, oldMem);
    if (o.ret) return o.ret;
    const n = ttmResourceIoremap(t, bo, newMem);
    if (n.ret) return n.ret;
    const done = (): number => {
      const oldCopy = { ...bo.mem };
      ttmBoAssignMem(t, bo, newMem);
      if (!man.useTt) ttmTtDestroy(t, bo);
      // on success the old node goes back to its manager
      ttmResourceFree(t, bo, oldCopy);
      return 0;
    };
    // single TTM move: nothing to copy
    if (!o.iomem && !n.iomem) return done();
    // don't move nonexistent data: clear the destination instead
    if (!o.iomem && (!bo.ttm || bo.ttm.state === 'unpopulated')) {
      const io = t.iomemOf(bo);
      for (let i = 0; i < newMem.numPages; i++) io?.writePage(newMem.busOffset + i * PAGE_SIZE, null, 'memset_io (ttm_bo_move_memcpy)');
      return done();
    }
    if (bo.ttm) {
      ret = ttmTtPopulate(t, bo, ctx);
      if (ret) return ret;
    }
    // copy backwards when the ranges overlap within one memory type
    const back = oldMem.memType === newMem.memType && newMem.start < oldMem.start + oldMem.numPages;
    for (let i = 0; i < newMem.numPages; i++) {
      const page = back ? newMem.numPages - 1 - i : i;
      ret = copyPage(t, bo, { iomem: o.iomem, mem: oldMem }, { iomem: n.iomem, mem: newMem }, page);
      if (ret) return ret;
    }
    return done();
  });
}

// ttm_bo_move_ttm(): TT <-> SYSTEM, the pages stay and only their binding changes
export function ttmBoMoveTtm(t: Ttm, bo: TtmBo, ctx: TtmOperationCtx, newMem: TtmResource): number {
  return t.fg.call('ttm_bo_move_ttm', () => {
    if (bo.mem.memType !== TTM_PL_SYSTEM) {
      const ret = ttmBoWait(t, bo, ctx.interruptible, ctx.noWaitGpu);
      if (ret) return ret;
      if (bo.ttm && newMem.memType === TTM_PL_SYSTEM) bo.ttm.state = 'unbound';
      ttmResourceFree(t, bo, bo.mem);
    }
    ttmBoAssignMem(t, bo, newMem);
    return 0;
  });
}

// ttm_bo_move_null(): a move without data (nothing was populated yet)
export function ttmBoMoveNull(t: Ttm, bo: TtmBo, newMem: TtmResource): void {
  const old = { ...bo.mem };
  ttmBoAssignMem(t, bo, newMem);
  ttmResourceFree(t, bo, old);
}

// ttm_bo_wait_free_node(): wait for the move, then drop the old placement
function ttmBoWaitFreeNode(t: Ttm, bo: TtmBo, dstUseTt: boolean): number {
  return t.fg.call('ttm_bo_wait_free_node', () => {
    const ret = ttmBoWait(t, bo, false, false);
    if (ret) return ret;
    if (!dstUseTt) ttmTtDestroy(t, bo);
    // ttm_bo_free_old_node()
    ttmResourceFree(t, bo, bo.mem);
    return 0;
  });
}

// ttm_buffer_object_transfer() + ttm_bo_move_to_ghost(): the old resource lives on in a ghost
// object, on the delayed-destroy list until the move's fence signals
function ttmBoMoveToGhost(t: Ttm, bo: TtmBo, fence: number, dstUseTt: boolean): number {
  const k = t.k;
  const id = t.glob.bos.length;
  const name = `${bo.name} (ghost ${id})`;
  k.rec.emit(EV_BO_INIT, id, bo.numPages, { bo: name, owner: bo.owner, pages: bo.numPages, ghost: true });
  const ghost: TtmBo = {
    ...bo,
    id,
    name,
    mem: { ...bo.mem },
    ttm: dstUseTt ? null : bo.ttm,
    resv: dmaResvInit(`resv:${name}`),
    pinCount: 0,
    lru: null,
    drv: { ghost: true },
  };
  ghost.resv.excl = fence;
  t.glob.bos.push(ghost);
  t.glob.ddestroy.push(id);
  if (!dstUseTt) bo.ttm = null;
  // the old node now belongs to the ghost
  bo.mem = { ...bo.mem, start: -1 };
  return 0;
}

// ttm_bo_move_accel_cleanup()
export function ttmBoMoveAccelCleanup(t: Ttm, bo: TtmBo, fence: number, evict: boolean, pipeline: boolean, newMem: TtmResource): number {
  return t.fg.call('ttm_bo_move_accel_cleanup', () => {
    const from = t.manager(bo.dev, bo.mem.memType)!;
    const man = t.manager(bo.dev, newMem.memType)!;
    dmaResvAddExclFence(t.fg, bo.resv, fence);
    let ret = 0;
    if (!evict) ret = ttmBoMoveToGhost(t, bo, fence, man.useTt);
    else if (!from.useTt && pipeline) {
      // ttm_bo_move_pipeline_evict(): the manager remembers the fence, the node goes at once
      from.move = fence;
      ttmResourceFree(t, bo, bo.mem);
    } else ret = ttmBoWaitFreeNode(t, bo, man.useTt);
    if (ret) return ret;
    ttmBoAssignMem(t, bo, newMem);
    return 0;
  });
}
