// The simulated machine and its boot: start_kernel() in the order the kernel prints it.
import { eventKind, KERN_INFO } from '../engine/recorder.ts';
import type { Recorder } from '../engine/recorder.ts';
import type { KernelConfig } from './config.ts';
import { Kernel } from './kernel.ts';
import { MmInit } from './mm/mm_init.ts';
import { Slub } from './mm/slub.ts';

export const EV_BOOT_MM = eventKind('boot.mm');
export const EV_BOOT_SMP = eventKind('boot.smp');

export interface Machine {
  readonly k: Kernel;
  readonly mm: MmInit;
  readonly slub: Slub;
  boot(): void;
}

export function bootMachine(config: KernelConfig, rec: Recorder): Machine {
  const k = new Kernel(config, rec);
  const mm = new MmInit(k);
  const slub = new Slub(k);
  return {
    k,
    mm,
    slub,
    boot() {
      k.bootBanner();
      k.parseParams();
      k.rec.emit(EV_BOOT_MM);
      mm.memDebuggingAndHardeningInit();
      mm.reportMeminit();
      k.setupMemory();
      slub.kmemCacheInit();
      k.rec.emit(EV_BOOT_SMP);
      k.log.clockRunning = true;
      k.clock.advance(100_000_000 + k.rng.below(50_000_000));
      k.printk(KERN_INFO, 'smp: Bringing up secondary CPUs ...');
      k.printk(KERN_INFO, `smp: Brought up 1 node, ${config.cpus} CPU${config.cpus === 1 ? '' : 's'}`);
      k.clock.advance(1_200_000_000);
      k.printk(KERN_INFO, 'Run /sbin/init as init process');
    },
  };
}
