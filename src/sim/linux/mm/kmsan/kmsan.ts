// KMSAN, the kernel memory sanitizer (mm/kmsan, 6.1+; a what-if on the older kernels the models
// run): as much as names an uninitialised read. Heap memory is uninitialised from its allocation
// until code writes it: kmsan_slab_alloc() poisons the object's shadow after slab_post_alloc_hook()
// has run, unless the caller asked for __GFP_ZERO, so init_on_alloc's memset and SLUB's poison
// do not count. The model reads the shadow from the run's write log: a byte is initialised when a
// write other than the allocator's own reached it after the allocation event. A branch on an
// uninitialised value is reported by kmsan_report() (mm/kmsan/report.c) with the use's stack and
// the allocation's ("Uninit was created at:").
import { KERN_ERR } from '../../../engine/recorder.ts';
import type { Kernel } from '../../../machine/kernel.ts';
import type { Frame } from '../../kernel/kallsyms.ts';
import { currentStackInfo } from '../../lib/dump_stack.ts';

/** Writers of the allocator that leave KMSAN's shadow poisoned. */
function allocatorWrite(writer: string): boolean {
  return writer.startsWith('init_on_') || writer.startsWith('POISON') || writer === 'init_tracking';
}

/** Offsets in [phys, phys + len) that no initialising write reached since event `since` (the allocation). */
export function kmsanUninitBytes(k: Kernel, phys: number, len: number, since: number): number[] {
  const init = new Uint8Array(len);
  for (const w of k.rec.writesIn(phys, len, k.rec.pos + 1)) {
    if (w.event < since || allocatorWrite(w.writer)) continue;
    for (let i = Math.max(w.phys, phys); i < Math.min(w.phys + w.len, phys + len); i++) init[i - phys] = 1;
  }
  const out: number[] = [];
  for (let i = 0; i < len; i++) if (!init[i]) out.push(i);
  return out;
}

export interface KmsanUse {
  /** The function that branches on the value, innermost frame first, then its callers. */
  stack: readonly Frame[];
  /** Where the memory was allocated: the allocator's frames and the caller's, innermost first. */
  origin: readonly Frame[];
  /** kernscope's own detail: the field and the structure it belongs to. */
  field: string;
  struct: string;
  offset: number;
  phys: number;
  value: number;
}

// kmsan_report(): "BUG: KMSAN: uninit-value in <function>", the stack, "Uninit was created at:"
export function kmsanReportUninit(k: Kernel, u: KmsanUse): void {
  const line = '=====================================================';
  const where = k.syms.symbol(u.stack[0]!);
  const title = `BUG: KMSAN: uninit-value in ${where}`;
  k.printk(KERN_ERR, line);
  k.printk(KERN_ERR, title);
  for (const f of u.stack) k.printk(KERN_ERR, ` ${k.syms.symbol(f)}`);
  k.printk(KERN_ERR, '');
  k.printk(KERN_ERR, 'Uninit was created at:');
  for (const f of u.origin) k.printk(KERN_ERR, ` ${k.syms.symbol(f)}`);
  k.printk(KERN_ERR, '');
  for (const l of currentStackInfo(k)) k.printk(KERN_ERR, l);
  k.printk(KERN_ERR, line);
  k.rec.finding('kmsan.uninit_value', title, {
    function: u.stack[0]!.fn,
    field: u.field,
    struct: u.struct,
    offset: `0x${u.offset.toString(16)}`,
    addr: k.va(u.phys + u.offset),
    value: `0x${(u.value >>> 0).toString(16).padStart(8, '0')}`,
    allocated_by: u.origin.find((f) => f.module)?.fn ?? u.origin[u.origin.length - 1]!.fn,
    stack: u.stack.map((f) => f.fn),
    origin: u.origin.map((f) => f.fn),
  });
}
