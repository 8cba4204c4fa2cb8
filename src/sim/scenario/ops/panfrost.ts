// Panfrost GEM ops: the ioctls run as the step's task (default "panfrost_test"); a GEM object's name is its own namespace.
import { PANFROST_MADV_DONTNEED, PANFROST_MADV_WILLNEED, SHMEM } from '../../linux/include/drm/drm_gem_shmem_helper.ts';
import type { GemObject } from '../../linux/drivers/gpu/drm/panfrost/panfrost_device.ts';
import { createBo, gemClose, madvise, userExit, userFault } from '../../linux/drivers/gpu/drm/panfrost/panfrost_drv.ts';
import { shmemEvicted, shmemVmap, shmemVunmap } from '../../linux/drivers/gpu/drm/drm_gem_shmem_helper.ts';
import type { OpsOf } from '../../machine/modules.ts';
import { ScenarioRuntimeError } from '../binding.ts';
import type { ScenarioRunner } from '../runner.ts';
import type { PANFROST_OPS } from '../schema/panfrost.ts';
import { settle } from './control.ts';

const DEFAULT_CLIENT = 'glmark2-es2-drm';

function asClient(r: ScenarioRunner, step: { task?: string | undefined }): void {
  if (step.task === undefined) r.rec.ctx.task = DEFAULT_CLIENT;
}

/** `count` objects named `bo` (`bo.0`, `bo.1`, ... when more than one), each by the driver's create ioctl. */
export function createObjects(r: ScenarioRunner, step: { bo: string; pages: number; count?: number | undefined }, path: string, ioctl: string, create: (name: string, pages: number) => GemObject | null): void {
  const n = step.count ?? 1;
  for (let i = 0; i < n; i++) {
    const name = n > 1 ? `${step.bo}.${i}` : step.bo;
    const old = r.machine.panfrost.object(name);
    if (old && !old.freed) throw new ScenarioRuntimeError(`${path}.bo`, `GEM object "${name}" already exists`);
    if (create(name, step.pages) === null) throw new ScenarioRuntimeError(path, `${ioctl} failed with -ENOMEM: memory is full`);
  }
}

function bo(r: ScenarioRunner, name: string, path: string): GemObject {
  const o = r.machine.panfrost.object(name);
  const create = r.machine.panfrost.driver === 'virtio_gpu' ? 'virtio_gpu_resource_create' : 'panfrost_create_bo';
  if (!o) throw new ScenarioRuntimeError(`${path}.bo`, `GEM object "${name}" was never created (create it with ${create})`);
  return o;
}

/** Ops either GEM shmem driver serves. */
function needShmemGpu(r: ScenarioRunner, path: string): void {
  if (!r.machine.panfrost.probed) throw new ScenarioRuntimeError(`${path}.op`, 'this machine has no GEM shmem GPU (set config.machine.gpu "Mali-T860" on arm64, or "virtio-gpu" on x86_64)');
}

function needGpu(r: ScenarioRunner, path: string): void {
  if (r.machine.panfrost.driver !== 'panfrost') throw new ScenarioRuntimeError(`${path}.op`, 'this machine has no Panfrost GPU (set config.machine.arch "arm64" and machine.gpu "Mali-T860")');
}

// a kernel user of the mapping: Panfrost's performance counters vmap their BO (panfrost_perfcnt_enable_locked())
const VMAP_STACK = ['drm_gem_vmap+0x38/0x70', 'panfrost_perfcnt_enable_locked+0x1c4/0x3f0', 'panfrost_ioctl_perfcnt_enable+0x68/0xa8', 'drm_ioctl_kernel+0xc4/0x170', 'drm_ioctl+0x228/0x448'];

function live(r: ScenarioRunner, name: string, path: string): GemObject {
  const o = bo(r, name, path);
  if (o.freed) throw new ScenarioRuntimeError(`${path}.bo`, `GEM object "${name}" was freed`);
  return o;
}

