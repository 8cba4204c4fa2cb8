// The UI's view of the engine: the worker's protocol with every answer a promise.
// Tests pass an in-process KernscopeCore or a fake; the app passes the worker.
import * as Comlink from 'comlink';
import type { InputError, KernscopeApi, OpenResult, RunComparison, RunId, RunOverrides, ViewAnswer, ViewAnswers, ViewArgs, ViewName, ViewRequest } from '../worker/protocol.ts';

export interface Engine {
  open(text: string, overrides?: RunOverrides): Promise<OpenResult>;
  validate(text: string): Promise<InputError[]>;
  close(run: RunId): Promise<void>;
  view<N extends ViewName>(run: RunId, name: N, args: ViewArgs<N>, at: number): Promise<ViewAnswer<N>>;
  views<const R extends readonly ViewRequest[]>(run: RunId, at: number, requests: R): Promise<ViewAnswers<R>>;
  compare(a: RunId, b: RunId): Promise<RunComparison>;
}

/**
 * Adapts a synchronous implementation (KernscopeCore in tests). Every answer goes through
 * structuredClone, as it would through postMessage, so tests meet what the page meets.
 */
export function inProcessEngine(api: KernscopeApi): Engine {
  return {
    async open(text, overrides) {
      return structuredClone(api.open(text, overrides));
    },
    async validate(text) {
      return structuredClone(api.validate(text));
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
  };
}

/** `onError` hears of a worker that failed to start or crashed: its calls would never answer. */
export function createWorkerEngine(onError: (message: string) => void): Engine {
  const worker = new Worker(new URL('../worker/engine.worker.ts', import.meta.url), { type: 'module' });
  worker.addEventListener('error', (e) => onError(e.message || 'the engine worker failed to start'));
  worker.addEventListener('messageerror', () => onError('a message from the engine worker could not be read'));
  const remote = Comlink.wrap<KernscopeApi>(worker);
  // Comlink's types cannot carry the generic view calls: the answers are those the protocol names
  return {
    open: (text, overrides) => remote.open(text, overrides),
    validate: (text) => remote.validate(text),
    close: (run) => remote.close(run),
    view: <N extends ViewName>(run: RunId, name: N, args: ViewArgs<N>, at: number) => remote.view(run, name, args, at) as Promise<ViewAnswer<N>>,
    views: <const R extends readonly ViewRequest[]>(run: RunId, at: number, requests: R) => remote.views(run, at, requests) as Promise<ViewAnswers<R>>,
    compare: (a, b) => remote.compare(a, b),
  };
}
