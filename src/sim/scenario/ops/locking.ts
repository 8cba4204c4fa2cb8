// Lock and context ops: one call into the locking model per op, as the step's task.
import type { LockType } from '../../linux/include/linux/lockdep_types.ts';
import { LockInputError } from '../../linux/include/linux/lockdep_types.ts';
import { ScenarioRuntimeError } from '../binding.ts';
import type { ScenarioRunner } from '../runner.ts';
import type { StepOf } from './types.ts';
import type { OpsOf } from '../../machine/modules.ts';
import type { LOCKING_OPS } from '../schema/locking.ts';
import { parseGfp } from '../../linux/include/linux/gfp_types.ts';
import { EALREADY, EDEADLK, EINTR } from '../../linux/kernel/locking/ww_mutex.ts';
import { settle } from './control.ts';

const ERRNO_NAMES: Readonly<Record<number, string>> = { [-EDEADLK]: '-EDEADLK', [-EALREADY]: '-EALREADY', [-EINTR]: '-EINTR' };
const ERRNO_VALUES: Readonly<Record<string, number>> = { '-EDEADLK': -EDEADLK, '-EALREADY': -EALREADY, '-EINTR': -EINTR };

function retName(ret: number): string {
  return ret === 0 ? '0' : (ERRNO_NAMES[ret] ?? String(ret));
}

type WwLockStep = { lock: string; ctx?: string | undefined; interruptible?: boolean | undefined; signal?: boolean | undefined; expect?: number | string | undefined; as?: string | undefined } & Site;

/** ww_mutex_lock()/ww_mutex_lock_slow(): the return is bound to "as" and checked against "expect". */
function wwLock(r: ScenarioRunner, step: WwLockStep, path: string, slow: boolean): void {
  guarded(path, () => {
    const ret = r.machine.locking.ww.wwMutexLock(step.lock, step.ctx ?? null, {
      ...site(step),
      ...(step.interruptible !== undefined ? { interruptible: step.interruptible } : {}),
      ...(step.signal !== undefined ? { signal: step.signal } : {}),
      slow,
    });
    // the kernel's ERR value as a 64-bit word
    if (step.as !== undefined) r.ptrs.set(step.as, { phys: null, raw: BigInt.asUintN(64, BigInt(ret)), kind: 'value' });
    if (step.expect !== undefined) {
      const want = typeof step.expect === 'number' ? step.expect : ERRNO_VALUES[step.expect]!;
      const call = `${slow ? 'ww_mutex_lock_slow' : step.interruptible ? 'ww_mutex_lock_interruptible' : 'ww_mutex_lock'}(${step.lock}, ${step.ctx ?? 'NULL'})`;
      settle(r, ret === want, ret, ret === want ? `${call} returned ${retName(ret)}` : `${call}: expected ${retName(want)}, returned ${retName(ret)}`);
    }
  });
}

function gfpOf(s: string): number {
  return parseGfp(s)!;
}

function savedFlags(r: ScenarioRunner, name: string, path: string): number {
  const b = r.binding(name, `${path}.flags`);
  if (b.kind !== 'value' || b.raw === null) throw new ScenarioRuntimeError(`${path}.flags`, `"${name}" is not the value a memalloc_*_save step bound`);
  return Number(b.raw);
}

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
    guarded(path, () => {
      // a ww_mutex's class is its ww_class: lockdep names it "<class>_mutex"
      if (step.type === 'ww_mutex') r.machine.locking.ww.wwMutexInit(step.lock, step.class ?? step.lock, { ...site(step), ...(step.wound_wait !== undefined ? { woundWait: step.wound_wait } : {}) });
      else r.machine.locking.locking.lockInit(step.lock, step.type as LockType, step.class, site(step));
    });
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
  ww_acquire_init(r, step, path) {
    guarded(path, () => void r.machine.locking.ww.wwAcquireInit(step.ctx, step.class, { ...site(step), ...(step.wound_wait !== undefined ? { woundWait: step.wound_wait } : {}) }));
  },
  ww_acquire_done(r, step, path) {
    guarded(path, () => r.machine.locking.ww.wwAcquireDone(step.ctx, site(step)));
  },
  ww_acquire_fini(r, step, path) {
    guarded(path, () => r.machine.locking.ww.wwAcquireFini(step.ctx, site(step)));
  },
  ww_mutex_lock(r, step, path) {
    wwLock(r, step, path, false);
  },
  ww_mutex_lock_slow(r, step, path) {
    wwLock(r, step, path, true);
  },
  ww_mutex_trylock(r, step, path) {
    guarded(path, () => {
      const ok = r.machine.locking.ww.wwMutexTrylock(step.lock, step.ctx ?? null, site(step));
      if (step.expect !== undefined) settle(r, ok === step.expect, ok ? 1 : 0, `ww_mutex_trylock(${step.lock}, ${step.ctx ?? 'NULL'}) ${ok === step.expect ? 'returned' : `: expected ${step.expect ? 1 : 0}, returned`} ${ok ? 1 : 0}`);
    });
  },
  ww_mutex_unlock(r, step, path) {
    guarded(path, () => r.machine.locking.ww.wwMutexUnlock(step.lock, site(step)));
  },
  fs_reclaim_acquire(r, step, path) {
    guarded(path, () => r.machine.locking.ww.fsReclaimAcquire(gfpOf(step.gfp), site(step)));
  },
  fs_reclaim_release(r, step, path) {
    guarded(path, () => r.machine.locking.ww.fsReclaimRelease(gfpOf(step.gfp), site(step)));
  },
  might_alloc(r, step, path) {
    guarded(path, () => r.machine.locking.ww.mightAllocAt(gfpOf(step.gfp), site(step)));
  },
  memalloc_nofs_save(r, step) {
    r.ptrs.set(step.as, { phys: null, raw: BigInt(r.machine.locking.ww.memallocNofsSave()), kind: 'value' });
  },
  memalloc_nofs_restore(r, step, path) {
    r.machine.locking.ww.memallocNofsRestore(savedFlags(r, step.flags, path));
  },
  memalloc_noio_save(r, step) {
    r.ptrs.set(step.as, { phys: null, raw: BigInt(r.machine.locking.ww.memallocNoioSave()), kind: 'value' });
  },
  memalloc_noio_restore(r, step, path) {
    r.machine.locking.ww.memallocNoioRestore(savedFlags(r, step.flags, path));
  },
  might_sleep(r, step, path) {
    guarded(path, () => r.machine.locking.ctx.mightSleep({ ...site(step), ...(step.at !== undefined ? { at: step.at } : {}) }));
  },
};
