// Call sites and lock addresses as the machine's kernel prints them: "%pS" of a return
// address ("func+0x1c/0x80 [mod]") and "%px" of a lock (direct map or kernel .data).
// Functions are placed by the kernel's symbol table (kernel/kallsyms.ts), so a function has
// the same address here as in every other report; what is the locking model's own is the
// parsing of scenario call sites and where lock objects live.
import { fnv32 } from '../../engine/hash.ts';
import type { Layout } from '../../machine/layout.ts';
import type { KallSyms } from '../kernel/kallsyms.ts';
import { hex64 } from '../kernel/kallsyms.ts';
import { LockInputError } from '../include/linux/lockdep_types.ts';
import { codeWindow } from '../arch/x86/kernel/code_bytes.ts';

/** One resolved call site. */
export interface Site {
  /** "%pS" text: "func+0x1c/0x80" (with " [mod]" for module code). */
  readonly text: string;
  readonly func: string;
  readonly addr: bigint;
}

const IP_RE = /^([A-Za-z_.$][\w.$]*)(?:\+0x([0-9a-fA-F]+)\/0x([0-9a-fA-F]+))?(?:\s+\[([\w-]+)\])?$/;

/** Scenario call sites resolved against the kernel's kallsyms. */
export class Sites {
  private readonly cache = new Map<string, Site>();

  constructor(private readonly syms: KallSyms) {}

  /** A return address into `func`: where a call from it lands. */
  fn(func: string): Site {
    return this.site(func);
  }

  /**
   * Parses a scenario call site: "func", "func+0x1c/0x80" or either with " [module]".
   * An offset and size the scenario gives are printed as given; anything else is an input error.
   */
  site(ip: string): Site {
    let s = this.cache.get(ip);
    if (s) return s;
    const m = IP_RE.exec(ip.trim());
    if (!m) throw new LockInputError(`ip "${ip}": expected a call site like "function+0x1c/0x80" or "function"`);
    const func = m[1]!;
    const module = m[4] ?? null;
    const sym = this.syms.lookup(func, module);
    let off = sym.callOffset;
    let size = sym.size;
    if (m[2] !== undefined && m[3] !== undefined) {
      off = parseInt(m[2], 16);
      size = parseInt(m[3], 16);
      if (!(off < size)) throw new LockInputError(`ip "${ip}": offset 0x${off.toString(16)} is not inside the function's 0x${size.toString(16)} bytes`);
    }
    const text = `${func}+0x${off.toString(16)}/0x${size.toString(16)}${module ? ` [${module}]` : ''}`;
    s = { text, func, addr: sym.addr + BigInt(off) };
    this.cache.set(ip, s);
    return s;
  }

  /**
   * The "%pS" of each frame of a stack, innermost first: a frame named without an offset returns from its
   * call of the frame inside it where this vmlinux's table knows that call (down_write+0xf8 from
   * rwsem_down_write_slowpath, down_write+0x30 from __might_sleep), else from the symbol's call offset.
   */
  frameTexts(frames: readonly string[]): string[] {
    return frames.map((f, i) => {
      const inner = i > 0 ? IP_RE.exec(frames[i - 1]!.trim())?.[1] : undefined;
      if (inner !== undefined && /^[A-Za-z_.$][\w.$]*$/.test(f) && this.syms.knownCallOf(f, inner)) return this.syms.at(f, inner);
      return this.site(f).text;
    });
  }

  /** print_ip_sym(): "[<ffffffff81234567>] func+0x1c/0x80". */
  ipSym(ip: string): string {
    const s = this.site(ip);
    return `[<${hex64(s.addr)}>] ${s.text}`;
  }

  /** x86 "Code:" bytes of a WARN trapping in `func`: its text (arch/x86/kernel/code_bytes.ts) with the ud2 at the site, <0f> 0b. */
  codeBytes(func: string, v2625: boolean, frame: boolean): string {
    const sym = this.syms.lookup(func, null);
    const off = sym.callOffset;
    const w = codeWindow({ fn: func, size: sym.size, callOffset: sym.callOffset, v2625, frame }, off, { off, insn: [0x0f, 0x0b] });
    return w.bytes.map((b, i) => (i === w.at ? `<${b.toString(16).padStart(2, '0')}>` : b.toString(16).padStart(2, '0'))).join(' ');
  }
}

/**
 * Where lock objects live: names that are C identifiers are static locks (DEFINE_SPINLOCK,
 * lockdep maps) in kernel .data; anything else ("&mm->mmap_lock", "ptlock_ptr(ptdesc)")
 * is embedded in a heap object in the direct map. Addresses never overlap, so
 * debug_check_no_locks_freed() only matches the lock being initialised.
 */
export class LockAddresses {
  nextStatic = 0;
  nextHeap = 0;
  private readonly dataBase: bigint;
  private readonly heapBase: bigint;

  constructor(
    layout: Layout,
    ramBytes: number,
    /** Where the machine's vmlinux is known to keep a static lock (kallsyms' dataSymbol). */
    private readonly known: (name: string) => bigint | null = () => null,
  ) {
    // .data, past the end of .text
    const textBytes = layout.imageTextFrames * 0x1000;
    this.dataBase = layout.startKernelMap + BigInt(layout.physicalStart) + BigInt(Math.max(0x1a3c000, textBytes + 0xc3c000));
    const heapPhys = Math.min(0x3a1c000, Math.floor(ramBytes / 4) & ~0xfff);
    this.heapBase = layout.pageOffset + BigInt(heapPhys);
  }

  static isStaticName(name: string): boolean {
    return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
  }

  alloc(name: string, size: number): bigint {
    const h = fnv32(name);
    if (LockAddresses.isStaticName(name)) {
      const at = this.known(name);
      if (at !== null) return at;
      const gap = (h % 6) * 0x20;
      const a = this.dataBase + BigInt(this.nextStatic + gap);
      this.nextStatic += gap + ((size + 0x1f) & ~0x1f);
      return a;
    }
    // the lock sits at a field offset inside a slab object of a kmalloc-ish size
    const objSize = size <= 0x40 ? 0xc0 : 0x200;
    const field = ((h >>> 4) % ((objSize - size) / 8)) * 8;
    const a = this.heapBase + BigInt(this.nextHeap + field);
    this.nextHeap += objSize * (1 + (h % 3));
    return a;
  }
}
