// The driver core's devices (drivers/base/core.c) and their PM lists (drivers/base/power/main.c).
import { Devices } from '../../linux/drivers/base/core.ts';
import { defineModule } from '../modules.ts';

export const devicesModule = defineModule({
  name: 'devices',
  deps: ['traps', 'vmalloc', 'user', 'locking'],
  create: (d) => new Devices(d),
  steps: {},
  ops: {},
  findingKinds: ['pm.device_add_while_sleeping'],
});
