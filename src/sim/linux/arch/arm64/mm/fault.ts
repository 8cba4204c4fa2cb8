// A kernel access to an address nothing maps, on arm64: do_translation_fault() -> do_bad_area() ->
// __do_kernel_fault() -> die_kernel_fault(), arch/arm64/mm/fault.c 5.19, with mem_abort_decode(),
// data_abort_decode() and show_pte(). Every address outside TTBR0's and TTBR1's ranges is a level 0
// translation fault too (there is no #GP); which level the walk stops at comes from the layout.
import type { Deps } from '../../../../machine/modules.ts';
import { inAddressRange } from '../../../../machine/layout.ts';
import { hex64 } from '../../../kernel/kallsyms.ts';

// ESR_ELx fields, arch/arm64/include/asm/esr.h 5.19
const ESR_ELx_EC_DABT_CUR = 0x25;
const ESR_ELx_IL = 1 << 25;
const ESR_ELx_WNR = 1 << 6;

/** The level the table walk found an empty entry at (FSC = 0x04 + level). */
function faultLevel(sys: Deps<'vmalloc' | 'user'>, x: bigint): number {
  const l = sys.k.layout;
  if (x < l.userEnd) return 0;
  if (x >= l.pageOffset && x < l.pageOffset + (1n << 47n)) {
    // the linear map: block mappings of RAM only; past RAM's last 1 GiB the PUD is empty
    const off = x - l.pageOffset;
    return off >> 30n > BigInt(sys.k.ramBytes - 1) >> 30n ? 1 : 2;
  }
  // vmalloc and modules: the PUDs around the image exist, PTE tables where something was mapped
  return sys.vmalloc.pmdPopulated(x) ? 3 : 2;
}

/** The ESR_EL1 of a data abort at x from EL1. */
export function dataAbortEsr(sys: Deps<'vmalloc' | 'user'>, x: bigint, write: boolean): number {
  const level = inAddressRange(sys.k.layout, x) ? faultLevel(sys, x) : 0;
  return ((ESR_ELx_EC_DABT_CUR << 26) | ESR_ELx_IL | (write ? ESR_ELx_WNR : 0) | (0x04 + level)) >>> 0;
}

// mem_abort_decode() + data_abort_decode(), arch/arm64/mm/fault.c 5.19
export function memAbortDecode(esr: number): string[] {
  const fsc = esr & 0x3f;
  const iss = esr & 0x1ffffff;
  return [
    'Mem abort info:',
    `  ESR = 0x${(esr >>> 0).toString(16).padStart(16, '0')}`,
    `  EC = 0x${(esr >>> 26).toString(16).padStart(2, '0')}: DABT (current EL), IL = ${esr & ESR_ELx_IL ? 32 : 16} bits`,
    `  SET = ${(esr >>> 11) & 3}, FnV = ${(esr >>> 10) & 1}`,
    `  EA = ${(esr >>> 9) & 1}, S1PTW = ${(esr >>> 7) & 1}`,
    `  FSC = 0x${fsc.toString(16).padStart(2, '0')}: level ${fsc - 4} translation fault`,
    'Data abort info:',
    `  ISV = ${(esr >>> 24) & 1}, ISS = 0x${iss.toString(16).padStart(8, '0')}`,
    `  CM = ${(esr >>> 8) & 1}, WnR = ${(esr >>> 6) & 1}`,
  ];
}

// show_pte(), arch/arm64/mm/fault.c 5.19: which page table, then each entry down to the empty one
export function showPte(sys: Deps<'vmalloc' | 'user'>, addr: bigint, level: number): string[] {
  const k = sys.k;
  const l = k.layout;
  const x = BigInt.asUintN(64, addr);
  const a = `[${hex64(x)}]`;
  if (!inAddressRange(l, x)) return [`${a} address between user and kernel address ranges`];
  const user = x < l.userEnd;
  if (user && !sys.user.hasMm(k.rec.ctx.task)) return [`${a} user address but active_mm is swapper`];
  // swapper_pg_dir sits in the image's data; a task's pgd is a page of its own
  const pgdp = user ? 0x0b7c2000 + (Number(BigInt.asUintN(32, BigInt(k.pids.pidOf(k.rec.ctx.task)) * 0x5000n)) % 0x100000) * 0x1000 : l.physicalStart + 0x2f5d000;
  const head = `${user ? 'user' : 'swapper'} pgtable: 4k pages, 48-bit VAs, pgdp=${pgdp.toString(16).padStart(16, '0')}`;
  const entries: string[] = [];
  const names = ['pgd', 'p4d', 'pud', 'pmd', 'pte'];
  // the table each present level points to (descriptor bits 1:0 = 0b11: a table)
  const table = (i: number): string => (0x0f7f0003 + i * 0x1000 + ((pgdp >>> 12) & 0xff) * 0x10000).toString(16).padStart(16, '0');
  // p4d is folded into pgd: it prints the same entry
  const present = level === 0 ? 0 : level + 1;
  for (let i = 0; i < names.length; i++) {
    const v = i === 1 ? entries[0]!.slice(4) : i < present ? table(i) : '0000000000000000';
    entries.push(`${names[i]}=${v}`);
    if (i >= 1 && i >= present) break;
  }
  return [head, `${a} ${entries.join(', ')}`];
}

/** die_kernel_fault()'s lines before die(): the title, the decoded ESR and the walk. */
export function dieKernelFaultHeader(sys: Deps<'vmalloc' | 'user'>, addr: bigint, write: boolean): { esr: number; lines: string[]; nullDeref: boolean } {
  const x = BigInt.asUintN(64, addr);
  // __do_kernel_fault(): addr < PAGE_SIZE is a NULL pointer dereference
  const nullDeref = x < 4096n;
  const msg = nullDeref ? 'NULL pointer dereference' : 'paging request';
  const esr = dataAbortEsr(sys, x, write);
  const level = (esr & 0x3f) - 4;
  return { esr, nullDeref, lines: [`Unable to handle kernel ${msg} at virtual address ${hex64(x)}`, ...memAbortDecode(esr), ...showPte(sys, x, level)] };
}
