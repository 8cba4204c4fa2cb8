// The symbol table of the Panfrost shrinker thread's arm64 kernel (5.19.0-rc3+ #400): the size of
// each function its lockdep splat names and the offset of the call each frame shows, so a trace
// built from these names prints "ww_mutex_lock+0x7c/0x4d8" like the seed. The arch's own entry
// and backtrace frames (el0t_64_sync, ret_from_fork, dump_backtrace) are 5.19's too.

/** [size, offset of the call the seed's frame shows]. */
export const ARM64_5_19_FUNCS: Readonly<Record<string, readonly [number, number]>> = {
  fs_reclaim_acquire: [0x150, 0xb8],
  dma_resv_lockdep: [0x3fc, 0x298],
  do_one_initcall: [0x5f8, 0xe4],
  kernel_init_freeable: [0x49c, 0x414],
  kernel_init: [0x148, 0x2c],
  ret_from_fork: [0x20, 0x10],
  __lock_acquire: [0x2398, 0x1724],
  lock_acquire: [0x5b0, 0x218],
  '__ww_mutex_lock.constprop.0': [0x2378, 0x158],
  ww_mutex_lock: [0x4d8, 0x7c],
  drm_gem_shmem_free: [0x198, 0x7c],
  panfrost_gem_free_object: [0x138, 0x118],
  drm_gem_object_free: [0x68, 0x40],
  drm_gem_shmem_shrinker_run_objects_scan: [0x5b8, 0x42c],
  drm_gem_shmem_shrinker_scan_objects: [0x170, 0xa4],
  do_shrink_slab: [0x808, 0x220],
  shrink_slab: [0x408, 0x11c],
  shrink_node: [0xb90, 0x6ac],
  do_try_to_free_pages: [0x8d0, 0x1dc],
  try_to_free_pages: [0x5b0, 0x1ec],
  '__alloc_pages_slowpath.constprop.0': [0x1470, 0x528],
  __alloc_pages: [0x5b8, 0x4e0],
  __folio_alloc: [0x60, 0x24],
  vma_alloc_folio: [0x2f8, 0xb8],
  alloc_zeroed_user_highpage_movable: [0x68, 0x58],
  __handle_mm_fault: [0x12a8, 0x918],
  handle_mm_fault: [0x300, 0x130],
  do_page_fault: [0x568, 0x1d0],
  do_translation_fault: [0xb8, 0xa0],
  do_mem_abort: [0xf8, 0x68],
  el0_da: [0x100, 0x74],
  el0t_64_sync_handler: [0xc0, 0x68],
  el0t_64_sync: [0x190, 0x18c],
  // dump_stack() on arm64 5.19: dump_stack_lvl() -> show_stack() -> dump_backtrace()
  'dump_backtrace.part.0': [0xf0, 0xe0],
  show_stack: [0x40, 0x18],
  dump_stack_lvl: [0x84, 0x68],
  dump_stack: [0x34, 0x18],
};

/** Functions this build's compiler cloned (-fipa-cp): kallsyms names the clone, as the seed's trace does. */
export const ARM64_5_19_CLONES: Readonly<Record<string, string>> = {
  __ww_mutex_lock: '__ww_mutex_lock.constprop.0',
  __alloc_pages_slowpath: '__alloc_pages_slowpath.constprop.0',
};

/** Static data the splat prints the address of: __fs_reclaim_map (lockdep's "fs_reclaim"), in .bss. */
export const ARM64_5_19_DATA: Readonly<Record<string, bigint>> = {
  fs_reclaim: 0xffff80000c14b820n,
};

// el0t_64_sync -> el0t_64_sync_handler -> el0_da -> do_mem_abort -> do_translation_fault -> do_page_fault
// -> handle_mm_fault, entry-common.c / fault.c 5.19: a user data abort entered the kernel (innermost first)
export const ARM64_USER_FAULT_ENTRY: readonly string[] = ['handle_mm_fault', 'do_page_fault', 'do_translation_fault', 'do_mem_abort', 'el0_da', 'el0t_64_sync_handler', 'el0t_64_sync'];

// ret_from_fork, arch/arm64/kernel/entry.S 5.19: where every kernel thread's stack ends, below
// kthread() for a kthread_create() thread and below kernel_init() for PID 1 (the seed's #1 chain)
export const ARM64_KTHREAD_ENTRY: readonly string[] = ['kthread', 'ret_from_fork'];
export const ARM64_INIT_ENTRY: readonly string[] = ['kernel_init', 'ret_from_fork'];

/** The frames dump_stack() prints above its caller on arm64 5.19, innermost first. */
export const ARM64_DUMP_STACK_FRAMES: readonly string[] = ['dump_backtrace.part.0', 'show_stack', 'dump_stack_lvl', 'dump_stack'];

// The symbol table of seed 001's kernel (6.9.0-rc2-00257-g2d9f63c285db #128, arm64): sizes and call
// offsets of the functions its three splats name. Functions that call several things the model shows
// list each call under the callee's (or the step's) name in ARM64_6_9_RC2_CALLS.

