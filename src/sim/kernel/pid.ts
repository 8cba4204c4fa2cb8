// Process ids in kernscope's own messages (oopses, WARNs, device_pm_add): swapper is 0, every
// other comm gets 1000 + its task id in the event log, the numbering the SLUB model prints too.
import type { Kernel } from './kernel.ts';

// task_pid_nr(current), include/linux/sched.h: a stable stand-in for alloc_pid(), kernel/pid.c
export function currentPid(k: Kernel): number {
  const task = k.rec.ctx.task;
  if (/^swapper(\/\d+)?$/.test(task)) return 0;
  return 1000 + k.rec.log.taskId(task);
}
