// Lock and execution-context ops (docs/scenario-format.md, "Locks and execution context").
import { z } from 'zod';
import { LOCK_TYPES } from '../../linux/include/linux/lockdep_types.ts';
import { nonNegInt, op } from './common.ts';

/** Call site as lockdep prints it: "function+0xoff/0xsize" or "function". */
const ip = z.string({ error: 'expected a call site like "do_madvise+0x178/0x518"' }).regex(/^[A-Za-z_][A-Za-z0-9_.]*(\+0x[0-9a-f]+\/0x[0-9a-f]+)?$/, { error: 'expected a call site like "do_madvise+0x178/0x518"' });
const site = {
  ip: ip.optional(),
  stack: z.array(ip).max(32, { error: 'expected at most 32 frames' }).optional(),
};
const lockName = z.string({ error: 'expected a lock name (string)' }).min(1, { error: 'expected a non-empty lock name' }).max(128, { error: 'expected a lock name of at most 128 characters' });

function ctxOp<T extends string>(o: T) {
  return op(o, site);
}

export const LOCKING_OPS = {
  lock_init: op('lock_init', {
    ...site,
    lock: lockName,
    type: z.enum(LOCK_TYPES as [string, ...string[]], { error: `expected one of ${LOCK_TYPES.join(', ')}` }),
    class: lockName.optional(),
  }),
  lock: op('lock', {
    ...site,
    lock: lockName,
    mode: z.enum(['write', 'read'], { error: 'expected "write" or "read"' }).optional(),
    trylock: z.boolean({ error: 'expected true or false' }).optional(),
    subclass: nonNegInt.max(7, { error: 'expected a subclass of 0..7 (MAX_LOCKDEP_SUBCLASSES - 1)' }).optional(),
    nest_lock: lockName.optional(),
    contended: z.boolean({ error: 'expected true or false' }).optional(),
  }),
  unlock: op('unlock', { ...site, lock: lockName }),
  local_irq_disable: ctxOp('local_irq_disable'),
  local_irq_enable: ctxOp('local_irq_enable'),
  local_bh_disable: ctxOp('local_bh_disable'),
  local_bh_enable: ctxOp('local_bh_enable'),
  hardirq_enter: ctxOp('hardirq_enter'),
  hardirq_exit: ctxOp('hardirq_exit'),
  softirq_enter: ctxOp('softirq_enter'),
  softirq_exit: ctxOp('softirq_exit'),
  preempt_disable: ctxOp('preempt_disable'),
  preempt_enable: ctxOp('preempt_enable'),
  rcu_read_lock: ctxOp('rcu_read_lock'),
  rcu_read_unlock: ctxOp('rcu_read_unlock'),
  might_sleep: op('might_sleep', { ...site, at: z.string({ error: 'expected "file:line"' }).regex(/^[\w./-]+:\d+$/, { error: 'expected "file:line" like "mm/huge_memory.c:3057"' }).optional() }),
} as const;

