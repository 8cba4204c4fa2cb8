// Every op's handler; the type makes a missing handler a compile error.
import { controlOps } from './control.ts';
import { memoryOps } from './memory.ts';
import { slabOps } from './slab.ts';
import type { OpName, OpTable } from './types.ts';

export const OP_HANDLERS: OpTable<OpName> = {
  ...slabOps,
  ...memoryOps,
  ...controlOps,
};
