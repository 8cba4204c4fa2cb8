// die() and WARN on x86-64: __die() + show_registers() + show_trace() of arch/x86/kernel/traps_64.c
// (2.6.25) and __die() + show_regs() + dump_stack of arch/x86/kernel/dumpstack.c (6.8),
// warn_on_slowpath() (kernel/panic.c 2.6.25) and __warn() (6.8).
import type { Hasher } from '../../../engine/hash.ts';
import { KERN_ALERT, KERN_EMERG, KERN_WARNING } from '../../../engine/recorder.ts';
import { hex64, KallSyms, type Frame } from '../../kallsyms.ts';
import type { Subsystem } from '../../kernel.ts';
import { currentPid } from '../../pid.ts';
import type { Sys } from '../../sys.ts';

/** Thrown through a model when the task running it dies in an oops; the op that ran it ends there. */
export class TaskDied {
  readonly died = true;
  constructor(readonly title: string) {}
}

export const TAINT_BAD_PAGE = 5;
export const TAINT_DIE = 7;
export const TAINT_WARN = 9;

const TAINT_CHARS: readonly [string, string][] = [
  ['P', 'G'], ['F', ' '], ['S', ' '], ['R', ' '], ['M', ' '], ['B', ' '], ['U', ' '], ['D', ' '], ['A', ' '], ['W', ' '],
  ['C', ' '], ['I', ' '], ['O', ' '], ['E', ' '], ['L', ' '], ['K', ' '], ['X', ' '], ['T', ' '], ['N', ' '],
];

