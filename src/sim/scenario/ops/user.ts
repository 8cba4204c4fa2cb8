// user_fill / user_check: Jiri Slaby's pattern checker as the step's task.
import { MAGIC, memcheckCheck, memcheckFill } from '../../user/memcheck.ts';
import type { OpsOf } from '../../machine/modules.ts';
import type { USER_OPS } from '../schema/user.ts';

export const userOps: OpsOf<typeof USER_OPS> = {
  user_fill(r, step) {
    const bytes = step.size ?? step.mib! * 1024 * 1024;
    memcheckFill(r.machine, r.rec.ctx.task, bytes - (bytes % 8), step.partial === true, step.pattern ? BigInt(step.pattern) : MAGIC);
  },
  user_check(r, step) {
    memcheckCheck(r.machine, r.rec.ctx.task, step.pattern ? BigInt(step.pattern) : MAGIC);
  },
};
