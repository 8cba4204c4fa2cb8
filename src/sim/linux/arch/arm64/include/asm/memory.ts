// arm64 virtual memory layout with 4K pages and 48-bit VAs: arch/arm64/include/asm/memory.h and
// Documentation/arm64/memory.rst, 5.19. The machine is a Pine64 RockPro64 v2.1 (RK3399: Mali-T860,
// driven by Panfrost), the kind of board the Panfrost shrinker thread's splat came from.
import type { KernelVersion, Layout } from '../../../../../machine/layout.ts';

/** PAGE_OFFSET = -(1 << VA_BITS): the linear map, up to PAGE_END = -(1 << (VA_BITS - 1)). */
export const PAGE_OFFSET = 0xffff000000000000n;
export const PAGE_END = 0xffff800000000000n;
/** MODULES_VADDR = _PAGE_END(VA_BITS_MIN), 128 MiB of modules (MODULES_VSIZE). */
export const MODULES_VADDR = 0xffff800000000000n;
export const MODULES_END = MODULES_VADDR + (128n << 20n);
/** KIMAGE_VADDR = MODULES_END: _text links here (no KASLR). */
export const KIMAGE_VADDR = MODULES_END;
/** vmalloc from MODULES_END up to the fixmap/PCI I/O hole below the vmemmap (VMALLOC_END, pgtable.h). */
export const VMALLOC_START = MODULES_END;
export const VMALLOC_END = 0xfffffbffefffffffn;
/** FIXADDR_TOP - 224 MiB of fixed mappings, then 16 MiB of PCI I/O space (PCI_IO_START). */
export const FIXADDR_START = 0xfffffbfff0000000n;
export const PCI_IO_START = 0xfffffbfffe800000n;
/** VMEMMAP_START = -(1 << (VA_BITS - VMEMMAP_SHIFT)); vmemmap itself, since memstart_addr is 0. */
export const VMEMMAP_START = 0xfffffc0000000000n;
/** TASK_SIZE_64 = 1 << VA_BITS. */
export const TASK_SIZE_64 = 0x0001000000000000n;

// RK3399's DRAM starts at 0, but its device trees' memory node starts at 0x00200000: the first 2 MiB
// hold the secure firmware (TF-A's BL31), so memstart_addr rounds down to 0 and PHYS_OFFSET is 0.
// U-Boot's booti moves the Image from kernel_addr_r (0x02080000) up to the next 2 MiB boundary.
const RK3399_KERNEL_PHYS = 0x02200000;

/** The Panfrost shrinker thread's kernel: "5.19.0-rc3+ #400", SMP PREEMPT, lockdep on. */
export const LAYOUT_ARM64_5_19: Layout = {
  arch: 'arm64',
  kernel: '5.19',
  pageOffset: PAGE_OFFSET,
  vmallocStart: VMALLOC_START,
  vmallocEnd: VMALLOC_END,
  vmemmapBase: VMEMMAP_START,
  // kimage_voffset = KIMAGE_VADDR - the image's physical address
  startKernelMap: KIMAGE_VADDR - BigInt(RK3399_KERNEL_PHYS),
  physicalStart: RK3399_KERNEL_PHYS,
  modulesVaddr: MODULES_VADDR,
  modulesEnd: MODULES_END,
  userEnd: TASK_SIZE_64,
  kernelStart: PAGE_OFFSET,
  // a debug build: 30 MiB of text, then data and a large bss (lockdep's tables) up to _end at +68 MiB,
  // so that fs_reclaim's lockdep map lands at ffff80000c14b820 like in the seed's splat
  imageTextFrames: 7680,
  imageDataFrames: 9728,
  lowReserved: { frames: 512, owner: 'reserved (BL31 secure firmware)' },
  release: '5.19.0-rc3+',
  // stand-in: a developer's cross build (the thread shows the release and build number only)
  builder: 'root@localhost',
  compiler: 'aarch64-linux-gnu-gcc (Ubuntu 11.2.0-17ubuntu1) 11.2.0, GNU ld (GNU Binutils for Ubuntu) 2.38',
  build: '#400 Tue Jun 28 11:02:17 BST 2022',
  buildConfig: { CONFIG_SMP: true, CONFIG_PREEMPT: true, CONFIG_FRAME_POINTER: true },
  hardwareName: 'Pine64 RockPro64 v2.1 (DT)',
};

/** The arm64 kernels a machine can run. */
export const ARM64_LAYOUTS: Partial<Readonly<Record<KernelVersion, Layout>>> = {
  '5.19': LAYOUT_ARM64_5_19,
};

/** Machine model of the device tree ("Machine model: ...", setup_machine_fdt()). */
export const MACHINE_MODEL = 'Pine64 RockPro64 v2.1';

/** MIDR_EL1 of the boot CPU: RK3399's CPU 0 is a Cortex-A53 r0p4. */
export const BOOT_CPU_MIDR = 0x410fd034;
