// What every splat is made of, for the locking model: dump_stack() (lib/dump_stack.c +
// arch/x86/kernel/dumpstack.c) and WARN() (kernel/panic.c __warn() with x86 show_regs()), as
// Linux 6.8 x86-64 prints them. The taint, debug_locks, pids and symbols are the kernel's
// (kernel/panic.c, lib/debug_locks.c, kernel/pid.c, kernel/kallsyms.c).
import { fnv32 as fnv } from '../../engine/hash.ts';
import { callTraceLines, dumpStackPrintInfo } from './dump_stack.ts';
import { hex64 } from '../kernel/kallsyms.ts';
import { taskAddrs } from '../kernel/fork.ts';
import type { Kernel } from '../../machine/kernel.ts';
import { LOCKDEP_STILL_OK, TAINT_WARN, WARN_TRAP_FRAMES, warnReport68 } from '../kernel/panic.ts';
import type { Sites } from './vsprintf.ts';
import type { Task } from '../include/linux/sched.ts';
import { dumpStackFrames, utsVersionShort } from '../../machine/layout.ts';
import { arm64RegsLines } from '../arch/arm64/kernel/traps.ts';

/** Everything a splat needs to know about the machine. */
export interface SplatEnv {
  readonly k: Kernel;
  /** Scenario call sites ("func+0x1c/0x80"), placed in the kernel's symbol table. */
  readonly syms: Sites;
}

// print_kernel_ident(), lockdep.c: "<release> #1 Not tainted"
export function kernelIdent(env: SplatEnv): string {
  return `${env.k.layout.release} ${utsVersionShort(env.k.layout)} ${env.k.panic.printTainted()}`;
}

// dump_stack_print_info(), lib/dump_stack.c 6.8
function stackInfo(env: SplatEnv, t: Task): string[] {
  return dumpStackPrintInfo(env.k, t.cpu, t.pid, t.name);
}

/**
 * Frames of a stack, innermost first: call sites as scenarios give them ("func" or
 * "func+0x1c/0x80"). `irq` wraps them in <IRQ> like a trace taken on the irq stack.
 */
export interface Stack {
  readonly frames: readonly string[];
  readonly irq?: boolean;
}

function traceLines(env: SplatEnv, stack: Stack, prefix: readonly string[]): string[] {
  return callTraceLines(env.k, [...prefix, ...env.syms.frameTexts(stack.frames).map((f) => ` ${f}`)], stack.irq);
}

// dump_stack() -> dump_stack_lvl(), lib/dump_stack.c 6.8, x86 show_trace_log_lvl(); arm64 5.19/6.9 show_stack() -> dump_backtrace()
export function dumpStack(env: SplatEnv, t: Task, stack: Stack): string[] {
  return [...stackInfo(env, t), ...traceLines(env, stack, dumpStackFrames(env.k.layout).map((f) => ` ${env.syms.fn(f).text}`))];
}

/** x86 __show_regs(SHOW_REGS_ALL) for a WARN trap in `func` (register values derived from the site). */
function showRegs(env: SplatEnv, t: Task, func: string): string[] {
  const site = env.syms.fn(func);
  let h = fnv(`${func}/${t.pid}`);
  const next = (): number => {
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
    return h;
  };
  const a = taskAddrs(env.k, t.pid);
  const stack = a.stack + BigInt(0x3c00 + (next() % 0x200) * 8);
  const task = a.task;
  const r = (v: bigint): string => hex64(v);
  const small = (): bigint => BigInt(next() % 3 === 0 ? 0 : next() % 0x100);
  return [
    `RIP: 0010:${site.text}`,
    `Code: ${env.syms.codeBytes(func, !env.k.since('2.6.26'), env.k.kconfig('CONFIG_FRAME_POINTER'))}`,
    `RSP: 0018:${r(stack)} EFLAGS: 00010246`,
    `RAX: ${r(small())} RBX: ${r(task)} RCX: ${r(small())}`,
    `RDX: ${r(0n)} RSI: ${r(small())} RDI: ${r(task)}`,
    `RBP: ${r(stack + 0x18n)} R08: ${r(0n)} R09: ${r(0n)}`,
    `R10: ${r(0n)} R11: ${r(0n)} R12: ${r(small())}`,
    `R13: ${r(0n)} R14: ${r(0n)} R15: ${r(0n)}`,
    `FS:  0000000000000000(0000) GS:${r(env.k.layout.pageOffset + 0xf600000n + BigInt(t.cpu) * 0x200000n)}(0000) knlGS:0000000000000000`,
    'CS:  0010 DS: 0000 ES: 0000 CR0: 0000000080050033',
    'CR2: 0000000000000000 CR3: 0000000002a2e000 CR4: 00000000000006f0',
  ];
}

