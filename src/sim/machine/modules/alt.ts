// SMP alternatives and text_poke() (arch/x86/kernel/alternative.c).
import { Alternatives } from '../../linux/arch/x86/kernel/alternative.ts';
import { defineModule } from '../modules.ts';

export const altModule = defineModule({
  name: 'alt',
  deps: ['traps', 'vmalloc'],
  create: (d) => new Alternatives(d),
  steps: {},
  ops: {},
  findingKinds: ['mm.stray_write', 'mm.virtual_bug'],
});
