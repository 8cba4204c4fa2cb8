// kallsyms, kernel/kallsyms.c: one symbol table per kernel, so a function has the same address,
// size and call offset in every report of a run (oopses, WARNs, SLUB reports and tracks, lockdep
// and scheduler splats). Names the models print get addresses in the kernel image derived from
// the name (a few copied from the oopses in the 2.6.25-git2 paging-request thread), or in a loaded module's text, or in the module
// area for a module the model never loaded. A pure function of the name and the loaded modules:
// the cache is not state and needs no snapshot.
import { kernelSince } from '../include/generated/uapi/linux/version.ts';
import { fnv32 } from '../../engine/hash.ts';
import type { Layout } from '../../machine/layout.ts';
import { ARM64_5_19_CLONES, ARM64_5_19_DATA, ARM64_5_19_FUNCS, ARM64_6_9_RC2_ADDRS, ARM64_6_9_RC2_CALLS, ARM64_6_9_RC2_FUNCS } from '../arch/arm64/kernel/vmlinux_syms.ts';
import { X86_6_9_RC2_CALLS, X86_6_9_RC2_FUNCS } from '../arch/x86/kernel/vmlinux_syms.ts';

/** One frame of a call trace or the RIP: a function, its module, and the offset of the address in it. */
export interface Frame {
  fn: string;
  module?: string | null;
  /** Offset of the (return or faulting) address in the function; the symbol's call offset when absent. */
  off?: number;
  /** Printed with "? " (a stale address found on the stack). */
  unreliable?: boolean;
}

export interface Sym {
  name: string;
  module: string | null;
  addr: bigint;
  size: number;
  /** The offset of the call this function makes, as a return address into it shows. */
  callOffset: number;
}

/** Where a loaded module's text is, so its symbols land inside it. */
export type ModuleTextLookup = (module: string) => { base: bigint; textSize: number } | null;

// [address, size] of 2.6.25 functions whose place the 2.6.25-git2 paging-request thread shows (HP nx6325 and Jiri's -mm kernels)
const KNOWN_2625: Readonly<Record<string, readonly [bigint, number]>> = {
  __d_lookup: [0xffffffff802a7a4bn, 0x117],
  do_lookup: [0xffffffff802a1e50n, 0x220],
  d_free: [0xffffffff802a6b80n, 0x80],
  warn_on_slowpath: [0xffffffff80238e10n, 0x90],
  system_call_after_swapgs: [0xffffffff8020bd10n, 0x80],
  child_rip: [0xffffffff8020cd20n, 0x20],
  device_pm_add: [0xffffffff80394c20n, 0xf0],
  device_add: [0xffffffff8038b0e0n, 0x560],
  run_workqueue: [0xffffffff8024a5f0n, 0x230],
  worker_thread: [0xffffffff8024a820n, 0x120],
  // placed by link order (lib/ before drivers/, bus.c after core.c, kernel/workqueue.c's flushes after
  // worker_thread, __sched functions in .sched.text after .text); klist_del's size is its modeled text's
  klist_del: [0xffffffff80350f40n, 0x60],
  bus_remove_device: [0xffffffff8038e1b0n, 0xb0],
  flush_cpu_workqueue: [0xffffffff8024a9a0n, 0x85],
  flush_workqueue: [0xffffffff8024aa30n, 0x60],
  schedule: [0xffffffff8046b9a0n, 0x710],
  schedule_timeout: [0xffffffff8046cc90n, 0xad],
  wait_for_common: [0xffffffff8046c4d1n, 0x118],
  wait_for_completion: [0xffffffff8046c662n, 0x1a],
};

/** Return-address offsets the threads' traces show, used when a frame gives none. */
const KNOWN_OFFSETS: Readonly<Record<string, number>> = {
  system_call_after_swapgs: 0x7b,
  warn_on_slowpath: 0x5f,
  child_rip: 0xa,
  schedule_timeout: 0x1e,
  wait_for_common: 0xd5,
  wait_for_completion: 0x18,
  flush_cpu_workqueue: 0x78,
  flush_workqueue: 0x4a,
};

// sizes the 2.6.25-git2 paging-request thread shows for functions that live in modules
const KNOWN_MODULE: Readonly<Record<string, number>> = {
  mmc_add_card: 0x140,
  mmc_attach_sd: 0x860,
  mmc_rescan: 0x1c0,
  // flush_workqueue(workqueue) and return: a frame and one call (drivers/mmc/core/core.c 2.6.25)
  mmc_flush_scheduled_work: 0x1a,
};

