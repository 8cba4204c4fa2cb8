// The import worker as the page sees it: every call a promise. The worker is started on the first
// import and kept, and watched as the engine worker is (watchdog.ts): one that crashes, or owes an
// answer and sends nothing (no answer, no progress) for HANG_MS, is ended; the calls it owed fail
// with ImportLostError saying what happened, and the next import starts a new worker.
import * as Comlink from 'comlink';
import type { GeneratedScenario, ImportedFinding, ImportedLog, ImportFault, ImportProgress, ImportWorkerApi } from '../../worker/importProtocol.ts';
import { HANG_MS, owedCall, WATCH_MS, type WatchOptions } from '../watchdog.ts';

export interface ImportEngine {
  importLog(blob: Blob, name: string, ticket: number, onProgress?: (p: ImportProgress) => void): Promise<ImportedLog>;
  cancel(ticket: number): Promise<void>;
  scenario(finding: ImportedFinding): Promise<GeneratedScenario | null>;
  /** Arms a fault for the worker's next import (tests of the watchdog). */
  fault(kind: ImportFault): Promise<void>;
}

/** The import worker crashed or stopped answering: it was ended; the next call starts a new one. */
export class ImportLostError extends Error {
  override name = 'ImportLostError';
  constructor(
    readonly kind: 'crashed' | 'hung',
    message: string,
  ) {
    super(message);
  }
}

/** A synchronous-or-async implementation in this thread (tests); answers cloned as postMessage would. */
export function inProcessImportEngine(api: ImportWorkerApi): ImportEngine {
  return {
    importLog: async (blob, name, ticket, onProgress) => structuredClone(await api.importLog(blob, name, ticket, onProgress)),
    cancel: async (ticket) => api.cancel(ticket),
    scenario: async (f) => structuredClone(api.scenario(structuredClone(f))),
    fault: async (kind) => api.fault(kind),
  };
}

/** A started import worker: its API, and how to end it. */
export interface ImportConnection {
  remote: Comlink.Remote<ImportWorkerApi>;
  terminate(): void;
}

function startImportWorker(onCrash: (message: string) => void): ImportConnection {
  const w = new Worker(new URL('../../worker/import.worker.ts', import.meta.url), { type: 'module' });
  w.addEventListener('error', (e) => {
    e.preventDefault();
    onCrash(e.message || 'it could not start');
  });
  w.addEventListener('messageerror', () => onCrash('a message from it could not be read'));
  return { remote: Comlink.wrap<ImportWorkerApi>(w), terminate: () => w.terminate() };
}

/** The import worker, started on first use, restarted after a crash or a hang. */
export function workerImportEngine(connect: (onCrash: (message: string) => void) => ImportConnection = startImportWorker, opts: WatchOptions = {}): ImportEngine & { dispose(): void } {
  const hangMs = opts.hangMs ?? HANG_MS;
  const now = opts.now ?? (() => Date.now());
  let conn: ImportConnection | null = null;
  let generation = 0;
  let heard = now();
  const owed = new Set<(e: Error) => void>();
  const lose = (kind: 'crashed' | 'hung', detail: string) => {
    conn?.terminate();
    conn = null;
    const failed = [...owed];
    owed.clear();
    const why = kind === 'crashed' ? `the import worker crashed: ${detail}` : `the import worker stopped answering (${detail})`;
    for (const fail of failed) fail(new ImportLostError(kind, `${why}; it was ended and a new one starts with the next import`));
  };
  const connect1 = (): Comlink.Remote<ImportWorkerApi> => {
    watch();
    if (conn) return conn.remote;
    const mine = ++generation;
    conn = connect((message) => {
      // a worker already replaced may still report
      if (mine === generation) lose('crashed', message);
    });
    return conn.remote;
  };
  const track = <T>(call: () => Promise<T>): Promise<T> => {
    if (owed.size === 0) heard = now();
    return owedCall(owed, () => (heard = now()), call);
  };
  // watched from the first call on: a page that never imports runs no timer
  let timer: ReturnType<typeof setInterval> | null = null;
  const watch = () => {
    timer ??= setInterval(() => {
      const silent = now() - heard;
      if (owed.size > 0 && silent >= hangMs) lose('hung', `no answer and no progress for ${Math.round(silent / 1000)} s`);
    }, opts.watchMs ?? WATCH_MS);
  };
  return {
    importLog: (blob, name, ticket, onProgress) =>
      track(() =>
        connect1().importLog(
          blob,
          name,
          ticket,
          // progress is a sign of life too
          Comlink.proxy((p: ImportProgress) => {
            heard = now();
            onProgress?.(p);
          }),
        ),
      ),
    cancel: (ticket) => track(() => connect1().cancel(ticket)),
    scenario: (f) => track(() => connect1().scenario(f)),
    fault: (kind) => track(() => connect1().fault(kind)),
    dispose: () => {
      if (timer !== null) clearInterval(timer);
      conn?.terminate();
    },
  };
}
