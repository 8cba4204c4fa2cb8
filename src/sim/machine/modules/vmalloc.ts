// vmalloc space (mm/vmalloc.c): module text lives there.
import { Vmalloc } from '../../linux/mm/vmalloc.ts';
import { defineModule } from '../modules.ts';

export const vmallocModule = defineModule({
  name: 'vmalloc',
  deps: [],
  create: (d) => new Vmalloc(d),
  steps: {},
  ops: {},
  findingKinds: [],
});
