// x86-64 virtual memory layout: Documentation/arch/x86/x86_64/mm.rst (6.8; 5.10's and 5.19's are the
// same 4-level layout) and include/asm-x86/page_64.h + pgtable_64.h (2.6.25). The linear-map helpers
// below hold on arm64 too (PAGE_OFFSET + phys, PHYS_OFFSET 0), so they take any Layout.

import type { KernelVersion, Layout } from '../../../../../machine/layout.ts';

export type { KernelVersion } from '../../../../../machine/layout.ts';

/** The x86-64 instance of the machine's layout (kept as a name: x86 models take one). */
export type X86Layout = Layout;

/** dump_stack_arch_desc_str, set by dmi_setup(): the machine the 6.8 runs pretend to be. */
const QEMU_I440FX = 'QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.3-debian-1.16.3-2 04/01/2014';

export const LAYOUT_6_8: X86Layout = {
  arch: 'x86_64',
  kernel: '6.8',
  pageOffset: 0xffff888000000000n,
  vmallocStart: 0xffffc90000000000n,
  vmallocEnd: 0xffffe8ffffffffffn,
  vmemmapBase: 0xffffea0000000000n,
  startKernelMap: 0xffffffff80000000n,
  physicalStart: 0x1000000,
  modulesVaddr: 0xffffffffc0000000n,
  modulesEnd: 0xffffffffff000000n,
  userEnd: 0x0000800000000000n,
  kernelStart: 0xffff800000000000n,
  imageTextFrames: 3584,
  imageDataFrames: 2560,
  lowReserved: { frames: 256, owner: 'reserved (BIOS)' },
  hardwareName: QEMU_I440FX,
  // stand-in: Debian's 6.8 package (trixie, mid 2024) in a QEMU guest; Debian's config: PREEMPT_DYNAMIC, no frame pointers (ORC)
  release: '6.8.12-amd64',
  builder: 'debian-kernel@lists.debian.org',
  compiler: 'x86_64-linux-gnu-gcc-13 (Debian 13.2.0-25) 13.2.0, GNU ld (GNU Binutils for Debian) 2.42',
  build: '#1 Debian 6.8.12-1 (2024-05-31)',
  buildConfig: { CONFIG_SMP: true, CONFIG_PREEMPT_DYNAMIC: true, CONFIG_FRAME_POINTER: false },
};

/** Debian 11's 5.10 kernel (the nouveau suspend thread ran 5.10.84/5.10.87 built from its config). */
export const LAYOUT_5_10: X86Layout = {
  ...LAYOUT_6_8,
  kernel: '5.10',
  release: '5.10.0-10-amd64',
  builder: 'debian-kernel@lists.debian.org',
  compiler: 'gcc-10 (Debian 10.2.1-6) 10.2.1 20210110, GNU ld (GNU Binutils for Debian) 2.35.2',
  build: '#1 Debian 5.10.84-1 (2021-12-08)',
  // Debian 11: PREEMPT_VOLUNTARY (no "PREEMPT" in the version), ORC
  buildConfig: { CONFIG_SMP: true, CONFIG_PREEMPT: false, CONFIG_FRAME_POINTER: false },
};

/** 5.15 (the page_pool fragment API, net/core/page_pool.c): the 5.10 layout; stand-in: Ubuntu 22.04's kernel. */
export const LAYOUT_5_15: X86Layout = {
  ...LAYOUT_5_10,
  kernel: '5.15',
  release: '5.15.0-25-generic',
  builder: 'buildd@ubuntu',
  compiler: 'gcc (Ubuntu 11.2.0-19ubuntu1) 11.2.0, GNU ld (GNU Binutils for Ubuntu) 2.38',
  build: '#25-Ubuntu Wed Mar 30 15:54:22 UTC 2022',
};

/** 5.14-rc1 (net-next of July 2021: skb recycling without the fragment API): the 5.10 layout. */
export const LAYOUT_5_14_RC1: X86Layout = {
  ...LAYOUT_5_10,
  kernel: '5.14-rc1',
  // stand-in: a developer's build of net-next (localversion "+" of a tree past the tag)
  release: '5.14.0-rc1+',
  builder: 'root@localhost',
  compiler: 'gcc (GCC) 11.1.1 20210531 (Red Hat 11.1.1-3), GNU ld version 2.35.2-3.fc34',
  build: '#1 Mon Jul 12 10:21:43 CEST 2021',
};

/** The seed kernel of the Panfrost shrinker thread (5.19.0-rc3+), built for x86-64: 6.8's layout. */
export const LAYOUT_5_19: X86Layout = {
  ...LAYOUT_6_8,
  kernel: '5.19',
  release: '5.19.0-rc3+',
  builder: 'root@localhost',
  compiler: 'gcc (Debian 11.3.0-3) 11.3.0, GNU ld (GNU Binutils for Debian) 2.38',
  build: '#400 Tue Jun 28 11:02:17 BST 2022',
  buildConfig: { CONFIG_SMP: true, CONFIG_PREEMPT_DYNAMIC: true, CONFIG_FRAME_POINTER: false },
};

