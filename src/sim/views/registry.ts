// The views a run answers, by name: the one table the worker's generic view call dispatches
// through, plus the run's summary (runInfo) and its counters (runCounters). Every view answers
// at one moment `at`: a `state` view reads the machine there (the caller seeks the session to
// `at` first), the others read the recorded run only. No view moves the session's cursor.
// This file is also where the views reach into the session's internals, so a move inside the
// simulator is mended here once.
import { Clock } from '../engine/clock.ts';
import type { SimEvent } from '../engine/events.ts';
import type { Finding, PrintkLine } from '../engine/recorder.ts';
import { hex } from '../linux/arch/x86/include/asm/pgtable_64_types.ts';
import type { HeldLockView, IrqSafety, LockClassView, LockEdgeView, LockGraphView, TaskView } from '../machine/locking_model.ts';
import { KCONFIG_OPTIONS, type KernelConfig } from '../machine/config.ts';
import { KNOWN_PATCHES, type PatchInfo } from '../machine/patches.ts';
import { bindingVa } from '../scenario/binding.ts';
import type { InputError } from '../scenario/parse.ts';
import { EV_MARK } from '../scenario/runner.ts';
import type { Report, RunOverrides, Session } from '../scenario/session.ts';
import { formatPrintk, linesBefore } from './dmesg.ts';
import { dmesgLineEvent, dmesgSearch, type DmesgSearch } from './dmesg_search.ts';
import { eventFacets, eventQuery, type EventFacets, type EventFilter, type EventQueryAnswer, type EventQueryArgs, type EventRow } from './event_query.ts';
import { frameHistory, type FrameWrite } from './frame_history.ts';
import { functionTrace, tracedFunctions, type FunctionTrace, type TraceArgs } from './ftrace.ts';
import { gemView, shrinkerScans, type GemView, type ShrinkerScan } from './gem.ts';
import { boHistory, framebufferImage, gpuRunInfo, vramMap, type BoHistoryRow, type FramebufferImage, type GpuRunInfo, type VramMap } from './gpu.ts';
import { hexView, type HexView } from './hexview.ts';
import { listRing, type ListRingView } from './list.ts';
import { byteWrite, findingLanding, findingStep, stepBoundary, type ByteWrite, type Landing } from './landing.ts';
import { MAP_FLAG_NAMES, memoryMapTile, type MemoryMapTile } from './memmap.ts';
import { pagePoolView, type PagePoolView } from './page_pool.ts';
import { patternOf } from './patterns.ts';
import { sqlTables, type SqlColumn } from './sql_tables.ts';
import { suspendPhases, type PhaseRange } from './suspend_phases.ts';
import { timelineBuckets, type TimelineBucket } from './timeline.ts';
import { timelineLanes, type TimelineLane, type TimelineLanes } from './timeline_lanes.ts';
import { translate } from './translate.ts';

export type { BoHistoryRow, FramebufferImage, FunctionTrace, GpuRunInfo, ListRingView, PagePoolView, TraceArgs, VramMap };
export type { ListBreak, ListHeadRef, ListNodeView } from './list.ts';
export type { ByteWrite, DmesgSearch, EventFacets, EventFilter, EventQueryAnswer, EventQueryArgs, EventRow, Landing };
export type { Finding, FrameWrite, HeldLockView, HexView, InputError, IrqSafety, KernelConfig, LockClassView, LockEdgeView, LockGraphView, MemoryMapTile, PatchInfo, PhaseRange, PrintkLine, Report, RunOverrides, SimEvent, TaskView, TimelineBucket, TimelineLane, TimelineLanes };

export interface ViewDef<A, R> {
  /** The view reads the machine at `at` (the caller seeks there first); false: the recorded run only. */
  readonly state: boolean;
  answer(s: Session, args: A, at: number): R;
}

function stateView<A, R>(answer: (s: Session, args: A, at: number) => R): ViewDef<A, R> {
  return { state: true, answer };
}

function logView<A, R>(answer: (s: Session, args: A, at: number) => R): ViewDef<A, R> {
  return { state: false, answer };
}

/** The arguments of a view that takes none. */
export type NoArgs = Record<string, never>;

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

