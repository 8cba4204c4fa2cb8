// User memory ops: one call into the user-memory model per op, as the step's task.
import { doMadvise, type MadviseAdvice } from '../../linux/mm/madvise.ts';
import { MmInputError } from '../../linux/mm/mmap.ts';
import { LockInputError } from '../../linux/include/linux/lockdep_types.ts';
import { ScenarioRuntimeError } from '../binding.ts';
import type { OpsOf } from '../../machine/modules.ts';
import type { MM_OPS } from '../schema/mm.ts';

const PAGE = 4096;

/** Input the model cannot act on stops the run with the step's path (and the field, when known). */
function guarded(path: string, f: () => void): void {
  try {
    f();
  } catch (e) {
    if (e instanceof MmInputError) throw new ScenarioRuntimeError(e.field ? `${path}.${e.field}` : path, e.message);
    if (e instanceof LockInputError) throw new ScenarioRuntimeError(path, e.message);
    throw e;
  }
}

export const mmOps: OpsOf<typeof MM_OPS> = {
  mmap(r, step, path) {
    const pages = step.pages ?? Math.floor((step.size ?? 0) / PAGE);
    guarded(path, () => {
      const start = r.machine.usermm.mmap(step.as, pages, step.folio_order ?? 4, step.folios ?? []);
      // a user address: named and shown, not dereferenced through the direct map
      r.ptrs.set(step.as, { phys: null, raw: BigInt(start), kind: 'value' });
    });
  },
  madvise(r, step, path) {
    const b = r.binding(step.ptr, path);
    const mm = r.machine.usermm;
    const owner = b.raw === null ? undefined : [...mm.mms.values()].find((x) => x.vmas.some((v) => v.name === step.ptr && v.start === Number(b.raw)));
    if (b.kind !== 'value' || b.raw === null || !owner) throw new ScenarioRuntimeError(`${path}.ptr`, `pointer "${step.ptr}" is not a user mapping (bind it with an mmap step)`);
    if (owner.task !== r.rec.ctx.task) throw new ScenarioRuntimeError(`${path}.task`, `"${step.ptr}" is mapped in ${owner.task}'s address space, not ${r.rec.ctx.task}'s: run madvise as ${owner.task}`);
    guarded(path, () => doMadvise(mm, Number(b.raw) + (step.offset ?? 0), step.len, step.advice as MadviseAdvice));
  },
};
