// A kernel-mode access to an address nothing backs: no_context() of do_page_fault(),
// arch/x86/mm/fault.c 2.6.25 ("BUG: unable to handle kernel paging request at ...") and
// page_fault_oops() + show_fault_oops() of 6.8; non-canonical addresses raise #GP instead
// (do_general_protection(), arch/x86/kernel/traps_64.c 2.6.25 / exc_general_protection() 6.8).
// One model of the file for both versions: what differs is behind the kernel version. On an arm64
// machine the same entry points print arm64's die_kernel_fault() (arch/arm64/mm/fault.ts).
import { KERN_ALERT, KERN_EMERG, KERN_WARNING, eventKind, type FindingValue } from '../../../../engine/recorder.ts';
import { dieKernelFaultHeader, memAbortDecode } from '../../arm64/mm/fault.ts';
import { arm64DieFlags } from '../../arm64/kernel/traps.ts';
import type { Kernel } from '../../../../machine/kernel.ts';
import { hex64, type Frame } from '../../../kernel/kallsyms.ts';
import type { Deps } from '../../../../machine/modules.ts';
import { dumpPagetable } from './pageattr.ts';
import { isCanonical } from '../include/asm/page_64.ts';
import { dieLine, type DieSpec, type Reg } from '../kernel/dumpstack.ts';

export const EV_OOPS = eventKind('mm.oops');

// page_fault_oops() + show_fault_oops(), arch/x86/mm/fault.c 6.8: the first three lines of the oops
export function showFaultOops68(va: bigint, write: boolean): [title: string, ...rest: string[]] {
  const addr = hex64(va);
  const title = va < 4096n ? `BUG: kernel NULL pointer dereference, address: ${addr}` : `BUG: unable to handle page fault for address: ${addr}`;
  return [title, `#PF: supervisor ${write ? 'write' : 'read'} access in kernel mode`, `#PF: error_code(0x000${write ? 2 : 0}) - not-present page`];
}

/** The short oops a model prints where it has no call stack of its own (SLUB's free-pointer walk); the task dies, the machine keeps running. */
export function pageFaultOops(k: Kernel, va: bigint, write: boolean, ip: string): void {
  k.rec.emit(EV_OOPS);
  k.panic.oopsEnter();
  if (k.layout.arch === 'arm64') return arm64ShortOops(k, va, write, ip);
  const addr = hex64(va);
  const nullDeref = va < 4096n;
  const header = showFaultOops68(va, write);
  const title = header[0];
  for (const l of header) k.printk(KERN_ALERT, l);
  k.printk(KERN_WARNING, dieLine(k, 'Oops', write ? 2 : 0, k.panic.nextDie()));
  k.printk(KERN_WARNING, `RIP: 0010:${ip}`);
  k.rec.finding(nullDeref ? 'mm.null_deref' : 'mm.paging_request', title, { addr: '0x' + addr, access: write ? 'write' : 'read', ip });
}

// die_kernel_fault() + __die()'s first lines, arch/arm64/mm/fault.c + kernel/traps.c 5.19, without a stack of its own
function arm64ShortOops(k: Kernel, va: bigint, write: boolean, ip: string): void {
  const x = BigInt.asUintN(64, va);
  const nullDeref = x < 4096n;
  const esr = ((0x25 << 26) | (1 << 25) | (write ? 1 << 6 : 0) | 0x04) >>> 0;
  const title = `Unable to handle kernel ${nullDeref ? 'NULL pointer dereference' : 'paging request'} at virtual address ${hex64(x)}`;
  for (const l of [title, ...memAbortDecode(esr)]) k.printk(KERN_ALERT, l);
  k.printk(KERN_EMERG, `Internal error: Oops: ${esr.toString(16).padStart(16, '0')} [#${k.panic.nextDie()}]${arm64DieFlags(k)}`);
  k.printk(KERN_WARNING, `pc : ${ip}`);
  k.rec.finding(nullDeref ? 'mm.null_deref' : 'mm.paging_request', title, { addr: '0x' + hex64(x), access: write ? 'write' : 'read', ip });
}

