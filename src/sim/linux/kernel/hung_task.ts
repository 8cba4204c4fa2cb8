// khungtaskd's report of a task stuck in TASK_UNINTERRUPTIBLE: check_hung_task(), kernel/hung_task.c 6.8
// (kernel/softlockup.c in 2.6.25), with sched_show_task() of kernel/sched/core.c for the task line.
import { utsVersionShort } from '../../machine/layout.ts';
import { callTraceLines } from '../lib/dump_stack.ts';
import type { Kernel } from '../../machine/kernel.ts';
import type { Task } from '../include/linux/sched.ts';

/** sysctl_hung_task_timeout_secs (CONFIG_DEFAULT_HUNG_TASK_TIMEOUT). */
export const HUNG_TASK_TIMEOUT_SECS = 120;

/** The op ends here: its task sleeps for good (the runner ends the step, later steps of the task are refused). */
export class TaskBlocked {
  constructor(readonly title: string) {}
}

// check_hung_task() + sched_show_task(): `frames` are the blocked task's stack, innermost first, as %pS text
export function hungTaskLines(k: Kernel, t: Pick<Task, 'comm' | 'pid'>, frames: readonly string[]): { title: string; lines: string[] } {
  const title = `INFO: task ${t.comm}:${t.pid} blocked for more than ${HUNG_TASK_TIMEOUT_SECS} seconds.`;
  const echo = '"echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.';
  if (!k.since('2.6.26')) {
    // 2.6.25 sched_show_task(): comm, state, thread_saved_pc() (where switch_to() returns into schedule()), free stack, pid, parent's pid
    const pc = k.syms.retAddr('schedule');
    return { title, lines: [title, echo, `${t.comm.padEnd(13)} D ${pc.toString(16).padStart(16, '0')}     0 ${String(t.pid).padStart(5)} ${String(1).padStart(6)}`, ...callTraceLines(k, frames.map((f) => ` ${f}`))] };
  }
  const release = `${k.layout.release} ${utsVersionShort(k.layout)}`;
  return {
    title,
    lines: [
      title,
      `      ${k.panic.printTainted()} ${release}`,
      echo,
      `task:${t.comm.padEnd(15)} state:D stack:0     pid:${String(t.pid).padEnd(5)} tgid:${String(t.pid).padEnd(5)} ppid:1      flags:0x00000000`,
      ...callTraceLines(k, frames.map((f) => ` ${f}`)),
    ],
  };
}
