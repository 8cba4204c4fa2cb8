// schedule_timeout(), kernel/time/timer.c 5.10: the task sleeps until it is woken or `timeout`
// jiffies pass, and returns the jiffies left (0 on timeout). The simulated CPU sleeps by letting
// the clock run to the next event of the machine's hardware (HwDevice: a copy engine finishing a
// job, whose interrupt handler may wake the sleeper) or to the deadline, whichever comes first.
import type { Kernel } from '../../../machine/kernel.ts';
import { HZ, jiffies } from './jiffies.ts';

export const NS_PER_JIFFY = 1e9 / HZ;
/** MAX_SCHEDULE_TIMEOUT: sleep until woken. */
export const MAX_SCHEDULE_TIMEOUT = Number.MAX_SAFE_INTEGER;

export function scheduleTimeout(k: Kernel, timeout: number, woken: () => boolean): number {
  const expire = jiffies(k.clock) + timeout;
  const deadline = timeout >= MAX_SCHEDULE_TIMEOUT ? Infinity : k.clock.ns + timeout * NS_PER_JIFFY;
  for (;;) {
    k.hwCatchUp();
    if (woken()) break;
    const t = k.hwNextEventAt();
    if (t >= deadline) {
      if (deadline === Infinity) break; // nothing will ever wake it: the caller sees the timeout
      if (deadline > k.clock.ns) k.clock.advance(deadline - k.clock.ns);
      k.hwCatchUp();
      break;
    }
    if (t > k.clock.ns) k.clock.advance(t - k.clock.ns);
  }
  if (timeout >= MAX_SCHEDULE_TIMEOUT) return timeout;
  const left = expire - jiffies(k.clock);
  return left < 0 ? 0 : left;
}

/** msecs_to_jiffies(). */
export function msecsToJiffies(ms: number): number {
  return Math.ceil((ms * HZ) / 1000);
}
