// The typed API the UI calls on the engine worker (through Comlink).
import type { PrintkLine, Finding } from '../sim/engine/recorder.ts';
import type { SimEvent } from '../sim/engine/events.ts';
import type { InputError } from '../sim/scenario/parse.ts';
import type { Report, RunOverrides } from '../sim/scenario/session.ts';
import type { KernelConfig } from '../sim/machine/config.ts';
import type { HexView } from '../sim/views/hexview.ts';
import type { MemoryMapTile } from '../sim/views/memmap.ts';
import type { FrameWrite } from '../sim/views/frame_history.ts';
import type { PhaseRange } from '../sim/views/suspend_phases.ts';
import type { TimelineBucket } from '../sim/views/timeline.ts';
import type { HeldLockView, IrqSafety, LockClassView, LockEdgeView, LockGraphView, TaskView } from '../sim/linux/kernel/locking/subsystem.ts';
import type { CycleInfo } from '../sim/linux/kernel/locking/lockdep.ts';
import type { DepName } from '../sim/linux/kernel/locking/lockdep_graph.ts';

export type { PrintkLine, Finding, SimEvent, InputError, Report, RunOverrides, KernelConfig, HexView, MemoryMapTile, FrameWrite, PhaseRange, TimelineBucket };
export type { HeldLockView, IrqSafety, LockClassView, LockEdgeView, LockGraphView, TaskView, CycleInfo, DepName };

export interface Mark {
  event: number;
  label: string;
}

export interface ExpectationView {
  step: number;
  event: number;
  pass: boolean;
  message: string;
}

export interface ScenarioInfo {
  name: string;
  title: string;
  description: string;
  source: string;
  config: KernelConfig;
  /** Events of the recorded run; the cursor ranges over 0..total. */
  total: number;
  /** Simulated time of the last event, ns. */
  endNs: number;
  marks: Mark[];
  expectations: ExpectationView[];
  /** Every finding of the run with its event, for the timeline. */
  findings: Finding[];
  /** Runtime input errors or limits that stopped the run early. */
  errors: InputError[];
}

export type LoadResult = { ok: true; info: ScenarioInfo } | { ok: false; errors: InputError[] };

export interface PointerView {
  name: string;
  addr: string;
  kind: 'slab' | 'pages' | 'value';
  cache?: string;
}

/** The state at the cursor: what every panel needs to redraw. */
export interface Moment {
  cursor: number;
  ns: number;
  /** The event just before the cursor (the last one applied), or null at 0. */
  event: SimEvent | null;
  /** dmesg lines printed before the cursor. */
  dmesgLines: number;
  /** Findings before the cursor. */
  findings: number;
  slabErrors: number;
  pointers: PointerView[];
}

export interface KernscopeApi {
  load(text: string, overrides?: RunOverrides): LoadResult;
  seek(n: number): Moment;
  /** dmesg lines [from, to) as printed text with their level and event. */
  dmesg(from: number, to: number): (PrintkLine & { line: string })[];
  events(from: number, to: number): SimEvent[];
  /**
   * Event density, findings, text_poke writes and stray writes in `buckets` equal slices of the run,
   * or of events [from, to) when given (the window a zoomed timeline shows).
   */
  timeline(buckets: number, from?: number, to?: number): TimelineBucket[];
  /** Bytes at an address ("0x..." or a pointer name) at the cursor, with provenance and pattern names. */
  hexView(target: string, len: number): HexView;
  /**
   * lockdep's class graph: classes, dependencies and the cycle of the last circular report.
   * At the cursor, or at event `at` (the cursor is kept: the UI lays out the run's final graph once).
   */
  lockGraph(at?: number): LockGraphView;
  /** Per task at the cursor: held locks with their call sites, preempt_count, irq state, RCU depth. */
  heldLocks(): TaskView[];
  /** The physical memory map at the cursor: owner per frame of [startPfn, startPfn+count), legend, frames stray writes hit. */
  memoryMap(startPfn: number, count: number): MemoryMapTile;
  /**
   * Every write into one frame before the cursor (or before event `before`, e.g. the run's end for
   * the frame's whole story): writer, event, byte before and after where known.
   */
  frameHistory(pfn: number, before?: number): FrameWrite[];
  /** Suspend/resume phases of the whole run as event ranges (timeline lanes). */
  suspendPhases(): PhaseRange[];
  report(): Report;
  /** The simulator's state hash after event `at` (default: the cursor); the same in Node and every browser. */
  stateHash(at?: number): string;
}
