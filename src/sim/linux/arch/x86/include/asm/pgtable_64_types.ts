// x86-64 virtual memory layout: Documentation/arch/x86/x86_64/mm.rst (6.8; 5.10's is the same
// 4-level layout) and include/asm-x86/page_64.h + pgtable_64.h (2.6.25).

export type KernelVersion = '6.8' | '5.15' | '5.14-rc1' | '5.10' | '2.6.25';

export interface X86Layout {
  kernel: KernelVersion;
  /** PAGE_OFFSET: start of the direct mapping of all physical memory. */
  pageOffset: bigint;
  vmallocStart: bigint;
  vmallocEnd: bigint;
  vmemmapBase: bigint;
  /** __START_KERNEL_map: kernel text mapping, virtual address of physical 0. */
  startKernelMap: bigint;
  /** Physical load address of the kernel image (_text). */
  physicalStart: number;
  modulesVaddr: bigint;
  modulesEnd: bigint;
  /** Version line pieces: UTS_RELEASE, LINUX_COMPILER and UTS_VERSION of the build. */
  release: string;
  compiler: string;
  build: string;
}

export const LAYOUT_6_8: X86Layout = {
  kernel: '6.8',
  pageOffset: 0xffff888000000000n,
  vmallocStart: 0xffffc90000000000n,
  vmallocEnd: 0xffffe8ffffffffffn,
  vmemmapBase: 0xffffea0000000000n,
  startKernelMap: 0xffffffff80000000n,
  physicalStart: 0x1000000,
  modulesVaddr: 0xffffffffc0000000n,
  modulesEnd: 0xffffffffff000000n,
  release: '6.8.0-kernscope',
  compiler: 'gcc (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40',
  build: '#1 SMP PREEMPT_DYNAMIC Thu Mar 14 12:00:00 UTC 2024',
};

/** Debian 11's 5.10 kernel (the nouveau suspend thread ran 5.10.84/5.10.87 built from its config). */
export const LAYOUT_5_10: X86Layout = {
  ...LAYOUT_6_8,
  kernel: '5.10',
  release: '5.10.0-10-amd64',
  compiler: 'gcc-10 (Debian 10.2.1-6) 10.2.1 20210110, GNU ld (GNU Binutils for Debian) 2.35.2',
  build: '#1 SMP Debian 5.10.84-1 (2021-12-08)',
};

/** 5.15 (the page_pool fragment API, net/core/page_pool.c): the 5.10 layout. */
export const LAYOUT_5_15: X86Layout = {
  ...LAYOUT_5_10,
  kernel: '5.15',
  release: '5.15.0-kernscope',
  build: '#1 SMP Mon Nov 1 12:00:00 UTC 2021',
};

/** 5.14-rc1 (net-next of July 2021: skb recycling without the fragment API): the 5.10 layout. */
export const LAYOUT_5_14_RC1: X86Layout = {
  ...LAYOUT_5_10,
  kernel: '5.14-rc1',
  release: '5.14.0-rc1-kernscope',
  build: '#1 SMP Sun Jul 11 12:00:00 UTC 2021',
};

export const LAYOUT_2_6_25: X86Layout = {
  kernel: '2.6.25',
  pageOffset: 0xffff810000000000n,
  vmallocStart: 0xffffc20000000000n,
  vmallocEnd: 0xffffe1ffffffffffn,
  vmemmapBase: 0xffffe20000000000n,
  startKernelMap: 0xffffffff80000000n,
  physicalStart: 0x200000,
  modulesVaddr: 0xffffffff88000000n,
  modulesEnd: 0xfffffffffff00000n,
  release: '2.6.25-kernscope',
  compiler: 'gcc version 4.3.0 (Debian 4.3.0-3)',
  build: '#1 SMP PREEMPT Thu Apr 17 19:42:10 CEST 2008',
};

export function layoutFor(kernel: KernelVersion): X86Layout {
  return kernel === '2.6.25' ? LAYOUT_2_6_25 : kernel === '5.10' ? LAYOUT_5_10 : kernel === '5.15' ? LAYOUT_5_15 : kernel === '5.14-rc1' ? LAYOUT_5_14_RC1 : LAYOUT_6_8;
}

/** __va(): direct-map virtual address of a physical address. */
export function physToVirt(l: X86Layout, phys: number): bigint {
  return l.pageOffset + BigInt(phys);
}

/** __pa() for a direct-map address; null when the address is not in the direct map of `ramBytes`. */
export function directMapToPhys(l: X86Layout, va: bigint, ramBytes: number): number | null {
  const off = va - l.pageOffset;
  if (off < 0n || off >= BigInt(ramBytes)) return null;
  return Number(off);
}

/** High and low 32-bit words of the direct-map address of phys (PAGE_OFFSET has zero low bits). */
export function directMapWords(l: X86Layout, phys: number): [number, number] {
  const hiBase = Number(l.pageOffset >> 32n);
  return [phys % 0x100000000, hiBase + Math.floor(phys / 0x100000000)];
}

/** Inverse of directMapWords, without BigInt: the hot path of free-pointer decoding. */
export function wordsToPhys(l: X86Layout, lo: number, hi: number, ramBytes: number): number | null {
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
