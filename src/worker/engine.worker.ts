// Web Worker entry: one KernscopeCore behind Comlink; the typed arrays of answers are moved, not copied.
import * as Comlink from 'comlink';
import { KernscopeCore } from './core.ts';
import type { KernscopeApi } from './protocol.ts';
import { moved } from './transfer.ts';

const core = new KernscopeCore();

const api: KernscopeApi = {
  open: (text, overrides) => core.open(text, overrides),
  validate: (text) => core.validate(text),
  close: (run) => core.close(run),
  view: (run, name, args, at) => moved(core.view(run, name, args, at)),
  views: (run, at, requests) => moved(core.views(run, at, requests)),
  compare: (a, b) => core.compare(a, b),
};

Comlink.expose(api);
