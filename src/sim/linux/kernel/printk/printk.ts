// printk(): lines go to the dmesg of the current event with the kernel's timestamp.
import type { Clock } from '../../../engine/clock.ts';
import type { LogLevel, Recorder } from '../../../engine/recorder.ts';
import type { Rng } from '../../../engine/rng.ts';

export class Printk {
  /** Until time_init() the kernel has no clock: early lines read [    0.000000]. */
  clockRunning = false;

  constructor(
    private readonly clock: Clock,
    private readonly rng: Rng,
    private readonly rec: Recorder,
  ) {}

  /** One call, one or more lines; each line costs a few simulated microseconds like a console write. */
  printk(level: LogLevel, text: string): void {
    for (const line of text.split('\n')) {
      if (this.clockRunning) this.clock.advance(1_000 + this.rng.below(9_000));
      this.rec.printk(level, line);
    }
  }
}