/** What a run is, answered once when it opens: everything that does not change with the cursor. */
export interface RunInfo {
  name: string;
  title: string;
  description: string;
  source: string;
  config: KernelConfig;
  /** Events of the recorded run; a cursor ranges over 0..total. */
  total: number;
  /** Simulated time of the last event, ns. */
  endNs: number;
  marks: Mark[];
  expectations: ExpectationView[];
  /** Every finding of the run with its event. */
  findings: Finding[];
  /** Runtime input errors or limits that stopped the run early. */
  errors: InputError[];
  /** Suspend/resume phases of the whole run. */
  phases: PhaseRange[];
  /** Lock classes lockdep registered by the end of the run. */
  lockClasses: number;
  /** The kernel list heads the run names by its end (list_head_init steps, models). Absent when there are none. */
  listHeads?: string[];
  /** A machine with a GPU: its VRAM, BAR1 and the evictions of the run, one lane per LRU priority. Absent without one. */
  gpu?: GpuRunInfo;
  /** The run created page_pools (net/core/page_pool.c): the page_pool panel is offered. */
  pagePool?: boolean;
  /** A real kernel log imported as a run (src/worker/importedRun.ts): no machine behind it. Absent for simulated runs. */
  imported?: ImportedRunInfo;
  /**
   * The switches the simulated kernel offers: every CONFIG_* option the models read (KCONFIG_OPTIONS), what
   * each is on this run's machine when the scenario does not set it (the kernel's own defaults), and the known patches.
   */
  options: { kconfigOptions: string[]; kconfigDefaults: Record<string, boolean>; patches: PatchInfo[] };
}

/** What an imported log's run is made of. */
export interface ImportedRunInfo {
  file: string;
  /** Input lines read. */
  lines: number;
  /** Kernel log lines kept (its dmesg). */
  logLines: number;
  /** Lines of a printk-timed log that had no printk time (mail text, shell output): not in its dmesg. */
  untimed: number;
  traceEvents: number;
  /** Sources of the profiles the text held (trace_stat tables, function_graph). */
  profiles: string[];
  notices: string[];
  /** Some line or trace event carried a timestamp. */
  timed: boolean;
}

export interface PointerView {
  name: string;
  addr: string;
  kind: 'slab' | 'pages' | 'value';
  cache?: string;
}

/** The state at one moment in short: what every panel needs to redraw. */
export interface Moment {
  cursor: number;
  ns: number;
  /** `ns` as printk prints it: "[   50.444066]". */
  stamp: string;
  /** The event just before the cursor (the last one applied), or null at 0. */
  event: SimEvent | null;
  /** dmesg lines printed before the cursor. */
  dmesgLines: number;
  /** Findings before the cursor. */
  findings: number;
  /** Named counters of the subsystems (runCounters). */
  counters: Record<string, number>;
  pointers: PointerView[];
}

export type DmesgLine = PrintkLine & { line: string };

/** A table the query page offers, with its columns and how many rows the run gives it. */
export interface SqlTableInfo {
  name: string;
  about: string;
  columns: SqlColumn[];
  eventColumn: string | null;
  rows: number;
}

/** The bytes at an address with provenance, and what each pattern name on them means. */
export interface HexAnswer extends HexView {
  meanings: Record<string, string>;
}

/** A tile of the memory map, with the names of its flag bits. */
export interface MapTile extends MemoryMapTile {
  flagNames: readonly (readonly [number, string])[];
}

/** Every module's counters by name (counters.slab_errors from SLUB, ...). */
export function runCounters(s: Session): Record<string, number> {
  return s.runner.machine.counters();
}

/** Runs `f` with the machine at event n, then puts the cursor back. */
function atEvent<T>(s: Session, n: number, f: () => T): T {
  const cursor = s.timeline.cursor;
  s.seek(n);
  try {
    return f();
  } finally {
    s.seek(cursor);
  }
}

export function runInfo(s: Session): RunInfo {
  const log = s.rec.log;
  const marks: Mark[] = [];
  for (const e of log.withPayload()) if (e.kind === EV_MARK && typeof e.payload?.label === 'string') marks.push({ event: e.index, label: e.payload.label });
  return {
    name: s.scenario.name,
    title: s.scenario.title,
    description: s.scenario.description,
    source: s.scenario.source,
    config: s.scenario.config,
    total: s.total,
    endNs: log.length > 0 ? log.nsAt(log.length - 1) : 0,
    marks,
    expectations: s.expectations.map((e) => ({ step: e.step, event: e.event, pass: e.pass, message: e.message })),
    findings: s.rec.findings.slice(),
    errors: s.errors.slice(),
    phases: suspendPhases(s.rec, s.total),
    lockClasses: atEvent(s, s.total, () => s.runner.machine.locking.graph().classes.length),
    ...gpuOf(s),
    ...listHeadsOf(s),
    ...(atEvent(s, s.total, () => s.runner.machine.page_pool.st.pools.length > 0) ? { pagePool: true } : {}),
    options: { kconfigOptions: [...KCONFIG_OPTIONS], kconfigDefaults: { ...s.runner.machine.k.kconfigDefaults }, patches: KNOWN_PATCHES.map((p) => ({ ...p })) },
  };
}

