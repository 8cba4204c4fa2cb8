// The simulated machine and its boot: start_kernel() in the order the kernel prints it.
import { eventKind, KERN_INFO } from '../engine/recorder.ts';
import type { Recorder } from '../engine/recorder.ts';
import type { KernelConfig } from './config.ts';
import { Kernel } from './kernel.ts';
import { MmInit } from '../linux/mm/mm_init.ts';
import { Slub } from '../linux/mm/slub.ts';
import { smpInit } from '../linux/arch/x86/kernel/smpboot.ts';
import { Sys } from './sys.ts';
import { attachLocking, type LockingModel } from '../linux/kernel/locking/subsystem.ts';
import { attachUserMm, type UserMm } from '../linux/mm/mmap.ts';

export const EV_BOOT_MM = eventKind('boot.mm');
export const EV_BOOT_SMP = eventKind('boot.smp');
export const EV_BOOT_DEVICES = eventKind('boot.devices');

export interface Machine {
  readonly k: Kernel;
  readonly mm: MmInit;
  readonly slub: Slub;
  readonly locking: LockingModel;
  /** The subsystems of seed 002: modules, alternatives, CPU hotplug, suspend, devices, dcache, user memory. */
  readonly sys: Sys;
  /** User address spaces of the madvise model: mmap, page tables, mTHP folios (seed 001). */
  readonly usermm: UserMm;
  boot(): void;
}

export function bootMachine(config: KernelConfig, rec: Recorder): Machine {
  const k = new Kernel(config, rec);
  const mm = new MmInit(k);
  const slub = new Slub(k);
  const locking = attachLocking(k);
  const sys = new Sys(k, slub);
  const usermm = attachUserMm(k, locking, () => mm.wantInitOnFree());
  return {
    k,
    mm,
    slub,
    locking,
    sys,
    usermm,
    boot() {
      k.bootBanner();
      k.parseParams();
      k.rec.emit(EV_BOOT_MM);
      mm.memDebuggingAndHardeningInit();
      mm.reportMeminit();
      k.setupMemory();
      slub.kmemCacheInit();
      sys.dcache.init();
      k.rec.emit(EV_BOOT_SMP);
      k.log.clockRunning = true;
      k.clock.advance(100_000_000 + k.rng.below(50_000_000));
      // check_bugs() -> alternative_instructions(), then smp_init()
      sys.alt.alternativeInstructions();
      smpInit(sys);
      k.rec.emit(EV_BOOT_DEVICES);
      sys.devices.registerBootDevices();
      k.clock.advance(1_200_000_000);
      k.printk(KERN_INFO, 'Run /sbin/init as init process');
    },
  };
}
