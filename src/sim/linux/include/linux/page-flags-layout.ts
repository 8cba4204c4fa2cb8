// Where a frame's zone and node sit in page->flags: include/linux/page-flags-layout.h (2.6.25: include/linux/mm.h)
// with page_zonenum() and page_to_nid(). x86-64 and arm64 use SPARSEMEM_VMEMMAP, so no section bits: the node
// (NODES_SHIFT 6, the distribution configs') takes the top bits and the zone (ZONES_SHIFT 2) the two below them.
// The zone follows from the frame's physical address and the machine's zones; the machine has one node, 0.
import type { Kernel } from '../../../machine/kernel.ts';

export const ZONE_DMA = 0;
export const ZONE_DMA32 = 1;
export const ZONE_NORMAL = 2;

const NODES_SHIFT = 6;
const ZONES_SHIFT = 2;
const NODES_PGSHIFT = 64n - BigInt(NODES_SHIFT);
const ZONES_PGSHIFT = NODES_PGSHIFT - BigInt(ZONES_SHIFT);

/** The zone a frame belongs to: zone_sizes_init(), arch/x86/mm/init.c (MAX_DMA_PFN 16 MiB, MAX_DMA32_PFN 4 GiB) and arch/arm64/mm/init.c 5.19 (ZONE_DMA up to 4 GiB). */
export function pageZonenum(k: Kernel, pfn: number): number {
  const phys = pfn * 4096;
  if (k.layout.arch === 'arm64') return phys < 2 ** 32 ? ZONE_DMA : ZONE_NORMAL;
  if (phys < 16 << 20) return ZONE_DMA;
  return phys < 2 ** 32 ? ZONE_DMA32 : ZONE_NORMAL;
}

/** page_to_nid(): the machine is one NUMA node. */
export function pageToNid(_k: Kernel, _pfn: number): number {
  return 0;
}

/** The node and zone bits of page->flags for a frame, as set_page_links() stores them. */
export function pageLinks(k: Kernel, pfn: number): bigint {
  return (BigInt(pageToNid(k, pfn)) << NODES_PGSHIFT) | (BigInt(pageZonenum(k, pfn)) << ZONES_PGSHIFT);
}

/** What %pGp (format_page_flags(), lib/vsprintf.c 5.14+) prints for `names` set on the frame: "0x...(slab|head|node=0|zone=1)". */
export function formatPageFlags(k: Kernel, pfn: number, bits: bigint, names: readonly string[]): string {
  const v = bits | pageLinks(k, pfn);
  return `0x${v.toString(16)}(${[...names, `node=${pageToNid(k, pfn)}`, `zone=${pageZonenum(k, pfn)}`].join('|')})`;
}
