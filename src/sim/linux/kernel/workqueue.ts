// flush_workqueue() -> flush_cpu_workqueue(), kernel/workqueue.c 2.6.25, of a workqueue whose worker died in
// an oops in the middle of a work item: cwq->current_work stays set, so the flusher queues a barrier behind it
// and sleeps in wait_for_completion() for good; the hung-task check (kernel/softlockup.c 2.6.25) reports it.
import { KERN_ERR } from '../../engine/recorder.ts';
import type { Kernel } from '../../machine/kernel.ts';
import type { Frame } from './kallsyms.ts';
import type { Traps } from '../arch/x86/kernel/dumpstack.ts';
import { HUNG_TASK_TIMEOUT_SECS, TaskBlocked, hungTaskLines } from './hung_task.ts';

/**
 * Returns when the workqueue has no stuck work (`stuck` is the work function that never completed); else
 * reports the hung task, has `block` mark it asleep for good and ends its op (throws TaskBlocked).
 */
export function flushWorkqueue(k: Kernel, traps: Traps, wq: string, stuck: string | undefined, block: (why: string) => void): void {
  if (stuck === undefined) return;
  const inner: Frame[] = [{ fn: 'schedule_timeout' }, { fn: 'wait_for_common' }, { fn: 'wait_for_completion' }, { fn: 'flush_cpu_workqueue' }, { fn: 'flush_workqueue' }];
  const frames = [...inner, ...traps.callers()].map((f) => traps.syms.address2625(f));
  const comm = k.rec.ctx.task;
  const t = { comm, pid: k.pids.pidOf(comm) };
  k.clock.advance(HUNG_TASK_TIMEOUT_SECS * 1e9);
  const { title, lines } = hungTaskLines(k, t, frames);
  // __debug_show_held_locks(): the oops that killed the worker turned lock debugging off
  if ((k.kconfig('CONFIG_PROVE_LOCKING') || k.kconfig('CONFIG_LOCKDEP')) && !k.debugLocks.on) lines.push('INFO: lockdep is turned off.');
  k.printk(KERN_ERR, lines.join('\n'));
  const why = `flush_workqueue(${wq}): ${stuck}() never completed`;
  k.rec.finding('sched.hung_task', title, { task: comm, pid: t.pid, waiting_for: why });
  block(why);
  throw new TaskBlocked(title);
}
