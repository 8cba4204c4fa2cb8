// The UI's view of the engine: the worker's protocol with every answer a promise.
// Tests pass an in-process KernscopeCore or a fake; the app passes the worker, watched: one that
// crashes or stops answering is replaced by a new one (watchdog.ts).
import * as Comlink from 'comlink';
import { EARLY_TICKET, newEngineWorker, sameOverrides, watchWorker, type EarlyOpen, type EarlyWorker } from './earlyEngine.ts';
import { wholeFindings } from '../worker/progress.ts';
import type { EngineFault, ImportedInput, InputError, KernscopeApi, OpenProgress, OpenResult, QueryAnswer, QueryOptions, QueryProgress, RunComparison, RunId, RunOverrides, ViewAnswer, ViewAnswers, ViewArgs, ViewName, ViewRequest, WorkerApi } from '../worker/protocol.ts';

/** An open's name for cancel(), and who hears of its progress. */
export interface OpenWatch {
  ticket: number;
  onProgress?: (p: OpenProgress) => void;
}

export interface Engine {
  open(text: string, overrides?: RunOverrides, watch?: OpenWatch): Promise<OpenResult>;
  /** Stops the open of that ticket where it is: it answers with what it recorded so far. */
  cancel(ticket: number): Promise<void>;
  validate(text: string): Promise<InputError[]>;
  /** An imported log kept as a run (its views are those of a recording). */
  openLog(log: ImportedInput): Promise<OpenResult>;
  close(run: RunId): Promise<void>;
  view<N extends ViewName>(run: RunId, name: N, args: ViewArgs<N>, at: number): Promise<ViewAnswer<N>>;
  views<const R extends readonly ViewRequest[]>(run: RunId, at: number, requests: R): Promise<ViewAnswers<R>>;
  compare(a: RunId, b: RunId): Promise<RunComparison>;
  /** SQL over the run's tables (events, findings, dmesg, writes); `onProgress` hears how far the run's tables are built. */
  query(run: RunId, sql: string, opts?: QueryOptions, onProgress?: (p: QueryProgress) => void): Promise<QueryAnswer>;
}

/** The worker's engine, which can also be told to play a fault (tests of the recovery). */
export interface WorkerEngine extends Engine {
  fault(kind: EngineFault): Promise<void>;
}

/** The ticket of opens nobody can cancel. */
export const NO_TICKET = 0;

/**
 * Adapts a synchronous implementation (KernscopeCore in tests). Every answer goes through
 * structuredClone, as it would through postMessage, so tests meet what the page meets.
 */
export function inProcessEngine(api: KernscopeApi): Engine {
  return {
    async open(text, overrides) {
      return structuredClone(api.open(text, overrides));
    },
    async cancel() {
      // runs at once: there is nothing in progress to stop
    },
    async validate(text) {
      return structuredClone(api.validate(text));
    },
    async openLog(log) {
      return structuredClone(api.openLog(structuredClone(log)));
    },
    async close(run) {
      api.close(run);
    },
    async view<N extends ViewName>(run: RunId, name: N, args: ViewArgs<N>, at: number) {
      return structuredClone(api.view(run, name, args, at));
    },
    async views<const R extends readonly ViewRequest[]>(run: RunId, at: number, requests: R) {
      return structuredClone(api.views(run, at, requests));
    },
    async compare(a, b) {
      return structuredClone(api.compare(a, b));
    },
    async query(run, sql, opts, onProgress) {
      return structuredClone(await api.query(run, sql, opts, onProgress));
    },
  };
}

/** One worker: its engine, a way to end it, and `onCrash` hearing of an exception that escaped it. */
export interface WorkerConnection {
  engine: WorkerEngine;
  terminate(): void;
}

/**
 * The engine worker, or the one the page's first script started (`early`, earlyEngine.ts): the
 * run it was asked for is the answer to the first open when that asks for the same scenario and
 * options; otherwise that run is stopped and freed.
 */
export function connectWorker(onCrash: (message: string) => void, early: EarlyWorker | null = null): WorkerConnection {
  const failures = early ?? { crashed: null, onCrash: null };
  const worker = early?.worker ?? newEngineWorker();
  if (early === null) watchWorker(worker, failures);
  failures.onCrash = onCrash;
  if (failures.crashed !== null) {
    const m = failures.crashed;
    queueMicrotask(() => onCrash(m));
  }
  const remote = early?.remote ?? Comlink.wrap<WorkerApi>(worker);
  return { terminate: () => worker.terminate(), engine: remoteEngine(remote, early?.open ?? null) };
}

/**
 * The engine over a worker's Comlink endpoint; `early`, the run the page's first script asked for,
 * answers the first open when it asks for the same scenario and options, else it is stopped and freed.
 */
export function remoteEngine(remote: Comlink.Remote<WorkerApi>, early: EarlyOpen | null): WorkerEngine {
  let pending = early;
  /** The app's ticket for the early open, once taken over. */
  let taken: number | null = null;
  /** The app cancelled the early open (before it was known whether it started). */
  let earlyCancelled = false;
  const ticketOf = (t: number) => (taken !== null && t === taken ? EARLY_TICKET : t);
  // Comlink's types cannot carry the generic view calls: the answers are those the protocol names
  return {
    open: (text, overrides, watch) => {
      const p = pending;
      pending = null;
      const ticket = watch?.ticket ?? NO_TICKET;
      const own = () => remote.open(text, overrides, ticket, watch?.onProgress ? Comlink.proxy(wholeFindings(watch.onProgress)) : undefined);
      if (p !== null) {
        if (p.text === text && sameOverrides(p.overrides, overrides ?? {})) {
          taken = ticket;
          p.listener = watch?.onProgress ?? null;
          if (p.last !== null) p.listener?.(p.last);
          return p.started.then((started) => {
            if (started) return p.result;
            // never started (the page drew it from the run kept): the engine's own open, cancelled if it was meanwhile
            taken = null;
            const r = own();
            if (earlyCancelled) void remote.cancel(ticket);
            return r;
          });
        }
        // another scenario first: the early run is not wanted
        void p.started.then((started) => {
          if (!started) return;
          void remote.cancel(EARLY_TICKET);
          void p.result.then((r) => (r.ok ? remote.close(r.run) : undefined)).catch(() => {});
        });
      }
      return own();
    },
    cancel: (ticket) => {
      if (taken !== null && ticket === taken) earlyCancelled = true;
      return remote.cancel(ticketOf(ticket));
    },
    fault: (kind) => remote.fault(kind),
    validate: (text) => remote.validate(text),
    openLog: (log) => remote.openLog(log),
    close: (run) => remote.close(run),
    view: <N extends ViewName>(run: RunId, name: N, args: ViewArgs<N>, at: number) => remote.view(run, name, args, at) as Promise<ViewAnswer<N>>,
    views: <const R extends readonly ViewRequest[]>(run: RunId, at: number, requests: R) => remote.views(run, at, requests) as Promise<ViewAnswers<R>>,
    compare: (a, b) => remote.compare(a, b),
    query: (run, sql, opts, onProgress) => remote.query(run, sql, opts, onProgress ? Comlink.proxy(onProgress) : undefined),
  };
}
