// Which frame names a stall or a hang. During RCU stalls and lockups the kernel loops somewhere and
// the trace lands at a random point of the loop; the function just above a dispatch point
// (syscall entry, workqueue, softirq, ...) names the loop better. Hung tasks sleep in generic
// wait primitives, so those are skipped. Modeled on syzbot's linuxStallFrameExtractor and
// linuxHangTaskFrameExtractor (google/syzkaller pkg/report/linux.go).
import type { Frame } from '../types.ts';
import { blameFrame, isGeneric } from './blame.ts';
import { baseName } from './frame.ts';

const ANCHORS = [
  /process_one_work/, /do_syscall_/, /do_fast_syscall_/, /sysenter_dispatch/, /el0_svc_handler/, /invoke_syscall/,
  /ret_fast_syscall/, /netif_receive_skb/, /do_softirq/, /call_timer_fn/, /_run_timers/, /run_timer_softirq/,
  /hrtimer_run/, /run_ksoftirqd/, /smpboot_thread_fn/, /^kthread$/, /start_secondary/, /cpu_startup_entry/,
  /ret_from_fork/, /vfs_write/, /vfs_read/, /vfs_iter_read/, /vfs_iter_write/, /new_sync_read/, /new_sync_write/,
  /vfs_ioctl/, /ksys_ioctl/, /compat_ioctl/, /blkdev_ioctl/, /mmap_region/, /do_mmap/, /do_dentry_open/,
  /vfs_open/, /^sock_sendmsg/, /^sock_recvmsg/, /^sock_release/, /^__sock_release/, /kernel_setsockopt/,
  /sock_common_setsockopt/, /^sock_do_ioctl/, /^sock_ioctl/, /^nfnetlink_rcv_msg/, /^rtnetlink_rcv_msg/,
  /^netlink_dump/, /__do_fault/, /do_page_fault/, /^page_fault$/, /__fput/, /task_work_run/, /exit_to_usermode/,
  /smp_call_function/, /tasklet_action/, /tasklet_hi_action/,
];

/** The frame before the first dispatch point; without one, the first non-generic frame. */
export function stallFrame(frames: readonly Frame[], skip: readonly RegExp[]): Frame | undefined {
  const kept = frames.filter((f) => !f.unreliable && !isGeneric(f.fn) && !skip.some((r) => r.test(baseName(f.fn))));
  if (kept.length === 0) return undefined;
  let prev = kept[0]!;
  for (const f of kept) {
    const b = baseName(f.fn);
    if (ANCHORS.some((r) => r.test(b))) return b.includes('smp_call_function') ? { fn: 'smp_call_function' } : prev;
    prev = f;
  }
  return kept[0];
}

const HANG_ANCHORS: ReadonlyArray<[string, string]> = [
  ['rtnl_lock', ''],
  ['synchronize_rcu', 'synchronize_rcu'],
  ['synchronize_srcu', 'synchronize_rcu'],
  ['synchronize_net', 'synchronize_rcu'],
  ['synchronize_sched', 'synchronize_rcu'],
];
const HANG_SKIP = [/sched/, /_lock/, /_slowlock/, /down/, /rwsem/, /completion/, /kthread/, /wait/, /synchronize/, /context_switch/, /__switch_to/, /cancel_delayed_work/, /rcu_barrier/];

/** The frame a hung task is blamed on. */
export function hangFrame(frames: readonly Frame[]): Frame | undefined {
  for (const f of frames) {
    for (const [anchor, replacement] of HANG_ANCHORS) if (f.fn.includes(anchor)) return replacement === '' ? f : { fn: replacement };
  }
  return blameFrame(frames, HANG_SKIP);
}
