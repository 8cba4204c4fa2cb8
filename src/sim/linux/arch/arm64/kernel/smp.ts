// Secondary CPUs of the RK3399 at boot: smp_init() (kernel/smp.c) with arm64's __cpu_up() and
// secondary_start_kernel() (arch/arm64/kernel/smp.c 5.19), cpuinfo_detect_icache_policy()
// (cpuinfo.c) and smp_cpus_done(). CPUs 0-3 are Cortex-A53 (MPIDR 0x0-0x3), 4-5 Cortex-A72 (0x100-0x101).
import { KERN_INFO } from '../../../../engine/recorder.ts';
import type { Deps } from '../../../../machine/modules.ts';
import { BOOT_CPU_MIDR } from '../include/asm/memory.ts';

/** MIDR_EL1 of the A72 cluster: Cortex-A72 r0p2. */
const A72_MIDR = 0x410fd082;

function hex(v: number, w: number): string {
  return v.toString(16).padStart(w, '0');
}

// smp_init() -> bringup_nonboot_cpus() -> __cpu_up(); each secondary prints from secondary_start_kernel()
export function arm64SmpInit(sys: Deps<'cpus'>): void {
  const k = sys.k;
  const n = k.config.cpus;
  k.printk(KERN_INFO, 'smp: Bringing up secondary CPUs ...');
  for (let cpu = 1; cpu < n; cpu++) {
    const big = cpu >= 4;
    const mpidr = big ? 0x100 + (cpu - 4) : cpu;
    k.printk(KERN_INFO, `Detected ${big ? 'PIPT' : 'VIPT'} I-cache on CPU${cpu}`);
    k.printk(KERN_INFO, `CPU${cpu}: Booted secondary processor 0x${hex(mpidr, 10)} [0x${hex(big ? A72_MIDR : BOOT_CPU_MIDR, 8)}]`);
    sys.cpus.setOnline(cpu, true);
  }
  k.printk(KERN_INFO, `smp: Brought up 1 node, ${n} CPU${n === 1 ? '' : 's'}`);
  k.printk(KERN_INFO, `SMP: Total of ${n} processors activated.`);
}
