// Test helper: a booted machine (2.6.25 by default) and its log.
import { Clock } from '../engine/clock.ts';
import { Recorder } from '../engine/recorder.ts';
import type { Arch, KernelVersion } from './layout.ts';
import { DEFAULT_CONFIG } from './config.ts';
import { bootMachine, type Machine } from './machine.ts';

export interface SysTest {
  m: Machine;
  /** The machine again, under the name the model tests use for it. */
  sys: Machine;
  rec: Recorder;
  /** dmesg texts from line `from`. */
  log(from?: number): string[];
  /** The number of dmesg lines so far (for log(from)). */
  mark(): number;
}

export function bootSys(o: { arch?: Arch; kernel?: KernelVersion; cpus?: number; ramMiB?: number; cmdline?: string; kconfig?: Record<string, boolean>; patches?: Record<string, boolean>; seed?: number } = {}): SysTest {
  const rec = new Recorder(new Clock(), 5e6);
  const m = bootMachine(
    { ...DEFAULT_CONFIG, arch: o.arch ?? 'x86_64', kernel: o.kernel ?? (o.arch === 'arm64' ? '5.19' : '2.6.25'), cpus: o.cpus ?? 2, ramMiB: o.ramMiB ?? 256, cmdline: o.cmdline ?? '', kconfig: o.kconfig ?? {}, patches: o.patches ?? {}, seed: o.seed ?? 1 },
    rec,
  );
  m.boot();
  return { m, sys: m, rec, log: (from = 0) => rec.dmesg.slice(from).map((l) => l.text), mark: () => rec.dmesg.length };
}
