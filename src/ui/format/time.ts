// Simulated time as the kernel prints it: "[   50.444066]".
import { Clock } from '../../sim/engine/clock.ts';

export function printkTime(ns: number): string {
  return `[${Clock.printkStamp(ns)}]`;
}
