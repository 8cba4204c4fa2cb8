// Every op's handler; the type makes a missing handler a compile error.
import { controlOps } from './control.ts';
import { cpuOps } from './cpu.ts';
import { fsOps } from './fs.ts';
import { moduleOps } from './module.ts';
import { powerOps } from './power.ts';
import { userOps } from './user.ts';
import { lockingOps } from './locking.ts';
import { memoryOps } from './memory.ts';
import { mmOps } from './mm.ts';
import { slabOps } from './slab.ts';
import type { OpName, OpTable } from './types.ts';

export const OP_HANDLERS: OpTable<OpName> = {
  ...slabOps,
  ...memoryOps,
  ...lockingOps,
  ...mmOps,
  ...cpuOps,
  ...moduleOps,
  ...powerOps,
  ...fsOps,
  ...userOps,
  ...controlOps,
};
