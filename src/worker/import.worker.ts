// Web Worker entry for importing real logs: one LogImporter behind Comlink, apart from the engine
// worker so a long import never holds up the runs shown.
import * as Comlink from 'comlink';
import type { ImportFault, ImportProgress, ImportWorkerApi } from './importProtocol.ts';
import { LogImporter } from './logImport.ts';

const importer = new LogImporter();

/** The fault armed for the next import's first chunk: the page's watchdog is tested with it. */
let armed: ImportFault | null = null;
importer.afterChunk = () => {
  const f = armed;
  armed = null;
  if (f === 'hang') for (;;);
  if (f === 'crash') {
    // an exception no call catches: the page sees the worker's error event; this import never answers
    setTimeout(() => {
      throw new Error('the import worker crashed (a fault played for testing)');
    });
    return new Promise<void>(() => {});
  }
};

const api: ImportWorkerApi = {
  importLog: async (blob, name, ticket, onProgress) => {
    try {
      return await importer.importLog(blob, name, ticket, onProgress);
    } finally {
      // the page's progress callback came as a Comlink proxy: its port is freed once the import ends
      if (onProgress) (onProgress as unknown as Comlink.Remote<(p: ImportProgress) => void>)[Comlink.releaseProxy]();
    }
  },
  cancel: (ticket) => importer.cancel(ticket),
  scenario: (finding) => importer.scenario(finding),
  fault: (kind) => {
    armed = kind;
  },
};

Comlink.expose(api);
