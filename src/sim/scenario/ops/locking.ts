// Lock and context ops: one call into the locking model per op, as the step's task.
import type { LockType } from '../../linux/include/linux/lockdep_types.ts';
import { LockInputError } from '../../linux/include/linux/lockdep_types.ts';
import { ScenarioRuntimeError } from '../binding.ts';
import type { ScenarioRunner } from '../runner.ts';
import type { StepOf } from './types.ts';
import type { OpsOf } from '../../machine/modules.ts';
import type { LOCKING_OPS } from '../schema/locking.ts';

type Site = { ip?: string | undefined; stack?: readonly string[] | undefined };

function site(s: Site): { ip?: string; stack?: readonly string[] } {
  return { ...(s.ip !== undefined ? { ip: s.ip } : {}), ...(s.stack !== undefined ? { stack: s.stack } : {}) };
}

/** Input errors of the locking model (an uninitialised lock, an exit without enter) stop the run with the step's path. */
function guarded(path: string, f: () => void): void {
  try {
    f();
  } catch (e) {
    if (e instanceof LockInputError) throw new ScenarioRuntimeError(path, e.message);
    throw e;
  }
}

type CtxOp = 'local_irq_disable' | 'local_irq_enable' | 'local_bh_disable' | 'local_bh_enable' | 'hardirq_enter' | 'hardirq_exit' | 'softirq_enter' | 'softirq_exit' | 'preempt_disable' | 'preempt_enable' | 'rcu_read_lock' | 'rcu_read_unlock';

function ctxOp<K extends CtxOp>(call: (r: ScenarioRunner, o: Site) => void) {
  return (r: ScenarioRunner, step: StepOf<K>, path: string): void => guarded(path, () => call(r, site(step)));
}

export const lockingOps: OpsOf<typeof LOCKING_OPS> = {
  lock_init(r, step, path) {
    guarded(path, () => r.machine.locking.locking.lockInit(step.lock, step.type as LockType, step.class, site(step)));
  },
  lock(r, step, path) {
    guarded(path, () =>
      r.machine.locking.locking.lock(step.lock, step.mode ?? 'write', {
        ...site(step),
        ...(step.trylock !== undefined ? { trylock: step.trylock } : {}),
        ...(step.subclass !== undefined ? { subclass: step.subclass } : {}),
        ...(step.nest_lock !== undefined ? { nestLock: step.nest_lock } : {}),
        ...(step.contended !== undefined ? { contended: step.contended } : {}),
      }),
    );
  },
  unlock(r, step, path) {
    guarded(path, () => r.machine.locking.locking.unlock(step.lock, site(step)));
  },
  local_irq_disable: ctxOp((r, o) => r.machine.locking.ctx.localIrqDisable(o)),
  local_irq_enable: ctxOp((r, o) => r.machine.locking.ctx.localIrqEnable(o)),
  local_bh_disable: ctxOp((r, o) => r.machine.locking.ctx.localBhDisable(o)),
  local_bh_enable: ctxOp((r, o) => r.machine.locking.ctx.localBhEnable(o)),
  hardirq_enter: ctxOp((r, o) => r.machine.locking.ctx.hardirqEnter(o)),
  hardirq_exit: ctxOp((r, o) => r.machine.locking.ctx.hardirqExit(o)),
  softirq_enter: ctxOp((r, o) => r.machine.locking.ctx.softirqEnter(o)),
  softirq_exit: ctxOp((r, o) => r.machine.locking.ctx.softirqExit(o)),
  preempt_disable: ctxOp((r, o) => r.machine.locking.ctx.preemptDisable(o)),
  preempt_enable: ctxOp((r, o) => r.machine.locking.ctx.preemptEnable(o)),
  rcu_read_lock: ctxOp((r, o) => r.machine.locking.ctx.rcuReadLock(o)),
  rcu_read_unlock: ctxOp((r, o) => r.machine.locking.ctx.rcuReadUnlock(o)),
  might_sleep(r, step, path) {
    guarded(path, () => r.machine.locking.ctx.mightSleep({ ...site(step), ...(step.at !== undefined ? { at: step.at } : {}) }));
  },
};
