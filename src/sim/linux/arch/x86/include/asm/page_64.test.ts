import { describe, expect, it } from 'vitest';
import { LAYOUT_2_6_25, LAYOUT_6_8 } from './pgtable_64_types.ts';
import { isCanonical, kernelImageSize, physAddr, pfnToPageAddr, virtToPfn } from './page_64.ts';

describe('__pa() / virt_to_page() (include/asm-x86/page_64.h)', () => {
  it('maps the direct map and the kernel image to their frames', () => {
    expect(physAddr(LAYOUT_2_6_25, 0xffff81002003f0e0n)).toEqual({ phys: 0x2003f0e0n, virtualBug: null });
    expect(physAddr(LAYOUT_2_6_25, 0xffffffff802a7b3cn)).toEqual({ phys: 0x2a7b3cn, virtualBug: null });
    expect(physAddr(LAYOUT_6_8, 0xffff888003a1c040n)).toEqual({ phys: 0x3a1c040n, virtualBug: null });
  });

  it('turns a 2.6.25 module address into a frame at 128 MiB: the bug of seed 002', () => {
    // 0xffffffff8803a1c4 - __START_KERNEL_map = 0x0803a1c4
    expect(physAddr(LAYOUT_2_6_25, 0xffffffff8803a1c4n).phys).toBe(0x0803a1c4n);
    expect(virtToPfn(LAYOUT_2_6_25, 0xffffffff8803a1c4n)).toBe(0x803an);
    expect(pfnToPageAddr(LAYOUT_2_6_25, 0x803an)).toBe(0xffffe20000000000n + 0x803an * 56n);
  });

  it('names the VIRTUAL_BUG_ON() a module address trips with CONFIG_DEBUG_VIRTUAL', () => {
    expect(kernelImageSize(LAYOUT_2_6_25)).toBe(128n << 20n);
    expect(physAddr(LAYOUT_2_6_25, LAYOUT_2_6_25.modulesVaddr).virtualBug).toBe('arch/x86/mm/ioremap.c:35');
    expect(physAddr(LAYOUT_2_6_25, LAYOUT_2_6_25.modulesVaddr - 1n).virtualBug).toBeNull();
    expect(physAddr(LAYOUT_6_8, 0xffffffffc0123456n).virtualBug).toBe('arch/x86/mm/physaddr.c:23');
    // a vmalloc address is beyond x86_phys_bits once PAGE_OFFSET is subtracted
    expect(physAddr(LAYOUT_2_6_25, 0xffffc20000001000n).virtualBug).toBe('arch/x86/mm/ioremap.c:40');
    expect(physAddr(LAYOUT_2_6_25, 0x1000n).virtualBug).toBe('arch/x86/mm/ioremap.c:38');
  });

  it('knows canonical addresses', () => {
    expect(isCanonical(0xffff81f02003f16cn)).toBe(true);
    expect(isCanonical(0xfffff0002004c1b0n)).toBe(true);
    expect(isCanonical(0xfff0810023444c98n)).toBe(false);
    expect(isCanonical(0x00f0000000000000n)).toBe(false);
    expect(isCanonical(0x110n)).toBe(true);
  });
});
