// die() on arm64, arch/arm64/kernel/traps.c 5.19: __die() ("Internal error: %s: %016lx [#%d] PREEMPT
// SMP", the modules, __show_regs(), the backtrace from the exception's pc, dump_kernel_instr()),
// then add_taint() and oops_exit()'s end marker. The die counter and taint are kernel/panic.c's.
import { fnv32 as fnv } from '../../../../engine/hash.ts';
import { KERN_EMERG, KERN_WARNING } from '../../../../engine/recorder.ts';
import type { Kernel } from '../../../../machine/kernel.ts';
import { dumpStackPrintInfo } from '../../../lib/dump_stack.ts';
import { dumpBacktrace, pstateFor, regValues, showRegs, type Arm64Regs } from './process.ts';
import { arm64Board } from '../include/asm/memory.ts';

/** ESR_ELx of a BRK #0x800 (BUG_BRK_IMM): EC 0x3c (BRK64), IL. */
export const ESR_BUG_BRK = 0xf2000800;
/** AARCH64_BREAK_MON | BUG_BRK_IMM << 5: the instruction BUG() compiles to. */
const BRK_BUG_INSN = 0xd4210000;

export interface Arm64Die {
  /** "Oops" or "Oops - BUG". */
  str: string;
  esr: number;
  cpu: number;
  pid: number;
  comm: string;
  /** "%pS" of the pc, of the link register, and the trace from the pc outward. */
  pc: string;
  lr: string;
  frames: readonly string[];
  sp: bigint;
  /** Registers the model knows (x0: the bad pointer, ...). */
  known?: Partial<Record<number, bigint>>;
  /** Key for the derived register values and instruction words (the function that died). */
  seed: string;
}

// dump_kernel_instr(), arch/arm64/kernel/traps.c 5.19: four words before the pc, the pc's in parentheses
function codeLine(seed: string, esr: number): string {
  const words: string[] = [];
  for (let i = 0; i < 4; i++) words.push((fnv(`${seed}#${i}`) >>> 0).toString(16).padStart(8, '0'));
  const at = esr === ESR_BUG_BRK ? BRK_BUG_INSN : (0xf9000000 | (fnv(`${seed}#pc`) & 0x3fffff)) >>> 0;
  // every word is printed with a trailing space, the last one too
  return `Code: ${words.join(' ')} (${at.toString(16).padStart(8, '0')}) `;
}

/** __die()'s S_PREEMPT and S_SMP, arch/arm64/kernel/traps.c 5.19, from the machine's configuration. */
export function arm64DieFlags(k: Kernel): string {
  const preempt = k.kconfig('CONFIG_PREEMPT_RT') ? ' PREEMPT_RT' : k.kconfig('CONFIG_PREEMPT') || k.kconfig('CONFIG_PREEMPT_DYNAMIC') ? ' PREEMPT' : '';
  return `${preempt}${k.kconfig('CONFIG_SMP') ? ' SMP' : ''}`;
}

/** Prints __die() and the end of die(); returns the "Internal error: ..." line. The caller kills the task. */
export function arm64Die(k: Kernel, d: Arm64Die): string {
  const p = (s: string): void => k.printk(KERN_EMERG, s);
  const n = k.panic.nextDie();
  const title = `Internal error: ${d.str}: ${(d.esr >>> 0).toString(16).padStart(16, '0')} [#${n}]${arm64DieFlags(k)}`;
  p(title);
  k.printk(KERN_WARNING, k.modules.printModules());
  for (const l of dumpStackPrintInfo(k, d.cpu, d.pid, d.comm)) p(l);
  const x = regValues(k.layout, k.ramBytes, d.seed, d.sp, d.known);
  for (const l of showRegs(regsOf(k, d.seed, d.pc, d.lr, d.sp), x)) p(l);
  for (const l of dumpBacktrace(d.frames)) p(l);
  p(codeLine(d.seed, d.esr));
  return title;
}

/** __show_regs() lines (pstate to x0) for a trap in `seed`'s function, as a WARN's brk shows them. */
export function arm64RegsLines(k: Kernel, seed: string, pc: string, lr: string, sp: bigint, known?: Partial<Record<number, bigint>>): string[] {
  return showRegs(regsOf(k, seed, pc, lr, sp), regValues(k.layout, k.ramBytes, seed, sp, known));
}

/** The trapped pc's pstate and pmr_save on the machine's CPUs. */
function regsOf(k: Kernel, seed: string, pc: string, lr: string, sp: bigint): Arm64Regs {
  const b = arm64Board(k.layout);
  return { pc, lr, sp, pstate: pstateFor(seed, b.pstateBits), pmrSave: b.pmrSave };
}