export interface KernelFault {
  /** The address the instruction accessed. */
  addr: bigint;
  write: boolean;
  ip: Frame;
  /** Callers, innermost first. */
  trace: readonly Frame[];
  regs?: Partial<Record<Reg, bigint>>;
  /** 6.8's call chain through the fault handler, shown as "? " frames. */
  entry68?: readonly string[];
  /** Extra fields for the finding (which object, which field). */
  fields?: Record<string, FindingValue>;
  /** arm64: x0..x29 that mean something (the bad pointer). */
  xregs?: Partial<Record<number, bigint>>;
  /** The Code: bytes around RIP where the model has the function's own text (x86). */
  code?: { bytes: readonly number[]; at: number };
}

/**
 * The oops of a kernel access to `addr`: prints it in the machine's layout, records the finding
 * (mm.null_deref, mm.paging_request, or mm.paging_request with fault "general protection" for a
 * non-canonical address) and kills the task (throws TaskDied).
 */
export function kernelFault(sys: Deps<'traps' | 'vmalloc' | 'user'>, f: KernelFault): never {
  const k = sys.k;
  k.rec.emit(EV_OOPS, Number(BigInt.asUintN(32, f.addr)), f.write ? 1 : 0, { addr: `0x${hex64(f.addr)}`, ip: sys.traps.syms.symbol(f.ip) });
  const v68 = k.since('2.6.26');
  const ip = sys.traps.syms.symbol(f.ip);
  const base = { addr: `0x${hex64(f.addr)}`, access: f.write ? 'write' : 'read', ip, task: k.rec.ctx.task, ...(f.fields ?? {}) };
  const spec: DieSpec = { header: [], str: 'Oops', errorCode: f.write ? 2 : 0, ip: f.ip, trace: f.trace, regs: f.regs, cr2: f.addr, addr: f.addr, write: f.write, entry68: f.entry68, code: f.code };
  if (k.layout.arch === 'arm64') {
    // no #GP on arm64: any address is a translation fault at some level of the walk
    const h = dieKernelFaultHeader(sys, f.addr, f.write);
    k.rec.finding(h.nullDeref ? 'mm.null_deref' : 'mm.paging_request', h.lines[0]!, { ...base, fault: 'translation fault', esr: `0x${h.esr.toString(16)}` });
    return sys.traps.die({ ...spec, header: h.lines, esr: h.esr, xregs: f.xregs });
  }
  if (!isCanonical(f.addr)) {
    // #GP: the CPU never forms a linear address, so there is no CR2 and no page walk
    const title = dieLine(k, v68 ? `general protection fault, probably for non-canonical address 0x${hex64(f.addr)}` : 'general protection fault', 0, k.panic.dieCounter + 1);
    k.rec.finding('mm.paging_request', title, { ...base, fault: 'general protection' });
    return sys.traps.die({ ...spec, str: 'general protection fault', errorCode: 0, cr2: undefined, nonCanonical: v68 ? f.addr : undefined, entry68: ['die_addr', 'exc_general_protection', 'asm_exc_general_protection'] });
  }
  const nullDeref = BigInt.asUintN(64, f.addr) < 4096n;
  const a = hex64(f.addr);
  const header: string[] = [];
  if (v68) {
    header.push(...showFaultOops68(f.addr, f.write));
  } else {
    header.push(nullDeref ? `BUG: unable to handle kernel NULL pointer dereference at ${a}` : `BUG: unable to handle kernel paging request at ${a}`);
    header.push(`IP:${sys.traps.syms.address2625(f.ip)}`);
  }
  header.push(dumpPagetable(sys, f.addr));
  k.rec.finding(nullDeref ? 'mm.null_deref' : 'mm.paging_request', header[0]!, { ...base, fault: 'page fault' });
  return sys.traps.die({ ...spec, header, entry68: f.entry68 ?? ['__die', 'page_fault_oops', 'exc_page_fault', 'asm_exc_page_fault'] });
}
