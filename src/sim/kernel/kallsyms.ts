// kallsyms for kernscope's oopses and WARNs: names the models print, with addresses in the
// kernel image (a few copied from seed 002's oopses) or in the module's own text.
import type { X86Layout } from './arch/x86/layout.ts';

/** One frame of a call trace or the RIP: a function, its module, and the offset of the address in it. */
export interface Frame {
  fn: string;
  module?: string | null;
  /** Offset of the (return or faulting) address in the function; derived from the name when absent. */
  off?: number;
  /** Printed with "? " (a stale address found on the stack). */
  unreliable?: boolean;
}

export interface Sym {
  name: string;
  module: string | null;
  addr: bigint;
  size: number;
}

/** Where a loaded module's text is, so its symbols land inside it. */
export type ModuleTextLookup = (module: string) => { base: bigint; textSize: number } | null;

// [address, size] of 2.6.25 functions whose place seed 002 shows (HP nx6325 and Jiri's -mm kernels)
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
};

/** Return-address offsets the seed's traces show, used when a frame gives none. */
const KNOWN_OFFSETS: Readonly<Record<string, number>> = {
  system_call_after_swapgs: 0x7b,
  warn_on_slowpath: 0x5f,
  child_rip: 0xa,
};

// sizes seed 002 shows for functions that live in modules
const KNOWN_MODULE: Readonly<Record<string, number>> = {
  mmc_add_card: 0x140,
  mmc_attach_sd: 0x860,
  mmc_rescan: 0x1c0,
};

function fnv32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export function hex64(v: bigint): string {
  return BigInt.asUintN(64, v).toString(16).padStart(16, '0');
}

export class KallSyms {
  private readonly cache = new Map<string, Sym>();

  constructor(
    private readonly layout: X86Layout,
    private readonly moduleText: ModuleTextLookup,
  ) {}

  // kallsyms_lookup(), kernel/kallsyms.c: here by name, since the model knows which function runs
  lookup(name: string, module: string | null = null): Sym {
    const mt = module === null ? null : this.moduleText(module);
    const key = mt ? `${name} [${module}] ${mt.base.toString(16)}` : name;
    let s = this.cache.get(key);
    if (s) return s;
    const h = fnv32(key.split(' ')[0]! + (module ?? ''));
    const is2625 = this.layout.kernel === '2.6.25';
    const known = module === null && is2625 ? KNOWN_2625[name] : undefined;
    const size = known?.[1] ?? KNOWN_MODULE[name] ?? 0x40 + ((((h >>> 8) % 0x3c0) & ~0xf) >>> 0);
    let addr: bigint;
    if (known) addr = known[0];
    else if (mt) addr = mt.base + BigInt((h % Math.max(0x10, mt.textSize - size)) & ~0xf);
    else addr = (is2625 ? 0xffffffff80209000n : 0xffffffff81000000n) + BigInt((h % (is2625 ? 0x300000 : 0xc00000)) & ~0xf);
    s = { name, module: mt ? module : null, addr, size };
    this.cache.set(key, s);
    return s;
  }

  /** The offset a frame prints: its own, or one derived from the name (a call site inside the function). */
  offsetOf(f: Frame): number {
    const s = this.lookup(f.fn, f.module ?? null);
    if (f.off !== undefined) return Math.min(f.off, s.size - 1);
    const known = this.layout.kernel === '2.6.25' && s.module === null ? KNOWN_OFFSETS[f.fn] : undefined;
    if (known !== undefined) return known;
    return 0x10 + (fnv32(`${f.fn}@`) % Math.max(1, s.size - 0x18));
  }

  address(f: Frame): bigint {
    return this.lookup(f.fn, f.module ?? null).addr + BigInt(this.offsetOf(f));
  }

  /** "name+0x35/0x220" with the module as 2.6.25 (":mod:name") or 6.8 ("name ... [mod]") print it. */
  symbol(f: Frame): string {
    const s = this.lookup(f.fn, f.module ?? null);
    const body = `${f.fn}+0x${this.offsetOf(f).toString(16)}/0x${s.size.toString(16)}`;
    if (!s.module) return body;
    return this.layout.kernel === '2.6.25' ? `:${s.module}:${body}` : `${body} [${s.module}]`;
  }

  // printk_address(), arch/x86/kernel/traps_64.c 2.6.25: " [<ffffffff802a1e85>] do_lookup+0x35/0x220"
  address2625(f: Frame): string {
    return ` [<${hex64(this.address(f))}>] ${f.unreliable ? '? ' : ''}${this.symbol(f)}`;
  }

  // printk_stack_address(), arch/x86/kernel/dumpstack.c 6.8: " ? name+0x../0x.. [mod]"
  address68(f: Frame): string {
    return ` ${f.unreliable ? '? ' : ''}${this.symbol(f)}`;
  }
}