/**
 * A run being recorded, cheaply: `base` (a runInfo() of it earlier) with the total, the end
 * time, the findings, expectations and errors so far; what needs the machine or a scan of the
 * whole log (phases, marks, lock classes, ...) stays as `base` had it.
 */
export function runInfoSoFar(s: Session, base: RunInfo): RunInfo {
  const log = s.rec.log;
  return {
    ...base,
    total: s.total,
    endNs: log.length > 0 ? log.nsAt(log.length - 1) : 0,
    expectations: s.expectations.map((e) => ({ step: e.step, event: e.event, pass: e.pass, message: e.message })),
    findings: s.rec.findings.slice(),
    errors: s.errors.slice(),
  };
}

function listHeadsOf(s: Session): { listHeads?: string[] } {
  const names = atEvent(s, s.total, () => s.runner.machine.lists.all().map((h) => h.name));
  return names.length > 0 ? { listHeads: names } : {};
}

function gpuOf(s: Session): { gpu?: GpuRunInfo } {
  const gpu = gpuRunInfo(s.runner.machine, s.rec, s.total);
  return gpu ? { gpu } : {};
}

/** A step as the trace view names it: its op when the scenario has no repeats, else its number. */
function stepName(s: Session, n: number): string {
  if (n < 0) return 'boot';
  const sc = s.scenario;
  const op = sc.expandedSteps === sc.steps.length ? sc.steps[n]?.op : undefined;
  return op === undefined ? `step ${n}` : `step ${n} (${op})`;
}

function moment(s: Session, cursor: number): Moment {
  const log = s.rec.log;
  const ns = cursor > 0 ? log.nsAt(cursor - 1) : 0;
  return {
    cursor,
    ns,
    stamp: `[${Clock.printkStamp(ns)}]`,
    event: cursor > 0 ? log.get(cursor - 1) : null,
    dmesgLines: linesBefore(s.rec.dmesg, cursor),
    findings: s.findingsBefore(cursor).length,
    counters: runCounters(s),
    pointers: [...s.runner.ptrs].map(([name, b]) => ({ name, addr: hex(bindingVa(s.runner.kernel, b)), kind: b.kind, ...(b.cache ? { cache: b.cache } : {}) })),
  };
}

/** Scenario pointer names by the physical address they point to (the first name wins). */
function objectNames(s: Session): Map<number, string> {
  const out = new Map<number, string>();
  for (const [name, b] of s.runner.ptrs) if (b.phys !== null && b.kind !== 'value' && !out.has(b.phys)) out.set(b.phys, name);
  return out;
}

function hexAnswer(s: Session, target: string, len: number, at: number): HexAnswer {
  const t = target.trim();
  let va: bigint;
  if (/^0x[0-9a-fA-F]{1,16}$/.test(t)) va = BigInt(t);
  else {
    const b = s.runner.ptrs.get(t);
    if (!b) return { addr: t, phys: null, len: 0, bytes: new Uint8Array(0), writer: new Int32Array(0), event: new Int32Array(0), writers: [], pattern: [], regions: [], object: null, owner: '', error: `"${t}" is neither a 0x address nor a pointer bound at this moment`, meanings: {} };
    va = bindingVa(s.runner.kernel, b);
  }
  const v = hexView(s.runner.machine, s.rec, at, va, len);
  const meanings: Record<string, string> = {};
  for (let i = 0; i < v.len; i++) {
    const w = v.writer[i]!;
    const p = patternOf(v.bytes[i]!, w >= 0 ? (v.writers[w] ?? null) : null);
    if (p) meanings[p.name] = p.meaning;
  }
  return { ...v, meanings };
}

/** Physical address of `va` with the machine at event `at` (the cursor is put back), or null. */
function physAt(s: Session, va: bigint, at: number): number | null {
  // the direct map is the same at every moment: no seek
  const direct = directMapPhys(s, va);
  if (direct !== null) return Number(direct);
  return atEvent(s, Math.max(0, Math.min(at, s.total)), () => {
    const t = translate(s.runner.machine, va);
    return t.ok ? t.phys : null;
  });
}

