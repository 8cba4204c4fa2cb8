// Finding kinds of the scenario contract (docs/scenario-format.md).
export const FINDING_KINDS = [
  'slub.redzone_overwritten',
  'slub.poison_overwritten',
  'slub.padding_overwritten',
  'slub.freepointer_corrupt',
  'slub.wrong_object_count',
  'slub.double_free',
  'slub.invalid_free',
  'slub.objects_remaining',
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
  'rcu.unbalanced',
  'rcu.suspicious_usage',
  'sched.warning',
  'list.corruption',
  'mm.paging_request',
  'mm.null_deref',
  'mm.bad_page',
  'mm.virtual_bug',
  'mm.stray_write',
  'mm.user_corruption',
  'ttm.eviction_failed',
  'gpu.fence_timeout',
  'pm.device_add_while_sleeping',
  'kernel.warn',
  'kernel.panic',
  'sched.hung_task',
  'sched.soft_lockup',
] as const;

export type FindingKind = (typeof FINDING_KINDS)[number];

/** Ops of the contract that later subsystems implement; rejected until they exist. */
export const FUTURE_OPS = [] as const;

/** Caches the simulated kernel creates at boot, which ops may name without a kmem_cache_create step. */
export const BOOT_CACHES = ['dentry'] as const;
