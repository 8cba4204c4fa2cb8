// The kernel's virtual memory layout of the machine, whatever its architecture: every model asks
// this (where the linear map, the image, vmalloc and modules are; which release prints) instead
// of testing the architecture. The instances live at the kernel's paths: x86-64 in
// arch/x86/include/asm/pgtable_64_types.ts, arm64 in arch/arm64/include/asm/memory.ts.

import { kernelSince } from '../linux/include/generated/uapi/linux/version.ts';
import { X86_LAYOUTS } from '../linux/arch/x86/include/asm/pgtable_64_types.ts';
import { ARM64_LAYOUTS } from '../linux/arch/arm64/include/asm/memory.ts';
import { ARM64_6_9_DUMP_STACK_FRAMES, ARM64_DUMP_STACK_FRAMES, ARM64_INIT_ENTRY, ARM64_KTHREAD_ENTRY, ARM64_SYSCALL_ENTRY, ARM64_USER_FAULT_ENTRY } from '../linux/arch/arm64/kernel/vmlinux_syms.ts';

export type Arch = 'x86_64' | 'arm64';

/** Every kernel version some machine runs; which arch runs which is its layout table (X86_LAYOUTS, ARM64_LAYOUTS). */
export type KernelVersion = '6.8' | '5.10' | '5.14-rc1' | '5.15' | '2.6.25' | '5.19' | '6.9-rc2';

export interface Layout {
  arch: Arch;
  kernel: KernelVersion;
  /** PAGE_OFFSET: start of the linear (direct) map; the first frame of RAM maps here. */
  pageOffset: bigint;
  /**
   * Physical address of the machine's first frame (PHYS_OFFSET, memstart_addr): 0 on the PCs and the RK3399,
   * 0x40000000 on QEMU's arm64 virt board. Frames count from it; only printed physical addresses and PFNs add it.
   */
  physBase?: number;
  vmallocStart: bigint;
  vmallocEnd: bigint;
  vmemmapBase: bigint;
  /** Virtual address of physical 0 through the kernel image mapping: __START_KERNEL_map on x86, kimage_voffset on arm64. */
  startKernelMap: bigint;
  /** Physical load address of the kernel image (_text). */
  physicalStart: number;
  modulesVaddr: bigint;
  modulesEnd: bigint;
  /** Addresses below this are user space (TASK_SIZE_MAX, rounded to the VA size). */
  userEnd: bigint;
  /** The lowest kernel address (x86: the canonical upper half; arm64: TTBR1's range, PAGE_OFFSET). */
  kernelStart: bigint;
  /** Frames of .text and of data+bss the image reserves at boot. */
  imageTextFrames: number;
  imageDataFrames: number;
  /** Frames below the first usable RAM (BIOS area, secure firmware) and who owns them. */
  lowReserved: { frames: number; owner: string };
  /**
   * Version line pieces: UTS_RELEASE, LINUX_COMPILE_BY@LINUX_COMPILE_HOST, LINUX_COMPILER, and UTS_VERSION
   * without its configuration words ("#1 Debian 6.8.12-1 (2024-05-31)"): utsVersion() inserts "SMP PREEMPT..."
   * from the machine's configuration after the build number. Stand-ins modeled on the seed threads' machines.
   */
  release: string;
  builder: string;
  compiler: string;
  build: string;
  /** The build options of this kernel as its distribution or its developer built it (CONFIG_SMP, CONFIG_PREEMPT, ...). */
  buildConfig: Readonly<Record<string, boolean>>;
  /** dump_stack_arch_desc_str: DMI on x86, the device tree's model with " (DT)" on arm64. */
  hardwareName: string;
}

/** In the user or the kernel half: x86-64's canonical addresses, arm64's TTBR0/TTBR1 ranges. */
export function inAddressRange(l: Layout, va: bigint): boolean {
  const x = BigInt.asUintN(64, va);
  return x < l.userEnd || x >= l.kernelStart;
}

/** An access to va raises x86-64's general protection fault (a non-canonical address), not a page fault. */
export function generalProtection(l: Layout, va: bigint): boolean {
  return l.arch === 'x86_64' && !inAddressRange(l, va);
}

/**
 * UTS_VERSION as scripts/mkcompile_h (2.6.25) and init/Makefile (6.8) build it: the build number, then
 * "SMP" with CONFIG_SMP and "PREEMPT_DYNAMIC", "PREEMPT_RT" or "PREEMPT" with the preemption model, then the date.
 */
