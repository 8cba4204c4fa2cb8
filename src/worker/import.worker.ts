// Web Worker entry for importing real logs: one LogImporter behind Comlink, apart from the engine
// worker so a long import never holds up the runs shown.
import * as Comlink from 'comlink';
import type { ImportProgress, ImportWorkerApi } from './importProtocol.ts';
import { LogImporter } from './logImport.ts';

const importer = new LogImporter();

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
};

Comlink.expose(api);