/**
 * Seed 001's mm-unstable tree (6.9.0-rc2-00257-g2d9f63c285db) built for an x86-64 QEMU guest: 6.8's layout.
 * The seed ran it on arm64; the same commit built here gets the same release, a build count of its own.
 */
export const LAYOUT_6_9_RC2: X86Layout = {
  ...LAYOUT_6_8,
  kernel: '6.9-rc2',
  release: '6.9.0-rc2-00257-g2d9f63c285db',
  builder: 'root@localhost',
  compiler: 'gcc (GCC) 13.2.1 20240316 (Red Hat 13.2.1-7), GNU ld version 2.40-14.fc39',
  build: '#3 Tue Apr  2 11:07:52 CST 2024',
  // a developer's debug config: full preemption, frame pointers off (ORC)
  buildConfig: { CONFIG_SMP: true, CONFIG_PREEMPT: true, CONFIG_PREEMPT_DYNAMIC: true, CONFIG_FRAME_POINTER: false },
};

export const LAYOUT_2_6_25: X86Layout = {
  arch: 'x86_64',
  kernel: '2.6.25',
  pageOffset: 0xffff810000000000n,
  vmallocStart: 0xffffc20000000000n,
  vmallocEnd: 0xffffe1ffffffffffn,
  vmemmapBase: 0xffffe20000000000n,
  startKernelMap: 0xffffffff80000000n,
  physicalStart: 0x200000,
  modulesVaddr: 0xffffffff88000000n,
  modulesEnd: 0xfffffffffff00000n,
  userEnd: 0x0000800000000000n,
  kernelStart: 0xffff800000000000n,
  imageTextFrames: 768,
  imageDataFrames: 512,
  lowReserved: { frames: 256, owner: 'reserved (BIOS)' },
  hardwareName: QEMU_I440FX,
  // Rafael's HP nx6325 of the 2.6.25-git2 paging-request thread: "2.6.25 #401", "Oops: 0000 [1] SMP"; the
  // builder, compiler (openSUSE 10.3's) and date are stand-ins. 2.6.25's x86-64 defconfig has frame pointers.
  release: '2.6.25',
  builder: 'root@localhost',
  compiler: 'gcc version 4.2.1 (SUSE Linux)',
  build: '#401 Sun Apr 20 11:38:51 CEST 2008',
  buildConfig: { CONFIG_SMP: true, CONFIG_PREEMPT: false, CONFIG_FRAME_POINTER: true },
};

/** The x86-64 kernels a machine can run: adding one is its layout and a line here. */
export const X86_LAYOUTS: Partial<Readonly<Record<KernelVersion, X86Layout>>> = {
  '6.8': LAYOUT_6_8,
  '5.10': LAYOUT_5_10,
  '5.15': LAYOUT_5_15,
  '5.14-rc1': LAYOUT_5_14_RC1,
  '5.19': LAYOUT_5_19,
  '2.6.25': LAYOUT_2_6_25,
  '6.9-rc2': LAYOUT_6_9_RC2,
};

/** __va(): direct-map virtual address of a physical address. */
export function physToVirt(l: Layout, phys: number): bigint {
  return l.pageOffset + BigInt(phys);
}

/** __pa() for a direct-map address; null when the address is not in the direct map of `ramBytes`. */
export function directMapToPhys(l: Layout, va: bigint, ramBytes: number): number | null {
  const off = va - l.pageOffset;
  if (off < 0n || off >= BigInt(ramBytes)) return null;
  return Number(off);
}

/** High and low 32-bit words of the direct-map address of phys (PAGE_OFFSET has zero low bits). */
export function directMapWords(l: Layout, phys: number): [number, number] {
  const hiBase = Number(l.pageOffset >> 32n);
  return [phys % 0x100000000, hiBase + Math.floor(phys / 0x100000000)];
}

/** Inverse of directMapWords, without BigInt: the hot path of free-pointer decoding. */
export function wordsToPhys(l: Layout, lo: number, hi: number, ramBytes: number): number | null {
  const hiBase = Number(l.pageOffset >> 32n);
  const hiOff = hi - hiBase;
  if (hiOff < 0 || hiOff > 0xffff) return null;
  const phys = hiOff * 0x100000000 + lo;
  return phys < ramBytes ? phys : null;
}

export function hex(v: bigint | number, width = 16): string {
  return '0x' + v.toString(16).padStart(width, '0');
}

export function wordsToBig(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}
