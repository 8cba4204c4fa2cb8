// Kernel page faults on bad addresses: page_fault_oops() / show_fault_oops(), arch/x86/mm/fault.c (6.8).
import { KERN_ALERT, KERN_WARNING, eventKind } from '../../engine/recorder.ts';
import type { Kernel } from '../kernel.ts';

export const EV_OOPS = eventKind('mm.oops');

/** Reports the oops of an access to an unmapped kernel address; the task dies, the machine keeps running. */
export function pageFaultOops(k: Kernel, va: bigint, write: boolean, ip: string): void {
  k.rec.emit(EV_OOPS);
  const addr = va.toString(16).padStart(16, '0');
  const nullDeref = va < 4096n;
  const title = nullDeref ? `BUG: kernel NULL pointer dereference, address: ${addr}` : `BUG: unable to handle page fault for address: ${addr}`;
  k.printk(KERN_ALERT, title);
  k.printk(KERN_ALERT, `#PF: supervisor ${write ? 'write' : 'read'} access in kernel mode`);
  k.printk(KERN_ALERT, `#PF: error_code(0x000${write ? 2 : 0}) - not-present page`);
  k.printk(KERN_WARNING, `Oops: 000${write ? 2 : 0} [#1] PREEMPT SMP NOPTI`);
  k.printk(KERN_WARNING, `RIP: 0010:${ip}`);
  k.rec.finding(nullDeref ? 'mm.null_deref' : 'mm.paging_request', title, { addr: '0x' + addr, access: write ? 'write' : 'read', ip });
}
