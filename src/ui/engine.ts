// The UI's view of the engine: the worker API with every answer asynchronous.
// Tests pass an in-process KernscopeCore or a fake; the app passes the Comlink proxy.
import * as Comlink from 'comlink';
import type { KernscopeApi } from '../worker/api.ts';

export type Engine = {
  [K in keyof KernscopeApi]: (...args: Parameters<KernscopeApi[K]>) => Promise<ReturnType<KernscopeApi[K]>>;
};

/** Adapts a synchronous implementation (KernscopeCore in tests). */
export function inProcessEngine(api: KernscopeApi): Engine {
  return {
    load: async (text, overrides) => api.load(text, overrides),
    seek: async (n) => api.seek(n),
    dmesg: async (from, to) => api.dmesg(from, to),
    events: async (from, to) => api.events(from, to),
    timeline: async (buckets, from, to) => api.timeline(buckets, from, to),
    hexView: async (target, len) => api.hexView(target, len),
    lockGraph: async (at) => api.lockGraph(at),
    heldLocks: async () => api.heldLocks(),
    memoryMap: async (startPfn, count) => api.memoryMap(startPfn, count),
    frameHistory: async (pfn, before) => api.frameHistory(pfn, before),
    suspendPhases: async () => api.suspendPhases(),
    report: async () => api.report(),
    stateHash: async (at) => api.stateHash(at),
  };
}

/** `onError` hears of a worker that failed to start or crashed: its calls would never answer. */
export function createWorkerEngine(onError: (message: string) => void): Engine {
  const worker = new Worker(new URL('../worker/engine.worker.ts', import.meta.url), { type: 'module' });
  worker.addEventListener('error', (e) => onError(e.message || 'the engine worker failed to start'));
  worker.addEventListener('messageerror', () => onError('a message from the engine worker could not be read'));
  return Comlink.wrap<KernscopeApi>(worker);
}
