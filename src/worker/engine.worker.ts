// Web Worker entry: one KernscopeCore behind Comlink.
import * as Comlink from 'comlink';
import { KernscopeCore } from './core.ts';

Comlink.expose(new KernscopeCore());
