// What every dump_stack() and oops prints about the moment, lib/dump_stack.c 6.8 (and the
// "Pid: %d, comm: %.20s" line of arch/x86/kernel/traps_64.c 2.6.25), and the frame of the
// call trace around the frames (show_trace_log_lvl(), arch/x86/kernel/dumpstack.c 6.8).
import type { Kernel } from '../../machine/kernel.ts';
import { taskComm } from '../kernel/pid.ts';

/** dump_stack_arch_desc_str, set by dmi_setup(): the machine the 6.8 runs pretend to be. */
export const HARDWARE_NAME = 'QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.3-debian-1.16.3-2 04/01/2014';

// dump_stack_print_info(), lib/dump_stack.c 6.8; dump_stack() / __show_regs(), arch/x86/kernel/traps_64.c 2.6.25
export function dumpStackPrintInfo(k: Kernel, cpu: number, pid: number, comm: string): string[] {
  const c = taskComm(comm);
  if (!k.since('2.6.26')) return [`Pid: ${pid}, comm: ${c} ${k.panic.printTainted()} ${k.layout.release} #1`];
  return [`CPU: ${cpu} PID: ${pid} Comm: ${c} ${k.panic.printTainted()} ${k.layout.release} #1`, `Hardware name: ${HARDWARE_NAME}`];
}

/** The same for the task running the step. */
export function currentStackInfo(k: Kernel): string[] {
  const task = k.rec.ctx.task;
  return dumpStackPrintInfo(k, k.rec.ctx.cpu, k.pids.pidOf(task), task);
}

// show_trace_log_lvl(), arch/x86/kernel/dumpstack.c 6.8: the frames inside <TASK> (or <IRQ>, then the
// interrupted task's entry); show_trace(), arch/x86/kernel/traps_64.c 2.6.25: the frames, then a blank line
export function callTraceLines(k: Kernel, frames: readonly string[], irq = false): string[] {
  if (!k.since('2.6.26')) return ['Call Trace:', ...frames, ''];
  if (irq) return ['Call Trace:', ' <IRQ>', ...frames, ' </IRQ>', ' <TASK>', ` ${k.syms.pS('asm_sysvec_apic_timer_interrupt')}`, ' </TASK>'];
  return ['Call Trace:', ' <TASK>', ...frames, ' </TASK>'];
}
