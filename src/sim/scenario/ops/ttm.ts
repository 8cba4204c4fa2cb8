// TTM ops of the KUnit style: a test device, buffer objects, validation, pins, fences, eviction,
// and expect_bo on where an object is.
import { opCtx, type TtmBo } from '../../linux/include/drm/ttm/ttm_bo_api.ts';
import { MEM_TYPE_NAMES, memTypeName, place, type TtmPlacement } from '../../linux/include/drm/ttm/ttm_placement.ts';
import { ttmBoEvictMm, ttmBoInit, ttmBoPin, ttmBoPinned, ttmBoRelease, ttmBoReserve, ttmBoUnpin, ttmBoUnreserve, ttmBoValidate } from '../../linux/drivers/gpu/drm/ttm/ttm_bo.ts';
import { MAX_BOS, TEST_FENCE_OPS } from '../../linux/drivers/gpu/drm/ttm/ttm_module.ts';
import { ttmDeviceKunitInit } from '../../linux/drivers/gpu/drm/ttm/tests/ttm_kunit_helpers.ts';
import { dmaResvAddExclFence, dmaResvAddSharedFence } from '../../linux/drivers/dma-buf/dma-resv.ts';
import type { OpsOf } from '../../machine/modules.ts';
import { ScenarioRuntimeError } from '../binding.ts';
import type { ScenarioRunner } from '../runner.ts';
import type { TTM_OPS } from '../schema/ttm.ts';
import { settle } from './control.ts';

function memIndex(n: string): number {
  return (MEM_TYPE_NAMES as readonly string[]).indexOf(n);
}

function placementOf(list: readonly string[], busy: readonly string[] | undefined): TtmPlacement {
  return { placement: list.map((m) => place(memIndex(m))), busy: (busy ?? list).map((m) => place(memIndex(m))) };
}

function device(r: ScenarioRunner, name: string, path: string): number {
  const d = r.machine.ttm.device(name);
  if (d < 0) throw new ScenarioRuntimeError(`${path}.device`, `TTM device "${name}" does not exist (create it with ttm_device)`);
  return d;
}

function boNamed(r: ScenarioRunner, name: string, path: string): TtmBo {
  const bo = r.machine.ttm.lastNamed(name);
  if (!bo) throw new ScenarioRuntimeError(`${path}.bo`, `buffer object "${name}" does not exist (create it with ttm_bo_create or drm_bo_new)`);
  return bo;
}

/** KUnit tests run in a kthread of their own: sleeping locks need a task that may sleep. */
function asTest(r: ScenarioRunner, step: { task?: string | undefined }): void {
  if (step.task === undefined) r.rec.ctx.task = 'kunit_try_catch';
}

