// __pa() / virt_to_page() on x86-64: include/asm-x86/page_64.h + __phys_addr() of
// arch/x86/mm/ioremap.c (2.6.25) and arch/x86/mm/physaddr.c (6.8).
import { kernelSince } from '../../../../include/generated/uapi/linux/version.ts';
import { PAGE_SHIFT } from '../../../../../engine/cow.ts';
import type { X86Layout } from './pgtable_64_types.ts';

/** KERNEL_IMAGE_SIZE: 128 MB in 2.6.25 (level2_kernel_pgt), 1 GB in 6.8 (CONFIG_RANDOMIZE_BASE). */
export function kernelImageSize(l: X86Layout): bigint {
  return !kernelSince(l.kernel, '2.6.26') ? 128n << 20n : 1n << 30n;
}

/** phys_base: where the kernel really loaded relative to where it was linked (0 here, no relocation). */
export const PHYS_BASE = 0n;

/** x86_phys_bits of the simulated CPU (the nx6325's Turion 64 X2: 40). */
export const X86_PHYS_BITS = 40n;

export interface PhysAddr {
  /** The physical address the arithmetic yields; may be far beyond RAM, or negative for nonsense input. */
  phys: bigint;
  /** With CONFIG_DEBUG_VIRTUAL: the VIRTUAL_BUG_ON() that fires, as "file:line"; null when none does. */
  virtualBug: string | null;
}

// __phys_addr(), arch/x86/mm/ioremap.c 2.6.25 (with the CONFIG_DEBUG_VIRTUAL checks of 2.6.27) / physaddr.c 6.8
export function physAddr(l: X86Layout, va: bigint): PhysAddr {
  const v68 = kernelSince(l.kernel, '2.6.26');
  const x = BigInt.asUintN(64, va);
  if (x >= l.startKernelMap) {
    const y = x - l.startKernelMap;
    // VIRTUAL_BUG_ON(x >= KERNEL_IMAGE_SIZE): a module address is not in the kernel image
    const bad = y >= kernelImageSize(l);
    return { phys: y + PHYS_BASE, virtualBug: bad ? (v68 ? 'arch/x86/mm/physaddr.c:23' : 'arch/x86/mm/ioremap.c:35') : null };
  }
  const y = x - l.pageOffset;
  // VIRTUAL_BUG_ON(x < PAGE_OFFSET), then VIRTUAL_BUG_ON(!phys_addr_valid(x))
  if (x < l.pageOffset) return { phys: y, virtualBug: v68 ? 'arch/x86/mm/physaddr.c:28' : 'arch/x86/mm/ioremap.c:38' };
  if (y >= 1n << X86_PHYS_BITS) return { phys: y, virtualBug: v68 ? 'arch/x86/mm/physaddr.c:28' : 'arch/x86/mm/ioremap.c:40' };
  return { phys: y, virtualBug: null };
}

// virt_to_page(), include/asm-x86/page_64.h: pfn_to_page(__pa(kaddr) >> PAGE_SHIFT); any address gets a "page"
export function virtToPfn(l: X86Layout, va: bigint): bigint {
  return physAddr(l, va).phys >> BigInt(PAGE_SHIFT);
}

/** sizeof(struct page) on x86-64: 56 in 2.6.25, 64 in 6.8. */
export function structPageSize(l: X86Layout): bigint {
  return !kernelSince(l.kernel, '2.6.26') ? 56n : 64n;
}

/** The struct page pointer of a pfn in the vmemmap (SPARSEMEM_VMEMMAP), as a page pointer prints. */
export function pfnToPageAddr(l: X86Layout, pfn: bigint): bigint {
  return BigInt.asUintN(64, l.vmemmapBase + pfn * structPageSize(l));
}

/** Canonical x86-64 address: bits 63..47 all equal. */
export function isCanonical(va: bigint): boolean {
  const top = BigInt.asUintN(64, va) >> 47n;
  return top === 0n || top === 0x1ffffn;
}
