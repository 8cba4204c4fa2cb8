// Which frame a maintainer blames: the first reliable frame that is not generic machinery (report
// helpers, dump_stack, lock primitives, allocator internals, string and list helpers, ...).
// Modeled on syzbot's frame skipping (google/syzkaller pkg/report/linux.go, skipPatterns and the
// per-report skip lists), matched against the function name without compiler suffixes.
import type { Frame } from '../types.ts';
import { baseName } from './frame.ts';

const GENERIC = [
  '__sanitizer', '__asan', 'kasan', 'hwasan', '__msan', 'kmsan', 'kcsan_setup_watchpoint', 'check_memory_region',
  'check_heap_object', 'check_object', 'read_word_at_a_time', '(?:read|write)_once_.*nocheck', 'print_address_description',
  'panic', 'invalid_op', 'report_bug', 'fixup_bug', 'print_report', 'print_usage_bug', 'do_error', '_trap$|do_trap',
  'show_stack', 'dump_stack', 'walk_stack', 'dump_backtrace', 'warn_slowpath', 'warn_on_slowpath', 'warn_alloc', 'warn_bogus', '__warn',
  '^__pfx_', 'alloc_page', 'k?v?(?:m|z|c)alloc', 'krealloc', 'kmem_cache', 'allocate_slab', 'folio_(?:alloc|unlock)',
  'filemap_alloc_folio', '__filemap_get_folio', 'find_or_create_page', 'read_cache_page', 'pagecache_get_page', 'slab_',
  '___slab_alloc', 'debug_object', '__might_fault', 'print_unlock', 'imbalance_bug', 'lockdep', 'bh_enable', 'bh_disable',
  'perf_trace', 'lock_acquire', 'lock_release', 'lock_class', 'mark_lock', '(?:reacquire|mark)_held_locks', 'raw_spin_rq',
  'spin_lock', 'spin_trylock', 'spin_unlock', 'read_lock', 'read_trylock', 'write_lock', 'write_trylock', 'read_unlock',
  'write_unlock', '^down$', 'down_read', 'down_write', 'down_trylock', 'up_read', 'up_write', '^mutex_', '^__mutex_',
  '^rt_mutex_', '^ww_mutex_', '^__ww_mutex', 'osq_lock', 'osq_unlock', 'atomic(?:64)?_(?:dec|inc|read|set|or|xor|and|add|sub|fetch|xchg|cmpxchg|try)',
  '(?:set|clear|change|test)_bit', '__wake_up', '^refcount_', '^kref_', 'memcpy', 'memcmp', 'memset', 'memchr', 'memmove',
  'memdup', 'strcmp', 'strncmp', 'strcpy', 'strlcpy', 'strncpy', 'strscpy', 'strlen', 'strstr', 'strnlen', 'strchr',
  'strdup', 'strndup', 'copy_to_user', 'copy_from_user', 'copy_to_iter', 'copy_from_iter', 'put_user', 'get_user',
  'might_fault', 'might_sleep', '__might_resched', 'list_add', 'list_del', 'list_replace', 'list_move', 'list_splice',
  '^rb_', '^__rb_', '_indirect_thunk_', 'string', 'pointer', 'snprintf', 'printk', 'va_format', 'dev_(?:info|notice|warn|err|alert|crit|emerg)',
  'del_timer', 'flush_work', 'queue_work', 'finish_wait', 'kobject_', '^complete$', 'wait_for_completion', '^kv?free$',
  'kfree_skb', 'readb$', 'readw$', 'readl$', 'readq$', 'writeb$', 'writew$', 'writel$', 'writeq$', '^klist_',
  '(?:trace|lockdep)_(?:hard|soft)irq', '^(?:un)?lock_page', 'stack_trace_save', 'arch_stack_walk', 'print_hex_dump',
  'do_(?:kernel|translation)_fault', 'do_mem_abort', 'el1_abort', 'el1h_64_sync', 'print_tainted', '__phys_addr',
  'check_bytes_and_report', 'object_err', 'slab_err', 'print_trailer', 'free_debug_processing', 'alloc_debug_processing',
  'on_freelist', 'check_slab', 'validate_slab', '__list_(?:add|del)_valid', '__list_(?:add|del)_valid_or_report',
  'preempt_count_(?:add|sub)', 'scnprintf', 'kasprintf', 'kvasprintf', 'strnstr', 'copy_page_(?:to|from)_iter', 'copy_folio_to_iter',
  '^copyin$', '^copyout$', 'xas_(?:start|load|find)', 'find_lock_entries', 'truncate_inode_pages_range', 'fast_dput', '^dput$',
  'mark_buffer_dirty', 'lock_timer_base', '__timer_delete_sync', 'sk_stop_timer_sync', '__mod_timer', 'cleanup_srcu_struct',
  'rhashtable_lookup', '__fortify_report', 'extract_(?:user|iter)_to_sg', 'drop_nlink', '^get_taint$', '^put_device$', 'ida_free',
  'insert_work', '__queue_delayed_work', 'queue_delayed_work_on', 'stack_trace_consume_entry', '^iput$', '^iput_final$', '^ihold$',
  'hex_dump_to_buffer', 'assertfail', '^crc\\d+', 'crc_itu_t', 'logic_in', 'logic_out', 'try_to_grab_pending', 'flush_workqueue',
  'drain_workqueue', 'destroy_workqueue', 'kthread_stop', 'add_uevent_var', 'get_device_parent', 'device_add', 'device_del',
  'device_unregister', 'device_destroy', 'device_release', 'devres_release_all', 'hwrng_unregister', 'i2c_del_adapter',
  '__unregister_client', 'device_for_each_child', 'rollback_registered', 'unregister_netdev', 'sysfs_remove', 'device_remove_file',
  'tty_unregister_device', 'dummy_urb_enqueue', 'usb_kill_urb', 'usb_kill_anchored_urbs', 'usb_control_msg', 'usb_hcd_submit_urb',
  'usb_submit_urb', 'program_check_exception', 'program_check_common', '__cancel_work_timer', 'cancel_work_sync', 'seqprop_assert',
  'ref_tracker', 'owner_on_cpu', 'timer_is_static_object', 'work_is_static_object', 'do_read_cache_folio', 'grab_cache_page_write_begin',
  '__alloc_frozen_pages_noprof',
];

