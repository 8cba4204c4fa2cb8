// The kernel's taint and oops bookkeeping, kernel/panic.c: tainted_mask with add_taint() and
// print_tainted(), oops_enter() and the oops end marker, plus the die_counter of __die()
// (arch/x86/kernel/dumpstack.c 6.8, traps_64.c 2.6.25). One copy per kernel, owned by the
// Kernel and saved with its snapshot; every report prints from here.
import { kernelSince } from '../include/generated/uapi/linux/version.ts';
import { KERN_EMERG, KERN_WARNING } from '../../engine/recorder.ts';
import type { Rng } from '../../engine/rng.ts';
import type { DebugLocks } from '../lib/debug_locks.ts';
import { callTraceLines, dumpStackPrintInfo } from '../lib/dump_stack.ts';
import type { KernelVersion } from '../../machine/layout.ts';
import type { Kernel } from '../../machine/kernel.ts';
import type { Printk } from './printk/printk.ts';
import { arm64RegsLines } from '../arch/arm64/kernel/traps.ts';
import { taskAddrs } from './fork.ts';

// taint bits, include/linux/panic.h 6.8 (2.6.25's first nine are the same)
export const TAINT_BAD_PAGE = 5;
export const TAINT_DIE = 7;
export const TAINT_WARN = 9;
export const TAINT_SOFTLOCKUP = 14;

// enum lockdep_ok, include/linux/panic.h 6.8
export const LOCKDEP_STILL_OK = 0;
export const LOCKDEP_NOW_UNRELIABLE = 1;
export type LockdepOk = typeof LOCKDEP_STILL_OK | typeof LOCKDEP_NOW_UNRELIABLE;

// taint_flags[], kernel/panic.c 6.8: c_true / c_false per bit (2.6.25 printed the first nine: P F S R M B U D A)
const TAINT_FLAGS: readonly (readonly [string, string])[] = [
  ['P', 'G'], ['F', ' '], ['S', ' '], ['R', ' '], ['M', ' '], ['B', ' '], ['U', ' '], ['D', ' '], ['A', ' '], ['W', ' '],
  ['C', ' '], ['I', ' '], ['O', ' '], ['E', ' '], ['L', ' '], ['K', ' '], ['X', ' '], ['T', ' '], ['N', ' '],
];

/** What the Kernel saves of this file's globals. */
export interface PanicSnapshot {
  taintedMask: number;
  dieCounter: number;
  oopsIdLo: number;
  oopsIdHi: number;
  /** Why the machine stopped (panic()'s message); absent while it runs. */
  halted?: string;
}

export class Panic {
  /** tainted_mask (tainted in 2.6.25). */
  taintedMask = 0;
  /** die_counter of __die(): the [n] / [#n] of the oops line. */
  dieCounter = 0;
  /** oops_id of print_oops_end_marker() in 2.6.25, picked once at the first oops (0: not yet). */
  private oopsIdLo = 0;
  private oopsIdHi = 0;
  /** panic() was called: the machine runs nothing more. */
  halted: string | null = null;
  private readonly v2625: boolean;
  /** Flags print_tainted() shows: 'N' (TAINT_TEST) came in 6.0, after 5.19's eighteen. */
  private readonly nflags: number;

  constructor(
    kernel: KernelVersion,
    private readonly debugLocks: DebugLocks,
    private readonly log: Printk,
    private readonly rng: Rng,
  ) {
    this.v2625 = !kernelSince(kernel, '2.6.26');
    this.nflags = this.v2625 ? 9 : kernelSince(kernel, '6.0') ? TAINT_FLAGS.length : TAINT_FLAGS.length - 1;
  }

  // add_taint(), kernel/panic.c 6.8; 2.6.25's add_taint(flag) cleared debug_locks on every taint, silently
  addTaint(flag: number, lockdepOk: LockdepOk): void {
    if (this.v2625) this.debugLocks.off();
    else if (lockdepOk === LOCKDEP_NOW_UNRELIABLE && this.debugLocks.off()) this.log.printk(KERN_WARNING, 'Disabling lock debugging due to kernel taint');
    this.taintedMask |= 1 << flag;
  }

  // test_taint(), kernel/panic.c 6.8
  testTaint(flag: number): boolean {
    return (this.taintedMask & (1 << flag)) !== 0;
  }

  // print_tainted(), kernel/panic.c 6.8 ("Tainted: G    B             "), 2.6.25 ("Tainted: G    B   ")
  printTainted(): string {
    const mask = this.taintedMask;
    if (mask === 0) return 'Not tainted';
    const n = this.nflags;
    let s = 'Tainted: ';
    for (let i = 0; i < n; i++) s += (mask & (1 << i)) !== 0 ? TAINT_FLAGS[i]![0] : TAINT_FLAGS[i]![1];
    return s;
  }

