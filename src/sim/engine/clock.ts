// Simulated time in nanoseconds; nothing in src/sim reads the host clock.
export class Clock {
  ns = 0;

  advance(ns: number): void {
    this.ns += ns;
  }

  /** The kernel's printk timestamp body: "   50.444066" (seconds, 6 digits of microseconds). */
  static printkStamp(ns: number): string {
    const us = Math.floor(ns / 1000);
    const sec = Math.floor(us / 1_000_000);
    const frac = String(us % 1_000_000).padStart(6, '0');
    return `${String(sec).padStart(5, ' ')}.${frac}`;
  }
}
