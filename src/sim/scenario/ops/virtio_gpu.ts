// VirtIO-GPU ops and user space's accesses through a GEM object's mmap (either GEM shmem driver); ioctls run
// as the step's task (default "glxgears").
import { PAGE_SIZE } from '../../linux/include/linux/mm_types.ts';
import type { GemObject } from '../../linux/drivers/gpu/drm/panfrost/panfrost_device.ts';
import { shmemFault, shmemMmap } from '../../linux/drivers/gpu/drm/drm_gem_shmem_helper.ts';
import { VIRTGPU_MADV_DONTNEED, VIRTGPU_MADV_WILLNEED } from '../../linux/drivers/gpu/drm/virtio/virtgpu_drv.ts';
import { virtioGpuExecbuffer, virtioGpuMadvise, virtioGpuResourceCreate } from '../../linux/drivers/gpu/drm/virtio/virtgpu_ioctl.ts';
import { entryFrames } from '../../machine/layout.ts';
import type { OpsOf } from '../../machine/modules.ts';
import { ScenarioRuntimeError } from '../binding.ts';
import type { ScenarioRunner } from '../runner.ts';
import type { VIRTIO_GPU_OPS } from '../schema/virtio_gpu.ts';
import { settle } from './control.ts';
import { createObjects } from './panfrost.ts';

const DEFAULT_CLIENT = 'glxgears';

function asClient(r: ScenarioRunner, step: { task?: string | undefined }): void {
  if (step.task === undefined) r.rec.ctx.task = DEFAULT_CLIENT;
}

function needVirtio(r: ScenarioRunner, path: string): void {
  if (r.machine.panfrost.driver !== 'virtio_gpu') throw new ScenarioRuntimeError(`${path}.op`, 'this machine has no VirtIO-GPU (set config.machine.gpu "virtio-gpu", arch "x86_64", kernel "5.19")');
}

/** A live object with an open handle, or a runtime input error at `path`. */
function handle(r: ScenarioRunner, name: string, path: string): GemObject {
  const o = r.machine.panfrost.object(name);
  if (!o) throw new ScenarioRuntimeError(path, `GEM object "${name}" was never created`);
  if (o.freed || !o.handle) throw new ScenarioRuntimeError(path, `GEM object "${name}" has no handle any more (closed): the ioctl would fail with -ENOENT`);
  return o;
}

const patternBytes = (hex: string): Uint8Array => Uint8Array.from(hex.replace(/\s+/g, '').match(/../g)!.map((b) => Number.parseInt(b, 16)));

/** The page of the object user space touches: its mmap, then drm_gem_shmem_fault() (which swaps an evicted object in). */
function faultIn(r: ScenarioRunner, o: GemObject, i: number, path: string): number {
  const p = r.machine.panfrost;
  const stack = ['__do_fault+0x3c/0x130', 'do_fault+0x1e6/0x420', '__handle_mm_fault+0x5e2/0xdd0', ...entryFrames(p.k.layout, 'user_fault')];
  const pfn = shmemFault(p, o, i, stack);
  if (pfn === 'VM_FAULT_OOM') throw new ScenarioRuntimeError(path, `the fault on page ${i} of "${o.name}" returned VM_FAULT_OOM: memory is full`);
  if (pfn === 'VM_FAULT_SIGBUS') throw new ScenarioRuntimeError(path, `the fault on page ${i} of "${o.name}" returned VM_FAULT_SIGBUS (the object has no pages: purged)`);
  return pfn;
}

function mmap(r: ScenarioRunner, o: GemObject, path: string): void {
  const err = shmemMmap(r.machine.panfrost, o, ['drm_gem_mmap_obj+0x114/0x1e0', 'drm_gem_mmap+0xe1/0x1a0', 'mmap_region+0x2c1/0x630', 'do_mmap+0x3b9/0x580', 'vm_mmap_pgoff+0xd3/0x170', 'ksys_mmap_pgoff+0x1b7/0x220', 'do_syscall_64+0x3b/0x90', 'entry_SYSCALL_64_after_hwframe+0x63/0xcd']);
  if (err) throw new ScenarioRuntimeError(path, `mmap() of "${o.name}" fails with ${err === -12 ? '-ENOMEM' : err}`);
}

