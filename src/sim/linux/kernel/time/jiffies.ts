// jiffies, kernel/time/jiffies.c: the tick count with CONFIG_HZ=250, started at INITIAL_JIFFIES
// (include/linux/jiffies.h) so it wraps five minutes after boot. Derived from the simulated
// clock, which the Kernel snapshots: nothing of its own to save.
import type { Clock } from '../../../engine/clock.ts';

export const HZ = 250;
/** INITIAL_JIFFIES: (unsigned long)(unsigned int)(-300*HZ). */
export const INITIAL_JIFFIES = 0x100000000 - 300 * HZ;
const NS_PER_JIFFY = 1e9 / HZ;

export function jiffies(clock: Clock): number {
  return INITIAL_JIFFIES + Math.floor(clock.ns / NS_PER_JIFFY);
}
