// The desktop's buffer objects on the GPU: created, freed, used by command submissions, scanned out.
import { PAGE_SIZE } from '../../linux/include/linux/mm_types.ts';
import type { TtmBo } from '../../linux/include/drm/ttm/ttm_bo_api.ts';
import { RSVD_HEAD_PAGES, RSVD_TAIL_PAGES } from '../../linux/drivers/gpu/drm/nouveau/nvkm/subdev/fb/ram.ts';
import { nouveauDisplayScanout } from '../../linux/drivers/gpu/drm/nouveau/nouveau_display.ts';
import { ttmBoMoveToLruTail, ttmBoReserve } from '../../linux/drivers/gpu/drm/ttm/ttm_bo.ts';
import { LRU_LOCK, MAX_BOS } from '../../linux/drivers/gpu/drm/ttm/ttm_module.ts';
import type { OpsOf } from '../../machine/modules.ts';
import { ScenarioRuntimeError } from '../binding.ts';
import type { ScenarioRunner } from '../runner.ts';
import type { GPU_OPS } from '../schema/gpu.ts';

/** GPU ops run as the client's task (a user process: Xorg by default), never as the idle task. */
function asClient(r: ScenarioRunner, step: { task?: string | undefined; client?: string | undefined }): string {
  const c = step.client ?? (step.task !== undefined ? step.task : 'Xorg');
  if (step.task === undefined) r.rec.ctx.task = c.slice(0, 15);
  return c;
}

function boNamed(r: ScenarioRunner, name: string, path: string): TtmBo {
  const bo = r.machine.ttm.findBo(name);
  if (!bo) throw new ScenarioRuntimeError(`${path}.bo`, `buffer object "${name}" does not exist (create it with drm_bo_new or ttm_bo_create)`);
  return bo;
}

function bosOf(r: ScenarioRunner, step: { bo?: string | undefined; client?: string | undefined }, path: string): TtmBo[] {
  if (step.bo !== undefined) return [boNamed(r, step.bo, path)];
  const out = r.machine.ttm.glob.bos.filter((b) => !b.destroyed && b.owner === step.client && !b.drv.ghost);
  if (out.length === 0) throw new ScenarioRuntimeError(`${path}.client`, `client "${step.client}" has no buffer objects`);
  return out;
}

export const gpuOps: OpsOf<typeof GPU_OPS> = {
  drm_bo_new(r, step, path) {
    const drm = r.machine.nouveau;
    const client = asClient(r, step);
    const domain = step.domain ?? 'VRAM';
    const pages = Math.ceil(step.size / PAGE_SIZE);
    const vramPages = drm.gpu.vramBytes / PAGE_SIZE - RSVD_HEAD_PAGES - RSVD_TAIL_PAGES;
    if (domain === 'VRAM' && pages > vramPages) throw new ScenarioRuntimeError(`${path}.size`, `a buffer of ${pages} pages fits in no placement of its domain: VRAM has ${vramPages} usable pages`);
    const n = step.count ?? 1;
    if (r.machine.ttm.glob.bos.length + n > MAX_BOS) throw new ScenarioRuntimeError(path, `too many buffer objects: a run may create at most ${MAX_BOS}`);
    for (let i = 0; i < n; i++) {
      const name = n > 1 ? `${step.bo}.${i}` : step.bo;
      if (r.machine.ttm.findBo(name)) throw new ScenarioRuntimeError(`${path}.bo`, `buffer object "${name}" already exists`);
      const res = drm.boNew(name, step.size, domain, client, step.content ?? 'header', false);
      r.machine.ttm.glob.results[name] = [res.ret, 0];
    }
  },
  drm_bo_free(r, step, path) {
    asClient(r, step);
    for (const bo of bosOf(r, step, path)) r.machine.nouveau.boFree(bo);
  },
  drm_bo_use(r, step, path) {
    asClient(r, step);
    const t = r.machine.ttm;
    // a command submission: ttm_eu_reserve_buffers() ... ttm_eu_fence_buffer_objects() moves each to its LRU's tail
    for (const bo of bosOf(r, step, path)) {
      ttmBoReserve(t, bo);
      t.lk.lock(LRU_LOCK, 'write', { ip: 'ttm_eu_fence_buffer_objects+0x4a/0x170' });
      ttmBoMoveToLruTail(t, bo);
      t.lk.unlock(LRU_LOCK, { ip: 'ttm_eu_fence_buffer_objects+0x10d/0x170' });
      t.lk.unlock(bo.resv.lock, { ip: 'ttm_eu_fence_buffer_objects+0x131/0x170' });
    }
  },
  drm_scanout(r, step, path) {
    asClient(r, step);
    const bo = boNamed(r, step.bo, path);
    const ret = nouveauDisplayScanout(r.machine.nouveau, bo);
    if (ret) throw new ScenarioRuntimeError(`${path}.bo`, `buffer object "${step.bo}" cannot be scanned out: pinning it in VRAM failed (${ret})`);
  },
};
