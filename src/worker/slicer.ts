// Opening runs without blocking the worker: a run is recorded in slices of a few milliseconds,
// and between slices the worker answers other messages (a cancel, the views of the run shown)
// and reports progress. Opens run one at a time, in the order asked.
import type { Session } from '../sim/scenario/session.ts';
import type { KernscopeCore } from './core.ts';
import type { OpenProgress, OpenResult, RunInfo, RunOverrides } from './protocol.ts';

/** Work between two yields to the event loop, in ms. */
export const SLICE_MS = 20;
/** Progress is reported at most this often, in ms. */
export const PROGRESS_MS = 100;

export const CANCEL_REASON = 'cancelled by the user';
export const CLOSED_REASON = 'closed while it ran';
/** A full summary of a run being recorded waits this many times what the last one cost. */
const FULL_INFO_SHARE = 10;

export interface SliceClock {
  now(): number;
  /** Lets the event loop run (messages in) before the next slice. */
  yield(): Promise<void>;
}

/** A MessageChannel round trip yields to the event loop without setTimeout's clamping. */
export function eventLoopClock(): SliceClock {
  return {
    now: () => performance.now(),
    yield: () =>
      new Promise<void>((resolve) => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => {
          ch.port1.close();
          resolve();
        };
        ch.port2.postMessage(null);
      }),
  };
}

export class SlicedOpener {
  private chain: Promise<unknown> = Promise.resolve();
  private readonly cancelled = new Set<number>();
  /** Called after each slice that leaves the run unfinished (the worker's test faults hook here). */
  afterSlice: (() => Promise<void> | void) | null = null;

  constructor(
    private readonly core: KernscopeCore,
    private readonly clock: SliceClock = eventLoopClock(),
    private readonly sliceMs = SLICE_MS,
    private readonly progressMs = PROGRESS_MS,
  ) {}

  open(text: string, overrides: RunOverrides | undefined, ticket: number, onProgress?: (p: OpenProgress) => void): Promise<OpenResult> {
    const run = this.chain.then(() => this.record(text, overrides ?? {}, ticket, onProgress));
    this.chain = run.catch(() => {});
    return run;
  }

  cancel(ticket: number): void {
    this.cancelled.add(ticket);
  }

  private async record(text: string, overrides: RunOverrides, ticket: number, onProgress?: (p: OpenProgress) => void): Promise<OpenResult> {
    try {
      const r = this.core.start(text, overrides);
      if (!r.ok) return r;
      const s: Session = r.session;
      const run = this.core.begin(s);
      let reported = this.clock.now();
      let before = s.rec.pos;
      // the full summary scans the whole log and reads the machine: at most a tenth of the time goes to it
      let full: RunInfo | undefined;
      let nextFull = reported;
      for (;;) {
        if (this.cancelled.has(ticket)) {
          s.cancel(CANCEL_REASON);
          break;
        }
        if (!this.core.isOpen(run)) {
          // closed while it ran (the page replaced it): nobody will look at the rest
          s.cancel(CLOSED_REASON);
          break;
        }
        this.core.toFrontier(s);
        const end = this.clock.now() + this.sliceMs;
        // a pause right after a step that emitted nothing could not be found again by a replay
        const pause = (): boolean => {
          const emitted = s.rec.pos !== before;
          before = s.rec.pos;
          return emitted && this.clock.now() >= end;
        };
        if (s.recordSome(pause)) break;
        const now = this.clock.now();
        if (onProgress && now - reported >= this.progressMs) {
          reported = now;
          let info: RunInfo;
          if (full === undefined || now >= nextFull) {
            info = full = this.core.infoSoFar(s);
            const after = this.clock.now();
            nextFull = after + Math.max(this.progressMs, FULL_INFO_SHARE * (after - now));
          } else info = this.core.infoSoFar(s, full);
          onProgress({ ...s.progress, partial: { run, info } });
        }
        await this.afterSlice?.();
        await this.clock.yield();
      }
      return this.core.finish(s, run);
    } finally {
      this.cancelled.delete(ticket);
    }
  }
}
