// The UI's view of the engine: the worker's protocol with every answer a promise.
// Tests pass an in-process KernscopeCore or a fake; the app passes the worker, watched: one that
// crashes or stops answering is replaced by a new one (watchdog.ts).
import * as Comlink from 'comlink';
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

export function connectWorker(onCrash: (message: string) => void): WorkerConnection {
  const worker = new Worker(new URL('../worker/engine.worker.ts', import.meta.url), { type: 'module' });
  worker.addEventListener('error', (e) => {
    e.preventDefault();
    onCrash(e.message || 'the engine worker failed to start');
  });
  worker.addEventListener('messageerror', () => onCrash('a message from the engine worker could not be read'));
  const remote = Comlink.wrap<WorkerApi>(worker);
  // Comlink's types cannot carry the generic view calls: the answers are those the protocol names
  return {
    terminate: () => worker.terminate(),
    engine: {
      open: (text, overrides, watch) => remote.open(text, overrides, watch?.ticket ?? NO_TICKET, watch?.onProgress ? Comlink.proxy(watch.onProgress) : undefined),
      cancel: (ticket) => remote.cancel(ticket),
      fault: (kind) => remote.fault(kind),
      validate: (text) => remote.validate(text),
      openLog: (log) => remote.openLog(log),
      close: (run) => remote.close(run),
      view: <N extends ViewName>(run: RunId, name: N, args: ViewArgs<N>, at: number) => remote.view(run, name, args, at) as Promise<ViewAnswer<N>>,
      views: <const R extends readonly ViewRequest[]>(run: RunId, at: number, requests: R) => remote.views(run, at, requests) as Promise<ViewAnswers<R>>,
      compare: (a, b) => remote.compare(a, b),
      query: (run, sql, opts, onProgress) => remote.query(run, sql, opts, onProgress ? Comlink.proxy(onProgress) : undefined),
    },
  };
}
