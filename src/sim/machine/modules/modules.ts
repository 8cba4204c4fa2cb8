// The module loader (kernel/module/main.c): insmod and rmmod.
import { Modules } from '../../linux/kernel/module/main.ts';
import { moduleOps } from '../../scenario/ops/module.ts';
import { MODULE_OPS } from '../../scenario/schema/module.ts';
import { defineModule } from '../modules.ts';

export const modulesModule = defineModule({
  name: 'modules',
  deps: ['vmalloc'],
  create: (d) => new Modules(d),
  steps: MODULE_OPS,
  ops: moduleOps,
  findingKinds: [],
});
