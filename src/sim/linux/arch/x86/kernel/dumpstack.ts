// die() and WARN on x86-64: __die() + show_registers() + show_trace() of arch/x86/kernel/traps_64.c
// (2.6.25) and __die() + show_regs() + dump_stack of arch/x86/kernel/dumpstack.c (6.8),
// warn_on_slowpath() (kernel/panic.c 2.6.25) and __warn() (6.8). The die counter, the taint
// and the oops id are kernel/panic.c's (k.panic), the symbols kallsyms' (k.syms).
import { fnv32 as fnv } from '../../../../engine/hash.ts';
import { KERN_ALERT, KERN_CRIT, KERN_EMERG, KERN_WARNING } from '../../../../engine/recorder.ts';
import { callTraceLines, dumpStackPrintInfo } from '../../../lib/dump_stack.ts';
import { hex64, type KallSyms, type Frame } from '../../../kernel/kallsyms.ts';
import { LOCKDEP_NOW_UNRELIABLE, LOCKDEP_STILL_OK, TAINT_DIE, TAINT_WARN, WARN_TRAP_FRAMES, warnReport68 } from '../../../kernel/panic.ts';
import { taskAddrs } from '../../../kernel/fork.ts';
import { currentPid, taskComm } from '../../../kernel/pid.ts';
import type { Deps } from '../../../../machine/modules.ts';
import type { Kernel } from '../../../../machine/kernel.ts';
import { ESR_BUG_BRK, arm64Die, arm64RegsLines } from '../../arm64/kernel/traps.ts';
import { codeWindow, knownFrame, knownOperand, movThrough, type FunctionTextQuery, type MemOperand, type Reg, type Site } from './code_bytes.ts';

/**
 * The die line: __die() of arch/x86/kernel/traps_64.c 2.6.25 ("Oops: 0000 [1] PREEMPT SMP DEBUG_PAGEALLOC", each
 * word as configured) and __die_header() of arch/x86/kernel/dumpstack.c 6.8 ("... [#1] PREEMPT SMP NOPTI").
 * 6.8's PREEMPT is CONFIG_PREEMPTION, which CONFIG_PREEMPT_DYNAMIC selects; NOPTI: the guest's CPU needs no PTI.
 */
export function dieLine(k: Kernel, what: string, errorCode: number, n: number): string {
  const err = (errorCode & 0xffff).toString(16).padStart(4, '0');
  const preempt = k.kconfig('CONFIG_PREEMPT') || k.kconfig('CONFIG_PREEMPT_DYNAMIC');
  if (!k.since('2.6.26')) {
    const words = [preempt ? 'PREEMPT' : '', k.kconfig('CONFIG_SMP') ? 'SMP' : '', k.kconfig('CONFIG_DEBUG_PAGEALLOC') ? 'DEBUG_PAGEALLOC' : ''].filter((w) => w !== '');
    return `${what}: ${err} [${n}] ${words.join(' ')}`.trimEnd();
  }
  return `${what}: ${err} [#${n}]${preempt ? ' PREEMPT' : ''}${k.kconfig('CONFIG_SMP') ? ' SMP' : ''} NOPTI`;
}

