// The engine worker's protocol: what the UI may ask and what it gets back. Types (and a request
// builder) only, so the UI can import it without pulling the simulator into the page. A run is opened once and named by
// its id; every view of it is asked through one generic call, `view(run, name, args, at)`, or
// several at one moment through `views(run, at, requests)` (one seek, answers in order).
import type { InputError, RunInfo, RunOverrides, VIEWS } from '../sim/views/registry.ts';
import type { RunComparison } from '../sim/views/run_compare.ts';
import type { ImportedInput } from './importedRun.ts';

export type { ImportedInput } from './importedRun.ts';
export type { DmesgDiff, DmesgDiffRow, DmesgSide, RunComparison, StepSpan } from '../sim/views/run_compare.ts';
export type { ProfileDiffRow } from '../sim/views/profile.ts';
export type { SqlCell, SqlColumn } from '../sim/views/sql_tables.ts';
export type { QueryAnswer, QueryOptions, QueryProgress } from './query.ts';
import type { QueryAnswer, QueryOptions, QueryProgress } from './query.ts';

export type {
  ByteWrite,
  DmesgLine,
  DmesgSearch,
  EventFacets,
  EventFilter,
  EventQueryAnswer,
  EventQueryArgs,
  EventRow,
  ExpectationView,
  Finding,
  FrameWrite,
  HeldLockView,
  HexAnswer,
  ImportedRunInfo,
  InputError,
  IrqSafety,
  KernelConfig,
  Landing,
  ListNodeView,
  ListRingView,
  LockClassView,
  LockEdgeView,
  LockGraphView,
  MapTile,
  Mark,
  Moment,
  NoArgs,
  PatchInfo,
  PhaseRange,
  PointerView,
  PrintkLine,
  Report,
  RunInfo,
  RunOverrides,
  SimEvent,
  SqlTableInfo,
  TaskView,
  TimelineBucket,
  TimelineLane,
  TimelineLanes,
} from '../sim/views/registry.ts';

/** A run the worker keeps (it keeps a few, dropping the least recently used). */
export type RunId = number;

export type OpenResult = { ok: true; run: RunId; info: RunInfo } | { ok: false; errors: InputError[] };

type ViewTable = typeof VIEWS;
export type ViewName = keyof ViewTable;
export type ViewArgs<N extends ViewName> = Parameters<ViewTable[N]['answer']>[1];
export type ViewAnswer<N extends ViewName> = ReturnType<ViewTable[N]['answer']>;

/** One view asked of a run: its name and arguments. */
export interface RequestOf<N extends ViewName> {
  readonly name: N;
  readonly args: ViewArgs<N>;
}

export type ViewRequest = { [N in ViewName]: RequestOf<N> }[ViewName];

/** The answers to a list of requests, in the same order. */
export type ViewAnswers<R extends readonly ViewRequest[]> = { -readonly [K in keyof R]: R[K] extends RequestOf<infer N> ? ViewAnswer<N> : never };

/** Builds a request with its argument type checked against the view. */
export function ask<N extends ViewName>(name: N, args: ViewArgs<N>): RequestOf<N> {
  return { name, args };
}

/**
 * The worker's API (synchronous here but for query; the UI gets every answer as a promise). `at` is an event
 * number (clamped to the run): views answer for the state after that many events; views of the
 * whole run (events, timeline, suspendPhases) answer the same at every `at`. A closed, dropped
 * or unknown run id is answered with an error that says so.
 */
export interface KernscopeApi {
  open(text: string, overrides?: RunOverrides): OpenResult;
  /** An imported log (the import worker's result) kept as a run: the views of a recording answer it, those of a machine do not. */
  openLog(log: ImportedInput): OpenResult;
  /** The input errors of a scenario text, as open() would list them, without running it (the editor's checks as you type). */
  validate(text: string): InputError[];
  close(run: RunId): void;
  view<N extends ViewName>(run: RunId, name: N, args: ViewArgs<N>, at: number): ViewAnswer<N>;
  views<const R extends readonly ViewRequest[]>(run: RunId, at: number, requests: R): ViewAnswers<R>;
  /** Two runs of one scenario compared (the what-if view): divergence, findings only in one, dmesg diff, steps, profiles. */
  compare(a: RunId, b: RunId): RunComparison;
  /** SQL over the run's tables (events, findings, dmesg, writes): asynchronous, as SQLite loads on the first query and a run's tables are built on its first (`onProgress` hears how far). */
  query(run: RunId, sql: string, opts?: QueryOptions, onProgress?: (p: QueryProgress) => void): Promise<QueryAnswer>;
}

/** Where a run being opened is: events recorded so far, the top-level step (0-based) it ran last, of how many. */
export interface OpenProgress {
  events: number;
  step: number;
  steps: number;
  /**
   * The run so far, from the worker's sliced opens: its id already answers views of its first
   * `info.total` events (the moment asked can be drawn before the run ends), and its summary so far.
   */
  partial?: {
    run: RunId;
    info: RunInfo;
    /** Between the worker and the page, `info.findings` holds only the findings from this index on (progress.ts). */
    findingsFrom?: number;
  };
}

/** A fault the worker can be told to play at its next run (tests of the page's recovery; see docs/scenario-format.md). */
export type EngineFault = 'hang' | 'crash';

/**
 * The worker's own API: open records the run in slices, between which it answers other calls
 * (views, cancel) and reports progress; opens run one at a time in the order asked. `ticket`
 * names the open for cancel().
 */
export interface WorkerApi extends Omit<KernscopeApi, 'open'> {
  open(text: string, overrides: RunOverrides | undefined, ticket: number, onProgress?: (p: OpenProgress) => void): Promise<OpenResult>;
  /** Stops the open of that ticket where it is (between two steps): what it recorded is its run. */
  cancel(ticket: number): void;
  fault(kind: EngineFault): void;
}
