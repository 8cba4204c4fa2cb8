// Time travel: one recorded run with checkpoints at step boundaries; seek(n)
// restores the nearest checkpoint at or before n and replays forward.
import { Recorder, StopReplay } from './recorder.ts';

/** A deterministic machine that executes a program one step at a time. */
export interface Runnable<S> {
  /** Executes the next step; false when the program has ended. */
  runStep(): boolean;
  snapshot(): S;
  restore(s: S): void;
}

export interface Checkpoint<S> {
  pos: number;
  state: S;
}

export interface TimelineOptions {
  /** Events between checkpoints (taken at the first step boundary past the interval). */
  checkpointInterval: number;
}

export class Timeline<S> {
  readonly checkpoints: Checkpoint<S>[] = [];
  /** Total events of the recorded run. */
  total = 0;
  /** Event position the machine's state currently reflects. */
  cursor = 0;
  /** False after a replay stopped inside a step: the state can be read but not continued. */
  private resumable = true;
  ended = false;

  constructor(
    readonly machine: Runnable<S>,
    readonly rec: Recorder,
    readonly opts: TimelineOptions,
  ) {}

  /**
   * Records the whole program (or up to `until` events, or until `pause()` says so between two
   * steps), taking checkpoints. Called again, it goes on where it paused: the same steps and
   * checkpoints as one call, so a run recorded in slices is the run recorded at once.
   */
  record(until = Infinity, pause: () => boolean = () => false): void {
    const rec = this.rec;
    if (this.checkpoints.length === 0) this.checkpoints.push({ pos: rec.pos, state: this.machine.snapshot() });
    let last = this.checkpoints[this.checkpoints.length - 1]!.pos;
    while (rec.pos < until && !this.ended) {
      if (!this.machine.runStep()) {
        this.ended = true;
        break;
      }
      if (rec.pos - last >= this.opts.checkpointInterval) {
        this.checkpoints.push({ pos: rec.pos, state: this.machine.snapshot() });
        last = rec.pos;
      }
      if (pause()) break;
    }
    this.total = rec.pos;
    this.cursor = rec.pos;
  }

  private checkpointAtOrBefore(n: number): Checkpoint<S> {
    let lo = 0;
    let hi = this.checkpoints.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.checkpoints[mid]!.pos <= n) lo = mid;
      else hi = mid - 1;
    }
    return this.checkpoints[lo]!;
  }

  /** Puts the machine in the state after the first n events. */
  seek(n: number, force = false): void {
    if (!Number.isInteger(n) || n < 0 || n > this.total) throw new RangeError(`event ${n} is outside 0..${this.total}`);
    if (n === this.cursor && !force) return;
    if (force) this.resumable = false;
    const cp = this.checkpointAtOrBefore(n);
    // replay from the current state when it is closer than the checkpoint
    if (!(this.resumable && this.cursor < n && this.cursor >= cp.pos)) {
      this.machine.restore(cp.state);
      this.rec.pos = cp.pos;
      this.resumable = true;
    }
    this.rec.startReplay(this.rec.pos, n);
    try {
      while (this.rec.pos < n) {
        this.rec.checkStop();
        if (!this.machine.runStep()) break;
      }
      this.resumable = true;
    } catch (e) {
      // a run that ended on an error replays into the same error once all its events are done
      if (!(e instanceof StopReplay) && this.rec.pos < n) throw e;
      this.resumable = false;
    } finally {
      this.rec.endReplay();
    }
    this.cursor = n;
  }
}