/** A direct-map address's physical address (events of the direct map carry those), or null. */
function directMapPhys(s: Session, va: bigint): bigint | null {
  const off = va - s.runner.machine.k.layout.pageOffset;
  return off >= 0n && off < BigInt(s.runner.machine.k.pages.nframes) * 4096n ? off : null;
}

export const VIEWS = {
  /** The moment itself: event, time, counts, counters, pointers. */
  moment: stateView((s, _: NoArgs, at): Moment => moment(s, at)),
  /** dmesg lines [from, to) of those printed before `at`, with their printed text. */
  dmesg: logView((s, a: { from: number; to: number }, at): DmesgLine[] => {
    const lines = s.rec.dmesg;
    return lines.slice(Math.max(0, a.from), Math.min(linesBefore(lines, at), a.to)).map((l) => ({ ...l, line: formatPrintk(l) }));
  }),
  /** Events [from, to) of the run. */
  events: logView((s, a: { from: number; to: number }): SimEvent[] => {
    const log = s.rec.log;
    const out: SimEvent[] = [];
    for (let i = Math.max(0, a.from); i < Math.min(a.to, log.length); i++) out.push(log.get(i));
    return out;
  }),
  /** Events matching a filter (kinds, task, CPU, address range, text): how many, the window [from, to) of them, and the match at or before `near`. */
  eventQuery: logView((s, a: EventQueryArgs): EventQueryAnswer => eventQuery(s.rec.log, a, (va) => directMapPhys(s, va))),
  /** The kinds (with counts), tasks and CPUs of the run's events, for the event list's filters. */
  eventFacets: logView((s, _: NoArgs): EventFacets => eventFacets(s.rec.log)),
  /** dmesg lines containing `text` (case-insensitive) among those printed before `at`, and how many more come later. */
  dmesgSearch: logView((s, a: { text: string }, at): DmesgSearch => dmesgSearch(s.rec.dmesg, a.text, at)),
  /** The event that printed dmesg line `line`, or -1. */
  dmesgLineEvent: logView((s, a: { line: number }): number => dmesgLineEvent(s.rec.dmesg, a.line)),
  /** Where finding `finding` lands: before its report's fix-ups (the corrupted bytes still there), with the range it names. */
  findingLanding: logView((s, a: { finding: number }): Landing | null => findingLanding(s.rec, a.finding, (va, e) => physAt(s, va, e))),
  /** The landing of the next (dir 1) or previous (dir -1) finding from `at`. */
  findingStep: logView((s, a: { dir: 1 | -1 }, at): Landing | null => findingStep(s.rec, at, a.dir, (va, e) => physAt(s, va, e))),
  /** The next (dir 1) or previous (dir -1) write to the byte at virtual address `addr` (translated at `at`). */
  byteWrite: stateView((s, a: { addr: string; dir: 1 | -1 }, at): ByteWrite | null => {
    const t = /^0x[0-9a-f]{1,16}$/i.test(a.addr.trim()) ? translate(s.runner.machine, BigInt(a.addr.trim())) : null;
    return t?.ok ? byteWrite(s.rec, t.phys, at, a.dir) : null;
  }),
  /** The cursor over a whole scenario step from `at`: the end of its step (dir 1) or the start of the one before (dir -1). */
  stepBoundary: logView((s, a: { dir: 1 | -1 }, at): number => stepBoundary(s.rec.log, s.total, at, a.dir)),
  /** Density, findings, pokes and stray writes in `buckets` slices of the run, or of events [from, to). */
  timeline: logView((s, a: { buckets: number; from?: number; to?: number }): TimelineBucket[] => timelineBuckets(s.rec, s.total, a.buckets, a.from ?? 0, a.to ?? s.total)),
  /** Events of `buckets` slices of the run (or of events [from, to)) per CPU and per task, with the kinds that dominate each slice. */
  timelineLanes: logView((s, a: { buckets: number; from?: number; to?: number }): TimelineLanes => timelineLanes(s.rec.log, s.total, a.buckets, a.from ?? 0, a.to ?? s.total)),
  /** Bytes at a 0x address or a pointer's, with provenance and pattern names. */
  hexView: stateView((s, a: { target: string; len: number }, at): HexAnswer => hexAnswer(s, a.target, a.len, at)),
  /** lockdep's class graph, dependencies and the cycle of the last circular report. */
  lockGraph: stateView((s, _: NoArgs): LockGraphView => s.runner.machine.locking.graph()),
  /** Per task: held locks with their call sites, preempt_count, irq state, RCU depth. */
  heldLocks: stateView((s, _: NoArgs): TaskView[] => s.runner.machine.locking.heldLocks()),
  /** Owner and flags per frame of [startPfn, startPfn+count), the legend, the frames stray writes hit. */
  memoryMap: stateView((s, a: { startPfn: number; count: number }, at): MapTile => ({ ...memoryMapTile(s.runner.machine, s.rec, at, a.startPfn, a.count), flagNames: MAP_FLAG_NAMES })),
  /** Every write into frame `pfn` before `at`: writer, event, byte before and after where known. */
  frameHistory: logView((s, a: { pfn: number }, at): FrameWrite[] => frameHistory(s.rec, at, a.pfn)),
  /** Suspend/resume phases of the whole run as event ranges. */
  suspendPhases: logView((s, _: NoArgs): PhaseRange[] => suspendPhases(s.rec, s.total)),
  /** The report of the run up to `at`, as the CLI prints it with --json. */
  report: stateView((s, _: NoArgs, at): Report => s.report(at)),
  /** The GPU's buffer objects at `at` by placement and state (resident, evicting, evicted, failed, pinned), the managers, the LRU lists. */
  vramMap: stateView((s, _: NoArgs, at): VramMap => vramMap(s.runner.machine, s.rec, at)),
  /** Every event of the run that created, moved, evicted, pinned or released the buffer objects named `bo`, and the findings about them. */
  boHistory: logView((s, a: { bo: string }): BoHistoryRow[] => boHistory(s.rec, a.bo)),
  /** The framebuffer the display shows at `at` as RGBA pixels (every `step`-th), with who wrote them. */
  framebuffer: stateView((s, a: { step: number }, at): FramebufferImage => framebufferImage(s.runner.machine, s.rec, at, a.step)),
  /** The framebuffer at each of `events` (the run's cursor is put back). */
  framebufferAt: logView((s, a: { events: number[]; step: number }): FramebufferImage[] =>
    a.events.slice(0, 4).map((e) => {
      const n = Math.max(0, Math.min(Math.floor(e), s.total));
      return atEvent(s, n, () => framebufferImage(s.runner.machine, s.rec, n, a.step));
    }),
  ),
  /** The function_graph listing at `at` (its step, since the last mark, the run, or a window around it) with the open calls and the profile of the same range. */
  functionTrace: logView((s, a: TraceArgs, at): FunctionTrace => functionTrace(s.rec, s.total, at, a, (n) => stepName(s, n))),
  /** Every traced function of the run, the most called first. */
  tracedFunctions: logView((s, _: NoArgs): string[] => tracedFunctions(s.rec)),
  /** A kernel list at `at` read from memory: nodes, owners, next/prev, where the ring breaks; and every head the run knows. `head` is a head's name or a 0x address ("" for the heads only). */
  listRing: stateView((s, a: { head: string }, at): ListRingView => listRing(s.runner.machine, s.rec, at, a.head, objectNames(s))),
  /** Each page_pool's alloc cache and ptr_ring, the pages with their counts, owners and history, the live skbs. */
  pagePool: stateView((s, _: NoArgs, at): PagePoolView => pagePoolView(s.runner.machine, s.rec, at)),
  /** Every Panfrost GEM object at `at` (residency, madvise state, refcount from memory) and the shrinker lists drawn from their list_head pointers. */
  gem: stateView((s, _: NoArgs): GemView => gemView(s.runner.machine)),
  /** Every direct reclaim and shrinker scan of the run. */
  shrinkerScans: logView((s, _: NoArgs): ShrinkerScan[] => shrinkerScans(s.rec)),
  /** The tables SQL queries of the run read (query()), their columns and sizes. */
  sqlSchema: logView((s, _: NoArgs): SqlTableInfo[] => sqlTables(s.rec, s.total).map((t) => ({ name: t.name, about: t.about, columns: t.columns.slice(), eventColumn: t.eventColumn, rows: t.size }))),
  /** The simulator's state hash: the same in Node and every browser. */
  stateHash: stateView((s, _: NoArgs): string => s.runner.machine.stateHash()),
};
