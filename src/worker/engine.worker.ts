// Web Worker entry: one KernscopeCore behind Comlink, runs opened in slices (slicer.ts); the
// typed arrays of answers are moved, not copied.
import * as Comlink from 'comlink';
import { KernscopeCore } from './core.ts';
import { browserSqlLoader } from './sqlBrowser.ts';
import { MAX_RUNS } from './runs.ts';
import type { EngineFault, WorkerApi } from './protocol.ts';
import { findingsDelta } from './progress.ts';
import { SlicedOpener } from './slicer.ts';
import { moved } from './transfer.ts';

const core = new KernscopeCore(MAX_RUNS, browserSqlLoader);
const opener = new SlicedOpener(core);

/** The fault armed for the next run's first slice: the page's crash and hang recovery is tested with it. */
let armed: EngineFault | null = null;
opener.afterSlice = () => {
  const f = armed;
  armed = null;
  if (f === 'hang') for (;;);
  if (f === 'crash') {
    // an exception no call catches: the page sees the worker's error event; this open never answers
    setTimeout(() => {
      throw new Error('the engine crashed (a fault played for testing)');
    });
    return new Promise<void>(() => {});
  }
};

const api: WorkerApi = {
  open: (text, overrides, ticket, onProgress) => opener.open(text, overrides, ticket, onProgress && findingsDelta(onProgress)),
  cancel: (ticket) => opener.cancel(ticket),
  fault: (kind) => {
    armed = kind;
  },
  openLog: (log) => core.openLog(log),
  validate: (text) => core.validate(text),
  close: (run) => core.close(run),
  view: (run, name, args, at) => moved(core.view(run, name, args, at)),
  views: (run, at, requests) => moved(core.views(run, at, requests)),
  compare: (a, b) => core.compare(a, b),
  query: (run, sql, opts, onProgress) => core.query(run, sql, opts, onProgress),
};

Comlink.expose(api);