export const panfrostOps: OpsOf<typeof PANFROST_OPS> = {
  panfrost_create_bo(r, step, path) {
    needGpu(r, path);
    asClient(r, step);
    createObjects(r, step, path, 'DRM_IOCTL_PANFROST_CREATE_BO', (name, pages) => createBo(r.machine.panfrost, name, pages));
  },
  panfrost_madvise(r, step, path) {
    needGpu(r, path);
    asClient(r, step);
    const o = bo(r, step.bo, path);
    if (!o.handle) throw new ScenarioRuntimeError(`${path}.bo`, `GEM object "${step.bo}" has no handle any more (closed): the ioctl would fail with -ENOENT`);
    const madv = step.madv === 'WILLNEED' ? PANFROST_MADV_WILLNEED : step.madv === 'DONTNEED' ? PANFROST_MADV_DONTNEED : step.madv;
    const res = madvise(r.machine.panfrost, o, madv);
    if ('error' in res) throw new ScenarioRuntimeError(`${path}.madv`, `DRM_IOCTL_PANFROST_MADVISE rejects madv ${madv} with -EINVAL (only WILLNEED 0 and DONTNEED 1)`);
    if (step.retained !== undefined) settle(r, res.retained === step.retained, 0, `retained is ${res.retained}, expected ${step.retained}`);
  },
  drm_gem_close(r, step, path) {
    needShmemGpu(r, path);
    asClient(r, step);
    const o = bo(r, step.bo, path);
    if (!o.handle) throw new ScenarioRuntimeError(`${path}.bo`, `GEM object "${step.bo}" has no handle any more: DRM_IOCTL_GEM_CLOSE would fail with -EINVAL`);
    const race = step.during_shrinker_scan ? { task: r.rec.ctx.task, cpu: r.rec.ctx.cpu, at: step.during_shrinker_scan } : null;
    gemClose(r.machine.panfrost, o, race);
  },
  drm_gem_vmap(r, step, path) {
    needShmemGpu(r, path);
    const o = live(r, step.bo, path);
    const res = shmemVmap(r.machine.panfrost, o, VMAP_STACK);
    if ('error' in res) throw new ScenarioRuntimeError(path, `drm_gem_vmap() fails with ${res.error === -12 ? '-ENOMEM' : res.error}: memory is full`);
  },
  drm_gem_vunmap(r, step, path) {
    needShmemGpu(r, path);
    const o = live(r, step.bo, path);
    if (!shmemVunmap(r.machine.panfrost, o, ['drm_gem_vunmap+0x38/0x70'])) throw new ScenarioRuntimeError(`${path}.bo`, `GEM object "${step.bo}" is not vmapped (drm_gem_shmem_vunmap() would WARN_ON_ONCE(!shmem->vmap_use_count))`);
  },
  user_fault(r, step, path) {
    const got = userFault(r.machine.panfrost, r.rec.ctx.task, step.pages, step.pressure ?? false);
    if (step.expect_pages !== undefined) settle(r, got === step.expect_pages, 0, `faulted in ${got} pages, expected ${step.expect_pages}`);
    else if (got < step.pages) throw new ScenarioRuntimeError(`${path}.pages`, `out of memory after ${got} of ${step.pages} pages (the fault would return VM_FAULT_OOM)`);
  },
  user_exit(r, _step, path) {
    const task = r.rec.ctx.task;
    if (!r.machine.panfrost.userPages.has(task)) throw new ScenarioRuntimeError(`${path}.task`, `task "${task}" has faulted in no memory with user_fault`);
    userExit(r.machine.panfrost, task);
  },
  expect_gem(r, step, path) {
    const p = r.machine.panfrost;
    const o = bo(r, step.bo, path);
    const bad: string[] = [];
    if (step.freed !== undefined && o.freed !== step.freed) bad.push(`freed is ${o.freed}, expected ${step.freed}`);
    if (!o.freed && step.madv !== undefined) {
      const madv = p.r32(o.va + BigInt(SHMEM.madv), 'expect_gem', []) | 0;
      if (madv !== step.madv) bad.push(`madv is ${madv}, expected ${step.madv}`);
    }
    if (step.resident !== undefined && o.frames.length !== step.resident) bad.push(`${o.frames.length} resident pages, expected ${step.resident}`);
    if (step.swapped !== undefined && o.swapped !== step.swapped) bad.push(`${o.swapped} swapped pages, expected ${step.swapped}`);
    if (!o.freed && step.vmap_use_count !== undefined) {
      const n = p.r32(o.va + BigInt(SHMEM.vmapUseCount), 'expect_gem', []);
      if (n !== step.vmap_use_count) bad.push(`vmap_use_count is ${n}, expected ${step.vmap_use_count}`);
    }
    if (!o.freed && step.evicted !== undefined) {
      const ev = shmemEvicted(p, o, 'expect_gem', []);
      if (ev !== step.evicted) bad.push(`evicted is ${ev}, expected ${step.evicted}`);
    }
    settle(r, bad.length === 0, 0, bad.length ? bad.join('; ') : `GEM object ${step.bo} as expected`);
  },
};
