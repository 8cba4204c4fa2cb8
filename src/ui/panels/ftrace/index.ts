// The Function graph view: the function_graph tracer's listing up to the cursor (from its step's
// start, the last mark or the run's, or a window around it), the calls open at the cursor, and the
// trace_stat profile of the same range. Offered for runs with a GPU (their models are the traced
// ones) and for imported logs with trace events or profiles. Loaded on first use.
import { lazy } from 'react';
import { ask } from '../../../worker/protocol.ts';
import { definePanel, query } from '../contract.ts';
import { hasGpu } from '../vram/gpu.ts';
import { FTRACE_FIELDS, type FtraceSlice } from './slice.ts';

export const ftracePanel = definePanel<FtraceSlice>({
  title: 'Function graph',
  place: 'view',
  component: lazy(() => import('./FtracePanel.tsx').then((m) => ({ default: m.FtracePanel }))),
  loading: 'function graph',
  offered: (info) => hasGpu(info) || (info.imported !== undefined && (info.imported.traceEvents > 0 || info.imported.profiles.length > 0)),
  // an imported trace opens on its listing
  priority: (info) => (info.imported !== undefined ? 4 : 0),
  fields: FTRACE_FIELDS,
  atCursor: query({
    requests: (f) => [ask('functionTrace', f.graph === '' ? { range: f.range } : { range: f.range, graphFunction: f.graph })] as const,
    receive: (f, [trace], [req], { at }) => (req.args.range === f.range && (req.args.graphFunction ?? '') === f.graph ? { now: { cursor: at, trace } } : {}),
  }),
  ofRun: query({
    requests: () => [ask('tracedFunctions', {})] as const,
    receive: (_f, [functions]) => ({ functions }),
  }),
});
