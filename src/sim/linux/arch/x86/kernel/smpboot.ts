// Secondary CPUs on x86-64: __cpu_disable(), __cpu_die() and do_boot_cpu() of
// arch/x86/kernel/smpboot_64.c 2.6.25, native_cpu_die() / do_boot_cpu() of smpboot.c 6.8.
// An arm64 machine takes its own (arch/arm64/kernel/smp.ts).
import { KERN_INFO, KERN_WARNING } from '../../../../engine/recorder.ts';
import type { Deps } from '../../../../machine/modules.ts';
import { arm64CpuDie, arm64CpuUp } from '../../arm64/kernel/smp.ts';

const EBUSY = 16;

// __cpu_disable(), arch/x86/kernel/smpboot_64.c 2.6.25: the boot processor stays
export function cpuDisable(sys: Deps<'traps' | 'alt' | 'cpus'>, cpu: number): number {
  if (cpu === 0) return -EBUSY;
  sys.cpus.setOnline(cpu, false);
  return 0;
}

// __cpu_die(), arch/x86/kernel/smpboot_64.c 2.6.25 / native_cpu_die(), smpboot.c 6.8
export function cpuDie(sys: Deps<'traps' | 'alt' | 'cpus'>, cpu: number): void {
  const k = sys.k;
  if (k.layout.arch === 'arm64') return arm64CpuDie(sys, cpu);
  sys.traps.call({ fn: '__cpu_die' }, () => {
    if (k.since('2.6.26')) {
      k.printk(KERN_INFO, `smpboot: CPU ${cpu} is now offline`);
      return;
    }
    k.printk(KERN_WARNING, `CPU ${cpu} is now offline`);
    if (sys.cpus.numOnline() === 1) sys.alt.smpSwitch(false);
  });
}

/** calibrate_delay() for a 1.99 GHz Turion 64 X2 (HZ=250): lpj varies a little per boot. */
function bogomips(sys: Deps<'traps' | 'alt' | 'cpus'>, cpu: number): string {
  const lpj = 7980000 + ((Math.imul(cpu + 1, 2654435761) >>> 0) % 1000) + sys.k.rng.below(400);
  const mips = Math.floor(lpj / 2000);
  const frac = Math.floor((lpj / 20) % 100);
  return `Calibrating delay using timer specific routine.. ${mips}.${String(frac).padStart(2, '0')} BogoMIPS (lpj=${lpj})`;
}

// do_boot_cpu() + start_secondary(), arch/x86/kernel/smpboot_64.c 2.6.25 / do_boot_cpu(), smpboot.c 6.8
export function doBootCpu(sys: Deps<'traps' | 'alt' | 'cpus'>, cpu: number, atBoot: boolean): number {
  const k = sys.k;
  if (k.layout.arch === 'arm64') return arm64CpuUp(sys, cpu);
  return sys.traps.call({ fn: 'do_boot_cpu' }, () => {
    if (k.since('2.6.26')) {
      // announce_cpu(): 5.10 says "x86: Booting SMP configuration:" before CPU 1 even when the system runs
      if (!atBoot && cpu === 1 && !k.since('6.5')) k.printk(KERN_INFO, 'x86: Booting SMP configuration:');
      if (!atBoot) k.printk(KERN_INFO, `smpboot: Booting Node 0 Processor ${cpu} APIC 0x${cpu.toString(16)}`);
      sys.cpus.setOnline(cpu, true);
      return 0;
    }
    sys.alt.smpSwitch(true);
    k.printk(KERN_INFO, `Booting processor ${cpu}/${k.config.cpus} APIC 0x${cpu.toString(16)}`);
    k.printk(KERN_INFO, `Initializing CPU#${cpu}`);
    k.printk(KERN_INFO, bogomips(sys, cpu));
    k.printk(KERN_INFO, 'CPU: L1 I Cache: 64K (64 bytes/line), D cache 64K (64 bytes/line)');
    k.printk(KERN_INFO, 'CPU: L2 Cache: 512K (64 bytes/line)');
    k.printk(KERN_INFO, `CPU ${cpu}/${cpu} -> Node 0`);
    k.printk(KERN_INFO, `CPU: Physical Processor ID: ${cpu >> 1}`);
    k.printk(KERN_INFO, `CPU: Processor Core ID: ${cpu & 1}`);
    k.printk(KERN_INFO, 'AMD Turion(tm) 64 X2 Mobile Technology TL-56 stepping 02');
    k.printk(KERN_INFO, `checking TSC synchronization [CPU#0 -> CPU#${cpu}]: passed.`);
    sys.cpus.setOnline(cpu, true);
    return 0;
  });
}

// smp_init(), init/main.c 2.6.25 (and 6.8's bringup lines)
export function smpInit(sys: Deps<'traps' | 'alt' | 'cpus'>): void {
  const k = sys.k;
  const n = k.config.cpus;
  if (k.since('2.6.26')) {
    k.printk(KERN_INFO, 'smp: Bringing up secondary CPUs ...');
    for (let cpu = 1; cpu < n; cpu++) doBootCpu(sys, cpu, true);
    k.printk(KERN_INFO, `smp: Brought up 1 node, ${n} CPU${n === 1 ? '' : 's'}`);
    return;
  }
  sys.traps.call([{ fn: 'kernel_init' }, { fn: 'smp_init' }, { fn: 'cpu_up' }, { fn: '_cpu_up' }, { fn: 'native_cpu_up' }], () => {
    for (let cpu = 1; cpu < n; cpu++) doBootCpu(sys, cpu, true);
  });
  k.printk(KERN_INFO, `Brought up ${n} CPUs`);
}
