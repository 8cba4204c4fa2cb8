// VirtIO-GPU objects under the v6 series' shrinker: a pattern written through the mmap survives eviction to
// swap and the swap-in, eviction needs room in swap, and bad input is an error at the step's path.
import { describe, expect, it } from 'vitest';
import { Session } from '../../../../../scenario/session.ts';

function open(steps: object[], o: { swapMiB?: number; generic?: boolean } = {}): Session {
  const text = JSON.stringify({
    format: 'kernscope/1',
    name: 'virtio-evict-test',
    config: { seed: 3, machine: { arch: 'x86_64', kernel: '5.19', cpus: 2, ramMiB: 128, gpu: 'virtio-gpu', ...(o.swapMiB === 0 ? {} : { swapMiB: o.swapMiB ?? 64 }) }, patches: { drm_shmem_generic_shrinker: o.generic ?? true, shmem_free_without_resv_lock: true } },
    steps,
  });
  const r = Session.open(text);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.session;
}

function passes(s: Session): void {
  const rep = s.report();
  expect(rep.errors).toBeUndefined();
  for (const e of rep.expectations) expect(e, e.message).toMatchObject({ pass: true });
}

const FILL = [
  { op: 'virtio_gpu_resource_create', bo: 'bo', pages: 256, count: 2 },
  { op: 'drm_gem_mmap_write', bo: 'bo.0', pattern: '12 34 56 78 9a' },
  { op: 'drm_gem_mmap_write', bo: 'bo.1', pattern: 'a5' },
];

describe('virtio_gpu with the generic shrinker', () => {
  it('boots with the driver\'s lines', () => {
    const dmesg = open([]).report().dmesg;
    expect(dmesg).toContain('[drm] features: +virgl +edid -resource_blob -host_visible');
    expect(dmesg).toContain('[drm] Initialized virtio_gpu 0.1.0 0 for virtio0 on minor 0');
    expect(dmesg).toContain('Adding 65532k swap on /dev/vdb.  Priority:-2 extents:1 across:65532k FS');
  });

  it('evicts idle objects to swap under pressure and swaps them back in with their bytes', () => {
    const s = open([
      ...FILL,
      { op: 'user_fault', task: 'cc1', pressure: true, pages: 300 },
      { op: 'expect_gem', bo: 'bo.0', evicted: true, resident: 0 },
      { op: 'user_exit', task: 'cc1' },
      { op: 'virtio_gpu_execbuffer', bos: ['bo.0', 'bo.1'] },
      { op: 'expect_gem', bo: 'bo.0', evicted: false, resident: 256, swapped: 0 },
      { op: 'drm_gem_mmap_read', bo: 'bo.0', pattern: '12 34 56 78 9a' },
      { op: 'drm_gem_mmap_read', bo: 'bo.1', pattern: 'a5' },
    ]);
    passes(s);
    const log = s.runner.rec.log;
    let written = 0;
    let read = 0;
    for (let i = 0; i < log.length; i++) {
      const fn = log.payloadAt(i)?.fn;
      if (fn === 'shmem_writepage') written++;
      if (fn === 'swap_readpage') read++;
    }
    // pages really went through swap slots, and each came back once
    expect(written).toBeGreaterThan(0);
    expect(read).toBe(written);
    expect(s.runner.machine.panfrost.swap.nrSwapPages()).toBe(16383);
  });

  it('swaps an evicted object in for a kernel mapping (drm_gem_shmem_pin()), leaving it detached from the host until a job reattaches it', () => {
    const s = open([
      ...FILL,
      { op: 'user_fault', task: 'cc1', pressure: true, pages: 300 },
      { op: 'expect_gem', bo: 'bo.1', evicted: true, resident: 0 },
      { op: 'user_exit', task: 'cc1' },
      { op: 'drm_gem_vmap', bo: 'bo.1' },
      { op: 'expect_gem', bo: 'bo.1', evicted: false, resident: 256, swapped: 0, vmap_use_count: 1 },
      { op: 'drm_gem_mmap_read', bo: 'bo.1', pattern: 'a5' },
    ]);
    passes(s);
    const p = s.runner.machine.panfrost;
    expect(p.object('bo.1')!.detached).toBe(true);
    const s2 = open([...FILL, { op: 'user_fault', task: 'cc1', pressure: true, pages: 300 }, { op: 'user_exit', task: 'cc1' }, { op: 'drm_gem_vmap', bo: 'bo.1' }, { op: 'virtio_gpu_execbuffer', bos: ['bo.1'] }]);
    passes(s2);
    expect(s2.runner.machine.panfrost.object('bo.1')!.detached).toBe(false);
  });

  it('does not evict without room in swap (get_nr_swap_pages()), and the pressure then finds nothing to give back', () => {
    const s = open([...FILL, { op: 'user_fault', task: 'cc1', pressure: true, pages: 64, expect_pages: 0 }, { op: 'expect_gem', bo: 'bo.0', evicted: false, resident: 256 }], { swapMiB: 0 });
    passes(s);
  });

  it('purges a DONTNEED object before evicting, and a purged object faults SIGBUS', () => {
    const r = Session.open(
      JSON.stringify({
        format: 'kernscope/1',
        name: 't',
        config: { seed: 3, machine: { arch: 'x86_64', kernel: '5.19', ramMiB: 128, gpu: 'virtio-gpu', swapMiB: 64 }, patches: { drm_shmem_generic_shrinker: true } },
        steps: [...FILL, { op: 'virtio_gpu_madvise', bo: 'bo.1', madv: 'DONTNEED', retained: true }, { op: 'user_fault', task: 'cc1', pressure: true, pages: 64 }, { op: 'expect_gem', bo: 'bo.1', madv: -1, resident: 0, swapped: 0 }, { op: 'drm_gem_mmap_read', bo: 'bo.1' }],
      }),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const rep = r.session.report();
    for (const e of rep.expectations) expect(e, e.message).toMatchObject({ pass: true });
    expect(rep.errors?.[0]).toMatchObject({ path: 'steps[6]' });
    expect(rep.errors?.[0]?.message).toContain('VM_FAULT_SIGBUS');
  });

  it('reports unknown objects and a madvise the kernel has no ioctl for at the step\'s path', () => {
    const e1 = open([{ op: 'virtio_gpu_execbuffer', bos: ['nope'] }]).report().errors?.[0];
    expect(e1).toMatchObject({ path: 'steps[0].bos[0]' });
    const e2 = open([{ op: 'drm_gem_mmap_read', bo: 'nope' }]).report().errors?.[0];
    expect(e2).toMatchObject({ path: 'steps[0].bo' });
    const e3 = open([{ op: 'virtio_gpu_resource_create', bo: 'b', pages: 4 }, { op: 'virtio_gpu_madvise', bo: 'b', madv: 'DONTNEED' }], { generic: false }).report().errors?.[0];
    expect(e3).toMatchObject({ path: 'steps[1].op' });
    const e4 = open([{ op: 'virtio_gpu_resource_create', bo: 'b', pages: 4 }, { op: 'virtio_gpu_madvise', bo: 'b', madv: 7 }]).report().errors?.[0];
    expect(e4).toMatchObject({ path: 'steps[1].madv' });
  });
});
