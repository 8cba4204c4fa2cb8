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
