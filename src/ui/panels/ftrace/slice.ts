// The Function graph view's state: the range it lists (the cursor's step, since the last mark,
// the run, or a window around the cursor), the graph function it is limited to, the listing and
// profile at the cursor, and every traced function of the run (to choose from).
import type { ViewAnswer, ViewArgs } from '../../../worker/protocol.ts';
import { textParam } from '../codecs.ts';
import { field, type Fields, type ShareCodec } from '../contract.ts';

export type FunctionTrace = ViewAnswer<'functionTrace'>;
export type TraceRange = ViewArgs<'functionTrace'>['range'];
export type TraceLine = FunctionTrace['lines'][number];
export type ProfileEntry = FunctionTrace['profile'][number];

export const TRACE_RANGES: readonly TraceRange[] = ['mark', 'step', 'run', 'window'];

const rangeParam: ShareCodec<TraceRange> = {
  key: 'trace',
  encode: (v) => (v === 'mark' ? null : v),
  decode: (t) => (TRACE_RANGES as readonly string[]).includes(t) ? (t as TraceRange) : null,
};

export interface TraceAt {
  cursor: number;
  trace: FunctionTrace;
}

export interface FtraceSlice {
  range: TraceRange;
  /** set_graph_function, '' for every function. */
  graph: string;
  now: TraceAt | null;
  functions: string[] | null;
}

export const FTRACE_FIELDS: Fields<FtraceSlice> = {
  range: field<TraceRange>('mark', 'never', rangeParam),
  graph: field('', 'scenario', textParam('graph')),
  // a re-run keeps the old listing on screen until its own arrives
  now: field<TraceAt | null>(null, 'scenario'),
  functions: field<string[] | null>(null, 'run'),
};
