// The kernel core every module is handed: clock, random source, physical memory, struct pages,
// the buddy allocator, and the kernel's single globals every subsystem shares: debug_locks, the
// taint mask and oops counters, the pid of every task, the symbol table and the module list.
import { kernelSince } from '../linux/include/generated/uapi/linux/version.ts';
import { Clock } from '../engine/clock.ts';
import { CowMemory, PAGE_SIZE, type CowSnapshot } from '../engine/cow.ts';
import type { Hasher } from '../engine/hash.ts';
import { ModuleList } from '../linux/kernel/module/internal.ts';
import { Recorder, KERN_INFO, KERN_NOTICE, eventKind } from '../engine/recorder.ts';
import { Rng, type RngState } from '../engine/rng.ts';
import { DebugLocks } from '../linux/lib/debug_locks.ts';
import { hex, physToVirt } from '../linux/arch/x86/include/asm/pgtable_64_types.ts';
import { layoutFor, utsVersion, type Layout } from './layout.ts';
import { splitCmdline, type CmdlineParam } from '../linux/lib/cmdline.ts';
import { kconfigDefaults, type KernelConfig } from './config.ts';
import { KallSyms } from '../linux/kernel/kallsyms.ts';
import { arm64BootBanner } from '../linux/arch/arm64/kernel/setup.ts';
import { BuddyAllocator, type BuddySnapshot } from '../linux/mm/page_alloc.ts';
import { checkNewPage } from '../linux/mm/page_alloc_check.ts';
import { PG_reserved, StructPages } from '../linux/include/linux/mm_types.ts';
import { Panic, type PanicSnapshot } from '../linux/kernel/panic.ts';
import { PidTable } from '../linux/kernel/pid.ts';
import { Printk } from '../linux/kernel/printk/printk.ts';

/** What a module does when a task dies in an oops (oops_end() -> make_task_dead() -> do_exit()). */
export interface TaskExitHook {
  /** oops_end()'s in_interrupt() check: a reason to panic instead of killing the task, or null. */
  panicReason(comm: string): string | null;
  /** do_exit(): the task is gone; what it held stays held. */
  exit(comm: string): void;
}

/** A kernel parameter handler, like __setup() / early_param(); returns false for a value it rejects. */
export type ParamHandler = (value: string | null) => boolean;

/**
 * Simulated hardware that works on its own while the CPU runs or sleeps (a GPU's copy engine):
 * registered once by the driver that owns it, like request_irq(); its state is its module's.
 */
export interface HwDevice {
  /** Simulated time (ns) of the next thing it completes, or Infinity when idle. */
  nextEventAt(): number;
  /** Completes everything due by the current time: writes memory, raises interrupts (runs handlers). */
  runUntilNow(): void;
}

export interface KernelSnapshot {
  ns: number;
  rng: RngState;
  mem: CowSnapshot;
  buddy: BuddySnapshot;
  printkClock: boolean;
  reservedFrames: number;
  debugLocks: boolean;
  panic: PanicSnapshot;
  pids: readonly string[];
}

export const EV_BOOT = eventKind('boot');

export class Kernel {
  readonly clock: Clock;
  readonly rng: Rng;
  readonly layout: Layout;
  readonly mem: CowMemory;
  readonly pages: StructPages;
  readonly buddy: BuddyAllocator;
  readonly ramBytes: number;
  readonly log: Printk;
  /** debug_locks, lib/debug_locks.c. */
  readonly debugLocks: DebugLocks;
  /** tainted_mask, die_counter and oops_id, kernel/panic.c. */
  readonly panic: Panic;
  /** The pid of every task, kernel/pid.c. */
  readonly pids: PidTable;
  /** kallsyms, kernel/kallsyms.c. */
  readonly syms: KallSyms;
  /** The list of loaded modules, kernel/module/main.c: kallsyms, oopses and the SMP alternatives read it. */
  readonly modules = new ModuleList();
  private readonly earlyParams = new Map<string, ParamHandler>();
  /** since() and kconfig() answers: the configuration never changes during a run, and models ask on hot paths. */
  private readonly sinceMemo = new Map<string, boolean>();
  private readonly kconfigMemo = new Map<string, boolean>();
  private readonly exitHooks: TaskExitHook[] = [];
  /** Devices that progress with the clock (HwDevice), in registration order. Never state. */
  readonly hw: HwDevice[] = [];
  /** device_initcall()s of built-in drivers, run by do_initcalls() in registration order. Never state. */
  readonly initcalls: (() => void)[] = [];
  /** subsys_initcall()s: do_initcalls() runs their level before the device level. Never state. */
  readonly subsysInitcalls: (() => void)[] = [];
  private readonly setupParams = new Map<string, ParamHandler>();
  readonly params: CmdlineParam[];
  /** Frames reserved at boot: kernel image and memmap. */
  reservedFrames = 0;
  /** Each CONFIG_* option's value when the scenario does not set it. */
  readonly kconfigDefaults: Readonly<Record<string, boolean>>;
  /** Physical end of the kernel's text (_etext) and of its image (_end), set when memory is set up. */
  textEnd = 0;
  imageEnd = 0;

