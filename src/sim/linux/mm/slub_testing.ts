// Test support for the SLUB model: a booted machine and ways to look at its log and memory.
import { Clock } from '../../engine/clock.ts';
import { Recorder } from '../../engine/recorder.ts';
import type { KernelVersion } from '../../machine/layout.ts';
import { DEFAULT_CONFIG } from '../../machine/config.ts';
import { bootMachine, type Machine } from '../../machine/machine.ts';

export interface BootOptions {
  cmdline?: string;
  kernel?: KernelVersion;
  kconfig?: Record<string, boolean>;
  patches?: Record<string, boolean>;
  cpus?: number;
  seed?: number;
}

export interface TestMachine extends Machine {
  rec: Recorder;
  /** dmesg text lines from index `from` on (without timestamps). */
  log(from?: number): string[];
  /** Number of dmesg lines so far: a mark for log(). */
  mark(): number;
  /** Bytes at phys as "aa bb cc". */
  hexAt(phys: number, len: number): string;
  /** Runs fn as the given task / CPU, like a scenario step. */
  as<T>(task: string, cpu: number, fn: () => T): T;
}

export function bootTest(o: BootOptions = {}): TestMachine {
  const rec = new Recorder(new Clock(), 1e7);
  const m = bootMachine(
    {
      ...DEFAULT_CONFIG,
      cmdline: o.cmdline ?? '',
      kernel: o.kernel ?? '6.8',
      kconfig: o.kconfig ?? {},
      patches: o.patches ?? {},
      cpus: o.cpus ?? 2,
      seed: o.seed ?? 1,
    },
    rec,
  );
  m.boot();
  // the code under test: a KUnit case of lib/slub_kunit.c, as the module build has it
  rec.ctx.caller = { name: 'test_clobber_zone', module: 'slub_kunit' };
  const t: TestMachine = {
    ...m,
    boot: m.boot,
    rec,
    log: (from = 0) => rec.dmesg.slice(from).map((l) => l.text),
    mark: () => rec.dmesg.length,
    hexAt: (phys, len) => {
      const b = new Uint8Array(len);
      m.k.mem.read(phys, b);
      return [...b].map((x) => x.toString(16).padStart(2, '0')).join(' ');
    },
    as: (task, cpu, fn) => {
      const prev = { ...rec.ctx };
      rec.ctx.task = task;
      rec.ctx.cpu = cpu;
      try {
        return fn();
      } finally {
        rec.ctx.task = prev.task;
        rec.ctx.cpu = prev.cpu;
      }
    },
  };
  return t;
}