const GENERIC_RE = new RegExp(GENERIC.join('|'));

/** Callees that may sleep: when a sleeping function is called from atomic context, the caller is to blame. */
export const SLEEPERS = [/schedule/, /might_sleep/, /might_resched/, /split_huge_page/, /split_folio/, /^down/, /rwsem/, /mutex/, /msleep/, /wait_for/, /cond_resched/, /folio_lock/, /synchronize_/, /flush_/];

// syzkaller's stripFramePrefixes: syscall wrappers name the syscall
const SYSCALL_PREFIX = /^(?:__x64_sys_|__ia32_sys_|__arm64_sys_|__riscv_sys_|__se_sys_|__do_sys_|__sys_|____sys_|___sys_|ksys_|compat_SyS_|SYSC_|SyS_|sys_|__x64_|__ia32_|__arm64_|__se_)/;

export function titleName(fn: string): string {
  const b = baseName(fn);
  const s = b.replace(SYSCALL_PREFIX, '');
  return s.length > 0 ? s : b;
}

export function isGeneric(fn: string): boolean {
  return GENERIC_RE.test(baseName(fn));
}

/** The first frame to blame, skipping `?` frames, generic machinery and the report's own `extra` patterns. */
export function blameFrame(frames: readonly Frame[], extra: readonly RegExp[] = []): Frame | undefined {
  for (const f of frames) {
    if (f.unreliable) continue;
    const b = baseName(f.fn);
    if (GENERIC_RE.test(b)) continue;
    if (extra.some((r) => r.test(b))) continue;
    return f;
  }
  return undefined;
}