  constructor(
    readonly config: KernelConfig,
    readonly rec: Recorder,
  ) {
    this.clock = rec.clock;
    this.rng = new Rng(config.seed);
    this.layout = layoutFor(config.arch, config.kernel);
    this.kconfigDefaults = kconfigDefaults(this.layout);
    this.ramBytes = config.ramMiB * 1024 * 1024;
    this.mem = new CowMemory(this.ramBytes / PAGE_SIZE);
    this.pages = new StructPages(this.mem);
    this.buddy = new BuddyAllocator(this.pages);
    this.buddy.checkNew = (pfn) => checkNewPage(this, pfn);
    this.log = new Printk(this.clock, this.rng, rec);
    this.debugLocks = new DebugLocks();
    this.panic = new Panic(this.layout.kernel, this.debugLocks, this.log, this.rng);
    this.pids = new PidTable();
    this.syms = new KallSyms(this.layout, (m) => this.modules.textOf(m));
    this.params = splitCmdline(config.cmdline);
  }

  /** LINUX_VERSION_CODE >= KERNEL_VERSION(v): the one place version differences are decided. */
  since(v: string): boolean {
    let r = this.sinceMemo.get(v);
    if (r === undefined) this.sinceMemo.set(v, (r = kernelSince(this.config.kernel, v)));
    return r;
  }

  /** A scenario's value, else the contract's debug defaults, else how the machine's kernel was built (kconfigDefaults()). */
  kconfig(name: string): boolean {
    let r = this.kconfigMemo.get(name);
    if (r === undefined) this.kconfigMemo.set(name, (r = this.config.kconfig[name] ?? this.kconfigDefaults[name] ?? false));
    return r;
  }

  patch(name: string): boolean {
    return this.config.patches[name] ?? false;
  }

  printk(level: Parameters<Printk['printk']>[0], text: string): void {
    this.log.printk(level, text);
  }

  /** Registered once, when a module that keeps per-task state is created. */
  onTaskExit(h: TaskExitHook): void {
    this.exitHooks.push(h);
  }

  // oops_end() -> make_task_dead() (6.8; 2.6.25: do_exit()), kernel/exit.c, for the task that oopsed: a panic
  // when it cannot die (interrupt context, the idle task), else it exits and its pid is released
  killCurrentTask(): void {
    const comm = this.rec.ctx.task;
    let reason: string | null = null;
    for (const h of this.exitHooks) reason ??= h.panicReason(comm);
    if (reason === null && this.pids.pidOf(comm) === 0) reason = 'Attempted to kill the idle task!';
    if (reason !== null) {
      this.panic.panic(reason);
      this.rec.finding('kernel.panic', `Kernel panic - not syncing: ${reason}`, { reason, task: comm });
      return;
    }
    for (const h of this.exitHooks) h.exit(comm);
    this.pids.exit(comm);
  }

  /** A device that works while the CPU does not (see HwDevice). */
  registerHw(d: HwDevice): void {
    this.hw.push(d);
  }

  /** Lets every device catch up with the clock (a CPU that reads what the hardware wrote calls this first). */
  hwCatchUp(): void {
    for (const d of this.hw) d.runUntilNow();
  }

  /** The earliest time any device has something to do. */
  hwNextEventAt(): number {
    let t = Infinity;
    for (const d of this.hw) t = Math.min(t, d.nextEventAt());
    return t;
  }

  /** subsys_initcall(): runs at boot before every device_initcall(). */
  subsysInitcall(fn: () => void): void {
    this.subsysInitcalls.push(fn);
  }

