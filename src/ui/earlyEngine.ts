// The page's first script starts the engine worker before the app's code has loaded, and asks it
// at once for the run a share link names: the worker loads and the run records while the page is
// still parsing the app. The app's engine (engine.ts) takes the worker over when it starts, and
// the run with it when the first scenario it opens is that one; otherwise the run is stopped. A
// link this browser keeps the run of (persist/runCache.ts) is drawn from what is kept: its run is
// not started then, so the worker leaves the page both cores while it draws.
import * as Comlink from 'comlink';
import { wholeFindings } from '../worker/progress.ts';
import { decodeShareOnce } from './startPlan.ts';
import type { OpenProgress, OpenResult, RunOverrides, WorkerApi } from '../worker/protocol.ts';

/** The early open's ticket: the app's tickets are positive. */
export const EARLY_TICKET = -1;

export interface EarlyOpen {
  text: string;
  overrides: RunOverrides;
  /** True once the worker was asked for the run; false when it never is (the run is kept). */
  started: Promise<boolean>;
  /** The run's result; the ok: false of no errors when it was not started. */
  result: Promise<OpenResult>;
  /** The latest progress, for whoever takes the run over. */
  last: OpenProgress | null;
  listener: ((p: OpenProgress) => void) | null;
}

export interface EarlyWorker {
  worker: Worker;
  remote: Comlink.Remote<WorkerApi>;
  /** The worker's failure, seen before anybody listened. */
  crashed: string | null;
  onCrash: ((message: string) => void) | null;
  open: EarlyOpen | null;
}

export function newEngineWorker(): Worker {
  return new Worker(new URL('../worker/engine.worker.ts', import.meta.url), { type: 'module' });
}

/** Watches a worker's failures: told to `onCrash` once someone listens, kept until then. */
export function watchWorker(worker: Worker, target: { crashed: string | null; onCrash: ((m: string) => void) | null }): void {
  const fail = (m: string) => {
    if (target.onCrash) target.onCrash(m);
    else target.crashed ??= m;
  };
  worker.addEventListener('error', (e) => {
    e.preventDefault();
    fail(e.message || 'the engine worker failed to start');
  });
  worker.addEventListener('messageerror', () => fail('a message from the engine worker could not be read'));
}

/** The same options: the link's, and those the app opens with (keys in any order). */
export function sameOverrides(a: RunOverrides, b: RunOverrides): boolean {
  const norm = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(norm) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, norm((v as Record<string, unknown>)[k])])) : v;
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

/**
 * The worker, and the run of a share link's scenario text (bundled names are the app's to resolve)
 * unless `kept` says this browser keeps it.
 */
export function startEarly(search: string, hash: string, kept?: (text: string, overrides: RunOverrides) => Promise<boolean>): EarlyWorker {
  const worker = newEngineWorker();
  const early: EarlyWorker = { worker, remote: Comlink.wrap<WorkerApi>(worker), crashed: null, onCrash: null, open: null };
  watchWorker(worker, early);
  const share = decodeShareOnce(search, hash);
  if (share.ok && share.state.text !== null) early.open = openEarly(early.remote, share.state.text, share.state.overrides, kept?.(share.state.text, share.state.overrides));
  return early;
}

/**
 * Asks the worker for a run before anybody listens: its progress is kept for whoever takes it
 * over. Once `kept` settles, and not when it says the run is kept (a failed check starts it).
 */
export function openEarly(remote: Comlink.Remote<WorkerApi>, text: string, overrides: RunOverrides, kept?: Promise<boolean>): EarlyOpen {
  const open: EarlyOpen = { text, overrides, started: Promise.resolve(true), result: Promise.resolve({ ok: false, errors: [] }), last: null, listener: null };
  const ask = (): Promise<OpenResult> =>
    remote.open(
      text,
      overrides,
      EARLY_TICKET,
      Comlink.proxy(
        wholeFindings((p: OpenProgress) => {
          open.last = p;
          open.listener?.(p);
        }),
      ),
    );
  if (kept === undefined) open.result = ask();
  else {
    open.started = kept.then(
      (k) => !k,
      () => true,
    );
    open.result = open.started.then((s): Promise<OpenResult> | OpenResult => (s ? ask() : { ok: false, errors: [] }));
  }
  // a failure is the taker's to see
  open.result.catch(() => {});
  return open;
}
