// The machine and kernel configuration a scenario asks for (scenario `config`).
import type { Arch, KernelVersion, Layout } from './layout.ts';

export interface KernelConfig {
  seed: number;
  arch: Arch;
  kernel: KernelVersion;
  cpus: number;
  ramMiB: number;
  vramMiB: number;
  /** The GPU's CPU-visible BAR1 aperture (at most vramMiB); absent: min(256, vramMiB). */
  barMiB?: number;
  /** The GPU model: "NV96" (with VRAM), "Mali-T860" (Panfrost on an arm64 board) or "virtio-gpu" (a QEMU x86_64 guest); absent: none or the VRAM's NV96. */
  gpu?: string;
  /** A swap device of this many MiB, enabled at boot (swapon); absent or 0: no swap. */
  swapMiB?: number;
  cmdline: string;
  kconfig: Readonly<Record<string, boolean>>;
  patches: Readonly<Record<string, boolean>>;
}

/** CONFIG_* defaults of the scenario contract: debug options on, everything else off. */
export const KCONFIG_DEFAULTS: Readonly<Record<string, boolean>> = {
  CONFIG_SLUB_DEBUG: true,
  CONFIG_PROVE_LOCKING: true,
  CONFIG_DEBUG_ATOMIC_SLEEP: true,
};

/**
 * Every CONFIG_* option some model reads (Kernel.kconfig()), the switches a debugging session flips
 * most first: what the Options panel lists. A scenario may set others; nothing reads them.
 */
export const KCONFIG_OPTIONS: readonly string[] = [
  // slab and page allocator debugging
  'CONFIG_SLUB_DEBUG',
  'CONFIG_SLUB_DEBUG_ON',
  'CONFIG_INIT_ON_ALLOC_DEFAULT_ON',
  'CONFIG_INIT_ON_FREE_DEFAULT_ON',
  'CONFIG_DEBUG_VM',
  'CONFIG_DEBUG_LIST',
  'CONFIG_DEBUG_VIRTUAL',
  'CONFIG_DEBUG_PAGEALLOC',
  // locking and atomic-context debugging
  'CONFIG_PROVE_LOCKING',
  'CONFIG_DEBUG_ATOMIC_SLEEP',
  'CONFIG_DEBUG_LOCK_ALLOC',
  'CONFIG_DEBUG_SPINLOCK',
  'CONFIG_LOCK_STAT',
  'CONFIG_LOCKDEP',
  'CONFIG_PROVE_RAW_LOCK_NESTING',
  'CONFIG_DEBUG_PREEMPT',
  'CONFIG_DEBUG_MUTEXES',
  'CONFIG_DEBUG_WW_MUTEX_SLOWPATH',
  'CONFIG_QUEUED_RWLOCKS',
  // how the kernel was built (defaults per machine: Layout.buildConfig)
  'CONFIG_SMP',
  'CONFIG_PREEMPT',
  'CONFIG_PREEMPT_DYNAMIC',
  'CONFIG_PREEMPT_RT',
  'CONFIG_FRAME_POINTER',
  // the rest the models read
  'CONFIG_SLAB_MERGE_DEFAULT',
  'CONFIG_SLUB_CPU_PARTIAL',
  'CONFIG_BUG_ON_DATA_CORRUPTION',
  'CONFIG_DMA_SHARED_BUFFER',
  'CONFIG_KMSAN',
  'CONFIG_INIT_STACK_ALL_PATTERN',
  'CONFIG_INIT_STACK_ALL_ZERO',
  'CONFIG_GCC_PLUGIN_STRUCTLEAK_USER',
  'CONFIG_GCC_PLUGIN_STRUCTLEAK_BYREF',
  'CONFIG_GCC_PLUGIN_STRUCTLEAK_BYREF_ALL',
];

/** What an option is on a machine whose scenario does not set it: the contract's debug defaults, else how its kernel was built. */
export function kconfigDefaults(l: Layout): Readonly<Record<string, boolean>> {
  return { ...l.buildConfig, ...KCONFIG_DEFAULTS };
}

export const DEFAULT_CONFIG: KernelConfig = {
  seed: 1,
  arch: 'x86_64',
  kernel: '6.8',
  cpus: 2,
  ramMiB: 256,
  vramMiB: 0,
  barMiB: 0,
  cmdline: '',
  kconfig: {},
  patches: {},
};
