// CPU hotplug (kernel/cpu.c with arch/x86/kernel/smpboot.c).
import { Cpus } from '../../linux/kernel/cpu.ts';
import { cpuOps } from '../../scenario/ops/cpu.ts';
import { CPU_OPS } from '../../scenario/schema/cpu.ts';
import { defineModule } from '../modules.ts';

export const cpusModule = defineModule({
  name: 'cpus',
  deps: ['traps', 'alt'],
  create: (d) => new Cpus(d),
  steps: CPU_OPS,
  ops: cpuOps,
  findingKinds: [],
});
