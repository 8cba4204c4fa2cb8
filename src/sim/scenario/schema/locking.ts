// Lock and execution-context ops (docs/scenario-format.md, "Locks and execution context").
import { z } from 'zod';
import { LOCK_TYPES } from '../../linux/include/linux/lockdep_types.ts';
import { gfpMask, name, nonNegInt, op } from './common.ts';

/** Call site as lockdep prints it: "function+0xoff/0xsize" or "function". */
const ip = z.string({ error: 'expected a call site like "do_madvise+0x178/0x518"' }).regex(/^[A-Za-z_][A-Za-z0-9_.]*(\+0x[0-9a-f]+\/0x[0-9a-f]+)?$/, { error: 'expected a call site like "do_madvise+0x178/0x518"' });
const site = {
  ip: ip.optional(),
  stack: z.array(ip).max(32, { error: 'expected at most 32 frames' }).optional(),
};
const lockName = z.string({ error: 'expected a lock name (string)' }).min(1, { error: 'expected a non-empty lock name' }).max(128, { error: 'expected a lock name of at most 128 characters' });

const ctxName = z.string({ error: 'expected an acquire context name (string)' }).min(1, { error: 'expected a non-empty acquire context name' }).max(64, { error: 'expected a name of at most 64 characters' });
const wwClass = z.string({ error: 'expected a ww class name like "reservation_ww_class"' }).regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, { error: 'expected a ww class name like "reservation_ww_class"' });
const gfp = gfpMask;
/** What ww_mutex_lock() must return: 0 or a negative errno, by number or name. */
const wwRet = z.union([z.literal(0), z.literal(-35), z.literal(-114), z.literal(-4), z.enum(['-EDEADLK', '-EALREADY', '-EINTR'])], { error: 'expected 0, -35 / "-EDEADLK", -114 / "-EALREADY" or -4 / "-EINTR"' });
const wwLock = {
  ...site,
  lock: lockName,
  ctx: ctxName.optional(),
  interruptible: z.boolean({ error: 'expected true or false' }).optional(),
  signal: z.boolean({ error: 'expected true or false' }).optional(),
  expect: wwRet.optional(),
  as: name.optional(),
};

function ctxOp<T extends string>(o: T) {
  return op(o, site);
}

export const LOCKING_OPS = {
  lock_init: op('lock_init', {
    ...site,
    lock: lockName,
    type: z.enum(LOCK_TYPES as [string, ...string[]], { error: `expected one of ${LOCK_TYPES.join(', ')}` }),
    class: lockName.optional(),
    wound_wait: z.boolean({ error: 'expected true or false' }).optional(),
  }).superRefine((s, ctx) => {
    if (s.wound_wait !== undefined && s.type !== 'ww_mutex') ctx.addIssue({ code: 'custom', message: 'wound_wait goes with type "ww_mutex" only', path: ['wound_wait'] });
    if (s.type === 'ww_mutex' && s.class !== undefined && !/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(s.class)) ctx.addIssue({ code: 'custom', message: 'expected a ww class name like "reservation_ww_class"', path: ['class'] });
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
  ww_acquire_init: op('ww_acquire_init', { ...site, ctx: ctxName, class: wwClass, wound_wait: z.boolean({ error: 'expected true or false' }).optional() }),
  ww_acquire_done: op('ww_acquire_done', { ...site, ctx: ctxName }),
  ww_acquire_fini: op('ww_acquire_fini', { ...site, ctx: ctxName }),
  ww_mutex_lock: op('ww_mutex_lock', wwLock).superRefine((s, ctx) => {
    if (s.signal !== undefined && !s.interruptible) ctx.addIssue({ code: 'custom', message: 'signal goes with interruptible: true only', path: ['signal'] });
  }),
  ww_mutex_lock_slow: op('ww_mutex_lock_slow', { ...wwLock, ctx: ctxName }).superRefine((s, ctx) => {
    if (s.signal !== undefined && !s.interruptible) ctx.addIssue({ code: 'custom', message: 'signal goes with interruptible: true only', path: ['signal'] });
  }),
  ww_mutex_trylock: op('ww_mutex_trylock', { ...site, lock: lockName, ctx: ctxName.optional(), expect: z.boolean({ error: 'expected true or false' }).optional() }),
  ww_mutex_unlock: op('ww_mutex_unlock', { ...site, lock: lockName }),
  fs_reclaim_acquire: op('fs_reclaim_acquire', { ...site, gfp }),
  fs_reclaim_release: op('fs_reclaim_release', { ...site, gfp }),
  might_alloc: op('might_alloc', { ...site, gfp }),
  memalloc_nofs_save: op('memalloc_nofs_save', { as: name }),
  memalloc_nofs_restore: op('memalloc_nofs_restore', { flags: name }),
  memalloc_noio_save: op('memalloc_noio_save', { as: name }),
  memalloc_noio_restore: op('memalloc_noio_restore', { flags: name }),
  might_sleep: op('might_sleep', { ...site, at: z.string({ error: 'expected "file:line"' }).regex(/^[\w./-]+:\d+$/, { error: 'expected "file:line" like "mm/huge_memory.c:3057"' }).optional() }),
} as const;

