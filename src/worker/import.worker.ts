// Web Worker entry for importing real logs: one LogImporter behind Comlink, apart from the engine
// worker so a long import never holds up the runs shown.
import * as Comlink from 'comlink';
import type { ImportWorkerApi } from './importProtocol.ts';
import { LogImporter } from './logImport.ts';

const importer = new LogImporter();

const api: ImportWorkerApi = {
  importLog: (blob, name, ticket, onProgress) => importer.importLog(blob, name, ticket, onProgress),
  cancel: (ticket) => importer.cancel(ticket),
  scenario: (finding) => importer.scenario(finding),
};

Comlink.expose(api);
