// What every dump_stack() and oops prints about the moment, lib/dump_stack.c 6.8 (and the
// "Pid: %d, comm: %.20s" line of arch/x86/kernel/traps_64.c 2.6.25), and the frame of the
// call trace around the frames (show_trace_log_lvl(), arch/x86/kernel/dumpstack.c 6.8).
import type { Kernel } from '../../machine/kernel.ts';
import { taskComm } from '../kernel/pid.ts';
import { utsVersionShort } from '../../machine/layout.ts';
import { dumpBacktrace } from '../arch/arm64/kernel/process.ts';

// dump_stack_print_info(), lib/dump_stack.c 6.8 (5.19's is the same); dump_stack() / __show_regs(), arch/x86/kernel/traps_64.c 2.6.25
export function dumpStackPrintInfo(k: Kernel, cpu: number, pid: number, comm: string): string[] {
  const c = taskComm(comm);
  const l = k.layout;
  if (!k.since('2.6.26')) return [`Pid: ${pid}, comm: ${c} ${k.panic.printTainted()} ${l.release} ${utsVersionShort(l)}`];
  return [`CPU: ${cpu} PID: ${pid} Comm: ${c} ${k.panic.printTainted()} ${l.release} ${utsVersionShort(l)}`, `Hardware name: ${l.hardwareName}`];
}

/** The same for the task running the step. */
export function currentStackInfo(k: Kernel): string[] {
  const task = k.rec.ctx.task;
  return dumpStackPrintInfo(k, k.rec.ctx.cpu, k.pids.pidOf(task), task);
}

// show_trace_log_lvl(), arch/x86/kernel/dumpstack.c 6.8: the frames inside <TASK> (or <IRQ>, then the
// interrupted task's entry); show_trace(), arch/x86/kernel/traps_64.c 2.6.25: the frames, then a blank line
// dump_backtrace(), arch/arm64/kernel/stacktrace.c 5.19: "Call trace:" and the frames, no markers
export function callTraceLines(k: Kernel, frames: readonly string[], irq = false): string[] {
  if (k.layout.arch === 'arm64') return dumpBacktrace(frames);
  if (!k.since('2.6.26')) return ['Call Trace:', ...frames, ''];
  if (irq) return ['Call Trace:', ' <IRQ>', ...frames, ' </IRQ>', ' <TASK>', ` ${k.syms.pS('asm_sysvec_apic_timer_interrupt')}`, ' </TASK>'];
  return ['Call Trace:', ' <TASK>', ...frames, ' </TASK>'];
}
