// Text the SLUB reports are made of: hex dumps, %p, %pS, %pGp, print_tainted() and
// dump_stack() lines, in the 6.8 layout and the 2.6.25 one.
import type { KernelVersion } from '../arch/x86/layout.ts';

const HEX = '0123456789abcdef';

export function hex2(b: number): string {
  return HEX[(b >> 4) & 15]! + HEX[b & 15]!;
}

/** The 16 hex digits of a 64-bit value given as two 32-bit words. */
export function hex16(lo: number, hi: number): string {
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}

export function bigHex16(v: bigint): string {
  return BigInt.asUintN(64, v).toString(16).padStart(16, '0');
}

// hex_dump_to_buffer() + print_hex_dump(DUMP_PREFIX_ADDRESS, rowsize 16, groupsize 1, ascii), lib/hexdump.c 6.8
export function printHexDump(prefix: string, bytes: Uint8Array, addrOf: (offset: number) => string): string[] {
  const out: string[] = [];
  for (let i = 0; i < bytes.length; i += 16) {
    const n = Math.min(16, bytes.length - i);
    let line = '';
    for (let j = 0; j < n; j++) line += (j ? ' ' : '') + hex2(bytes[i + j]!);
    // the ASCII column starts at 3 * rowsize + 2, less one
    while (line.length < 49) line += ' ';
    for (let j = 0; j < n; j++) {
      const c = bytes[i + j]!;
      line += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.';
    }
    out.push(`${prefix}${addrOf(i)}: ${line}`);
  }
  return out;
}

/** isgraph() with the kernel's Latin-1 ctype table (lib/ctype.c): 0xa1-0xff count as graphic. */
function isgraphLatin1(c: number): boolean {
  return (c > 0x20 && c < 0x7f) || c > 0xa0;
}

// print_section(), mm/slub.c 2.6.25: "%8s 0x%p: " then " %02x" per byte and the isgraph() column
export function printSection2625(text: string, bytes: Uint8Array, addrOf: (offset: number) => string): string[] {
  const out: string[] = [];
  for (let i = 0; i < bytes.length; i += 16) {
    const n = Math.min(16, bytes.length - i);
    let line = `${text.padStart(8)} 0x${addrOf(i)}: `;
    let ascii = '';
    for (let j = 0; j < n; j++) {
      const c = bytes[i + j]!;
      line += ' ' + hex2(c);
      ascii += isgraphLatin1(c) ? String.fromCharCode(c) : '.';
    }
    for (let j = n; j < 16; j++) {
      line += '   ';
      ascii += ' ';
    }
    out.push(`${line} ${ascii}`);
  }
  return out;
}

function fnv32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** A symbol of the simulated kernel image or of a module: stable, made-up addresses and sizes. */
export interface KSym {
  name: string;
  module: string | null;
  addr: bigint;
  size: number;
  /** The offset of the call this function makes, as a return address would show it. */
  callOffset: number;
}

/** A tiny kallsyms: function names the model prints get addresses derived from their names. */
export class KallSyms {
  private readonly syms = new Map<string, KSym>();

  constructor(
    private readonly textBase: bigint,
    private readonly moduleBase: bigint,
  ) {}

  lookup(name: string, module: string | null = null): KSym {
    const key = module === null ? name : `${name} [${module}]`;
    let s = this.syms.get(key);
    if (!s) {
      const h = fnv32(key);
      const size = 0x40 + ((h >>> 8) % 0x3c0 & ~0xf);
      const base = module === null ? this.textBase + BigInt((h % 0x9f0000) & ~0xf) : this.moduleBase + BigInt((h % 0x3000) & ~0xf);
      s = { name, module, addr: base, size, callOffset: 0x10 + ((h >>> 3) % (size - 0x18)) };
      this.syms.set(key, s);
    }
    return s;
  }

  /** %pS of the return address into `name`: "name+0x2a/0x90 [module]". */
  pS(name: string, module: string | null = null): string {
    const s = this.lookup(name, module);
    return `${name}+0x${s.callOffset.toString(16)}/0x${s.size.toString(16)}${s.module ? ` [${s.module}]` : ''}`;
  }

  /** The return address %pS prints for. */
  retAddr(name: string, module: string | null = null): bigint {
    const s = this.lookup(name, module);
    return s.addr + BigInt(s.callOffset);
  }

