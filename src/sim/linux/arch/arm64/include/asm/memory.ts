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

// 6.9 (arch/arm64/include/asm/memory.h, pgtable.h): 2 GiB of modules (since 6.5), the image and vmalloc
// above them, and the vmemmap as a projection of the linear map ending 1 GiB below the top (LPA2 rework)
const MODULES_END_6_9 = MODULES_VADDR + (2n << 30n);
const VMEMMAP_END_6_9 = 0xffffffffc0000000n;
/** VMEMMAP_START = VMEMMAP_END - ((_PAGE_END(48) - PAGE_OFFSET) >> PAGE_SHIFT) * sizeof(struct page). */
export const VMEMMAP_START_6_9 = VMEMMAP_END_6_9 - ((PAGE_END - PAGE_OFFSET) >> 12n) * 64n;
/** QEMU virt's RAM starts at 1 GiB (memstart_addr); QEMU loads the Image 2 MiB in. */
const VIRT_DRAM_BASE = 0x40000000;
const VIRT_KERNEL_OFFSET = 0x00200000;
/** _text with the seed's KASLR offset: madvise_cold_or_pageout_pte_range+0x80c is ffffb03155fe302c there. */
const SEED_001_KIMAGE = 0xffffb03155a00000n;

/** Seed 001's kernel: mm-unstable at 6.9.0-rc2-00257-g2d9f63c285db, "#128", in QEMU's virt machine with KASLR. */
export const LAYOUT_ARM64_6_9_RC2: Layout = {
  arch: 'arm64',
  kernel: '6.9-rc2',
  pageOffset: PAGE_OFFSET,
  physBase: VIRT_DRAM_BASE,
  vmallocStart: MODULES_END_6_9,
  // VMALLOC_END = VMEMMAP_START - SZ_256M
  vmallocEnd: VMEMMAP_START_6_9 - (256n << 20n) - 1n,
  vmemmapBase: VMEMMAP_START_6_9,
  startKernelMap: SEED_001_KIMAGE - BigInt(VIRT_KERNEL_OFFSET),
  physicalStart: VIRT_KERNEL_OFFSET,
  modulesVaddr: MODULES_VADDR,
  modulesEnd: MODULES_END_6_9,
  userEnd: TASK_SIZE_64,
  kernelStart: PAGE_OFFSET,
  // a debug build like 5.19's: lockdep's tables make a large bss
  imageTextFrames: 7680,
  imageDataFrames: 9728,
  lowReserved: { frames: 0, owner: 'reserved (firmware)' },
  release: '6.9.0-rc2-00257-g2d9f63c285db',
  // stand-in: a developer's cross build of mm-unstable (the thread shows the release and build number only)
  builder: 'root@localhost',
  compiler: 'aarch64-linux-gnu-gcc (Ubuntu 11.4.0-1ubuntu1~22.04) 11.4.0, GNU ld (GNU Binutils for Ubuntu) 2.38',
  build: '#128 Tue Apr  2 10:31:45 CST 2024',
  buildConfig: { CONFIG_SMP: true, CONFIG_PREEMPT: true, CONFIG_FRAME_POINTER: true },
  hardwareName: 'linux,dummy-virt (DT)',
};

/** The arm64 kernels a machine can run; the first is the default. */
export const ARM64_LAYOUTS: Partial<Readonly<Record<KernelVersion, Layout>>> = {
  '5.19': LAYOUT_ARM64_5_19,
  '6.9-rc2': LAYOUT_ARM64_6_9_RC2,
};

/** What the board's device tree and CPUs make the kernel print. */
export interface Arm64Board {
  /** "Machine model: ..." (setup_machine_fdt()). */
  model: string;
  /** First usable RAM (the memory node's start). */
  memblockStart: number;
  /** MIDR_EL1 and MPIDR_EL1 of a CPU, and the I-cache policy cpuinfo_detect_icache_policy() finds. */
  cpu(n: number): { midr: number; mpidr: number; icache: 'VIPT' | 'PIPT' };
  /** PSTATE bits kernel code runs with on these CPUs (PAN, DIT, TCO where the CPU has them). */
  pstateBits: number;
  /** GIC priority masking (irqchip.gicv3_pseudo_nmi=1): __show_regs() prints pmr_save. */
  pmrSave: number | null;
}

/** MIDR_EL1 of the RK3399's Cortex-A53 r0p4 (CPUs 0-3) and Cortex-A72 r0p2 (4-5). */
const A53_MIDR = 0x410fd034;
const A72_MIDR = 0x410fd082;

const ROCKPRO64: Arm64Board = {
  model: 'Pine64 RockPro64 v2.1',
  memblockStart: 0x00200000,
  cpu: (n) => (n >= 4 ? { midr: A72_MIDR, mpidr: 0x100 + (n - 4), icache: 'PIPT' } : { midr: A53_MIDR, mpidr: n, icache: 'VIPT' }),
  pstateBits: 0,
  pmrSave: null,
};

// PSR_PAN_BIT | PSR_DIT_BIT | PSR_TCO_BIT: QEMU's "max" CPU has PAN, DIT and MTE
const VIRT_PSTATE = (1 << 22) | (1 << 24) | (1 << 25);

/** QEMU's virt board with "-cpu max" (MIDR 0x000f0510), GICv3 pseudo-NMIs on (the seed's pmr_save: 000000e0). */
const QEMU_VIRT: Arm64Board = {
  model: 'linux,dummy-virt',
  memblockStart: VIRT_DRAM_BASE,
  cpu: (n) => ({ midr: 0x000f0510, mpidr: n, icache: 'PIPT' }),
  pstateBits: VIRT_PSTATE,
  pmrSave: 0xe0,
};

/** The board an arm64 layout runs on. */
export function arm64Board(l: Layout): Arm64Board {
  return l.kernel === '6.9-rc2' ? QEMU_VIRT : ROCKPRO64;
}
