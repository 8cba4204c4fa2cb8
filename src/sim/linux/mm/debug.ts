// __dump_page(), mm/debug.c 5.14: the struct page line, the flags with their node/zone/lastcpupid
// fields, the 64 bytes of struct page as "raw:" words, the reason.
import { KERN_WARNING } from '../../engine/recorder.ts';
import type { Kernel } from '../../machine/kernel.ts';
import { F_FLAGS, F_MAPCOUNT, F_REFCOUNT, PG_buddy } from '../include/linux/mm_types.ts';
import { framePfn, pfnToPage } from '../include/asm-generic/memory_model.ts';

// LIST_POISON1/2 with CONFIG_ILLEGAL_POINTER_VALUE 0xdead000000000000: list_del() of the buddy list
const LIST_POISON1 = 0xdead000000000100n;
const LIST_POISON2 = 0xdead000000000122n;
// x86_64 page->flags layout (SPARSEMEM_VMEMMAP, NODES_SHIFT 10): lastcpupid at bit 30 (21 bits), zone at 51
const LAST_CPUPID_PGSHIFT = 30n;
const LAST_CPUPID_MASK = 0x1fffffn;
const ZONES_PGSHIFT = 51n;
const ZONE_DMA32_START_PFN = 0x1000;
const ZONE_NORMAL_START_PFN = 0x100000;

/** The struct page of a frame in vmemmap (pfn_to_page()). */
export function structPageAddr(k: Kernel, pfn: number): bigint {
  return pfnToPage(k.layout, pfn);
}

/** ZONE_DMA, ZONE_DMA32 or ZONE_NORMAL by the frame's physical address, as x86_64 places them. */
export function pageZone(pfn: number): number {
  return pfn < ZONE_DMA32_START_PFN ? 0 : pfn < ZONE_NORMAL_START_PFN ? 1 : 2;
}

/** page->flags as the kernel stores it: no page flag bits set plus node 0, the zone and an unset lastcpupid. */
export function pageFlagsWord(pfn: number): bigint {
  return (BigInt(pageZone(pfn)) << ZONES_PGSHIFT) | (LAST_CPUPID_MASK << LAST_CPUPID_PGSHIFT);
}

const hex16 = (v: bigint): string => BigInt.asUintN(64, v).toString(16).padStart(16, '0');

// __dump_page(), mm/debug.c 5.14, for a page that is neither anon nor file nor compound
export function dumpPage(k: Kernel, pfn: number, reason: string): void {
  const refcount = k.pages.get(pfn, F_REFCOUNT);
  // page_mapcount(): _mapcount + 1; a page still marked PageBuddy reads its page type there
  const mapcount = k.pages.get(pfn, F_MAPCOUNT);
  const flags = pageFlagsWord(pfn);
  k.printk(KERN_WARNING, `page:${hex16(structPageAddr(k, pfn))} refcount:${refcount} mapcount:${mapcount} mapping:0000000000000000 index:0x0 pfn:0x${framePfn(k.layout, pfn).toString(16)}`);
  k.printk(KERN_WARNING, `flags: 0x${flags.toString(16)}(node=0|zone=${pageZone(pfn)}|lastcpupid=0x${LAST_CPUPID_MASK.toString(16)})`);
  // the words of struct page: flags, lru (poisoned by the free list's list_del()), mapping, index, private, _mapcount|_refcount, memcg_data
  const buddy = (k.pages.get(pfn, F_FLAGS) & PG_buddy) !== 0;
  const counts = (BigInt.asUintN(32, BigInt(refcount)) << 32n) | BigInt.asUintN(32, BigInt(mapcount - 1));
  const words = [flags, buddy ? 0n : LIST_POISON1, buddy ? 0n : LIST_POISON2, 0n, 0n, 0n, counts, 0n];
  k.printk(KERN_WARNING, `raw: ${words.slice(0, 4).map(hex16).join(' ')}`);
  k.printk(KERN_WARNING, `raw: ${words.slice(4).map(hex16).join(' ')}`);
  k.printk(KERN_WARNING, `page dumped because: ${reason}`);
}
