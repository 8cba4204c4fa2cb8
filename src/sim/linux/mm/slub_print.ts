// Text the SLUB reports are made of: hex dumps and %pGp, in the 6.8 layout and the 2.6.25 one.
// (%pS, print_tainted() and dump_stack() are the kernel's own: kallsyms.ts, panic.ts, lib/dump_stack.ts.)
import type { Kernel } from '../../machine/kernel.ts';
import { formatPageFlags, pageLinks } from '../include/linux/page-flags-layout.ts';

const HEX = '0123456789abcdef';

export function hex2(b: number): string {
  return HEX[(b >> 4) & 15]! + HEX[b & 15]!;
}

/** The 16 hex digits of a 64-bit value given as two 32-bit words. */
export function hex16(lo: number, hi: number): string {
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
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

// %pGp: format_page_flags(), lib/vsprintf.c 6.8, for a slab folio; the node and zone are the frame's
export function formatSlabPageFlags68(k: Kernel, pfn: number, opts: { head: boolean; workingset: boolean }): string {
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
  return formatPageFlags(k, pfn, flags, names);
}

/** page->flags as 2.6.25 printed it with %04lx: PG_slab, PG_error (SlabDebug), PG_active (frozen), PG_head, and the node and zone bits. */
export function formatSlabPageFlags2625(k: Kernel, pfn: number, opts: { head: boolean; debug: boolean; frozen: boolean }): string {
  let f = 1 << 7;
  if (opts.debug) f |= 1 << 1;
  if (opts.frozen) f |= 1 << 6;
  if (opts.head) f |= 1 << 14;
  return `0x${(BigInt(f) | pageLinks(k, pfn)).toString(16).padStart(4, '0')}`;
}
