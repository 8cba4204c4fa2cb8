// Suspend to RAM (kernel/power/suspend.c) with the device ops it is tried with.
import { Suspend } from '../../linux/kernel/power/suspend.ts';
import { powerOps } from '../../scenario/ops/power.ts';
import { POWER_OPS } from '../../scenario/schema/power.ts';
import { defineModule } from '../modules.ts';

export const pmModule = defineModule({
  name: 'pm',
  deps: ['traps', 'cpus', 'devices'],
  create: (d) => new Suspend(d),
  steps: POWER_OPS,
  ops: powerOps,
  findingKinds: [],
});