export function hex64(v: bigint): string {
  return BigInt.asUintN(64, v).toString(16).padStart(16, '0');
}

/** A machine's own vmlinux: [size, call offset] of functions and addresses of data a thread shows. */
interface MachineSyms {
  funcs: Readonly<Record<string, readonly [number, number]>>;
  data: Readonly<Record<string, bigint>>;
  /** A function under the name of the compiler's clone of it ("__ww_mutex_lock.constprop.0"). */
  clones: Readonly<Record<string, string>>;
  /** Offsets of further calls inside a function, by callee (or step) name. */
  calls?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Where a function is, when a splat prints its address. */
  addrs?: Readonly<Record<string, bigint>>;
}

const NO_SYMS: MachineSyms = { funcs: {}, data: {}, clones: {} };

function machineSyms(l: Layout): MachineSyms {
  if (l.arch === 'arm64' && l.kernel === '6.9-rc2') return { funcs: ARM64_6_9_RC2_FUNCS, data: {}, clones: {}, calls: ARM64_6_9_RC2_CALLS, addrs: ARM64_6_9_RC2_ADDRS };
  if (l.arch === 'arm64') return { funcs: ARM64_5_19_FUNCS, data: ARM64_5_19_DATA, clones: ARM64_5_19_CLONES };
  if (l.kernel === '6.9-rc2') return { funcs: X86_6_9_RC2_FUNCS, data: {}, clones: {}, calls: X86_6_9_RC2_CALLS };
  return NO_SYMS;
}

export class KallSyms {
  private readonly cache = new Map<string, Sym>();
  private readonly v2625: boolean;
  private readonly known: MachineSyms;
  /** _stext: where the core kernel's functions are placed. */
  private readonly textBase: bigint;
  private readonly textSpan: number;

  constructor(
    private readonly layout: Layout,
    private readonly moduleText: ModuleTextLookup,
  ) {
    this.v2625 = !kernelSince(layout.kernel, '2.6.26');
    this.known = machineSyms(layout);
    const text = layout.startKernelMap + BigInt(layout.physicalStart);
    // arm64's _stext follows 64 KiB of .head.text; x86-64's is _text
    this.textBase = this.v2625 ? 0xffffffff80209000n : layout.arch === 'arm64' ? text + 0x10000n : text;
    this.textSpan = this.v2625 ? 0x300000 : 0xc00000;
  }

  /** The address of a static variable this machine's vmlinux is known to have (lockdep maps), or null. */
  dataSymbol(name: string): bigint | null {
    return this.known.data[name] ?? null;
  }

  /** This machine's vmlinux knows where `name` makes the call a trace shows (its table has the offset). */
  knownCall(name: string): boolean {
    return this.known.funcs[name] !== undefined;
  }

  // kallsyms_lookup(), kernel/kallsyms.c: here by name, since the model knows which function runs
  lookup(fn: string, module: string | null = null): Sym {
    const name = module === null ? (this.known.clones[fn] ?? fn) : fn;
    const mt = module === null ? null : this.moduleText(module);
    const id = module === null ? name : `${name} [${module}]`;
    const key = mt ? `${id} ${mt.base.toString(16)}` : id;
    let s = this.cache.get(key);
    if (s) return s;
    const h = fnv32(id);
    const known = module === null && this.v2625 ? KNOWN_2625[name] : undefined;
    const mine = module === null ? this.known.funcs[name] : undefined;
    const size = known?.[1] ?? mine?.[0] ?? KNOWN_MODULE[name] ?? 0x40 + ((((h >>> 8) % 0x3c0) & ~0xf) >>> 0);
    let addr: bigint;
    const placed = module === null ? this.known.addrs?.[name] : undefined;
    if (known) addr = known[0];
    else if (placed !== undefined) addr = placed;
    else if (mt) addr = mt.base + BigInt((h % Math.max(0x10, mt.textSize - size)) & ~0xf);
    else if (module !== null) addr = this.layout.modulesVaddr + 0x1000n + BigInt((h % 0x3000) & ~0xf);
    else addr = this.textBase + BigInt((h % this.textSpan) & ~0xf);
    const knownOff = module === null && this.v2625 ? KNOWN_OFFSETS[name] : mine?.[1];
    let callOffset = knownOff ?? 0x10 + ((h >>> 3) % Math.max(1, size - 0x18));
    // arm64 instructions are 4 bytes: a return address is word-aligned
    if (knownOff === undefined && this.layout.arch === 'arm64') callOffset &= ~3;
    s = { name, module, addr, size, callOffset };
    this.cache.set(key, s);
    return s;
  }

