// Watches the engine worker: one that crashes (an exception escapes it) or stops answering is
// ended and replaced by a new one; the calls it owed fail with EngineLostError and `onLost` is
// told what happened. Its runs are gone with it: the page shows none until one is run again.
import type { OpenResult, RunId, ViewAnswer, ViewArgs, ViewName, ViewRequest } from '../worker/protocol.ts';
import type { OpenWatch, WorkerConnection, WorkerEngine } from './engine.ts';

/** A worker that owes an answer and has sent nothing (no answer, no progress) for this long is hung, in ms. */
export const HANG_MS = 10_000;
/** How often the watchdog looks, in ms. */
export const WATCH_MS = 500;

export interface EngineLoss {
  kind: 'crashed' | 'hung';
  /** What was seen: the worker's error message, or how long it was silent. */
  detail: string;
}

export class EngineLostError extends Error {
  override name = 'EngineLostError';
}

export function isEngineLost(e: unknown): boolean {
  return e instanceof EngineLostError;
}

export interface WatchOptions {
  hangMs?: number;
  watchMs?: number;
  now?: () => number;
}

/** An engine on a worker that `connect` starts, restarted when it crashes or hangs. */
/**
 * One call a worker owes an answer: it settles once, through `owed`'s entry, unless a watchdog
 * declared the worker lost first and failed every entry itself; `answered` notes that it spoke.
 */
export function owedCall<T>(owed: Set<(e: Error) => void>, answered: () => void, call: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const fail = (e: Error) => reject(e);
    owed.add(fail);
    call().then(
      (v) => {
        if (!owed.delete(fail)) return;
        answered();
        resolve(v);
      },
      (e: unknown) => {
        if (!owed.delete(fail)) return;
        answered();
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

export function watchedEngine(connect: (onCrash: (message: string) => void) => WorkerConnection, onLost: (loss: EngineLoss) => void, opts: WatchOptions = {}): WorkerEngine & { dispose(): void } {
  const hangMs = opts.hangMs ?? HANG_MS;
  const now = opts.now ?? (() => Date.now());
  const owed = new Set<(e: Error) => void>();
  let heard = now();
  let generation = 0;
  let conn = start();

  function start(): WorkerConnection {
    const mine = ++generation;
    return connect((message) => {
      // a worker already replaced may still report
      if (mine === generation) lose({ kind: 'crashed', detail: message });
    });
  }

  function lose(loss: EngineLoss): void {
    conn.terminate();
    conn = start();
    heard = now();
    const failed = [...owed];
    owed.clear();
    const why = loss.kind === 'crashed' ? `the engine crashed: ${loss.detail}` : `the engine stopped answering: ${loss.detail}`;
    for (const fail of failed) fail(new EngineLostError(`${why}; a new engine was started`));
    onLost(loss);
  }

  function track<T>(call: (e: WorkerEngine) => Promise<T>): Promise<T> {
    if (owed.size === 0) heard = now();
    return owedCall(owed, () => (heard = now()), () => call(conn.engine));
  }

  const timer = setInterval(() => {
    const silent = now() - heard;
    if (owed.size > 0 && silent >= hangMs) lose({ kind: 'hung', detail: `no answer and no progress for ${Math.round(silent / 1000)} s` });
  }, opts.watchMs ?? WATCH_MS);

  const engine: WorkerEngine & { dispose(): void } = {
    open: (text, overrides, watch?: OpenWatch): Promise<OpenResult> =>
      track((e) =>
        e.open(text, overrides, {
          ticket: watch?.ticket ?? 0,
          // progress is a sign of life too
          onProgress: (p) => {
            heard = now();
            watch?.onProgress?.(p);
          },
        }),
      ),
    cancel: (ticket) => track((e) => e.cancel(ticket)),
    fault: (kind) => track((e) => e.fault(kind)),
    validate: (text) => track((e) => e.validate(text)),
    openLog: (log) => track((e) => e.openLog(log)),
    close: (run) => track((e) => e.close(run)),
    view: <N extends ViewName>(run: RunId, name: N, args: ViewArgs<N>, at: number): Promise<ViewAnswer<N>> => track((e) => e.view(run, name, args, at)),
    views: <const R extends readonly ViewRequest[]>(run: RunId, at: number, requests: R) => track((e) => e.views(run, at, requests)),
    compare: (a, b) => track((e) => e.compare(a, b)),
    query: (run, sql, opts, onProgress) =>
      track((e) =>
        e.query(run, sql, opts, (p) => {
          // building a big run's tables takes seconds: its progress is a sign of life
          heard = now();
          onProgress?.(p);
        }),
      ),
    dispose: () => {
      clearInterval(timer);
      conn.terminate();
    },
  };
  return engine;
}
