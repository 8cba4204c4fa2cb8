// The first lines of kernel reports, by the function that prints them. Dispatch on the first
// character keeps the per-line cost of a noisy log low: most lines are rejected by one switch.

export type ReportType =
  | 'slub' // slab_bug(), mm/slub.c: "BUG <cache> (<taint>): <reason>"
  | 'slub_dump' // a print_trailer() hex dump without its header (a log that starts inside it)
  | 'kasan' // start_report()/print_error_description(), mm/kasan/report.c
  | 'kmsan' // kmsan_report(), mm/kmsan/report.c
  | 'kfence' // kfence_report_error(), mm/kfence/report.c
  | 'kcsan' // print_report(), kernel/kcsan/report.c
  | 'ubsan' // ubsan_prologue(), lib/ubsan.c
  | 'lockdep' // kernel/locking/lockdep.c, every print_*_bug()
  | 'oops' // page_fault_oops() / die(): paging request, NULL dereference, GPF, kernel BUG at
  | 'oops_cont' // lines that continue an oops header (Oops:, invalid opcode:, Internal error:)
  | 'warning' // __warn(), kernel/panic.c
  | 'sched' // __might_resched(), __schedule_bug(), check_preemption_disabled()
  | 'hung' // check_hung_task(), kernel/hung_task.c
  | 'rcu_stall' // print_cpu_stall() / print_other_cpu_stall(), kernel/rcu/tree_stall.h
  | 'lockup' // watchdog_timer_fn() / watchdog_hardlockup_check(), kernel/watchdog.c; wq_watchdog_timer_fn()
  | 'kmemleak' // print_unreferenced(), mm/kmemleak.c
  | 'bad_page' // bad_page(), mm/page_alloc.c; print_bad_pte(), mm/memory.c
  | 'list' // __list_add_valid_or_report() / __list_del_entry_valid_or_report(), lib/list_debug.c
  | 'ttm' // ttm_bo_evict(), drivers/gpu/drm/ttm/ttm_bo.c
  | 'pm' // device_pm_add(), drivers/base/power/main.c
  | 'checker' // a user-space pattern checker (Jiri Slaby's, seed 002)
  | 'panic' // panic(), kernel/panic.c
  | 'spinlock' // spin_dump(), kernel/locking/spinlock_debug.c
  | 'bug_other' // any other "BUG: ..."
  | 'cut' // "------------[ cut here ]------------": the header follows
  | 'sep'; // a line of '=': KASAN, lockdep and SLUB reports start and end with one

const SEP = /^={20,}\s*$/;
const CUT = /^(?:-{4,}\[ cut here \]-{4,}|8<-+ cut here -+)/;
const SLUB = /^BUG [\w.:@/-]+(?: \([^)]*\))?: \S/;
const WARNING_KERNEL = /^WARNING: (?:CPU: \d+ PID: \d+ at |at \S|\S+\.\w+:\d+ |\[.*\] \S+\.\w+:\d+ |\S+ at \S+\.\w+:\d+|kernel stack)/;
const LOCKDEP_PHRASE = /possible circular locking|possible recursive locking|inconsistent lock state|possible irq lock inversion|-safe -> \S+-unsafe lock order|bad unlock balance|held lock freed|Nested lock was not taken|suspicious RCU usage|lock held when returning to user space|still has locks held|trying to register non-static key|Invalid wait context|MAX_\w+ too low|looking up invalid subclass|nest_lock|circular locking/;
const SLUB_DUMP = /^(?:Object|Redzone|Padding)\s+(?:0x)?[0-9a-f]{8,16}:\s+[0-9a-f]{2} /;

function bug(t: string): ReportType | null {
  if (t.charCodeAt(3) === 32) return SLUB.test(t) ? 'slub' : null;
  if (!t.startsWith('BUG: ')) return null;
  const r = t.slice(5);
  if (r.startsWith('KASAN: ')) return 'kasan';
  if (r.startsWith('KMSAN: ')) return 'kmsan';
  if (r.startsWith('KFENCE: ')) return 'kfence';
  if (r.startsWith('KCSAN: ')) return 'kcsan';
  if (/^(?:unable to handle|kernel NULL pointer dereference|Unable to handle)/.test(r)) return 'oops';
  if (/^(?:sleeping function called from invalid context|scheduling while atomic|using [\w_]+\(\) in preemptible)/.test(r)) return 'sched';
  if (/^(?:soft lockup|workqueue lockup)/.test(r)) return 'lockup';
  if (r.startsWith('Bad page ')) return 'bad_page';
  if (r.startsWith('memory leak')) return 'kmemleak';
  if (/^(?:spinlock|rwlock) /.test(r)) return 'spinlock';
  if (LOCKDEP_PHRASE.test(r)) return 'lockdep';
  return 'bug_other';
}

/**
 * The report a line starts, or null; `i` is where the kernel's text begins in `s` (after the printk
 * prefix and leading blanks) and `end` where the line ends, so a line can be looked at inside the
 * chunk it came in. Each case first compares a fixed prefix in place: the common line costs a
 * switch and at most one startsWith, with no string copied.
 */