  /** module_init() of a built-in driver: runs at boot after the devices are registered. */
  deviceInitcall(fn: () => void): void {
    this.initcalls.push(fn);
  }

  earlyParam(name: string, h: ParamHandler): void {
    this.earlyParams.set(name, h);
  }

  setupParam(name: string, h: ParamHandler): void {
    this.setupParams.set(name, h);
  }

  /** A store into physical memory, recorded with its writer for provenance. */
  memWrite(phys: number, bytes: Uint8Array, writer: string): void {
    this.mem.write(phys, bytes);
    this.rec.wrote(phys, bytes.length, writer);
  }

  memFill(phys: number, len: number, value: number, writer: string): void {
    if (len <= 0) return;
    this.mem.fill(phys, len, value);
    this.rec.wrote(phys, len, writer);
  }

  /** memWrite() of a whole frame with `page`, which the caller never changes again: frames written alike share it. */
  memWritePage(pfn: number, page: Uint8Array, writer: string): void {
    this.mem.sharePage(pfn, page);
    this.rec.wrote(pfn * PAGE_SIZE, PAGE_SIZE, writer);
  }

  /** A little-endian u64 store of v modulo 2^64: memWrite() of its 8 bytes. */
  memWriteBigU64(phys: number, v: bigint, writer: string): void {
    this.mem.writeBigU64(phys, v);
    this.rec.wrote(phys, 8, writer);
  }

  /** A little-endian u32 store: memWrite() of its 4 bytes. */
  memWriteU32(phys: number, v: number, writer: string): void {
    this.mem.writeU32(phys, v);
    this.rec.wrote(phys, 4, writer);
  }

  memWriteU64(phys: number, lo: number, hi: number, writer: string): void {
    this.mem.writeU64(phys, lo, hi);
    this.rec.wrote(phys, 8, writer);
  }

  /** Direct-map virtual address of a physical address, as the kernel prints it. */
  va(phys: number): string {
    return hex(physToVirt(this.layout, phys));
  }

  snapshot(): KernelSnapshot {
    return {
      ns: this.clock.ns,
      rng: this.rng.snapshot(),
      mem: this.mem.snapshot(),
      buddy: this.buddy.snapshot(),
      printkClock: this.log.clockRunning,
      reservedFrames: this.reservedFrames,
      debugLocks: this.debugLocks.on,
      panic: this.panic.snapshot(),
      pids: this.pids.snapshot(),
    };
  }

  restore(s: KernelSnapshot): void {
    this.clock.ns = s.ns;
    this.rng.restore(s.rng);
    this.mem.restore(s.mem);
    this.buddy.restore(s.buddy);
    this.log.clockRunning = s.printkClock;
    this.reservedFrames = s.reservedFrames;
    this.debugLocks.on = s.debugLocks;
    this.panic.restore(s.panic);
    this.pids.restore(s.pids);
  }

  /** The core's part of the machine's state hash; the modules add theirs after it. */
  hashInto(h: Hasher): void {
    h.num(this.clock.ns).value(this.rng.snapshot());
    this.mem.hashInto(h);
    h.value(this.buddy.snapshot());
    h.u32(this.debugLocks.on ? 1 : 0).value(this.panic.snapshot()).value(this.pids.snapshot());
  }

  /** start_kernel() up to the point where scenarios run: banner, command line, memory. */
  bootBanner(): void {
    const l = this.layout;
    this.rec.emit(EV_BOOT);
    const version = `Linux version ${l.release} (${l.builder}) (${l.compiler}) ${utsVersion(l, (n) => this.kconfig(n))}`;
    if (l.arch === 'arm64') {
      for (const line of arm64BootBanner(l, version, this.ramBytes)) this.printk(line[0], line[1]);
      return;
    }
    const cmd = this.config.cmdline;
    this.printk(KERN_NOTICE, version);
    this.printk(KERN_INFO, `Command line: ${cmd}`);
    this.printk(KERN_INFO, 'BIOS-provided physical RAM map:');
    const e820: [number, number, string][] = [
      [0, 0x9fc00, 'usable'],
      [0x9fc00, 0xa0000, 'reserved'],
      [0x100000, this.ramBytes, 'usable'],
    ];
    for (const [start, end, type] of e820) {
      // e820_print_map(), arch/x86/kernel/e820_64.c 2.6.25: " %s: %016Lx - %016Lx (usable)", the end exclusive
      if (!this.since('2.6.26')) this.printk(KERN_INFO, ` BIOS-e820: ${hex(start).slice(2)} - ${hex(end).slice(2)} (${type})`);
      // e820__print_table(), arch/x86/kernel/e820.c 6.8
      else this.printk(KERN_INFO, `BIOS-e820: [mem ${hex(start)}-${hex(end - 1)}] ${type}`);
    }
  }

