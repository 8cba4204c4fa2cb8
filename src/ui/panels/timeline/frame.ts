// At most one change per animation frame: scrubbing and zooming set the latest value and it is
// applied once at the next frame, so the fetcher (whose queues are latest-wins) asks the worker
// at most once a frame per view and stale values are never sent.
export class FrameLatest<T> {
  private pending: { v: T } | null = null;
  private frame: number | null = null;

  constructor(
    private readonly apply: (v: T) => void,
    private readonly schedule: (f: () => void) => number = (f) => requestAnimationFrame(f),
    private readonly cancel: (id: number) => void = (id) => cancelAnimationFrame(id),
  ) {}

  set(v: T): void {
    this.pending = { v };
    if (this.frame === null) this.frame = this.schedule(() => this.flush());
  }

  /** The value waiting for the frame, if any. */
  peek(): T | undefined {
    return this.pending?.v;
  }

  flush(): void {
    if (this.frame !== null) this.cancel(this.frame);
    this.frame = null;
    const p = this.pending;
    this.pending = null;
    if (p) this.apply(p.v);
  }

  dispose(): void {
    if (this.frame !== null) this.cancel(this.frame);
    this.frame = null;
    this.pending = null;
  }
}
