// Ops whose model code can oops: the task dies (TaskDied), the op ends, the machine runs on.
import { TaskDied } from '../../linux/arch/x86/kernel/dumpstack.ts';

/** Runs the body; an oops inside ends it and returns the oops title. */
export function runTask(body: () => void): string | null {
  try {
    body();
    return null;
  } catch (e) {
    if (e instanceof TaskDied) return e.title;
    throw e;
  }
}