  /** kallsyms lookup of an address: the symbol it falls in, or null. */
  symbolize(addr: bigint): string | null {
    for (const s of this.syms.values()) {
      if (addr >= s.addr && addr < s.addr + BigInt(s.size)) {
        const off = Number(addr - s.addr);
        return `${s.name}+0x${off.toString(16)}/0x${s.size.toString(16)}${s.module ? ` [${s.module}]` : ''}`;
      }
    }
    return null;
  }

  /** 2.6.25 x86-64 trace line: " [<ffffffff8028e1c8>] :module:name+0x../0x..". */
  trace2625(name: string, module: string | null = null): string {
    const s = this.lookup(name, module);
    const mod = s.module ? `:${s.module}:` : '';
    return ` [<${bigHex16(s.addr + BigInt(s.callOffset))}>] ${mod}${name}+0x${s.callOffset.toString(16)}/0x${s.size.toString(16)}`;
  }
}

// Taint flags in kernel/panic.c order; print_tainted() prints c_true or c_false for each.
const TAINT_FLAGS_68: readonly [string, string][] = [
  ['P', 'G'], ['F', ' '], ['S', ' '], ['R', ' '], ['M', ' '], ['B', ' '], ['U', ' '], ['D', ' '], ['A', ' '], ['W', ' '],
  ['C', ' '], ['I', ' '], ['O', ' '], ['E', ' '], ['L', ' '], ['K', ' '], ['X', ' '], ['T', ' '], ['N', ' '],
];
export const TAINT_BAD_PAGE = 5;
export const TAINT_DIE = 7;
export const TAINT_WARN = 9;

// print_tainted(), kernel/panic.c 6.8 (2.6.25 knew only P F S R M B U D A)
export function printTainted(mask: number, kernel: KernelVersion): string {
  if (mask === 0) return 'Not tainted';
  const n = kernel === '2.6.25' ? 9 : TAINT_FLAGS_68.length;
  let s = 'Tainted: ';
  for (let i = 0; i < n; i++) s += (mask & (1 << i)) !== 0 ? TAINT_FLAGS_68[i]![0] : TAINT_FLAGS_68[i]![1];
  return s;
}

/** Everything dump_stack() needs to know about the moment. */
export interface StackContext {
  kernel: KernelVersion;
  cpu: number;
  pid: number;
  comm: string;
  tainted: string;
  release: string;
  /** Innermost first, without dump_stack itself. */
  frames: readonly { name: string; module: string | null }[];
  syms: KallSyms;
}

// dump_stack_lvl() + dump_stack_print_info(), lib/dump_stack.c 6.8; dump_stack(), arch/x86/kernel/traps_64.c 2.6.25
export function dumpStackLines(c: StackContext): string[] {
  const comm = c.comm.slice(0, 20);
  if (c.kernel === '2.6.25') {
    const out = [`Pid: ${c.pid}, comm: ${comm} ${c.tainted} ${c.release} #1`, '', 'Call Trace:'];
    for (const f of c.frames) out.push(c.syms.trace2625(f.name, f.module));
    out.push('');
    return out;
  }
  const out = [
    `CPU: ${c.cpu} PID: ${c.pid} Comm: ${comm} ${c.tainted} ${c.release} #1`,
    'Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.3-debian-1.16.3-2 04/01/2014',
    'Call Trace:',
    ' <TASK>',
    ` ${c.syms.pS('dump_stack_lvl')}`,
  ];
  for (const f of c.frames) out.push(` ${c.syms.pS(f.name, f.module)}`);
  out.push(' </TASK>');
  return out;
}

// %pGp: format_page_flags(), lib/vsprintf.c 6.8, for a slab folio (node 0, ZONES_WIDTH 2 at bit 56)
export function formatSlabPageFlags68(opts: { head: boolean; workingset: boolean; zone: number }): string {
  let flags = 1n << 11n; // PG_slab
  const names: string[] = [];
  if (opts.workingset) {
    flags |= 1n << 9n;
    names.push('workingset');
  }
  names.push('slab');
  if (opts.head) {
    flags |= 1n << 6n;
    names.push('head');
  }
  flags |= BigInt(opts.zone) << 56n;
  return `0x${flags.toString(16)}(${names.join('|')}|node=0|zone=${opts.zone})`;
}

/** page->flags as 2.6.25 printed it with %04lx: PG_slab, PG_error (SlabDebug), PG_active (frozen), PG_head. */
export function formatSlabPageFlags2625(opts: { head: boolean; debug: boolean; frozen: boolean }): string {
  let f = 1 << 7;
  if (opts.debug) f |= 1 << 1;
  if (opts.frozen) f |= 1 << 6;
  if (opts.head) f |= 1 << 14;
  return `0x${f.toString(16).padStart(4, '0')}`;
}