export function detectStartAt(s: string, i: number, end = s.length): ReportType | null {
  switch (s.charCodeAt(i)) {
    case 66: // B
      return s.startsWith('BUG', i) ? bug(s.slice(i, end)) : null;
    case 87: // W
      if (s.startsWith('WARNING: ', i)) {
        const t = s.slice(i, end);
        if (LOCKDEP_PHRASE.test(t)) return 'lockdep';
        return WARNING_KERNEL.test(t) ? 'warning' : null;
      }
      return s.startsWith('WHAT THE HELL (', i) ? 'checker' : null;
    case 73: // I
      if (s.startsWith('INFO: ', i)) {
        const t = s.slice(i, end);
        if (/^INFO: task .{1,64} blocked for more than \d+ seconds/.test(t)) return 'hung';
        if (/^INFO: rcu_\w+ (?:self-)?detected(?: expedited)? stalls?/.test(t)) return 'rcu_stall';
        if (t.startsWith('INFO: lockdep is turned off')) return null;
        if (LOCKDEP_PHRASE.test(t)) return 'lockdep';
        return null;
      }
      return s.startsWith('Internal error: ', i) ? 'oops_cont' : null;
    case 114: // r
      return s.startsWith('rcu: INFO: ', i) && /^rcu: INFO: rcu_\w+ (?:self-)?detected(?: expedited)? stalls?/.test(s.slice(i, end)) ? 'rcu_stall' : null;
    case 103: // g
      return s.startsWith('general protection fault', i) ? 'oops' : null;
    case 107: // k
      return s.startsWith('kernel BUG at ', i) ? 'oops' : null;
    case 75: // K
      return s.startsWith('Kernel panic - not syncing', i) ? 'panic' : null;
    case 85: // U
      if (s.startsWith('UBSAN: ', i)) return 'ubsan';
      return s.startsWith('Unable to handle kernel ', i) && /^Unable to handle kernel (?:paging request|NULL pointer dereference|access to user memory|execute)/.test(s.slice(i, end)) ? 'oops' : null;
    case 117: // u
      return s.startsWith('unreferenced object 0x', i) && /^unreferenced object 0x[0-9a-f]+ \(size \d+\):/.test(s.slice(i, end)) ? 'kmemleak' : null;
    case 45: // -
    case 56: // 8 (ARM's "8<--- cut here ---")
      return CUT.test(s.slice(i, Math.min(end, i + 60))) ? 'cut' : null;
    case 61: // =
      return SEP.test(s.slice(i, end)) ? 'sep' : null;
    case 91: // [
      if (s.startsWith('[TTM] Buffer eviction failed', i)) return 'ttm';
      if (s.startsWith('[ ', i) && /^\[ (?:INFO|BUG|WARNING): .{5,100} \]\s*$/.test(s.slice(i, end))) return LOCKDEP_PHRASE.test(s.slice(i, end)) ? 'lockdep' : null;
      return null;
    case 119: // w
      return s.startsWith('watchdog: ', i) && /^watchdog: (?:BUG: soft lockup|Watchdog detected hard LOCKUP)/.test(s.slice(i, end)) ? 'lockup' : null;
    case 78: // N
      return s.startsWith('NMI watchdog: ', i) && /^NMI watchdog: (?:BUG: soft lockup|Watchdog detected hard LOCKUP)/.test(s.slice(i, end)) ? 'lockup' : null;
    case 108: // l
      return s.startsWith('list_', i) && /^list_(?:add|del)(?: double add| corruption)/.test(s.slice(i, end)) ? 'list' : null;
    case 105: // i
      return s.startsWith('invalid opcode: ', i) ? 'oops_cont' : null;
    case 100: // d
      return s.startsWith('divide error: ', i) || s.startsWith('divide_error: ', i) ? 'oops_cont' : null;
    case 79: // O
      if (s.startsWith('Oops: ', i)) return 'oops_cont';
      return s.startsWith('Object ', i) && SLUB_DUMP.test(s.slice(i, end)) ? 'slub_dump' : null;
    case 80: // P
      return s.startsWith('Padding ', i) && SLUB_DUMP.test(s.slice(i, end)) ? 'slub_dump' : null;
    case 82: // R
      return s.startsWith('Redzone ', i) && SLUB_DUMP.test(s.slice(i, end)) ? 'slub_dump' : null;
    default:
      return null;
  }
}

/** The report a line starts; `t` is the line with its leading blanks removed. */
export function detectStart(t: string): ReportType | null {
  return detectStartAt(t, 0);
}

/** device_pm_add()'s complaint names the device first, so it is found by its words. */
export function detectInside(t: string): ReportType | null {
  if (t.indexOf('sleeping') >= 0 && /^(?:\S+ )?[\w:.-]+: (?:parent \S+ (?:is|should not be) sleeping|(?:all )?devices are sleeping)/.test(t)) return 'pm';
  return null;
}