const REG_ORDER: readonly Reg[] = ['ax', 'bx', 'cx', 'dx', 'si', 'di', 'bp', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15'];

/**
 * The register a load or store through `addr` used: one the model says holds a pointer at most a page
 * below the address (the object whose field it is), else %rax.
 */
function chooseOperand(regs: Partial<Record<Reg, bigint>>, addr: bigint): MemOperand {
  let best: MemOperand | null = null;
  for (const r of REG_ORDER) {
    const v = regs[r];
    if (v === undefined || r === 'bp') continue;
    const d = BigInt.asUintN(64, addr) - BigInt.asUintN(64, v);
    if (d >= 0n && d < 0x1000n && (best === null || d < BigInt(best.disp))) best = { base: r, disp: Number(d) };
  }
  return best ?? { base: 'ax', disp: 0 };
}

/** Thrown through a model when the task running it dies in an oops; the op that ran it ends there. */
export class TaskDied {
  readonly died = true;
  constructor(readonly title: string) {}
}

export type { Reg } from './code_bytes.ts';

export interface DieSpec {
  /** Lines printed before the die line: the fault's own header ("BUG: unable to handle ...", "IP: ...", "PGD ..."). */
  header: readonly string[];
  /** The die() string: "Oops", "general protection fault", "invalid opcode" (arm64: "Oops - BUG"). */
  str: 'Oops' | 'general protection fault' | 'invalid opcode' | 'Oops - BUG';
  /** arm64: the ESR_EL1 of the exception (die()'s err). */
  esr?: number;
  /** arm64: x0..x29 that mean something here. */
  xregs?: Partial<Record<number, bigint>>;
  errorCode: number;
  /** 6.8's "general protection fault, probably for non-canonical address 0x...". */
  nonCanonical?: bigint;
  /** Where it happened, and who called it (innermost first). */
  ip: Frame;
  trace: readonly Frame[];
  /** Registers that mean something here (the bad pointer, the dentry); the rest are plausible filler. */
  regs?: Partial<Record<Reg, bigint>>;
  cr2?: bigint;
  /** The address the faulting instruction accessed (a page fault's or a #GP's), and whether it stored. */
  addr?: bigint;
  write?: boolean;
  /** Instruction bytes around RIP, with the index of the faulting one; cut from the function's text when absent. */
  code?: { bytes: readonly number[]; at: number };
  /** 6.8 prints the exception entry frames ("? __die", "? page_fault_oops", ...) before the trace. */
  entry68?: readonly string[];
}

/** What a WARN() adds to WARN_ON(): its printf text and the registers __show_regs() prints in full. */
export interface WarnOpts {
  message?: string;
  /** Registers that mean something at the WARN; the rest are plausible filler. */
  regs?: Partial<Record<Reg, bigint>>;
  /** Instruction bytes around the trapping ud2, with its index. */
  code?: { bytes: readonly number[]; at: number };
}

/** The call stack oopses and WARNs print; everything they count (die_counter, taint, oops_id) is the kernel's. */
export class Traps {
  readonly syms: KallSyms;
  /** Frames of the modeled call in progress, outermost first (transient within a step, never snapshotted). */
  private stack: Frame[] = [];

  constructor(private readonly sys: Deps) {
    this.syms = sys.k.syms;
  }

  private get v2625(): boolean {
    return !this.sys.k.since('2.6.26');
  }

  /** Runs a modeled function with its frame on the call stack that oopses and WARNs print. */
  call<T>(frame: Frame | readonly Frame[], body: () => T): T {
    const frames = Array.isArray(frame) ? (frame as readonly Frame[]) : [frame as Frame];
    const depth = this.stack.length;
    this.stack.push(...frames);
    try {
      return body();
    } finally {
      this.stack.length = depth;
    }
  }

  /** Runs work of another task (a kthread, a workqueue): its own call stack, outermost first. */
  asTask<T>(frames: readonly Frame[], body: () => T): T {
    const saved = this.stack;
    this.stack = [...frames];
    try {
      return body();
    } finally {
      this.stack = saved;
    }
  }

  /** The callers of the current point, innermost first. */
  callers(): Frame[] {
    return this.stack.slice().reverse();
  }

  /** Forget the call stack (after a step ends, whatever happened in it). */
  resetStack(): void {
    this.stack.length = 0;
  }

  /** The task's kernel stack and task_struct (kernel/fork.ts), and the stack pointer at the fault. */
  private taskAddrs(pid: number): { threadinfo: bigint; task: bigint; sp: bigint } {
    const { stack, task } = taskAddrs(this.sys.k, pid);
    const h = fnv(`task${pid}`);
    return { threadinfo: stack, task, sp: stack + (this.v2625 ? 0x1b98n + BigInt((h >>> 20) & 0x3f0) : 0x3c08n + BigInt((h >>> 20) & 0x1f0)) };
  }

  /** What the code table needs to know of a function: its size and call offset (kallsyms), the kernel, frame pointers. */
  private textQuery(ip: Frame): FunctionTextQuery {
    const s = this.syms.lookup(ip.fn, ip.module ?? null);
    return { fn: s.module ? `${s.module}:${ip.fn}` : ip.fn, size: s.size, callOffset: s.callOffset, v2625: this.v2625, frame: this.sys.k.kconfig('CONFIG_FRAME_POINTER') };
  }

  /** RBP on a frame-pointer kernel: the function's frame above RSP (its own size where the code table knows it). */
  private framePointer(ip: Frame, sp: bigint): bigint {
    const frame = knownFrame(this.textQuery(ip)) ?? 0x30 + ((fnv(`${ip.fn}:frame`) >>> 4) & 0x70);
    return sp + BigInt(frame);
  }

  private regs(spec: Pick<DieSpec, 'ip' | 'regs'>, pid: number, sp: bigint): Record<Reg, bigint> {
    const out = {} as Record<Reg, bigint>;
    const k = this.sys.k;
    REG_ORDER.forEach((r, i) => {
      const h = fnv(`${spec.ip.fn}:${r}:${pid}`);
      const kind = h % 5;
      let v: bigint;
      if (kind === 0) v = BigInt(h & 0xff);
      else if (kind === 1) v = sp + BigInt((h >>> 8) & 0x1f8);
      else if (kind === 2) v = k.layout.pageOffset + ((BigInt(h) * 0x1000n + BigInt(i * 8)) % BigInt(k.ramBytes));
      else if (kind === 3) v = 0n;
      else v = BigInt(h);
      if (r === 'bp' && k.kconfig('CONFIG_FRAME_POINTER')) v = this.framePointer(spec.ip, sp);
      out[r] = spec.regs?.[r] ?? v;
    });
    return out;
  }

  /**
   * The faulting instruction of an oops: the code table's at RIP (or a ud2 for BUG(), or a mov through the
   * register that holds the address), its bytes for the Code: line, and the address in that register.
   */
  private resolveSite(spec: DieSpec): DieSpec {
    if (spec.code !== undefined) return spec;
    const q = this.textQuery(spec.ip);
    const off = this.syms.offsetOf(spec.ip);
    if (spec.addr === undefined) {
      const extra: Site = { off, insn: [0x0f, 0x0b] };
      return { ...spec, code: codeWindow(q, off, spec.str === 'invalid opcode' ? extra : undefined) };
    }
    const addr = spec.addr;
    const mem = knownOperand(q, off) ?? chooseOperand(spec.regs ?? {}, addr);
    const code = codeWindow(q, off, { off, insn: movThrough(mem, spec.write ?? false), mem });
    return { ...spec, code, regs: { ...spec.regs, [mem.base]: BigInt.asUintN(64, addr - BigInt(mem.disp)) } };
  }

  /** A WARN's trapping ud2 in the function's text. */
  private warnCode(fn: Frame): { bytes: readonly number[]; at: number } {
    const off = this.syms.offsetOf(fn);
    return codeWindow(this.textQuery(fn), off, { off, insn: [0x0f, 0x0b] });
  }

  private codeLine(spec: Pick<DieSpec, 'ip' | 'code'>): string {
    const c = spec.code ?? this.resolveSite({ header: [], str: 'invalid opcode', errorCode: 0, ip: spec.ip, trace: [] }).code!;
    return 'Code: ' + c.bytes.map((b, i) => (i === c.at ? `<${b.toString(16).padStart(2, '0')}>` : b.toString(16).padStart(2, '0'))).join(' ');
  }

  /**
   * die(): prints the oops in the machine's layout, taints D and kills the current task
   * (throws TaskDied). Returns never; the title is the first line printed.
   */
  die(spec: DieSpec): never {
    // oops_begin() -> oops_enter(): lock debugging goes off before anything is printed
    this.sys.k.panic.oopsEnter();
    if (this.sys.k.layout.arch === 'arm64') {
      const title = this.dieArm64(spec);
      // die(), arch/arm64/kernel/traps.c 5.19: add_taint() then oops_exit()'s end marker, then the task dies
      this.sys.k.panic.addTaint(TAINT_DIE, LOCKDEP_NOW_UNRELIABLE);
      this.sys.k.printk(KERN_WARNING, this.sys.k.panic.endMarker());
      this.sys.k.killCurrentTask();
      throw new TaskDied(title);
    }
    const site = this.resolveSite(spec);
    const title = this.v2625 ? this.die2625(site) : this.die68(site);
    // oops_end(): taint, then the task dies (or, in an interrupt or the idle task, the kernel panics)
    this.sys.k.panic.addTaint(TAINT_DIE, LOCKDEP_NOW_UNRELIABLE);
    this.sys.k.killCurrentTask();
    throw new TaskDied(title);
  }

  // the fault's header, then __die(), arch/arm64/kernel/traps.c 5.19
  private dieArm64(spec: DieSpec): string {
    const k = this.sys.k;
    for (const l of spec.header) k.printk(KERN_ALERT, l);
    const pid = currentPid(k);
    const bug = spec.str === 'invalid opcode' || spec.str === 'Oops - BUG';
    const pc = this.syms.symbol(spec.ip);
    const lr = spec.trace[0] !== undefined ? this.syms.symbol(spec.trace[0]) : pc;
    const frames = [spec.ip, ...spec.trace].map((f) => ` ${this.syms.symbol(f)}`);
    const sp = this.taskAddrs(pid).sp & ~0xfn;
    const title = arm64Die(k, { str: bug ? 'Oops - BUG' : 'Oops', esr: spec.esr ?? (bug ? ESR_BUG_BRK : 0x96000004), cpu: k.rec.ctx.cpu, pid, comm: k.rec.ctx.task, pc, lr, frames, sp, known: spec.xregs, seed: `${spec.ip.fn}/${pid}` });
    return spec.header[0] ?? title;
  }

  // __die() + show_registers() + oops_end(), arch/x86/kernel/traps_64.c 2.6.25
  private die2625(spec: DieSpec): string {
    const k = this.sys.k;
    const p = (level: Parameters<typeof k.printk>[0], s: string): void => k.printk(level, s);
    for (const l of spec.header) p(KERN_ALERT, l);
    const pid = currentPid(k);
    const comm = taskComm(k.rec.ctx.task);
    const a = this.taskAddrs(pid);
    const n = k.panic.nextDie();
    const die = dieLine(k, spec.str, spec.errorCode, n);
    const title = spec.header[0] ?? die;
    p(KERN_EMERG, die);
    p(KERN_EMERG, `CPU ${k.rec.ctx.cpu} `);
    p(KERN_EMERG, this.sys.k.modules.printModules());
    for (const l of dumpStackPrintInfo(k, k.rec.ctx.cpu, pid, comm)) p(KERN_EMERG, l);
    const rip = this.syms.address(spec.ip);
    p(KERN_EMERG, `RIP: 0010:[<${hex64(rip)}>] ${this.syms.address2625(spec.ip)}`);
    const eflags = spec.str === 'Oops' ? '00010286' : spec.str === 'invalid opcode' ? '00010046' : '00010206';
    p(KERN_EMERG, `RSP: 0018:${hex64(a.sp)}  EFLAGS: ${eflags}`);
    const r = this.regs(spec, pid, a.sp);
    const U = (x: Reg): string => hex64(r[x]);
    p(KERN_EMERG, `RAX: ${U('ax')} RBX: ${U('bx')} RCX: ${U('cx')}`);
    p(KERN_EMERG, `RDX: ${U('dx')} RSI: ${U('si')} RDI: ${U('di')}`);
    p(KERN_EMERG, `RBP: ${U('bp')} R08: ${U('r8')} R09: ${U('r9')}`);
    p(KERN_EMERG, `R10: ${U('r10')} R11: ${U('r11')} R12: ${U('r12')}`);
    p(KERN_EMERG, `R13: ${U('r13')} R14: ${U('r14')} R15: ${U('r15')}`);
    const user = pid !== 0 && !/^(k|swapper|events|kmmcd|pdflush)/.test(comm);
    const fs = user ? `00007f${(fnv(comm) & 0xffffff).toString(16).padStart(6, '0')}0710` : '0000000000000000';
    const gs = k.rec.ctx.cpu === 0 ? 'ffffffff80664000' : hex64(k.layout.pageOffset + 0x7d006580n + BigInt(k.rec.ctx.cpu - 1) * 0x80n);
    p(KERN_EMERG, `FS:  ${fs}(0000) GS:${gs}(0000) knlGS:0000000000000000`);
    p(KERN_EMERG, `CS:  0010 DS: 0000 ES: 0000 CR0: 000000008005003b`);
    const cr3 = (0x08fba000 + (fnv(`cr3${pid}`) % 0x4000) * 0x1000).toString(16).padStart(16, '0');
    p(KERN_EMERG, `CR2: ${hex64(spec.cr2 ?? 0n)} CR3: ${cr3} CR4: 00000000000006e0`);
    p(KERN_EMERG, 'DR0: 0000000000000000 DR1: 0000000000000000 DR2: 0000000000000000');
    p(KERN_EMERG, 'DR3: 0000000000000000 DR6: 00000000ffff0ff0 DR7: 0000000000000400');
    p(KERN_EMERG, `Process ${comm} (pid: ${pid}, threadinfo ${hex64(a.threadinfo)}, task ${hex64(a.task)})`);
    const words: string[] = [];
    // with frame pointers the frame ends at RBP: the caller's RBP, then the return address into the caller
    const fp = k.kconfig('CONFIG_FRAME_POINTER') ? Number(r.bp - a.sp) / 8 : -1;
    for (let i = 0; i < 12; i++) {
      const h = fnv(`stack${pid}:${spec.ip.fn}:${i}`);
      let w = i % 3 === 0 ? a.sp + BigInt(0x40 + i * 0x10) : i % 3 === 1 ? BigInt(h & 0xffff) : this.syms.address(spec.trace[i % Math.max(1, spec.trace.length)] ?? spec.ip);
      if (i === fp) w = r.bp + 0x40n + BigInt((h >>> 4) & 0x70);
      if (i === fp + 1 && spec.trace[0] !== undefined) w = this.syms.address(spec.trace[0]);
      words.push(hex64(w));
    }
    p(KERN_EMERG, `Stack:  ${words.slice(0, 4).join(' ')}`);
    p(KERN_EMERG, `  ${words.slice(4, 8).join(' ')}`);
    p(KERN_EMERG, `  ${words.slice(8, 12).join(' ')}`);
    for (const l of callTraceLines(k, spec.trace.map((f) => ` ${this.syms.address2625(f)}`))) p(KERN_EMERG, l);
    p(KERN_EMERG, '');
    p(KERN_EMERG, this.codeLine(spec));
    p(KERN_ALERT, `RIP ${this.syms.address2625(spec.ip)}`);
    p(KERN_ALERT, ` RSP <${hex64(a.sp)}>`);
    if (spec.cr2 !== undefined) p(KERN_EMERG, `CR2: ${hex64(spec.cr2)}`);
    p(KERN_WARNING, k.panic.endMarker());
    return title;
  }

  // __die() + __show_regs() + show_trace_log_lvl() + oops_end(), arch/x86/kernel/dumpstack.c 6.8
  private die68(spec: DieSpec): string {
    const k = this.sys.k;
    const p = (level: Parameters<typeof k.printk>[0], s: string): void => k.printk(level, s);
    for (const l of spec.header) p(KERN_ALERT, l);
    const pid = currentPid(k);
    const a = this.taskAddrs(pid);
    const n = k.panic.nextDie();
    const what = spec.nonCanonical !== undefined ? `general protection fault, probably for non-canonical address 0x${hex64(spec.nonCanonical)}` : spec.str;
    const die = dieLine(k, what, spec.errorCode, n);
    p(KERN_WARNING, die);
    for (const l of dumpStackPrintInfo(k, k.rec.ctx.cpu, pid, k.rec.ctx.task)) p(KERN_WARNING, l);
    const regLines = (): void => {
      for (const l of this.regLines68(spec, pid, a.sp, spec.str === 'invalid opcode' ? '00010046' : '00010286')) p(KERN_WARNING, l);
    };
    regLines();
    const frames = (spec.entry68 ?? ['__die', 'die', 'do_trap']).map((e) => this.syms.address68({ fn: e, unreliable: true }));
    frames.push(this.syms.address68({ ...spec.ip, unreliable: true }), ...spec.trace.map((f) => this.syms.address68(f)));
    for (const l of callTraceLines(k, frames)) p(KERN_WARNING, l);
    p(KERN_WARNING, this.sys.k.modules.printModules());
    if (spec.cr2 !== undefined) p(KERN_WARNING, `CR2: ${hex64(spec.cr2)}`);
    p(KERN_WARNING, k.panic.endMarker());
    regLines();
    return spec.header[0] ?? die;
  }

  // __show_regs(), arch/x86/kernel/process_64.c 6.8: from "RIP: 0010:..." to CR2/CR3/CR4
  private regLines68(spec: Pick<DieSpec, 'ip' | 'regs' | 'code' | 'cr2'>, pid: number, sp: bigint, eflags: string): string[] {
    const k = this.sys.k;
    const r = this.regs(spec, pid, sp);
    const U = (x: Reg): string => hex64(r[x]);
    const cr3 = (0x0583a000 + (fnv(`cr3${pid}`) % 0x4000) * 0x1000).toString(16).padStart(16, '0');
    return [
      `RIP: 0010:${this.syms.symbol(spec.ip)}`,
      this.codeLine(spec),
      `RSP: 0018:${hex64(sp)} EFLAGS: ${eflags}`,
      `RAX: ${U('ax')} RBX: ${U('bx')} RCX: ${U('cx')}`,
      `RDX: ${U('dx')} RSI: ${U('si')} RDI: ${U('di')}`,
      `RBP: ${U('bp')} R08: ${U('r8')} R09: ${U('r9')}`,
      `R10: ${U('r10')} R11: ${U('r11')} R12: ${U('r12')}`,
      `R13: ${U('r13')} R14: ${U('r14')} R15: ${U('r15')}`,
      `FS:  0000000000000000(0000) GS:${hex64(0xffff88807dc00000n + BigInt(k.rec.ctx.cpu) * 0x200000n)}(0000) knlGS:0000000000000000`,
      'CS:  0010 DS: 0000 ES: 0000 CR0: 0000000080050033',
      `CR2: ${hex64(spec.cr2 ?? 0n)} CR3: ${cr3} CR4: 00000000000006f0`,
    ];
  }

  /**
   * BUG(): report_bug()'s "kernel BUG at file:line!" (lib/bug.c), then die() the way the machine's
   * arch traps it: x86's ud2 is an "invalid opcode" oops, arm64's brk #0x800 an "Oops - BUG" with
   * ESR 0xf2000800 (bug_handler(), arch/arm64/kernel/traps.c 5.19). The task dies.
   */
  bug(file: string, line: number, ip: Frame, trace: readonly Frame[]): never {
    const k = this.sys.k;
    k.printk(KERN_WARNING, '------------[ cut here ]------------');
    k.printk(KERN_CRIT, `kernel BUG at ${file}:${line}!`);
    return this.die({ header: [], str: 'invalid opcode', errorCode: 0, ip, trace });
  }

  /**
   * WARN_ON(): warn_on_slowpath() in 2.6.25 ("WARNING: at file:line func()"), __warn() in 6.8.
   * The task goes on. Returns the "WARNING: ..." line.
   */
  warn(file: string, line: number, fn: Frame, trace: readonly Frame[], opts: WarnOpts = {}): string {
    const k = this.sys.k;
    const pid = currentPid(k);
    k.printk(KERN_WARNING, '------------[ cut here ]------------');
    if (opts.message !== undefined) k.printk(KERN_WARNING, opts.message);
    if (k.layout.arch === 'arm64') {
      // bug_handler() -> report_bug() -> __warn() with the brk's regs, arch/arm64/kernel/traps.c 5.19
      const sym = this.syms.symbol(fn);
      const lr = trace[0] !== undefined ? this.syms.symbol(trace[0]) : sym;
      const regs = arm64RegsLines(k, `${fn.fn}/${pid}`, sym, lr, this.taskAddrs(pid).sp & ~0xfn);
      const frames = [fn, ...trace].map((f) => ` ${this.syms.symbol(f)}`);
      const { lines, title } = warnReport68(k, { cpu: k.rec.ctx.cpu, pid, comm: k.rec.ctx.task, at: `${file}:${line} ${sym}`, message: null, regs, frames });
      for (const l of lines.slice(1)) k.printk(KERN_WARNING, l);
      k.panic.addTaint(TAINT_WARN, LOCKDEP_STILL_OK);
      return title;
    }
    if (this.v2625) {
      const info = dumpStackPrintInfo(k, k.rec.ctx.cpu, pid, k.rec.ctx.task);
      const title = `WARNING: at ${file}:${line} ${this.syms.symbol(fn)}()`;
      k.printk(KERN_WARNING, title);
      k.printk(KERN_WARNING, this.sys.k.modules.printModules());
      // dump_stack(), arch/x86/kernel/traps_64.c 2.6.25
      const frames = [{ fn: 'warn_on_slowpath', off: 0x5f }, fn, ...trace].map((f) => this.syms.address2625(f));
      for (const l of [...info, '', ...callTraceLines(k, frames)]) k.printk(KERN_WARNING, l);
      k.printk(KERN_WARNING, k.panic.endMarker());
      return title;
    }
    const sym = this.syms.symbol(fn);
    const frames = WARN_TRAP_FRAMES.map((e) => this.syms.address68({ fn: e, unreliable: true }));
    // with registers: __show_regs() of the trap frame, and the trapping site found twice more on the stack
    const regs = opts.regs === undefined ? [`RIP: 0010:${sym}`] : this.regLines68({ ip: fn, regs: opts.regs, code: opts.code ?? this.warnCode(fn) }, pid, this.taskAddrs(pid).sp, '00010286');
    if (opts.regs !== undefined) {
      const site = this.syms.address68({ ...fn, unreliable: true });
      frames.splice(1, 0, site);
      frames.push(site);
    }
    for (const f of trace) frames.push(this.syms.address68(f));
    const { lines, title } = warnReport68(k, { cpu: k.rec.ctx.cpu, pid, comm: k.rec.ctx.task, at: `${file}:${line} ${sym}`, message: null, regs, frames });
    // "cut here" and the message are out already
    for (const l of lines.slice(1)) k.printk(KERN_WARNING, l);
    // __warn(): add_taint(taint, LOCKDEP_STILL_OK)
    k.panic.addTaint(TAINT_WARN, LOCKDEP_STILL_OK);
    return title;
  }
}
