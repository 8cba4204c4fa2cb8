// pfn_to_page() with CONFIG_SPARSEMEM_VMEMMAP, include/asm-generic/memory_model.h: the struct page of a
// frame is vmemmap + pfn. x86-64's vmemmap starts at physical frame 0 (VMEMMAP_START, 2.6.25's mem_map
// at 0xffffe20000000000 with a 56-byte struct page); arm64's is offset by memstart_addr, so a frame's
// struct page sits at VMEMMAP_START + its index in the linear map. The machine's frames count from its
// first RAM frame (Layout.physBase), which is both.
import type { Layout } from '../../../machine/layout.ts';
import { kernelSince } from '../generated/uapi/linux/version.ts';

/** sizeof(struct page): 64 bytes on 64-bit kernels since 2.6.26 ... 6.x, 56 on 2.6.25 x86-64 (no separate _refcount padding). */
export function structPageSize(l: Layout): number {
  return kernelSince(l.kernel, '2.6.26') ? 64 : 56;
}

/** pfn_to_page(): the struct page address of the machine's frame `frame`. */
export function pfnToPage(l: Layout, frame: number): bigint {
  return l.vmemmapBase + BigInt(frame * structPageSize(l));
}

/** The page frame number the kernel prints for the machine's frame `frame` (PHYS_PFN_OFFSET added). */
export function framePfn(l: Layout, frame: number): number {
  return frame + Math.floor((l.physBase ?? 0) / 4096);
}