export const ttmOps: OpsOf<typeof TTM_OPS> = {
  ttm_device(r, step, path) {
    asTest(r, step);
    if (r.machine.ttm.device(step.device) >= 0) throw new ScenarioRuntimeError(`${path}.device`, `TTM device "${step.device}" already exists`);
    ttmDeviceKunitInit(r.machine.ttm, step.device, step.managers);
  },
  ttm_bo_create(r, step, path) {
    asTest(r, step);
    const t = r.machine.ttm;
    const dev = device(r, step.device, path);
    const pl = placementOf(step.placement, step.busy);
    // placements without a manager are the kernel's business (ttm_bo_mem_space(): -EINVAL); a size no manager can hold is the scenario's mistake
    const all = [...pl.placement, ...pl.busy].filter((p) => t.manager(dev, p.memType));
    const fits = all.some((p) => p.memType === 0 || t.manager(dev, p.memType)!.size === 0 || step.pages <= t.manager(dev, p.memType)!.size);
    if (all.length > 0 && !fits) throw new ScenarioRuntimeError(`${path}.pages`, `a buffer of ${step.pages} pages is larger than every placement it may use`);
    const n = step.count ?? 1;
    if (t.glob.bos.length + n > MAX_BOS) throw new ScenarioRuntimeError(path, `too many buffer objects: a run may create at most ${MAX_BOS}`);
    for (let i = 0; i < n; i++) {
      const name = n > 1 ? `${step.bo}.${i}` : step.bo;
      if (t.findBo(name)) throw new ScenarioRuntimeError(`${path}.bo`, `buffer object "${name}" already exists`);
      const ctx = opCtx();
      const res = ttmBoInit(t, dev, { name, owner: 'kunit', numPages: step.pages, priority: step.priority ?? 0 }, pl, ctx);
      t.glob.results[name] = [res.ret, ctx.bytesMoved];
    }
  },
  ttm_bo_validate(r, step, path) {
    asTest(r, step);
    const t = r.machine.ttm;
    const bo = boNamed(r, step.bo, path);
    if (bo.destroyed) throw new ScenarioRuntimeError(`${path}.bo`, `buffer object "${step.bo}" was released`);
    const ctx = opCtx({ noWaitGpu: step.no_wait_gpu ?? false });
    ttmBoReserve(t, bo);
    const ret = ttmBoValidate(t, bo, placementOf(step.placement, step.busy), ctx);
    ttmBoUnreserve(t, bo);
    t.glob.results[bo.name] = [ret, ctx.bytesMoved];
  },
  ttm_bo_pin(r, step, path) {
    asTest(r, step);
    ttmBoPin(r.machine.ttm, boNamed(r, step.bo, path));
  },
  ttm_bo_unpin(r, step, path) {
    asTest(r, step);
    ttmBoUnpin(r.machine.ttm, boNamed(r, step.bo, path));
  },
  ttm_bo_put(r, step, path) {
    asTest(r, step);
    ttmBoRelease(r.machine.ttm, boNamed(r, step.bo, path));
  },
  ttm_bo_fence(r, step, path) {
    asTest(r, step);
    const t = r.machine.ttm;
    const bo = boNamed(r, step.bo, path);
    const at = step.never ? Infinity : t.k.clock.ns + (step.after_us ?? 0) * 1000;
    const f = t.fences.init(TEST_FENCE_OPS, t.fences.contextAlloc(1), 1, -1, at);
    if (at <= t.k.clock.ns) t.fences.signal(f);
    else t.glob.testFences.push(f.id);
    if ((step.usage ?? 'exclusive') === 'exclusive') dmaResvAddExclFence(t.fg, bo.resv, f.id);
    else dmaResvAddSharedFence(t.fences, bo.resv, f.id);
  },
  ttm_evict_mm(r, step, path) {
    asTest(r, step);
    const ret = ttmBoEvictMm(r.machine.ttm, device(r, step.device, path), memIndex(step.mem));
    r.machine.ttm.glob.results[`${step.device}:${step.mem}`] = [ret, 0];
  },
  expect_bo(r, step, path) {
    const t = r.machine.ttm;
    const bo = boNamed(r, step.bo, path);
    const got: string[] = [];
    const want: string[] = [];
    const res = t.glob.results[bo.name] ?? [0, 0];
    const facts: [string, unknown, unknown][] = [
      ['mem', step.mem, memTypeName(bo.mem.memType)],
      ['lru', step.lru, bo.lru !== null],
      ['pinned', step.pinned, ttmBoPinned(bo)],
      ['destroyed', step.destroyed, bo.destroyed],
      ['error', step.error, res[0]],
      ['bytes_moved', step.bytes_moved, res[1]],
    ];
    let pass = true;
    for (const [k, w, g] of facts) {
      if (w === undefined) continue;
      want.push(`${k}=${String(w)}`);
      got.push(`${k}=${String(g)}`);
      if (w !== g) pass = false;
    }
    settle(r, pass, 0, `buffer object ${bo.name}: expected ${want.join(', ') || 'to exist'}, found ${got.join(', ') || 'it'}`);
  },
};
