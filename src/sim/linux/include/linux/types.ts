// struct list_head, include/linux/types.h: two pointers (next at 0, prev at 8) in simulated memory,
// and the loads and stores the inline list functions make through them. A pointer nothing backs
// oopses where the kernel's instruction would: in the inline caller, or in the validator.
import type { Reg } from '../../arch/x86/kernel/dumpstack.ts';
import { kernelFault } from '../../arch/x86/mm/fault.ts';
import type { Frame } from '../../kernel/kallsyms.ts';
import { kread64, kwrite64 } from '../../../machine/kaccess.ts';
import type { Deps } from '../../../machine/modules.ts';

/** sizeof(struct list_head) and its fields. */
export const LIST_HEAD_SIZE = 16;
export const LIST_NEXT = 0n;
export const LIST_PREV = 8n;

/** What the list functions need of the machine: memory, the oops path, the named heads. */
export type ListDeps = Deps<'traps' | 'vmalloc' | 'user' | 'lists'>;

/** Who runs a list operation: the machine and the kernel function the inline list code is part of. */
export interface ListCtx {
  readonly sys: ListDeps;
  /** The function that calls list_add() & co. (they are inline: faults show this function). */
  readonly caller: Frame;
}

/** Where a load or store runs: `fn` out of line (a validator) or null for the inline caller. */
export interface ListSite {
  fn: Frame | null;
  regs?: Partial<Record<Reg, bigint>>;
}

/** The call trace below an out-of-line list function: the caller, then the model's own stack. */
export function listTrace(ctx: ListCtx): Frame[] {
  const outer = ctx.sys.traps.callers();
  const top = outer[0];
  // a model that runs its function with traps.call() and names it as the caller too
  if (top && top.fn === ctx.caller.fn && (top.module ?? null) === (ctx.caller.module ?? null)) outer.shift();
  return [ctx.caller, ...outer];
}

function onFault(ctx: ListCtx, site: ListSite): (addr: bigint, write: boolean) => never {
  const sys = ctx.sys;
  return (addr, write) =>
    kernelFault(sys, {
      addr,
      write,
      ip: site.fn ?? ctx.caller,
      trace: site.fn ? listTrace(ctx) : listTrace(ctx).slice(1),
      regs: site.regs,
      fields: { list: site.fn?.fn ?? ctx.caller.fn },
    });
}

/** READ_ONCE(p->next) / p->prev. */
export function loadPtr(ctx: ListCtx, addr: bigint, site: ListSite): bigint {
  return kread64(ctx.sys, addr, onFault(ctx, site));
}

/** WRITE_ONCE(p->next, v) and friends, recorded as written by `writer`. */
export function storePtr(ctx: ListCtx, addr: bigint, v: bigint, writer: string, site: ListSite): void {
  kwrite64(ctx.sys, addr, v, writer, onFault(ctx, site));
}