export const virtioGpuOps: OpsOf<typeof VIRTIO_GPU_OPS> = {
  virtio_gpu_resource_create(r, step, path) {
    needVirtio(r, path);
    asClient(r, step);
    createObjects(r, step, path, 'DRM_IOCTL_VIRTGPU_RESOURCE_CREATE', (name, pages) => virtioGpuResourceCreate(r.machine.panfrost, name, pages));
  },
  virtio_gpu_madvise(r, step, path) {
    needVirtio(r, path);
    asClient(r, step);
    const o = handle(r, step.bo, `${path}.bo`);
    const madv = step.madv === 'WILLNEED' ? VIRTGPU_MADV_WILLNEED : step.madv === 'DONTNEED' ? VIRTGPU_MADV_DONTNEED : step.madv;
    const res = virtioGpuMadvise(r.machine.panfrost, o, madv);
    if ('error' in res) {
      if (res.error === -22) throw new ScenarioRuntimeError(`${path}.op`, 'DRM_IOCTL_VIRTGPU_MADVISE fails with -EINVAL: this kernel\'s virtio_gpu has no madvise ioctl (it comes with config.patches.drm_shmem_generic_shrinker)');
      throw new ScenarioRuntimeError(`${path}.madv`, `DRM_IOCTL_VIRTGPU_MADVISE rejects madv ${madv} with -EOPNOTSUPP (only WILLNEED 0 and DONTNEED 1)`);
    }
    if (step.retained !== undefined) settle(r, res.retained === step.retained, 0, `retained is ${res.retained}, expected ${step.retained}`);
  },
  virtio_gpu_execbuffer(r, step, path) {
    needVirtio(r, path);
    asClient(r, step);
    const objs = step.bos.map((b, i) => handle(r, b, `${path}.bos[${i}]`));
    const err = virtioGpuExecbuffer(r.machine.panfrost, objs);
    if (err) throw new ScenarioRuntimeError(path, `DRM_IOCTL_VIRTGPU_EXECBUFFER fails with ${err === -12 ? '-ENOMEM' : err}: an object could not be swapped back in`);
  },
  drm_gem_mmap_write(r, step, path) {
    if (!r.machine.panfrost.probed) throw new ScenarioRuntimeError(`${path}.op`, 'this machine has no GEM shmem GPU (machine.gpu "Mali-T860" or "virtio-gpu")');
    asClient(r, step);
    const o = handle(r, step.bo, `${path}.bo`);
    mmap(r, o, path);
    const pat = patternBytes(step.pattern);
    const page = new Uint8Array(PAGE_SIZE);
    for (let j = 0; j < PAGE_SIZE; j++) page[j] = pat[j % pat.length]!;
    for (let i = 0; i < o.pages; i++) {
      const pfn = faultIn(r, o, i, path);
      r.machine.k.memWrite(pfn * PAGE_SIZE, page, `${r.rec.ctx.task} (stores through its mmap of ${o.name})`);
    }
  },
  drm_gem_mmap_read(r, step, path) {
    if (!r.machine.panfrost.probed) throw new ScenarioRuntimeError(`${path}.op`, 'this machine has no GEM shmem GPU (machine.gpu "Mali-T860" or "virtio-gpu")');
    asClient(r, step);
    const o = handle(r, step.bo, `${path}.bo`);
    mmap(r, o, path);
    const pat = step.pattern === undefined ? null : patternBytes(step.pattern);
    const page = new Uint8Array(PAGE_SIZE);
    let bad: string | null = null;
    for (let i = 0; i < o.pages; i++) {
      const pfn = faultIn(r, o, i, path);
      r.machine.k.mem.read(pfn * PAGE_SIZE, page);
      if (pat === null || bad !== null) continue;
      for (let j = 0; j < PAGE_SIZE; j++) {
        if (page[j] === pat[j % pat.length]) continue;
        bad = `page ${i} byte ${j} (pfn 0x${pfn.toString(16)}) is 0x${page[j]!.toString(16).padStart(2, '0')}, expected 0x${pat[j % pat.length]!.toString(16).padStart(2, '0')}`;
        break;
      }
    }
    if (step.pattern !== undefined) settle(r, bad === null, 0, bad ?? `every byte of ${o.name} (${o.pages} pages) reads the pattern ${step.pattern}`);
  },
};
