// Process ids, kernel/pid.c: one pid per task for its whole life, the same in every message
// (oopses, WARNs, SLUB tracks, lockdep and scheduler splats, device PM). Scenario steps name
// their task by comm; swapper/N is the idle task, pid 0, and every other comm gets the next pid
// from FIRST_PID on the first time anything asks for it, like a young system. Owned by the
// Kernel and saved with its snapshot.
import type { Kernel } from '../../machine/kernel.ts';

/** First pid a new task gets. */
export const FIRST_PID = 100;
/** TASK_COMM_LEN - 1, include/linux/sched.h. */
const COMM_MAX = 15;

const IDLE_RE = /^swapper(\/\d+)?$/;

/** current->comm as printed: the name cut to TASK_COMM_LEN - 1 (get_task_comm()). */
export function taskComm(name: string): string {
  return name.length > COMM_MAX ? name.slice(0, COMM_MAX) : name;
}

/** Marks, in a snapshot, a pid whose task has exited (its comm may come back with a new pid). */
const EXITED = '\0';

export class PidTable {
  /** Comms that have a pid, in allocation order (the idle tasks are not in it); exited ones end in EXITED. */
  private comms: string[] = [];
  private readonly byComm = new Map<string, number>();
  // the last answer, for the allocator's hot paths
  private lastComm = '';
  private lastPid = -1;

  // alloc_pid(), kernel/pid.c: here by comm, since a scenario names its tasks that way
  pidOf(comm: string): number {
    if (comm === this.lastComm) return this.lastPid;
    let pid = this.byComm.get(comm);
    if (pid === undefined) {
      if (IDLE_RE.test(comm)) pid = 0;
      else {
        pid = FIRST_PID + this.comms.length;
        this.comms.push(comm);
      }
      this.byComm.set(comm, pid);
    }
    this.lastComm = comm;
    this.lastPid = pid;
    return pid;
  }

  // release_task() -> detach_pid(): the task is gone; the next task with its comm is a new one, with a new pid
  exit(comm: string): void {
    const pid = this.byComm.get(comm);
    if (pid === undefined || pid === 0) return;
    this.comms[pid - FIRST_PID] = comm + EXITED;
    this.byComm.delete(comm);
    this.lastComm = '';
    this.lastPid = -1;
  }

  snapshot(): readonly string[] {
    return this.comms.slice();
  }

  restore(s: readonly string[]): void {
    this.comms = s.slice();
    this.byComm.clear();
    this.comms.forEach((c, i) => {
      if (!c.endsWith(EXITED)) this.byComm.set(c, FIRST_PID + i);
    });
    this.lastComm = '';
    this.lastPid = -1;
  }
}

// task_pid_nr(current), include/linux/sched.h: the pid of the task running the step
export function currentPid(k: Kernel): number {
  return k.pids.pidOf(k.rec.ctx.task);
}