  // oops_enter(), kernel/panic.c: "can't trust the integrity of the kernel anymore"
  oopsEnter(): void {
    this.debugLocks.off();
  }

  // __die(): ++die_counter, arch/x86/kernel/dumpstack.c 6.8 / traps_64.c 2.6.25
  nextDie(): number {
    return ++this.dieCounter;
  }

  // print_oops_end_marker(), kernel/panic.c: 2.6.25 picks a random oops_id once; 6.8 prints zeros
  endMarker(): string {
    if (!this.v2625) return '---[ end trace 0000000000000000 ]---';
    if (this.oopsIdLo === 0 && this.oopsIdHi === 0) {
      this.oopsIdLo = this.rng.u32() | 1;
      this.oopsIdHi = this.rng.u32();
    }
    return `---[ end trace ${(this.oopsIdHi >>> 0).toString(16).padStart(8, '0')}${(this.oopsIdLo >>> 0).toString(16).padStart(8, '0')} ]---`;
  }

  snapshot(): PanicSnapshot {
    return { taintedMask: this.taintedMask, dieCounter: this.dieCounter, oopsIdLo: this.oopsIdLo, oopsIdHi: this.oopsIdHi, ...(this.halted !== null ? { halted: this.halted } : {}) };
  }

  restore(s: PanicSnapshot): void {
    this.taintedMask = s.taintedMask;
    this.dieCounter = s.dieCounter;
    this.oopsIdLo = s.oopsIdLo;
    this.oopsIdHi = s.oopsIdHi;
    this.halted = s.halted ?? null;
  }

  // panic(), kernel/panic.c: the message, (6.8) the KASLR line and the end marker; then the CPUs stop
  panic(msg: string): void {
    this.log.printk(KERN_EMERG, `Kernel panic - not syncing: ${msg}`);
    if (!this.v2625) {
      this.log.printk(KERN_EMERG, 'Kernel Offset: disabled');
      this.log.printk(KERN_EMERG, `---[ end Kernel panic - not syncing: ${msg} ]---`);
    }
    this.halted = msg;
  }
}

/** One WARN as __warn() prints it. */
export interface WarnSpec {
  cpu: number;
  pid: number;
  comm: string;
  /** What follows "at ": "file:line %pS", or "%pS" where the model has no file. */
  at: string;
  /** WARN()'s printf text, or null for WARN_ON(). */
  message: string | null;
  /** show_regs() from "RIP: 0010:..." on. */
  regs: readonly string[];
  /** The call trace, innermost first: the trap's "? " frames, then the callers. */
  frames: readonly string[];
  /** Taken in hardirq context: the trace is on the irq stack. */
  irq?: boolean;
  /** print_irqtrace_events() of a lockdep kernel. */
  after?: readonly string[];
}

// __warn(), kernel/panic.c 6.8 (reached through report_bug() from the ud2 of a WARN): everything up to and
// including the end marker, and the "WARNING: CPU: ..." title. The caller taints W (LOCKDEP_STILL_OK) after printing.
export function warnReport68(k: Kernel, w: WarnSpec): { lines: string[]; title: string } {
  const title = `WARNING: CPU: ${w.cpu} PID: ${w.pid} at ${w.at}`;
  const lines = ['------------[ cut here ]------------'];
  if (w.message !== null) lines.push(w.message);
  lines.push(title, k.modules.printModules(), ...dumpStackPrintInfo(k, w.cpu, w.pid, w.comm), ...w.regs, ...callTraceLines(k, w.frames, w.irq), ...(w.after ?? []), k.panic.endMarker());
  return { lines, title };
}

/** The "? " frames of the trap a 6.8 WARN raises (exc_invalid_op() -> handle_bug() -> report_bug() -> __warn()). */
export const WARN_TRAP_FRAMES: readonly string[] = ['__warn', 'report_bug', 'handle_bug', 'exc_invalid_op', 'asm_exc_invalid_op'];

/**
 * The register lines and the call trace of a WARN in `at` (its "%pS"), as the machine's trap shows
 * them: x86's ud2 leaves "RIP: 0010:" and the trap's "? " frames above the callers; arm64's brk
 * (bug_handler(), arch/arm64/kernel/traps.c 5.19) the whole __show_regs() and a trace from the pc.
 */
export function warnTrap(k: Kernel, pid: number, at: string, callers: readonly string[]): { regs: string[]; frames: string[] } {
  if (k.layout.arch === 'arm64') {
    const lr = callers[0]?.trim() ?? at;
    return { regs: arm64RegsLines(k, `${at}/${pid}`, at, lr, taskAddrs(k, pid).stack + 0x3b60n), frames: [` ${at}`, ...callers] };
  }
  return { regs: [`RIP: 0010:${at}`], frames: [...WARN_TRAP_FRAMES.map((t) => ` ? ${k.syms.pS(t)}`), ...callers] };
}