/** [size, offset of the call the seed's frame shows]. */
export const ARM64_6_9_RC2_FUNCS: Readonly<Record<string, readonly [number, number]>> = {
  // dump_stack() on arm64 6.9: dump_stack_lvl() -> show_stack() -> dump_backtrace()
  dump_backtrace: [0x100, 0x9c],
  show_stack: [0x38, 0x20],
  dump_stack_lvl: [0x150, 0xec],
  dump_stack: [0x28, 0x18],
  print_unlock_imbalance_bug: [0x148, 0x130],
  lock_release: [0x360, 0x2e0],
  _raw_spin_unlock: [0x78, 0x2c],
  madvise_cold_or_pageout_pte_range: [0xea0, 0x80c],
  walk_pgd_range: [0x7d8, 0x388],
  __walk_page_range: [0x1f0, 0x1e0],
  walk_page_range: [0x2c8, 0x1f0],
  madvise_pageout: [0x280, 0xf8],
  madvise_vma_behavior: [0x9b8, 0x310],
  madvise_walk_vmas: [0x128, 0xc0],
  'do_madvise.part.0': [0x518, 0xf8],
  __arm64_sys_madvise: [0x88, 0x68],
  invoke_syscall: [0x128, 0x50],
  'el0_svc_common.constprop.0': [0xf8, 0x48],
  do_el0_svc: [0x40, 0x28],
  el0_svc: [0x150, 0x50],
  el0t_64_sync_handler: [0x158, 0x13c],
  el0t_64_sync: [0x1a8, 0x1a4],
  __rcu_read_unlock: [0x218, 0x74],
  _raw_spin_unlock_irq: [0x90, 0x38],
  _raw_spin_lock_irq: [0xc0, 0x9c],
  __do_softirq: [0x588, 0x534],
  ____do_softirq: [0x30, 0x18],
  __might_resched: [0x278, 0x158],
  __might_sleep: [0xa0, 0x50],
  down_write: [0x1a8, 0x30],
  split_huge_page_to_list_to_order: [0x1130, 0x3c8],
  __schedule_bug: [0xe0, 0x80],
  __schedule: [0xc00, 0xb1c],
  schedule: [0x170, 0x58],
  schedule_preempt_disabled: [0x50, 0x2c],
  rwsem_down_write_slowpath: [0x718, 0x1ac],
};

/**
 * Further calls inside those functions: [function][callee or step] = offset of the return address.
 * The seed's own (madvise_cold_or_pageout_pte_range+0x80c/0x828/0x84c, down_write+0x30/0xf8,
 * do_madvise.part.0+0x178/0xf8) and stand-ins for the calls its splats do not show.
 */
export const ARM64_6_9_RC2_CALLS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  madvise_cold_or_pageout_pte_range: {
    pte_offset_map_lock: 0x1c4,
    split_unlock: 0x80c,
    split_rcu_unlock: 0x828,
    split_folio: 0x84c,
    relock: 0x86c,
    end_unlock: 0x5d0,
    end_rcu_unlock: 0x5ec,
    reclaim_pages: 0x614,
  },
  'do_madvise.part.0': { mmap_read_lock: 0x178, madvise_walk_vmas: 0xf8, mmap_read_unlock: 0x1e4 },
  madvise_vma_behavior: { madvise_pageout: 0x310, madvise_cold: 0x2c4, zap_page_range_single: 0x1a4 },
  down_write: { __might_sleep: 0x30, rwsem_down_write_slowpath: 0xf8 },
  split_huge_page_to_list_to_order: { up_write: 0x7a4, unmap_folio: 0x40c, remap_page: 0x6e0 },
};

/** Addresses the seed prints (KASLR'd _text at ffffb03155a00000): [<ffffb03155fe302c>] madvise_cold_or_pageout_pte_range+0x80c/0xea0, ... */
export const ARM64_6_9_RC2_ADDRS: Readonly<Record<string, bigint>> = {
  madvise_cold_or_pageout_pte_range: 0xffffb03155fe2820n,
  _raw_spin_unlock_irq: 0xffffb031570d89a0n,
  _raw_spin_lock_irq: 0xffffb031570d8a30n,
  __do_softirq: 0xffffb03155c10860n,
  ____do_softirq: 0xffffb03155c17220n,
};

/** The frames dump_stack() prints above its caller on arm64 6.9, innermost first (dump_backtrace() lost its .part clone). */
export const ARM64_6_9_DUMP_STACK_FRAMES: readonly string[] = ['dump_backtrace', 'show_stack', 'dump_stack_lvl', 'dump_stack'];

// el0t_64_sync -> el0t_64_sync_handler -> el0_svc -> do_el0_svc -> el0_svc_common -> invoke_syscall, arch/arm64/kernel/
// entry-common.c and syscall.c 6.9: a system call entered the kernel (innermost first, below the __arm64_sys_ wrapper)
export const ARM64_SYSCALL_ENTRY: readonly string[] = ['invoke_syscall', 'el0_svc_common.constprop.0', 'do_el0_svc', 'el0_svc', 'el0t_64_sync_handler', 'el0t_64_sync'];