export function utsVersion(l: Layout, kconfig: (name: string) => boolean): string {
  const flags: string[] = [];
  if (kconfig('CONFIG_SMP')) flags.push('SMP');
  if (kconfig('CONFIG_PREEMPT_DYNAMIC')) flags.push('PREEMPT_DYNAMIC');
  else if (kconfig('CONFIG_PREEMPT_RT')) flags.push('PREEMPT_RT');
  else if (kconfig('CONFIG_PREEMPT')) flags.push('PREEMPT');
  const sp = l.build.indexOf(' ');
  const num = sp < 0 ? l.build : l.build.slice(0, sp);
  return [num, ...flags, ...(sp < 0 ? [] : [l.build.slice(sp + 1)])].join(' ');
}

/** "#400" of "#400 SMP PREEMPT ...": what dump_stack_print_info() and print_kernel_ident() print of UTS_VERSION. */
export function utsVersionShort(l: Layout): string {
  const sp = l.build.indexOf(' ');
  return sp < 0 ? l.build : l.build.slice(0, sp);
}

function layouts(arch: Arch): Partial<Readonly<Record<KernelVersion, Layout>>> {
  return arch === 'arm64' ? ARM64_LAYOUTS : X86_LAYOUTS;
}

/** The kernel versions a machine of `arch` runs, newest first as the tables list them. */
export function archKernels(arch: Arch): KernelVersion[] {
  return Object.keys(layouts(arch)) as KernelVersion[];
}

/** The layout of `kernel` on `arch`; null for a kernel that architecture does not run here. */
export function findLayout(arch: Arch, kernel: KernelVersion): Layout | null {
  return layouts(arch)[kernel] ?? null;
}

/** The layout of a validated configuration (the schema rejects other pairs). */
export function layoutFor(arch: Arch, kernel: KernelVersion): Layout {
  const l = findLayout(arch, kernel);
  if (l === null) throw new Error(`no ${arch} layout for Linux ${kernel}`);
  return l;
}

/** Where a stack enters the kernel: a user page fault, a kthread_create() thread, or PID 1 running kernel_init(). */
export type EntryKind = 'user_fault' | 'kthread' | 'init';

// asm_exc_page_fault -> exc_page_fault -> do_user_addr_fault -> handle_mm_fault (arch/x86/mm/fault.c 6.8);
// ret_from_fork_asm -> ret_from_fork -> kthread / kernel_init (arch/x86/entry/entry_64.S 6.8; 2.6.25: child_rip)
const X86_ENTRY: Readonly<Record<EntryKind, readonly string[]>> = {
  user_fault: ['handle_mm_fault', 'do_user_addr_fault', 'exc_page_fault', 'asm_exc_page_fault'],
  kthread: ['kthread', 'ret_from_fork', 'ret_from_fork_asm'],
  init: ['kernel_init', 'ret_from_fork', 'ret_from_fork_asm'],
};
// do_page_fault() from error_entry's page_fault, arch/x86/kernel/entry_64.S 2.6.25
const X86_2625_ENTRY: Readonly<Record<EntryKind, readonly string[]>> = {
  user_fault: ['handle_mm_fault', 'do_page_fault', 'error_exit'],
  kthread: ['kthread', 'child_rip'],
  init: ['kernel_init', 'child_rip'],
};
const ARM64_ENTRY: Readonly<Record<EntryKind, readonly string[]>> = { user_fault: ARM64_USER_FAULT_ENTRY, kthread: ARM64_KTHREAD_ENTRY, init: ARM64_INIT_ENTRY };

/**
 * The outermost frames of a stack, innermost first, for a model to append to its own frames:
 * "a user page fault entered the kernel" ends in handle_mm_fault ... el0t_64_sync on arm64,
 * "a kernel thread started" in kthread, ret_from_fork.
 */
export function entryFrames(l: Layout, kind: EntryKind): readonly string[] {
  if (l.arch === 'arm64') return ARM64_ENTRY[kind];
  return (kernelSince(l.kernel, '2.6.26') ? X86_ENTRY : X86_2625_ENTRY)[kind];
}

/** The frames dump_stack() prints above its caller, innermost first. */
export function dumpStackFrames(l: Layout): readonly string[] {
  if (l.arch !== 'arm64') return ['dump_stack_lvl'];
  return kernelSince(l.kernel, '6.9') ? ARM64_6_9_DUMP_STACK_FRAMES : ARM64_DUMP_STACK_FRAMES;
}

// do_syscall_64 <- entry_SYSCALL_64_after_hwframe (arch/x86/entry/common.c, entry_64.S 6.9) below __x64_sys_<name>;
// invoke_syscall ... el0t_64_sync (arch/arm64/kernel/syscall.c, entry-common.c 6.9) below __arm64_sys_<name>
/** The frames of a system call `name` from user space, innermost first: the syscall's wrapper, then the arch's entry. */
export function syscallFrames(l: Layout, name: string): readonly string[] {
  if (l.arch === 'arm64') return [`__arm64_sys_${name}`, ...ARM64_SYSCALL_ENTRY];
  return [`__x64_sys_${name}`, 'do_syscall_64', 'entry_SYSCALL_64_after_hwframe'];
}
