// What every splat is made of, for the locking model: taint (kernel/panic.c add_taint(),
// print_tainted()), dump_stack() (lib/dump_stack.c + arch/x86/kernel/dumpstack.c) and
// WARN() (kernel/panic.c __warn() with x86 show_regs()), as Linux 6.8 x86-64 prints them.
import type { Kernel } from '../kernel.ts';
import { hex16, type Kallsyms } from '../locking/symbols.ts';
import type { Task } from './task.ts';

// taint_flags[] of kernel/panic.c 6.8: c_true / c_false per bit
const TAINT_FLAGS: readonly [string, string][] = [
  ['P', 'G'], ['F', ' '], ['S', ' '], ['R', ' '], ['M', ' '], ['B', ' '], ['U', ' '], ['D', ' '], ['A', ' '], ['W', ' '],
  ['C', ' '], ['I', ' '], ['O', ' '], ['E', ' '], ['L', ' '], ['K', ' '], ['X', ' '], ['T', ' '], ['N', ' '],
];
export const TAINT_BAD_PAGE = 5;
export const TAINT_DIE = 7;
export const TAINT_WARN = 9;

export const HARDWARE_NAME = 'QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.3-debian-1.16.3-2 04/01/2014';

/** The kernel's tainted_mask as the locking model sees it. */
export class Taint {
  mask = 0;

  // add_taint(flag, LOCKDEP_STILL_OK): the splats here never make lockdep unreliable
  add(flag: number): void {
    this.mask |= 1 << flag;
  }

  // print_tainted()
  print(): string {
    if (this.mask === 0) return 'Not tainted';
    let s = 'Tainted: ';
    for (let i = 0; i < TAINT_FLAGS.length; i++) s += (this.mask & (1 << i)) !== 0 ? TAINT_FLAGS[i]![0] : TAINT_FLAGS[i]![1];
    return s;
  }
}

/** Everything a splat needs to know about the machine. */
export interface SplatEnv {
  readonly k: Kernel;
  readonly syms: Kallsyms;
  readonly taint: Taint;
}

function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

// print_kernel_ident(), lockdep.c: "<release> #1 Not tainted"
export function kernelIdent(env: SplatEnv): string {
  return `${env.k.layout.release} #1 ${env.taint.print()}`;
}

// dump_stack_print_info(), lib/dump_stack.c 6.8
function stackInfo(env: SplatEnv, t: Task): string[] {
  return [`CPU: ${t.cpu} PID: ${t.pid} Comm: ${t.comm} ${env.taint.print()} ${env.k.layout.release} #1`, `Hardware name: ${HARDWARE_NAME}`];
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
  const out: string[] = ['Call Trace:'];
  const frames = stack.frames.map((f) => ` ${env.syms.site(f).text}`);
  if (stack.irq) {
    out.push(' <IRQ>', ...prefix, ...frames, ' </IRQ>', ' <TASK>', ` ${env.syms.fn('asm_sysvec_apic_timer_interrupt').text}`, ' </TASK>');
  } else {
    out.push(' <TASK>', ...prefix, ...frames, ' </TASK>');
  }
  return out;
}

// dump_stack() -> dump_stack_lvl(), lib/dump_stack.c 6.8, x86 show_trace_log_lvl()
export function dumpStack(env: SplatEnv, t: Task, stack: Stack): string[] {
  return [...stackInfo(env, t), ...traceLines(env, stack, [` ${env.syms.fn('dump_stack_lvl').text}`])];
}

// print_modules(), kernel/module/main.c: the simulated kernel has none loaded
export function printModules(): string {
  return 'Modules linked in:';
}

/** x86 __show_regs(SHOW_REGS_ALL) for a WARN trap in `func` (register values derived from the site). */
function showRegs(env: SplatEnv, t: Task, func: string): string[] {
  const site = env.syms.fn(func);
  let h = fnv(`${func}/${t.pid}`);
  const next = (): number => {
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
    return h;
  };
  const stack = 0xffffc90000000000n + (BigInt(t.pid) << 14n) + BigInt(0x3c00 + (next() % 0x200) * 8);
  const task = env.k.layout.pageOffset + BigInt(0x3c5c000 + t.id * 0x2c40);
  const r = (v: bigint): string => hex16(v);
  const small = (): bigint => BigInt(next() % 3 === 0 ? 0 : next() % 0x100);
  return [
    `RIP: 0010:${site.text}`,
    `Code: ${env.syms.codeBytes(func)}`,
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
 * "WARNING: CPU: ..." title; the caller adds TAINT_WARN after printing.
 */
export function warnLines(env: SplatEnv, t: Task, file: string, line: number, func: string, callers: Stack, message: string | null): { lines: string[]; title: string } {
  const site = env.syms.fn(func).text;
  const title = `WARNING: CPU: ${t.cpu} PID: ${t.pid} at ${file}:${line} ${site}`;
  const q = (f: string): string => ` ? ${env.syms.fn(f).text}`;
  const lines = ['------------[ cut here ]------------'];
  if (message !== null) lines.push(message);
  lines.push(title, printModules(), ...stackInfo(env, t), ...showRegs(env, t, func));
  const prefix = [q('__warn'), ` ? ${site}`, q('report_bug'), q('handle_bug'), q('exc_invalid_op'), q('asm_exc_invalid_op'), ` ? ${site}`];
  lines.push(...traceLines(env, callers, prefix), ...irqtraceLines(env, t), '---[ end trace 0000000000000000 ]---');
  return { lines, title };
}
