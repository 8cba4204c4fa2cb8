// The soft-lockup detector's report of a CPU spinning with preemption off: watchdog_timer_fn(),
// kernel/watchdog.c 6.8 (softlockup_tick(), kernel/softlockup.c 2.6.25).
import { callTraceLines, dumpStackPrintInfo } from '../lib/dump_stack.ts';
import type { Kernel } from '../../machine/kernel.ts';
import type { Task } from '../include/linux/sched.ts';

/** How long the CPU had been stuck when the detector noticed: 2 * watchdog_thresh (10 s) and the check
 * period in 6.8; softlockup_thresh (60 s) and a tick in 2.6.25. */
export function softLockupSecs(k: Kernel): number {
  return k.since('2.6.26') ? 22 : 61;
}

// `frames`: the spinning task's stack, innermost first, as %pS text (the slowpath it spins in first)
export function softLockupLines(k: Kernel, t: Task, frames: readonly string[]): { title: string; lines: string[] } {
  const title = `${k.since('2.6.26') ? 'watchdog: ' : ''}BUG: soft lockup - CPU#${t.cpu} stuck for ${softLockupSecs(k)}s! [${t.comm}:${t.pid}]`;
  const lines = [title, k.modules.printModules(), ...dumpStackPrintInfo(k, t.cpu, t.pid, t.name)];
  if (k.since('2.6.26')) lines.push(`RIP: 0010:${frames[0] ?? ''}`);
  lines.push(...callTraceLines(k, frames.slice(1).map((f) => ` ${f}`)));
  return { title, lines };
}
