// Locks, lockdep, execution contexts, RCU readers and the atomic-sleep checks (kernel/locking, kernel/sched).
import { LockingModel } from '../locking_model.ts';
import { lockingOps } from '../../scenario/ops/locking.ts';
import { LOCKING_OPS } from '../../scenario/schema/locking.ts';
import { defineModule } from '../modules.ts';
import { dmaBufBuiltIn, dmaResvLockdep, hasDmaResvLockdep } from '../../linux/drivers/dma-buf/dma-resv_lockdep.ts';

export const lockingModule = defineModule({
  name: 'locking',
  deps: [],
  create: (d) => {
    const m = new LockingModel(d.k);
    // subsys_initcall(dma_resv_lockdep), drivers/dma-buf/dma-resv.c
    if (dmaBufBuiltIn(d.k) && hasDmaResvLockdep(d.k)) d.k.subsysInitcall(() => dmaResvLockdep(m));
    return m;
  },
  steps: LOCKING_OPS,
  ops: lockingOps,
  findingKinds: [
    'lockdep.circular',
    'lockdep.recursive',
    'lockdep.bad_unlock_balance',
    'lockdep.held_lock_freed',
    'lockdep.inconsistent_state',
    'lockdep.irq_unsafe_order',
    'lockdep.irq_inversion',
    'lockdep.invalid_wait_context',
    'lockdep.nest_lock_not_held',
    'lockdep.max_lock_depth',
    'lockdep.invalid_subclass',
    'lockdep.warning',
    'sched.sleep_in_atomic',
    'sched.scheduling_while_atomic',
    'sched.warning',
    'sched.hung_task',
    'watchdog.soft_lockup',
    'rcu.unbalanced',
    'rcu.suspicious_usage',
  ],
});
