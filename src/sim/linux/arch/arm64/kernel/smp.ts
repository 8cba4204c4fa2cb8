// Secondary CPUs at boot: smp_init() (kernel/smp.c) with arm64's __cpu_up() and
// secondary_start_kernel() (arch/arm64/kernel/smp.c 5.19), cpuinfo_detect_icache_policy()
// (cpuinfo.c) and smp_cpus_done(). The board says which CPU is which (RK3399: CPUs 0-3 are
// Cortex-A53, MPIDR 0x0-0x3, 4-5 Cortex-A72, 0x100-0x101; QEMU virt: "max" CPUs 0x0-0x7).
import { KERN_INFO, KERN_NOTICE } from '../../../../engine/recorder.ts';
import type { Deps } from '../../../../machine/modules.ts';
import type { Layout } from '../../../../machine/layout.ts';
import { arm64Board } from '../include/asm/memory.ts';

function hex(v: number, w: number): string {
  return v.toString(16).padStart(w, '0');
}

// secondary_start_kernel(), arch/arm64/kernel/smp.c 5.19, with cpuinfo_detect_icache_policy()
function bootedLines(l: Layout, cpu: number): string[] {
  const c = arm64Board(l).cpu(cpu);
  return [`Detected ${c.icache} I-cache on CPU${cpu}`, `CPU${cpu}: Booted secondary processor 0x${hex(c.mpidr, 10)} [0x${hex(c.midr, 8)}]`];
}

/** __cpu_up() of a CPU brought back online (echo 1 > .../online). */
export function arm64CpuUp(sys: Deps<'cpus'>, cpu: number): number {
  for (const line of bootedLines(sys.k.layout, cpu)) sys.k.printk(KERN_INFO, line);
  sys.cpus.setOnline(cpu, true);
  return 0;
}

// __cpu_die(), arch/arm64/kernel/smp.c 5.19, with op_cpu_kill() -> psci_cpu_kill() (drivers/firmware/psci/psci.c)
export function arm64CpuDie(sys: Deps<'cpus'>, cpu: number): void {
  sys.k.printk(KERN_NOTICE, `CPU${cpu}: shutdown`);
  sys.k.printk(KERN_INFO, `psci: CPU${cpu} killed (polled 0 ms)`);
}

// smp_init() -> bringup_nonboot_cpus() -> __cpu_up(); each secondary prints from secondary_start_kernel()
export function arm64SmpInit(sys: Deps<'cpus'>): void {
  const k = sys.k;
  const n = k.config.cpus;
  k.printk(KERN_INFO, 'smp: Bringing up secondary CPUs ...');
  for (let cpu = 1; cpu < n; cpu++) arm64CpuUp(sys, cpu);
  k.printk(KERN_INFO, `smp: Brought up 1 node, ${n} CPU${n === 1 ? '' : 's'}`);
  k.printk(KERN_INFO, `SMP: Total of ${n} processors activated.`);
}
