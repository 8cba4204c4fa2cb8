// The Locks view's state: lockdep's graph at the end of the run (laid out once) and the graph
// and tasks at the cursor.
import type { LockGraphView, TaskView } from '../../../worker/protocol.ts';
import { field, type Fields } from '../contract.ts';

export interface LocksAt {
  cursor: number;
  graph: LockGraphView;
  tasks: TaskView[];
}

export interface LocksSlice {
  skeleton: LockGraphView | null;
  now: LocksAt | null;
}

// a re-run keeps the old graph on screen until its own arrives
export const LOCKS_FIELDS: Fields<LocksSlice> = {
  skeleton: field<LockGraphView | null>(null, 'scenario'),
  now: field<LocksAt | null>(null, 'scenario'),
};
