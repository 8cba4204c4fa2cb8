// Slab ops: thin calls into the SLUB model.
import { hex } from '../../linux/arch/x86/include/asm/pgtable_64_types.ts';
import { bindingVa, ScenarioRuntimeError } from '../binding.ts';
import type { OpsOf } from '../../machine/modules.ts';
import type { SLAB_OPS } from '../schema/slab.ts';
import { GFP_KERNEL, parseGfp } from '../../linux/include/linux/gfp_types.ts';
import { eventKind } from '../../engine/recorder.ts';

export const EV_SYSFS_SLAB_LS = eventKind('user.ls_sys_kernel_slab');

export const slabOps: OpsOf<typeof SLAB_OPS> = {
  kmem_cache_create(r, step) {
    r.machine.slub.kmemCacheCreate(step.cache, step.size, step.align ?? 8, step.flags ?? []);
    r.destroyed.delete(step.cache);
  },
  kmem_cache_alloc(r, step, path) {
    const s = r.cache(step.cache, path);
    r.machine.locking.ww.allocatorMightAlloc('kmem_cache_alloc', step.gfp === undefined ? GFP_KERNEL : parseGfp(step.gfp)!);
    r.bindObject(step.as, r.machine.slub.kmemCacheAlloc(s), step.cache);
  },
  kmalloc(r, step, path) {
    const s = step.cache === undefined ? undefined : r.cache(step.cache, path);
    r.machine.locking.ww.allocatorMightAlloc('kmalloc', step.gfp === undefined ? GFP_KERNEL : parseGfp(step.gfp)!);
    r.bindObject(step.as, r.machine.slub.kmalloc(step.size, s), step.cache ?? 'kmalloc');
  },
  kmem_cache_free(r, step, path) {
    const b = r.binding(step.ptr, path);
    const s = step.cache === undefined ? null : r.cache(step.cache, path);
    if (b.phys === null) throw new ScenarioRuntimeError(`${path}.ptr`, `pointer "${step.ptr}" is NULL or outside the direct map (${hex(bindingVa(r.kernel, b))})`);
    r.machine.slub.kmemCacheFree(s, b.phys);
  },
  kfree(r, step, path) {
    const b = r.binding(step.ptr, path);
    if (b.phys === null) {
      // kfree(NULL) is a no-op in the kernel; other non-direct-map values are the caller's bug
      if (b.raw !== null && b.raw !== 0n) throw new ScenarioRuntimeError(`${path}.ptr`, `pointer "${step.ptr}" (${hex(b.raw)}) is outside the direct map`);
      return;
    }
    r.machine.slub.kfree(b.phys);
  },
  validate_slab_cache(r, step, path) {
    r.machine.slub.validateSlabCache(r.cache(step.cache, path));
  },
  ls_sys_kernel_slab(r, step) {
    // `ls -l /sys/kernel/slab [names]` as the step's task (default "ls"): the name, or name -> unique id
    const entries = r.machine.slub.sysfsSlab();
    const byName = new Map(entries.map((e) => [e.name, e]));
    const lines = (step.names ?? entries.map((e) => e.name)).map((n) => {
      const e = byName.get(n);
      if (!e) return `ls: cannot access '/sys/kernel/slab/${n}': No such file or directory`;
      return e.target === null ? e.name : `${e.name} -> ${e.target}`;
    });
    const comm = step.task ?? 'ls';
    r.rec.ctx.task = comm;
    r.rec.emit(EV_SYSFS_SLAB_LS, lines.length, 0);
    r.rec.stdout(comm, lines.join('\n'));
  },
  kmem_cache_destroy(r, step, path) {
    r.machine.slub.kmemCacheDestroy(r.cache(step.cache, path));
    r.destroyed.add(step.cache);
  },
};
