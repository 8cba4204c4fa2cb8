// start_kernel() and kernel_init(), init/main.c: the boot in the order the kernel prints it, up to
// running init (where a scenario's steps begin).
import { eventKind, KERN_INFO } from '../../engine/recorder.ts';
import type { Deps } from '../../machine/modules.ts';
import { smpInit } from '../arch/x86/kernel/smpboot.ts';
import { arm64SmpInit } from '../arch/arm64/kernel/smp.ts';

export const EV_BOOT_MM = eventKind('boot.mm');
export const EV_BOOT_SMP = eventKind('boot.smp');
export const EV_BOOT_DEVICES = eventKind('boot.devices');

/** Parameters of the core kernel the models have nothing to do for, but which are not unknown. */
function registerCoreParams(m: Deps): void {
  const k = m.k;
  const ok = (): boolean => true;
  // early_param("loglevel"), kernel/printk/printk.c; early_param("quiet"), init/main.c
  k.earlyParam('loglevel', ok);
  k.earlyParam('quiet', ok);
  // __setup("root=", ...), __setup("ro", ...), __setup("rw", ...), init/do_mounts.c
  k.setupParam('root', ok);
  k.setupParam('ro', ok);
  k.setupParam('rw', ok);
  // __setup("trace_clock=", ...), kernel/trace/trace.c (2.6.26+)
  if (k.since('2.6.26')) k.setupParam('trace_clock', ok);
}

export function startKernel(m: Deps<'mm' | 'slub' | 'dcache' | 'alt' | 'cpus' | 'traps' | 'devices'>): void {
  const k = m.k;
  registerCoreParams(m);
  k.bootBanner();
  k.parseParams();
  k.rec.emit(EV_BOOT_MM);
  m.mm.memDebuggingAndHardeningInit();
  m.mm.reportMeminit();
  k.setupMemory();
  m.slub.kmemCacheInit();
  m.dcache.init();
  k.rec.emit(EV_BOOT_SMP);
  k.log.clockRunning = true;
  k.clock.advance(100_000_000 + k.rng.below(50_000_000));
  // check_bugs() -> alternative_instructions(), then smp_init()
  m.alt.alternativeInstructions();
  // smp_init(): the arch brings the secondaries up
  if (k.layout.arch === 'arm64') arm64SmpInit(m);
  else smpInit(m);
  k.rec.emit(EV_BOOT_DEVICES);
  m.devices.registerBootDevices();
  // do_initcalls(): the subsys level, then built-in drivers probe the devices they bind (none on machines without them)
  for (const fn of k.subsysInitcalls) fn();
  for (const fn of k.initcalls) fn();
  k.clock.advance(1_200_000_000);
  k.printk(KERN_INFO, 'Run /sbin/init as init process');
}
