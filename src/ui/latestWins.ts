// Coalesces rapid requests (scrubbing, playing): at most one runs at a time,
// and of those that arrive meanwhile only the latest is run next. Paced, at most one starts
// per display frame: what arrives within the frame waits for the next and only the latest goes.

/** Resolves when the next round trip may start. */
export type Pace = () => Promise<void>;

/** At most one start per animation frame: a start less than a frame after the last waits for the next frame. */
export function framePace(nextFrame: (f: () => void) => void, now: () => number, frameMs = 1000 / 60): Pace {
  let last = -Infinity;
  return async () => {
    if (now() - last < frameMs) await new Promise<void>((r) => nextFrame(() => r()));
    last = now();
  };
}

export class LatestWins<A, R> {
  private running = false;
  private pending: { arg: A } | null = null;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly run: (arg: A) => Promise<R>,
    private readonly done: (arg: A, result: R) => void,
    private readonly failed: (arg: A, error: unknown) => void,
    private readonly pace: Pace | null = null,
  ) {}

  request(arg: A): void {
    if (this.running) {
      this.pending = { arg };
      return;
    }
    void this.start(arg);
  }

  get busy(): boolean {
    return this.running;
  }

  /** Resolves once nothing runs and nothing waits. */
  idle(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private async start(first: A): Promise<void> {
    this.running = true;
    let arg = first;
    if (this.pace) {
      await this.pace();
      // asked again while it waited for the frame: the latest goes instead
      if (this.pending) {
        arg = this.pending.arg;
        this.pending = null;
      }
    }
    try {
      const r = await this.run(arg);
      this.done(arg, r);
    } catch (e) {
      this.failed(arg, e);
    }
    const next = this.pending;
    this.pending = null;
    if (next) {
      void this.start(next.arg);
      return;
    }
    this.running = false;
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}
