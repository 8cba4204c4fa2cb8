// Kernel page faults on bad addresses: page_fault_oops() / show_fault_oops(), arch/x86/mm/fault.c (6.8).
import { KERN_ALERT, KERN_WARNING, eventKind } from '../../../../engine/recorder.ts';
import { hex64 } from '../../../kernel/kallsyms.ts';
import type { Kernel } from '../../../../machine/kernel.ts';

export const EV_OOPS = eventKind('mm.oops');

// page_fault_oops() + show_fault_oops(), arch/x86/mm/fault.c 6.8: the first three lines of the oops
export function showFaultOops68(va: bigint, write: boolean): [title: string, ...rest: string[]] {
  const addr = hex64(va);
  const title = va < 4096n ? `BUG: kernel NULL pointer dereference, address: ${addr}` : `BUG: unable to handle page fault for address: ${addr}`;
  return [title, `#PF: supervisor ${write ? 'write' : 'read'} access in kernel mode`, `#PF: error_code(0x000${write ? 2 : 0}) - not-present page`];
}

/** Reports the oops of an access to an unmapped kernel address; the task dies, the machine keeps running. */
export function pageFaultOops(k: Kernel, va: bigint, write: boolean, ip: string): void {
  k.rec.emit(EV_OOPS);
  k.panic.oopsEnter();
  const addr = hex64(va);
  const nullDeref = va < 4096n;
  const header = showFaultOops68(va, write);
  const title = header[0];
  for (const l of header) k.printk(KERN_ALERT, l);
  k.printk(KERN_WARNING, `Oops: 000${write ? 2 : 0} [#${k.panic.nextDie()}] PREEMPT SMP NOPTI`);
  k.printk(KERN_WARNING, `RIP: 0010:${ip}`);
  k.rec.finding(nullDeref ? 'mm.null_deref' : 'mm.paging_request', title, { addr: '0x' + addr, access: write ? 'write' : 'read', ip });
}
