// The machine and kernel configuration a scenario asks for (scenario `config`).
import type { Arch, KernelVersion } from './layout.ts';

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
