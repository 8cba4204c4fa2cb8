// 2.6.25 anonymous user memory (mm/memory.c) and the pattern checker that runs in it.
import { UserMemory } from '../../linux/mm/memory.ts';
import { userOps } from '../../scenario/ops/user.ts';
import { USER_OPS } from '../../scenario/schema/user.ts';
import { defineModule } from '../modules.ts';

export const userModule = defineModule({
  name: 'user',
  deps: [],
  create: (d) => new UserMemory(d),
  steps: USER_OPS,
  ops: userOps,
  findingKinds: ['mm.user_corruption'],
});
