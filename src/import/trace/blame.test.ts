import { describe, expect, it } from 'vitest';
import { blameFrame, isGeneric, SLEEPERS, titleName } from './blame.ts';
import { hangFrame, stallFrame } from './stall.ts';

const frames = (...fns: string[]) => fns.map((fn) => (fn.startsWith('?') ? { fn: fn.slice(1), unreliable: true as const } : { fn }));

describe('blame', () => {
  it('skips report machinery, lock primitives and allocator internals like syzbot', () => {
    for (const fn of ['dump_stack_lvl', 'kasan_report', '__asan_report_load4_noabort', '_raw_spin_lock', 'mutex_lock_nested', 'down_write', '__kmalloc', 'kmem_cache_alloc', 'lock_release', 'print_unlock_imbalance_bug', 'warn_slowpath_fmt', 'vscnprintf', '_dev_info']) expect(isGeneric(fn), fn).toBe(true);
    expect(isGeneric('device_pm_add')).toBe(false);
    expect(blameFrame(frames('dump_stack', '?selinux_inode_free_security', 'do_raw_spin_lock', '_raw_spin_lock', 'selinux_inode_free_security'))?.fn).toBe('selinux_inode_free_security');
  });

  it('blames the caller of a sleeping function, not the sleeper (seed 001)', () => {
    const f = frames('dump_backtrace', 'show_stack', 'dump_stack_lvl', 'dump_stack', '__might_resched', '__might_sleep', 'down_write', 'split_huge_page_to_list_to_order', 'madvise_cold_or_pageout_pte_range');
    expect(blameFrame(f)?.fn).toBe('split_huge_page_to_list_to_order');
    expect(blameFrame(f, SLEEPERS)?.fn).toBe('madvise_cold_or_pageout_pte_range');
  });

  it('names syscalls without their wrappers', () => {
    expect(titleName('__arm64_sys_madvise')).toBe('madvise');
    expect(titleName('__do_sys_mount.constprop.0')).toBe('mount');
  });

  it('takes the function above a dispatch point for stalls, and the waiter for hangs', () => {
    expect(stallFrame(frames('free_percpu', 'array_map_free', 'bpf_map_free_deferred', 'process_one_work', 'worker_thread'), [])?.fn).toBe('bpf_map_free_deferred');
    expect(hangFrame(frames('__schedule', 'schedule', 'io_schedule', 'blkdev_put', 'vfs_release'))?.fn).toBe('blkdev_put');
    expect(hangFrame(frames('__schedule', 'synchronize_rcu_expedited', 'x'))?.fn).toBe('synchronize_rcu');
  });
});