// print_irqtrace_events(), lockdep.c
export function irqtraceLines(env: SplatEnv, t: Task): string[] {
  const tr = t.irqtrace;
  const at = (ip: string): string => (ip === '' ? '[<0000000000000000>] 0x0' : env.syms.ipSym(ip));
  return [
    `irq event stamp: ${tr.irqEvents}`,
    `hardirqs last  enabled at (${tr.hardirqEnableEvent}): ${at(tr.hardirqEnableIp)}`,
    `hardirqs last disabled at (${tr.hardirqDisableEvent}): ${at(tr.hardirqDisableIp)}`,
    `softirqs last  enabled at (${tr.softirqEnableEvent}): ${at(tr.softirqEnableIp)}`,
    `softirqs last disabled at (${tr.softirqDisableEvent}): ${at(tr.softirqDisableIp)}`,
  ];
}

/**
 * report_bug() + __warn(), kernel/panic.c 6.8, for a WARN in `func` at file:line.
 * `message` is WARN()'s printf text (none for WARN_ON). Returns the lines and the
 * "WARNING: CPU: ..." title; the caller adds TAINT_WARN (warnTaint()) after printing.
 */
export function warnLines(env: SplatEnv, t: Task, file: string, line: number, func: string, callers: Stack, message: string | null): { lines: string[]; title: string } {
  const site = env.syms.fn(func).text;
  if (env.k.layout.arch === 'arm64') {
    // the brk's regs: the trace starts at the WARN's own pc, no "? " frames of the trap
    const callerFrames = callers.frames.map((f) => ` ${env.syms.site(f).text}`);
    const lr = callers.frames[0] !== undefined ? env.syms.site(callers.frames[0]).text : site;
    const regs = arm64RegsLines(env.k, `${func}/${t.pid}`, site, lr, taskAddrs(env.k, t.pid).stack + 0x3b60n);
    return warnReport68(env.k, { cpu: t.cpu, pid: t.pid, comm: t.name, at: `${file}:${line} ${site}`, message, regs, frames: [` ${site}`, ...callerFrames], irq: callers.irq, after: irqtraceLines(env, t) });
  }
  const q = (f: string): string => ` ? ${env.syms.fn(f).text}`;
  const [warn, report, ...trap] = WARN_TRAP_FRAMES.map(q);
  const frames = [warn!, ` ? ${site}`, report!, ...trap, ` ? ${site}`, ...callers.frames.map((f) => ` ${env.syms.site(f).text}`)];
  return warnReport68(env.k, { cpu: t.cpu, pid: t.pid, comm: t.name, at: `${file}:${line} ${site}`, message, regs: showRegs(env, t, func), frames, irq: callers.irq, after: irqtraceLines(env, t) });
}

// __warn(), kernel/panic.c 6.8: add_taint(TAINT_WARN, LOCKDEP_STILL_OK) after the report
export function warnTaint(env: SplatEnv): void {
  env.k.panic.addTaint(TAINT_WARN, LOCKDEP_STILL_OK);
}
