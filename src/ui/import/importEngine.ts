// The import worker as the page sees it: every call a promise. The worker is started on the first
// import and kept; one that crashes is ended, the import it owed fails with a message, and the
// next import starts a new one.
import * as Comlink from 'comlink';
import type { GeneratedScenario, ImportedFinding, ImportedLog, ImportProgress, ImportWorkerApi } from '../../worker/importProtocol.ts';

export interface ImportEngine {
  importLog(blob: Blob, name: string, ticket: number, onProgress?: (p: ImportProgress) => void): Promise<ImportedLog>;
  cancel(ticket: number): Promise<void>;
  scenario(finding: ImportedFinding): Promise<GeneratedScenario | null>;
}

/** A synchronous-or-async implementation in this thread (tests); answers cloned as postMessage would. */
export function inProcessImportEngine(api: ImportWorkerApi): ImportEngine {
  return {
    importLog: async (blob, name, ticket, onProgress) => structuredClone(await api.importLog(blob, name, ticket, onProgress)),
    cancel: async (ticket) => api.cancel(ticket),
    scenario: async (f) => structuredClone(api.scenario(structuredClone(f))),
  };
}

export function workerImportEngine(): ImportEngine {
  let worker: Worker | null = null;
  let remote: Comlink.Remote<ImportWorkerApi> | null = null;
  const owed = new Set<(e: Error) => void>();
  const connect = (): Comlink.Remote<ImportWorkerApi> => {
    if (remote) return remote;
    const w = new Worker(new URL('../../worker/import.worker.ts', import.meta.url), { type: 'module' });
    w.addEventListener('error', (e) => {
      e.preventDefault();
      w.terminate();
      if (worker === w) {
        worker = null;
        remote = null;
      }
      const failed = [...owed];
      owed.clear();
      for (const fail of failed) fail(new Error(`the import worker failed: ${e.message || 'it could not start'}`));
    });
    worker = w;
    remote = Comlink.wrap<ImportWorkerApi>(w);
    return remote;
  };
  const track = <T>(call: Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      owed.add(reject);
      call.then(resolve, reject).finally(() => owed.delete(reject));
    });
  return {
    importLog: (blob, name, ticket, onProgress) => track(connect().importLog(blob, name, ticket, onProgress ? Comlink.proxy(onProgress) : undefined)),
    cancel: (ticket) => track(connect().cancel(ticket)),
    scenario: (f) => track(connect().scenario(f)),
  };
}