  /** parse_early_param() then parse_args(): dispatch handlers; unknown ones go to init like the kernel says. */
  parseParams(): void {
    // start_kernel() prints the command line before parse_early_param(), so handlers' messages follow it
    if (this.since('2.6.26')) this.printk(KERN_NOTICE, `Kernel command line: ${this.config.cmdline}`);
    for (const p of this.params) this.earlyParams.get(p.name)?.(p.value);
    const unknown: string[] = [];
    for (const p of this.params) {
      if (this.earlyParams.has(p.name)) continue;
      const h = this.setupParams.get(p.name);
      if (h) {
        h(p.value);
        continue;
      }
      if (p.name.includes('.')) continue; // module parameters
      unknown.push(p.raw);
    }
    if (this.since('2.6.26') && unknown.length > 0) this.printk(KERN_NOTICE, `Unknown kernel command line parameters "${unknown.join(' ')}", will be passed to user space.`);
  }

  /** Reserve the low megabyte, the kernel image and the memmap; early boot allocations take a seeded share. */
  setupMemory(): void {
    const p = this.pages;
    const reserve = (startPfn: number, n: number, owner: string): void => {
      const id = this.pages.ownerId(owner);
      for (let i = startPfn; i < startPfn + n && i < p.nframes; i++) {
        p.setFlag(i, PG_reserved);
        p.set(i, 1, id);
      }
      this.reservedFrames += n;
    };
    const low = this.layout.lowReserved;
    reserve(0, low.frames, low.owner);
    const imageStart = this.layout.physicalStart / PAGE_SIZE;
    const text = this.layout.imageTextFrames;
    const data = this.layout.imageDataFrames;
    reserve(imageStart, text, 'kernel text');
    reserve(imageStart + text, data, 'kernel data');
    this.textEnd = (imageStart + text) * PAGE_SIZE;
    this.imageEnd = (imageStart + text + data) * PAGE_SIZE;
    const memmapFrames = Math.ceil((p.nframes * 64) / PAGE_SIZE);
    reserve(p.nframes - memmapFrames, memmapFrames, 'memmap');
    this.buddy.freeAllBootMemory();
    // the kernel's own early allocations (page tables, percpu areas, initramfs, caches)
    const early = this.pages.ownerId('kernel (early allocations)');
    const target = Math.floor(p.nframes * 0.12);
    let used = 0;
    while (used < target) {
      const order = this.rng.below(4);
      const pfn = this.buddy.allocPages(order, false, early);
      if (pfn === null) break;
      used += 1 << order;
    }
    const kb = (frames: number): number => frames * 4;
    if (!this.since('2.6.26')) {
      // mem_init(), arch/x86/mm/init_64.c 2.6.25: end_pfn pages in all; reserved = end_pfn - totalram - the e820 hole
      // (page 0x9f is partly reserved, 0xa0-0xff is not RAM); data is _edata - _etext (rodata and data)
      const absent = 0x100 - 0x9f;
      const free = this.buddy.nrFreePages;
      this.printk(KERN_INFO, `Memory: ${kb(free)}k/${kb(p.nframes)}k available (${kb(text)}k kernel code, ${kb(p.nframes - free - absent)}k reserved, ${(kb(data) >> 1) + (kb(data) >> 2)}k data, ${kb(data) >> 3}k init)`);
      return;
    }
    const totalK = kb(p.nframes) - kb(low.frames);
    const availK = kb(this.buddy.nrFreePages);
    this.printk(
      KERN_INFO,
      `Memory: ${availK}K/${totalK}K available (${kb(text)}K kernel code, ${kb(data) >> 1}K rwdata, ${kb(data) >> 2}K rodata, ${kb(data) >> 3}K init, ${kb(data) >> 3}K bss, ${totalK - availK}K reserved, 0K cma-reserved)`,
    );
  }
}