export type Reg = 'ax' | 'bx' | 'cx' | 'dx' | 'si' | 'di' | 'bp' | 'r8' | 'r9' | 'r10' | 'r11' | 'r12' | 'r13' | 'r14' | 'r15';
const REG_ORDER: readonly Reg[] = ['ax', 'bx', 'cx', 'dx', 'si', 'di', 'bp', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15'];

export interface DieSpec {
  /** Lines printed before the die line: the fault's own header ("BUG: unable to handle ...", "IP: ...", "PGD ..."). */
  header: readonly string[];
  /** The die() string: "Oops", "general protection fault", "invalid opcode". */
  str: 'Oops' | 'general protection fault' | 'invalid opcode';
  errorCode: number;
  /** 6.8's "general protection fault, probably for non-canonical address 0x...". */
  nonCanonical?: bigint;
  /** Where it happened, and who called it (innermost first). */
  ip: Frame;
  trace: readonly Frame[];
  /** Registers that mean something here (the bad pointer, the dentry); the rest are plausible filler. */
  regs?: Partial<Record<Reg, bigint>>;
  cr2?: bigint;
  /** Instruction bytes around RIP, with the index of the faulting one; made up when absent. */
  code?: { bytes: readonly number[]; at: number };
  /** 6.8 prints the exception entry frames ("? __die", "? page_fault_oops", ...) before the trace. */
  entry68?: readonly string[];
}

export interface TrapsSnapshot {
  dieCounter: number;
  oopsIdLo: number;
  oopsIdHi: number;
}

function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export class Traps implements Subsystem<TrapsSnapshot> {
  readonly name = 'traps';
  /** die_counter of __die(): the [n] / [#n] of the oops line. */
  dieCounter = 0;
  /** The kernel's taint mask (kernel/panic.c bits): one mask, kept where SLUB keeps it (and snapshots it). */
  get taint(): number {
    return this.sys.slub.taint;
  }

  set taint(mask: number) {
    this.sys.slub.taint = mask;
  }
  private oopsIdLo = 0;
  private oopsIdHi = 0;
  readonly syms: KallSyms;
  /** Frames of the modeled call in progress, outermost first (transient within a step, never snapshotted). */
  private stack: Frame[] = [];

  constructor(private readonly sys: Sys) {
    this.syms = new KallSyms(sys.k.layout, (m) => sys.modules.textOf(m));
    sys.k.register(this);
  }

  private get v2625(): boolean {
    return this.sys.k.layout.kernel === '2.6.25';
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

  snapshot(): TrapsSnapshot {
    return { dieCounter: this.dieCounter, oopsIdLo: this.oopsIdLo, oopsIdHi: this.oopsIdHi };
  }

  restore(s: TrapsSnapshot): void {
    this.dieCounter = s.dieCounter;
    this.oopsIdLo = s.oopsIdLo;
    this.oopsIdHi = s.oopsIdHi;
  }

  hashInto(h: Hasher): void {
    h.u32(this.dieCounter).u32(this.oopsIdLo).u32(this.oopsIdHi);
  }

  // print_tainted(), kernel/panic.c (2.6.25 knew P F S R M B U D A)
  printTainted(): string {
    if (this.taint === 0) return 'Not tainted';
    const n = this.v2625 ? 9 : TAINT_CHARS.length;
    let s = 'Tainted: ';
    for (let i = 0; i < n; i++) s += (this.taint & (1 << i)) !== 0 ? TAINT_CHARS[i]![0] : TAINT_CHARS[i]![1];
    return s;
  }

  // print_oops_end_marker(), kernel/panic.c: 2.6.25 picks a random oops_id once; 6.8 prints zeros
  private endMarker(): string {
    if (!this.v2625) return '---[ end trace 0000000000000000 ]---';
    if (this.oopsIdLo === 0 && this.oopsIdHi === 0) {
      this.oopsIdLo = this.sys.k.rng.u32() | 1;
      this.oopsIdHi = this.sys.k.rng.u32();
    }
    return `---[ end trace ${(this.oopsIdHi >>> 0).toString(16).padStart(8, '0')}${(this.oopsIdLo >>> 0).toString(16).padStart(8, '0')} ]---`;
  }

  /** The task's kernel stack and task_struct, as the register dump shows them (stable per pid). */
  private taskAddrs(pid: number): { threadinfo: bigint; task: bigint; sp: bigint } {
    const k = this.sys.k;
    const h = fnv(`task${pid}`);
    const ram = BigInt(k.ramBytes);
    if (this.v2625) {
      const ti = k.layout.pageOffset + ((BigInt(h) * 0x2000n) % ram);
      return { threadinfo: ti, task: k.layout.pageOffset + ((BigInt(fnv(`ts${pid}`)) * 0x40n) % ram), sp: ti + 0x1b98n + BigInt((h >>> 20) & 0x3f0) };
    }
    const stack = 0xffffc90000000000n + BigInt((h % 0x4000) * 0x4000);
    return { threadinfo: stack, task: k.layout.pageOffset + ((BigInt(fnv(`ts${pid}`)) * 0x40n) % ram), sp: stack + 0x3c08n + BigInt((h >>> 20) & 0x1f0) };
  }

  private regs(spec: DieSpec, pid: number, sp: bigint): Record<Reg, bigint> {
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
      out[r] = spec.regs?.[r] ?? v;
    });
    return out;
  }

  private codeLine(spec: DieSpec): string {
    const c = spec.code ?? { bytes: Array.from({ length: 43 + 21 }, (_, i) => fnv(`${spec.ip.fn}#${i}`) & 0xff), at: 43 };
    return 'Code: ' + c.bytes.map((b, i) => (i === c.at ? `<${b.toString(16).padStart(2, '0')}>` : b.toString(16).padStart(2, '0'))).join(' ');
  }

  /**
   * die(): prints the oops in the machine's layout, taints D and kills the current task
   * (throws TaskDied). Returns never; the title is the first line printed.
   */
  die(spec: DieSpec): never {
    const title = this.v2625 ? this.die2625(spec) : this.die68(spec);
    this.taint |= 1 << TAINT_DIE;
    throw new TaskDied(title);
  }

  // __die() + show_registers() + oops_end(), arch/x86/kernel/traps_64.c 2.6.25
  private die2625(spec: DieSpec): string {
    const k = this.sys.k;
    const p = (level: Parameters<typeof k.printk>[0], s: string): void => k.printk(level, s);
    for (const l of spec.header) p(KERN_ALERT, l);
    const pid = currentPid(k);
    const comm = k.rec.ctx.task.slice(0, 20);
    const a = this.taskAddrs(pid);
    const n = ++this.dieCounter;
    const opts = `PREEMPT SMP ${k.kconfig('CONFIG_DEBUG_PAGEALLOC') ? 'DEBUG_PAGEALLOC' : ''}`.trimEnd();
    const title = spec.header[0] ?? `${spec.str}: ${spec.errorCode.toString(16).padStart(4, '0')} [${n}] ${opts}`;
    p(KERN_EMERG, `${spec.str}: ${spec.errorCode.toString(16).padStart(4, '0')} [${n}] ${opts}`);
    p(KERN_EMERG, `CPU ${k.rec.ctx.cpu} `);
    p(KERN_EMERG, this.sys.modules.printModules());
    p(KERN_EMERG, `Pid: ${pid}, comm: ${comm} ${this.printTainted()} ${k.layout.release} #1`);
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
    for (let i = 0; i < 12; i++) {
      const h = fnv(`stack${pid}:${spec.ip.fn}:${i}`);
      const w = i % 3 === 0 ? a.sp + BigInt(0x40 + i * 0x10) : i % 3 === 1 ? BigInt(h & 0xffff) : this.syms.address(spec.trace[i % Math.max(1, spec.trace.length)] ?? spec.ip);
      words.push(hex64(w));
    }
    p(KERN_EMERG, `Stack:  ${words.slice(0, 4).join(' ')}`);
    p(KERN_EMERG, `  ${words.slice(4, 8).join(' ')}`);
    p(KERN_EMERG, `  ${words.slice(8, 12).join(' ')}`);
    p(KERN_EMERG, 'Call Trace:');
    for (const f of spec.trace) p(KERN_EMERG, ` ${this.syms.address2625(f)}`);
    p(KERN_EMERG, '');
    p(KERN_EMERG, '');
    p(KERN_EMERG, this.codeLine(spec));
    p(KERN_ALERT, `RIP ${this.syms.address2625(spec.ip)}`);
    p(KERN_ALERT, ` RSP <${hex64(a.sp)}>`);
    if (spec.cr2 !== undefined) p(KERN_EMERG, `CR2: ${hex64(spec.cr2)}`);
    p(KERN_WARNING, this.endMarker());
    return title;
  }

  // __die() + __show_regs() + show_trace_log_lvl() + oops_end(), arch/x86/kernel/dumpstack.c 6.8
  private die68(spec: DieSpec): string {
    const k = this.sys.k;
    const p = (level: Parameters<typeof k.printk>[0], s: string): void => k.printk(level, s);
    for (const l of spec.header) p(KERN_ALERT, l);
    const pid = currentPid(k);
    const comm = k.rec.ctx.task.slice(0, 16);
    const a = this.taskAddrs(pid);
    const n = ++this.dieCounter;
    const what = spec.nonCanonical !== undefined ? `general protection fault, probably for non-canonical address 0x${hex64(spec.nonCanonical)}` : spec.str;
    const dieLine = `${what}: ${spec.errorCode.toString(16).padStart(4, '0')} [#${n}] PREEMPT SMP NOPTI`;
    p(KERN_WARNING, dieLine);
    p(KERN_WARNING, `CPU: ${k.rec.ctx.cpu} PID: ${pid} Comm: ${comm} ${this.printTainted()} ${k.layout.release} #1`);
    p(KERN_WARNING, 'Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.3-debian-1.16.3-2 04/01/2014');
    const regLines = (): void => {
      p(KERN_WARNING, `RIP: 0010:${this.syms.symbol(spec.ip)}`);
      p(KERN_WARNING, this.codeLine(spec));
      const eflags = spec.str === 'invalid opcode' ? '00010046' : '00010286';
      p(KERN_WARNING, `RSP: 0018:${hex64(a.sp)} EFLAGS: ${eflags}`);
      const r = this.regs(spec, pid, a.sp);
      const U = (x: Reg): string => hex64(r[x]);
      p(KERN_WARNING, `RAX: ${U('ax')} RBX: ${U('bx')} RCX: ${U('cx')}`);
      p(KERN_WARNING, `RDX: ${U('dx')} RSI: ${U('si')} RDI: ${U('di')}`);
      p(KERN_WARNING, `RBP: ${U('bp')} R08: ${U('r8')} R09: ${U('r9')}`);
      p(KERN_WARNING, `R10: ${U('r10')} R11: ${U('r11')} R12: ${U('r12')}`);
      p(KERN_WARNING, `R13: ${U('r13')} R14: ${U('r14')} R15: ${U('r15')}`);
      p(KERN_WARNING, `FS:  0000000000000000(0000) GS:${hex64(0xffff88807dc00000n + BigInt(k.rec.ctx.cpu) * 0x200000n)}(0000) knlGS:0000000000000000`);
      p(KERN_WARNING, 'CS:  0010 DS: 0000 ES: 0000 CR0: 0000000080050033');
      const cr3 = (0x0583a000 + (fnv(`cr3${pid}`) % 0x4000) * 0x1000).toString(16).padStart(16, '0');
      p(KERN_WARNING, `CR2: ${hex64(spec.cr2 ?? 0n)} CR3: ${cr3} CR4: 00000000000006f0`);
    };
    regLines();
    p(KERN_WARNING, 'Call Trace:');
    p(KERN_WARNING, ' <TASK>');
    for (const e of spec.entry68 ?? ['__die', 'die', 'do_trap']) p(KERN_WARNING, this.syms.address68({ fn: e, unreliable: true }));
    p(KERN_WARNING, this.syms.address68({ ...spec.ip, unreliable: true }));
    for (const f of spec.trace) p(KERN_WARNING, this.syms.address68(f));
    p(KERN_WARNING, ' </TASK>');
    p(KERN_WARNING, this.sys.modules.printModules());
    if (spec.cr2 !== undefined) p(KERN_WARNING, `CR2: ${hex64(spec.cr2)}`);
    p(KERN_WARNING, this.endMarker());
    regLines();
    return spec.header[0] ?? dieLine;
  }

  /**
   * WARN_ON(): warn_on_slowpath() in 2.6.25 ("WARNING: at file:line func()"), __warn() in 6.8.
   * The task goes on. Returns the "WARNING: ..." line.
   */
  warn(file: string, line: number, fn: Frame, trace: readonly Frame[]): string {
    const k = this.sys.k;
    const pid = currentPid(k);
    const comm = k.rec.ctx.task;
    k.printk(KERN_WARNING, '------------[ cut here ]------------');
    if (this.v2625) {
      const title = `WARNING: at ${file}:${line} ${this.syms.symbol(fn)}()`;
      k.printk(KERN_WARNING, title);
      k.printk(KERN_WARNING, this.sys.modules.printModules());
      // dump_stack(), arch/x86/kernel/traps_64.c 2.6.25
      k.printk(KERN_WARNING, `Pid: ${pid}, comm: ${comm.slice(0, 20)} ${this.printTainted()} ${k.layout.release} #1`);
      k.printk(KERN_WARNING, '');
      k.printk(KERN_WARNING, 'Call Trace:');
      k.printk(KERN_WARNING, this.syms.address2625({ fn: 'warn_on_slowpath', off: 0x5f }));
      k.printk(KERN_WARNING, this.syms.address2625(fn));
      for (const f of trace) k.printk(KERN_WARNING, this.syms.address2625(f));
      k.printk(KERN_WARNING, '');
      k.printk(KERN_WARNING, this.endMarker());
      return title;
    }
    const title = `WARNING: CPU: ${k.rec.ctx.cpu} PID: ${pid} at ${file}:${line} ${this.syms.symbol(fn)}`;
    k.printk(KERN_WARNING, title);
    k.printk(KERN_WARNING, this.sys.modules.printModules());
    k.printk(KERN_WARNING, `CPU: ${k.rec.ctx.cpu} PID: ${pid} Comm: ${comm.slice(0, 16)} ${this.printTainted()} ${k.layout.release} #1`);
    k.printk(KERN_WARNING, 'Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.3-debian-1.16.3-2 04/01/2014');
    k.printk(KERN_WARNING, `RIP: 0010:${this.syms.symbol(fn)}`);
    k.printk(KERN_WARNING, 'Call Trace:');
    k.printk(KERN_WARNING, ' <TASK>');
    for (const e of ['__warn', 'report_bug', 'handle_bug', 'exc_invalid_op', 'asm_exc_invalid_op']) k.printk(KERN_WARNING, this.syms.address68({ fn: e, unreliable: true }));
    for (const f of trace) k.printk(KERN_WARNING, this.syms.address68(f));
    k.printk(KERN_WARNING, ' </TASK>');
    k.printk(KERN_WARNING, this.endMarker());
    this.taint |= 1 << TAINT_WARN;
    return title;
  }
}
