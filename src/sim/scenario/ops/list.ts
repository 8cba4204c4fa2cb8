// Kernel list ops: thin calls into include/linux/list.h's model, with entries checked to lie in
// something the scenario allocated (a wild entry is the scenario's mistake, not the kernel's).
import { hex } from '../../linux/arch/x86/include/asm/pgtable_64_types.ts';
import { INIT_LIST_HEAD, LIST_HEAD_SIZE, list_add, list_add_tail, list_del, list_del_init, list_for_each, list_move, list_move_tail, registerListHead, type ListCtx } from '../../linux/include/linux/list.ts';
import { PAGE_SIZE } from '../../linux/include/linux/mm_types.ts';
import type { OpsOf } from '../../machine/modules.ts';
import { bindingVa, ScenarioRuntimeError } from '../binding.ts';
import type { ScenarioRunner } from '../runner.ts';
import type { LIST_OPS } from '../schema/list.ts';
import { settle } from './control.ts';
import { runTask } from './died.ts';

/** The list code runs inline in the function the step runs as. */
function ctxOf(r: ScenarioRunner): ListCtx {
  const c = r.rec.ctx.caller;
  return { sys: r.machine, caller: { fn: c.name, module: c.module } };
}

/** The struct list_head at ptr + offset: inside a slab object or a page allocation, else an input error. */
function entryOf(r: ScenarioRunner, step: { ptr: string; offset?: number | undefined }, path: string): bigint {
  const b = r.binding(step.ptr, path);
  const off = step.offset ?? 0;
  const va = bindingVa(r.kernel, b) + BigInt(off);
  const where = `${hex(va)} (${step.ptr}+${off})`;
  if (b.phys === null) throw new ScenarioRuntimeError(`${path}.ptr`, `pointer "${step.ptr}" is NULL or outside the direct map: no list_head there`);
  const phys = b.phys + off;
  if (b.kind === 'pages') {
    if (off + LIST_HEAD_SIZE > PAGE_SIZE << (b.order ?? 0)) throw new ScenarioRuntimeError(`${path}.offset`, `the list_head at ${where} is outside the pages "${step.ptr}" points to`);
    return va;
  }
  const o = r.machine.slub.slabObject(b.phys);
  if (o === null || phys < o.objectPhys || phys + LIST_HEAD_SIZE > o.objectPhys + o.objectSize)
    throw new ScenarioRuntimeError(`${path}.offset`, `the list_head at ${where} is outside any allocated object${o ? ` (${o.cache} objects are ${o.objectSize} bytes)` : ''}`);
  return va;
}

function headOf(r: ScenarioRunner, name: string, path: string): bigint {
  const h = r.machine.lists.head(name);
  if (h === null) throw new ScenarioRuntimeError(`${path}.head`, `"${name}" is not a list head: bind it with list_head_init`);
  return h;
}

export const listOps: OpsOf<typeof LIST_OPS> = {
  list_head_init(r, step, path) {
    const ctx = ctxOf(r);
    let va: bigint;
    if (step.ptr !== undefined) va = entryOf(r, { ptr: step.ptr, offset: step.offset }, path);
    else {
      // LIST_HEAD(name) in an allocation of its own: kmalloc(sizeof(struct list_head))
      const p = r.machine.slub.kmalloc(LIST_HEAD_SIZE);
      if (p === null) throw new ScenarioRuntimeError(path, 'kmalloc(16) for the list head failed');
      va = r.kernel.layout.pageOffset + BigInt(p);
    }
    // the name points at the head itself, inside its object
    const cache = step.ptr === undefined ? 'kmalloc' : (r.binding(step.ptr, path).cache ?? 'kmalloc');
    r.ptrs.set(step.as, { phys: Number(va - r.kernel.layout.pageOffset), raw: null, kind: 'slab', cache });
    registerListHead(ctx, step.as, va);
    runTask(() => INIT_LIST_HEAD(ctx, va));
  },
  list_add(r, step, path) {
    const e = entryOf(r, step, path);
    const h = headOf(r, step.head, path);
    runTask(() => void list_add(ctxOf(r), e, h));
  },
  list_add_tail(r, step, path) {
    const e = entryOf(r, step, path);
    const h = headOf(r, step.head, path);
    runTask(() => void list_add_tail(ctxOf(r), e, h));
  },
  list_del(r, step, path) {
    const e = entryOf(r, step, path);
    runTask(() => void list_del(ctxOf(r), e));
  },
  list_del_init(r, step, path) {
    const e = entryOf(r, step, path);
    runTask(() => void list_del_init(ctxOf(r), e));
  },
  list_move(r, step, path) {
    const e = entryOf(r, step, path);
    const h = headOf(r, step.head, path);
    runTask(() => void list_move(ctxOf(r), e, h));
  },
  list_move_tail(r, step, path) {
    const e = entryOf(r, step, path);
    const h = headOf(r, step.head, path);
    runTask(() => void list_move_tail(ctxOf(r), e, h));
  },
  list_walk(r, step, path) {
    const h = headOf(r, step.head, path);
    let found = -1;
    let endless = false;
    const died = runTask(() => {
      const w = list_for_each(ctxOf(r), h);
      found = w.entries.length;
      endless = w.endless !== null;
    });
    if (step.count === undefined) return;
    const what = `${step.count} entries on ${step.head}`;
    if (died !== null) settle(r, false, 0, `expected ${what}; the walk oopsed: ${died}`);
    else if (endless) settle(r, false, found, `expected ${what}; the walk never gets back to the head (list.endless_walk) after ${found}`);
    else settle(r, found === step.count, found, `expected ${what}, found ${found}`);
  },
};
