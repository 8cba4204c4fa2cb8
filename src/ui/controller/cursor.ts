// Moving the cursor of the run shown: seek, step, jump.
import type { RunSlot } from '../store.ts';
import type { RunChange } from './runSlot.ts';

export class Cursor {
  constructor(
    private readonly run: () => RunSlot,
    private readonly apply: (ch: RunChange) => void,
  ) {}

  seek(n: number): void {
    const r = this.run();
    if (!r.info) return;
    const cursor = Math.max(0, Math.min(r.info.total, Math.round(n)));
    if (cursor === r.cursor && r.moment?.cursor === cursor) return;
    this.apply({ cursor });
  }

  step(delta: number): void {
    this.seek(this.run().cursor + delta);
  }

  toStart(): void {
    this.seek(0);
  }

  toEnd(): void {
    const t = this.run().info?.total;
    if (t !== undefined) this.seek(t);
  }

  /** The state right after event `e` (e.g. the write that produced a byte). */
  seekAfterEvent(e: number): void {
    this.seek(e + 1);
  }
}
