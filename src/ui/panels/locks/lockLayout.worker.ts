// A worker of its own for large lock graphs: dagre takes most of a second for a few
// hundred classes, which must not freeze scrubbing.
import * as Comlink from 'comlink';
import { layoutLockGraph } from './lockLayout.ts';

Comlink.expose({ layout: layoutLockGraph });
