// die() and WARN (arch/x86/kernel/dumpstack.c) with the page-fault oops (arch/x86/mm/fault.c).
import { Traps } from '../../linux/arch/x86/kernel/dumpstack.ts';
import { defineModule } from '../modules.ts';

export const trapsModule = defineModule({
  name: 'traps',
  deps: [],
  create: (d) => new Traps(d),
  steps: {},
  ops: {},
  findingKinds: ['mm.paging_request', 'mm.null_deref', 'kernel.warn', 'kernel.panic'],
});