  /**
   * "%pS" of the return address of the call to `callee` (a function, or a step the caller names) inside `fn`:
   * this vmlinux's offset where its table has one; else the symbol's call offset (no callee), or a place
   * derived from both names, so that each call of a function returns to its own address.
   */
  at(fn: string, callee?: string): string {
    const s = this.lookup(fn, null);
    let off = s.callOffset;
    if (callee !== undefined) {
      const mine = this.known.calls?.[s.name]?.[callee];
      if (mine !== undefined) off = mine;
      else {
        off = 0x10 + ((fnv32(`${s.name}>${callee}`) >>> 3) % Math.max(1, s.size - 0x18));
        if (this.layout.arch === 'arm64') off &= ~3;
      }
    }
    return `${s.name}+0x${off.toString(16)}/0x${s.size.toString(16)}`;
  }

  /** This vmlinux's table knows where `fn` calls `callee`. */
  knownCallOf(fn: string, callee: string): boolean {
    return this.known.calls?.[this.known.clones[fn] ?? fn]?.[callee] !== undefined;
  }

  /** The offset a frame prints: its own (inside the function), or the symbol's call offset. */
  offsetOf(f: Frame): number {
    const s = this.lookup(f.fn, f.module ?? null);
    return f.off !== undefined ? Math.min(f.off, s.size - 1) : s.callOffset;
  }

  address(f: Frame): bigint {
    return this.lookup(f.fn, f.module ?? null).addr + BigInt(this.offsetOf(f));
  }

  /** The return address into `name` that a call from it leaves on the stack. */
  retAddr(name: string, module: string | null = null): bigint {
    const s = this.lookup(name, module);
    return s.addr + BigInt(s.callOffset);
  }

  /** "name+0x35/0x220" with the module as 2.6.25 trace lines (":mod:name") or 6.8 ("name ... [mod]") print it. */
  symbol(f: Frame): string {
    const s = this.lookup(f.fn, f.module ?? null);
    const body = `${f.fn}+0x${this.offsetOf(f).toString(16)}/0x${s.size.toString(16)}`;
    if (!s.module) return body;
    return this.v2625 ? `:${s.module}:${body}` : `${body} [${s.module}]`;
  }

  // sprint_symbol(), kernel/kallsyms.c (what %pS prints): "name+0x2a/0x90 [module]" for the return address into `name`
  pS(name: string, module: string | null = null): string {
    const s = this.lookup(name, module);
    return `${name}+0x${s.callOffset.toString(16)}/0x${s.size.toString(16)}${s.module ? ` [${s.module}]` : ''}`;
  }

  /** kallsyms lookup of an address among the symbols printed so far: sprint_symbol() text, or null. */
  symbolize(addr: bigint): string | null {
    let hit: Sym | null = null;
    for (const s of this.cache.values()) {
      if (addr < s.addr || addr >= s.addr + BigInt(s.size)) continue;
      hit = s;
      // made-up placements may overlap: a return address into the function wins
      if (s.addr + BigInt(s.callOffset) === addr) break;
    }
    if (!hit) return null;
    return `${hit.name}+0x${Number(addr - hit.addr).toString(16)}/0x${hit.size.toString(16)}${hit.module ? ` [${hit.module}]` : ''}`;
  }

  // printk_address(), arch/x86/kernel/traps_64.c 2.6.25: " [<ffffffff802a1e85>] do_lookup+0x35/0x220"
  address2625(f: Frame): string {
    return ` [<${hex64(this.address(f))}>] ${f.unreliable ? '? ' : ''}${this.symbol(f)}`;
  }

  // printk_stack_address(), arch/x86/kernel/dumpstack.c 6.8: " ? name+0x../0x.. [mod]"
  address68(f: Frame): string {
    return ` ${f.unreliable ? '? ' : ''}${this.symbol(f)}`;
  }

  /** One call-trace line in the machine's layout. */
  traceLine(f: Frame): string {
    return this.v2625 ? this.address2625(f) : this.address68(f);
  }
}
