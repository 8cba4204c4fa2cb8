// The register dump of an arm64 5.19 oops or WARN: __show_regs() and print_pstate(),
// arch/arm64/kernel/process.c. Register values the model does not know are derived from the
// function and the task, so a report is the same in every run.
import { fnv32 as fnv } from '../../../../engine/hash.ts';
import { hex64 } from '../../../kernel/kallsyms.ts';
import type { Layout } from '../../../../machine/layout.ts';

// PSR_* bits, arch/arm64/include/uapi/asm/ptrace.h
const PSR_N = 1 << 31;
const PSR_Z = 1 << 30;
const PSR_C = 1 << 29;
const PSR_V = 1 << 28;
const PSR_DIT = 1 << 24;
const PSR_PAN = 1 << 22;
const PSR_UAO = 1 << 23;
const PSR_D = 1 << 9;
const PSR_A = 1 << 8;
const PSR_I = 1 << 7;
const PSR_F = 1 << 6;
const PSR_SSBS = 1 << 12;
const PSR_TCO = 1 << 25;
const BTYPE_NAMES = ['--', 'jc', 'c-', 'j-'];

/** EL1h, interrupts on: the pstate of kernel code an exception stopped (NZCV from the flags it had). */
export const PSR_MODE_EL1h = 0x5;

// print_pstate(), arch/arm64/kernel/process.c 5.19 (64-bit tasks)
export function printPstate(pstate: number): string {
  const f = (bit: number, on: string, off: string): string => ((pstate & bit) !== 0 ? on : off);
  const pm = (bit: number): string => ((pstate & bit) !== 0 ? '+' : '-');
  const flags = f(PSR_N, 'N', 'n') + f(PSR_Z, 'Z', 'z') + f(PSR_C, 'C', 'c') + f(PSR_V, 'V', 'v');
  const daif = f(PSR_D, 'D', 'd') + f(PSR_A, 'A', 'a') + f(PSR_I, 'I', 'i') + f(PSR_F, 'F', 'f');
  const hex = (pstate >>> 0).toString(16).padStart(8, '0');
  return `pstate: ${hex} (${flags} ${daif} ${pm(PSR_PAN)}PAN ${pm(PSR_UAO)}UAO ${pm(PSR_TCO)}TCO ${pm(PSR_DIT)}DIT ${pm(PSR_SSBS)}SSBS BTYPE=${BTYPE_NAMES[(pstate >>> 10) & 3]})`;
}

export interface Arm64Regs {
  /** "%pS" of the pc and of the link register. */
  pc: string;
  lr: string;
  sp: bigint;
  pstate: number;
  /** regs->pmr_save where the GIC masks by priority (system_uses_irq_prio_masking()), else null. */
  pmrSave?: number | null;
  /** x0..x29 the model knows (the bad pointer in x0, ...); the rest are derived. */
  known?: Partial<Record<number, bigint>>;
}

/** pstate with the condition flags a compare left (deterministic per function) and the CPU's PAN/DIT/TCO bits. */
export function pstateFor(seed: string, cpuBits = 0): number {
  const nzcv = [0x6, 0x8, 0x2, 0x4, 0x0][fnv(seed) % 5]!;
  return ((nzcv << 28) | cpuBits | PSR_MODE_EL1h) >>> 0;
}

/** x0..x29 for a report: what the model knows, else linear-map and image pointers, small values and zeros. */
export function regValues(l: Layout, ramBytes: number, seed: string, sp: bigint, known: Partial<Record<number, bigint>> = {}): bigint[] {
  const out: bigint[] = [];
  const text = l.startKernelMap + BigInt(l.physicalStart);
  for (let i = 0; i < 30; i++) {
    const h = fnv(`${seed}:x${i}`);
    let v: bigint;
    if (i === 29) v = sp;
    else {
      const kind = h % 6;
      if (kind === 0) v = BigInt(h & 0xff);
      else if (kind === 1) v = sp + BigInt((h >>> 8) & 0x1f8);
      else if (kind === 2) v = l.pageOffset + ((BigInt(h) * 0x1000n + BigInt(i * 8)) % BigInt(ramBytes));
      else if (kind === 3) v = 0n;
      else if (kind === 4) v = text + BigInt(((h >>> 4) % 0x4400000) & ~7);
      else v = BigInt(h);
    }
    out.push(known[i] ?? v);
  }
  return out;
}

// __show_regs(), arch/arm64/kernel/process.c 5.19 and 6.9: pstate, pc, lr, sp, pmr_save, then x29 down to x0, three a line
export function showRegs(r: Arm64Regs, x: readonly bigint[]): string[] {
  const lines = [printPstate(r.pstate), `pc : ${r.pc}`, `lr : ${r.lr}`, `sp : ${hex64(r.sp)}`];
  if (r.pmrSave !== undefined && r.pmrSave !== null) lines.push(`pmr_save: ${r.pmrSave.toString(16).padStart(8, '0')}`);
  let i = 29;
  while (i >= 0) {
    let line = `x${String(i).padEnd(2)}: ${hex64(x[i]!)}`;
    while (i-- % 3 !== 0) line += ` x${String(i).padEnd(2)}: ${hex64(x[i]!)}`;
    lines.push(line);
  }
  return lines;
}

/** dump_backtrace(), arch/arm64/kernel/stacktrace.c 5.19: "Call trace:", then " %pSb" per frame; no <TASK> or <IRQ> markers. */
export function dumpBacktrace(frames: readonly string[]): string[] {
  return ['Call trace:', ...frames];
}
