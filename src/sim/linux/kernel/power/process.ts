// The freezer's messages: freeze_processes() / thaw_processes() of kernel/power/process.c
// (2.6.25-git as the logs of the 2.6.25-git2 paging-request thread show it, with the elapsed time; and 6.8).
import { KERN_INFO, KERN_WARNING } from '../../../engine/recorder.ts';
import type { Deps } from '../../../machine/modules.ts';

/** try_to_freeze_tasks() takes a few ms per round of wakeups; the 2.6.25-git2 paging-request thread shows 0.46 s for user space. */
function elapsed(sys: Deps, maxCs: number): string {
  const cs = sys.k.rng.below(maxCs);
  sys.k.clock.advance(cs * 10_000_000 + 1_000_000);
  return `${Math.floor(cs / 100)}.${String(cs % 100).padStart(2, '0')}`;
}

// freeze_processes(), kernel/power/process.c
export function freezeProcesses(sys: Deps): void {
  const k = sys.k;
  if (k.since('2.6.26') && !k.since('6.1')) {
    // 5.10: try_to_freeze_tasks() with pr_cont() pieces, elapsed in ms
    k.printk(KERN_INFO, `Freezing user space processes ... (elapsed 0.0${String(k.rng.below(40) + 1).padStart(2, '0')} seconds) done.`);
    k.printk(KERN_INFO, 'OOM killer disabled.');
    k.printk(KERN_INFO, `Freezing remaining freezable tasks ... (elapsed 0.00${k.rng.below(9) + 1} seconds) done.`);
    return;
  }
  if (!k.since('2.6.26')) {
    k.printk(KERN_WARNING, `Freezing user space processes ... (elapsed ${elapsed(sys, 50)} seconds) done.`);
    k.printk(KERN_WARNING, `Freezing remaining freezable tasks ... (elapsed ${elapsed(sys, 2)} seconds) done.`);
    return;
  }
  k.printk(KERN_INFO, 'Freezing user space processes');
  k.printk(KERN_INFO, `Freezing user space processes completed (elapsed 0.0${String(sys.k.rng.below(40) + 1).padStart(2, '0')} seconds)`);
  k.printk(KERN_INFO, 'OOM killer disabled.');
  k.printk(KERN_INFO, 'Freezing remaining freezable tasks');
  k.printk(KERN_INFO, `Freezing remaining freezable tasks completed (elapsed 0.00${sys.k.rng.below(9) + 1} seconds)`);
}

// thaw_processes(), kernel/power/process.c
export function thawProcesses(sys: Deps): void {
  const k = sys.k;
  if (k.since('2.6.26')) k.printk(KERN_INFO, 'OOM killer enabled.');
  k.printk(!k.since('2.6.26') ? KERN_WARNING : KERN_INFO, 'Restarting tasks ... done.');
}
