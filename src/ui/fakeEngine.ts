// An Engine for tests of the UI logic: scenario texts are small JSON stand-ins
// ({"name", "total", "findings", ...}), answers are derived from the arguments.
import type { Engine, OpenWatch } from './engine.ts';
import type { Finding, FrameWrite, InputError, Landing, LockGraphView, OpenProgress, OpenResult, PhaseRange, QueryAnswer, QueryOptions, RunComparison, RunId, RunOverrides, StepSpan, TaskView, ViewAnswer, ViewAnswers, ViewArgs, ViewName, ViewRequest } from '../worker/protocol.ts';

export interface FakeScenario {
  name: string;
  total: number;
  findings?: Finding[];
  /** lockdep's graph at the end; earlier moments see the classes, edges and cycle of earlier events. */
  graph?: LockGraphView;
  tasks?: TaskView[];
  /** Suspend phases of the run (timeline lanes). */
  phases?: PhaseRange[];
  /** Frames of the machine (the memory map); 1024 by default, all free. */
  nframes?: number;
  /** Frames stray writes hit, with the event of the hit: the map shows those before the moment. */
  strays?: { pfn: number; event: number }[];
  /** Writes into frames, by pfn. */
  writes?: Record<string, FrameWrite[]>;
  /** Where each finding lands (by its number), when not just after its event. */
  landings?: number[];
}

/** The graph as it stands before event `n`: what was registered or recorded earlier. */
export function graphBefore(g: LockGraphView | undefined, n: number): LockGraphView {
  if (!g) return { debugLocks: true, classes: [], edges: [], cycle: null, chains: { process: 0, softirq: 0, hardirq: 0 } };
  const cycle = g.cycle && g.cycle.event < n ? g.cycle : null;
  return { ...g, debugLocks: cycle === null, classes: g.classes.filter((c) => c.event < n), edges: g.edges.filter((e) => e.event < n), cycle };
}

type FakeViews = { readonly [N in ViewName]: (sc: FakeScenario, args: ViewArgs<N>, at: number) => ViewAnswer<N> };

/** Ten events per step after ten of boot (step -1). */
function fakeEvent(i: number) {
  return { index: i, kind: 'k', ns: 0, step: Math.floor(i / 10) - 1, cpu: 0, task: 't', a: 0, b: 0, payload: null };
}

/** The fake's steps: boot's ten events, then ten per step. */
function fakeSteps(total: number): StepSpan[] {
  const out: StepSpan[] = [];
  for (let from = 0; from < total; from += 10) out.push({ step: from / 10 - 1, from, to: Math.min(total, from + 10) });
  return out;
}

/** Two fake runs compared: they part where the shorter ends; dmesg has a line per event, the last ones only in the longer. */
export function fakeComparison(a: FakeScenario, b: FakeScenario): RunComparison {
  const n = Math.min(a.total, b.total);
  const key = (f: Finding) => `${f.kind} ${f.title}`;
  const flat = (f: Finding) => ({ kind: f.kind, title: f.title, step: f.step, event: f.event });
  const fa = a.findings ?? [];
  const fb = b.findings ?? [];
  const side = (total: number) => ({ lines: Array.from({ length: total }, (_, i) => `[    0.000000] l${i}`), events: Array.from({ length: total }, (_, i) => i), differs: Array.from({ length: total }, (_, i) => i >= n) });
  const rows = Array.from({ length: Math.max(a.total, b.total) }, (_, i) => ({ a: i < a.total ? i : -1, b: i < b.total ? i : -1 }));
  return {
    divergence: a.total === b.total ? null : { event: n, a: n < a.total ? fakeEvent(n) : null, b: n < b.total ? fakeEvent(n) : null },
    onlyA: fa.filter((f) => !fb.some((g) => key(g) === key(f))).map(flat),
    onlyB: fb.filter((f) => !fa.some((g) => key(g) === key(f))).map(flat),
    totalA: a.total,
    totalB: b.total,
    steps: { a: fakeSteps(a.total), b: fakeSteps(b.total) },
    dmesg: { a: side(a.total), b: side(b.total), rows },
    profile: null,
  };
}

export class FakeEngine {
  calls: string[] = [];
  /** The scenario and overrides of the last run opened. */
  loaded: FakeScenario | null = null;
  overrides: RunOverrides = {};
  /** When set, asking for a moment waits for release(): to observe coalescing. */
  hold = false;
  private held: (() => void)[] = [];
  /** When set, each open waits for releaseOpen(), in the order asked (the worker runs one at a time). */
  holdOpens = false;
  private heldOpens: (() => void)[] = [];
  /** The progress callbacks of the opens held, oldest first, and the tickets cancelled. */
  private heldWatches: (OpenWatch | undefined)[] = [];
  private heldFails: ((e: Error) => void)[] = [];
  private readonly cancelled = new Map<number, OpenProgress>();
  private readonly lastProgress = new Map<number, OpenProgress>();
  /** Errors a run stopped early with, by scenario name (a limit reached). */
  stoppedEarly: Record<string, { path: string; message: string }[]> = {};
  private readonly runs = new Map<RunId, FakeScenario>();
  private next = 1;

  release(): void {
    const h = this.held;
    this.held = [];
    for (const f of h) f();
  }

  /** Lets the oldest held open finish. */
  releaseOpen(): void {
    this.heldWatches.shift();
    this.heldFails.shift();
    this.heldOpens.shift()?.();
  }

  /** Every held open fails (the worker was lost). */
  failOpens(e: Error): void {
    const fails = this.heldFails;
    this.heldOpens = [];
    this.heldWatches = [];
    this.heldFails = [];
    for (const f of fails) f(e);
  }

  /** The oldest held open reports how far it ran. */
  progress(p: OpenProgress): void {
    const w = this.heldWatches[0];
    if (!w) return;
    this.lastProgress.set(w.ticket, p);
    w.onProgress?.(p);
  }

  get pendingOpens(): number {
    return this.heldOpens.length;
  }

  /** Moments asked and held. */
  get pendingMoments(): number {
    return this.held.length;
  }

  /** Runs the fake keeps (the UI closes those it no longer shows). */
  get openRuns(): number {
    return this.runs.size;
  }

  private readonly table: FakeViews = {
    moment: (sc, _, n) => {
      this.calls.push(`moment @${n}`);
      return {
        cursor: n,
        ns: n * 1000,
        stamp: `[${String(Math.floor(n / 1e6)).padStart(5, ' ')}.${String(n % 1e6).padStart(6, '0')}]`,
        event: n > 0 ? { ...fakeEvent(n - 1), step: Math.floor((n - 1) / 10) - 1 } : null,
        dmesgLines: n,
        findings: (sc.findings ?? []).filter((f) => f.event < n).length,
        counters: { slab_errors: 0 },
        pointers: n > 0 ? [{ name: 'p', addr: '0xffff888000001000', kind: 'slab', cache: 'kmalloc-64' }] : [],
      };
    },
    dmesg: (_, a) => Array.from({ length: a.to - a.from }, (_x, i) => ({ event: a.from + i, ns: 0, level: 6 as const, text: `l${a.from + i}`, line: `[    0.000000] l${a.from + i}` })),
    events: (sc, a) => Array.from({ length: Math.max(0, Math.min(a.to, sc.total) - a.from) }, (_, i) => fakeEvent(a.from + i)),
    timeline: (sc, a) => {
      this.calls.push(a.from === undefined ? `timeline ${a.buckets}` : `timeline ${a.buckets} ${a.from}..${a.to}`);
      const lo = a.from ?? 0;
      const hi = a.to ?? sc.total;
      return hi > lo ? [{ from: lo, to: hi, events: hi - lo, findings: 0, startNs: lo * 1000, endNs: hi * 1000, lines: 0, pokes: 0, strayWrites: 0 }] : [];
    },
    // asked with every timeline request: not recorded, so the calls read as before
    timelineLanes: (sc, a) => {
      const lo = a.from ?? 0;
      const hi = a.to ?? sc.total;
      return { from: lo, to: hi, edges: [lo, hi], lanes: [] };
    },
    hexView: (_, a, n) => {
      this.calls.push(`hex ${a.target} ${a.len} @${n}`);
      return { addr: a.target, phys: 0, len: 0, bytes: new Uint8Array(0), writer: new Int32Array(0), event: new Int32Array(0), writers: [], pattern: [], regions: [], object: null, owner: '', error: null, meanings: {} };
    },
    lockGraph: (sc, _, n) => {
      this.calls.push(`lockGraph @${n}`);
      return graphBefore(sc.graph, n);
    },
    heldLocks: (sc, _, n) => {
      this.calls.push(`heldLocks @${n}`);
      return sc.tasks ?? [];
    },
    memoryMap: (sc, a, n) => {
      this.calls.push(`memoryMap ${a.startPfn} ${a.count} @${n}`);
      const nframes = sc.nframes ?? 1024;
      const start = Math.max(0, Math.min(a.startPfn, nframes));
      const count = Math.max(0, Math.min(a.count, nframes - start));
      const hits = new Map<number, number>();
      for (const h of sc.strays ?? []) if (h.event < n) hits.set(h.pfn, (hits.get(h.pfn) ?? 0) + 1);
      const strayFrames = [...hits.keys()].filter((p) => p >= start && p < start + count).sort((x, y) => x - y);
      return {
        startPfn: start,
        count,
        nframes,
        pageOffset: '0xffff810000000000',
        owners: new Uint16Array(count),
        flags: new Uint8Array(count).fill(4),
        legend: count > 0 ? [{ id: 0, name: 'free', frames: count }] : [],
        strayFrames,
        strayHits: strayFrames.map((p) => hits.get(p)!),
        strayTotal: hits.size,
        flagNames: [
          [1, 'reserved'],
          [4, 'buddy'],
        ],
      };
    },
    frameHistory: (sc, a, n) => {
      this.calls.push(`frameHistory ${a.pfn} @${n}`);
      return (sc.writes?.[String(a.pfn)] ?? []).filter((w) => w.event < n);
    },
    suspendPhases: (sc) => {
      this.calls.push('suspendPhases');
      return sc.phases ?? [];
    },
    report: () => {
      throw new Error('not in the fake');
    },
    stateHash: () => '0123456789abcdef',
    sqlSchema: () => [],
    // the fake's runs name no list heads
    listRing: () => ({ heads: [], head: null, nodes: [], complete: false, break: null, error: null }),
    // the GPU views: the fake's runs have no GPU, so no panel asks for them
    vramMap: () => {
      throw new Error('not in the fake');
    },
    boHistory: () => [],
    framebuffer: () => {
      throw new Error('not in the fake');
    },
    framebufferAt: () => [],
    functionTrace: () => {
      throw new Error('not in the fake');
    },
    tracedFunctions: () => [],
    pagePool: () => ({ pools: [], pages: [], skbs: [] }),
    gem: () => ({ objects: [], lists: [], freePages: 0, watermarks: { min: 0, low: 0, high: 0 } }),
    shrinkerScans: () => [],
    // the event list: every event is kind "k" of task "t" on CPU 0; a filter on anything else matches none
    eventQuery: (sc, a) => {
      this.calls.push(`eventQuery ${a.from}..${a.to}${a.near !== undefined ? ` near ${a.near}` : ''}${a.text ? ` "${a.text}"` : ''}`);
      const none = (a.kinds !== undefined && a.kinds.length > 0 && !a.kinds.includes('k')) || (a.task !== undefined && a.task !== '' && a.task !== 't') || (a.text !== undefined && a.text !== '' && !'k t a=0 b=0'.includes(a.text));
      const total = none ? 0 : sc.total;
      const rows = Array.from({ length: Math.max(0, Math.min(a.to, total) - a.from) }, (_, i) => ({ ...fakeEvent(a.from + i), details: 'a=0 b=0' }));
      const near = none || a.near === undefined ? -1 : Math.min(a.near, total - 1);
      return { total, from: a.from, rows, near, nearEvent: near };
    },
    eventFacets: (sc) => ({ kinds: [{ kind: 'k', count: sc.total }], tasks: ['t'], cpus: [0] }),
    dmesgSearch: (_, a, n) => ({ lines: Array.from({ length: n }, (_x, i) => i).filter((i) => a.text !== '' && `l${i}`.includes(a.text)), later: 0 }),
    dmesgLineEvent: (_, a) => a.line,
    // a finding lands just after its event unless the scenario says where; steps are ten events long
    findingLanding: (sc, a) => this.landing(sc, a.finding),
    findingStep: (sc, a, n) => {
      const all = (sc.findings ?? []).map((_, i) => this.landing(sc, i)!);
      return (a.dir > 0 ? all.find((l) => l.cursor > n) : all.filter((l) => l.cursor < n).at(-1)) ?? null;
    },
    byteWrite: () => null,
    stepBoundary: (sc, a, n) => Math.max(0, Math.min(sc.total, a.dir > 0 ? Math.floor(n / 10) * 10 + 10 : Math.ceil(n / 10) * 10 - 10)),
  };

  private landing(sc: FakeScenario, n: number): Landing | null {
    const f = sc.findings?.[n];
    if (!f) return null;
    const cursor = sc.landings?.[n] ?? f.event + 1;
    const addr = typeof f.fields.addr === 'string' && f.fields.addr !== '' ? f.fields.addr : null;
    return { finding: n, cursor, range: addr ? { start: addr, end: addr } : null, fixupEvent: cursor === f.event ? f.event : -1, firstLine: -1 };
  }

  private run(id: RunId): FakeScenario {
    const sc = this.runs.get(id);
    if (!sc) throw new Error(`run ${id} is no longer open`);
    return sc;
  }

  private async holding(names: readonly string[]): Promise<void> {
    if (this.hold && names.includes('moment')) await new Promise<void>((r) => this.held.push(r));
  }

  private answer<N extends ViewName>(sc: FakeScenario, name: N, args: ViewArgs<N>, at: number): ViewAnswer<N> {
    return this.table[name](sc, args, Math.max(0, Math.min(at, sc.total)));
  }

  readonly engine: Engine = {
    open: async (text: string, overrides?: RunOverrides, watch?: OpenWatch): Promise<OpenResult> => {
      this.calls.push(`open ${JSON.stringify(overrides ?? {})}`);
      if (this.holdOpens) {
        this.heldWatches.push(watch);
        await new Promise<void>((resolve, reject) => {
          this.heldOpens.push(resolve);
          this.heldFails.push(reject);
        });
      }
      const stopped = watch ? this.cancelled.get(watch.ticket) : undefined;
      let v: FakeScenario;
      try {
        v = JSON.parse(text) as FakeScenario;
      } catch {
        return { ok: false, errors: [{ path: '', message: 'not valid JSON (line 1, column 1)' }] };
      }
      if (typeof v.name !== 'string') return { ok: false, errors: [{ path: 'name', message: 'expected a slug, but it is missing' }] };
      if (overrides?.patches?.['no-such-patch'] !== undefined) return { ok: false, errors: [{ path: '--patch', message: 'there is no patch named "no-such-patch"' }] };
      // another seed: a run that goes on for that many more events (it parts from the first)
      if (overrides?.seed !== undefined) v = { ...v, total: v.total + overrides.seed };
      // as the worker: a cancelled run is what it recorded so far, with an error saying where it stopped
      if (stopped) v = { ...v, total: stopped.events, findings: (v.findings ?? []).filter((f) => f.event < stopped.events) };
      const cancelError = stopped ? [{ path: `steps[${stopped.step}]`, message: `cancelled by the user at step ${stopped.step} (after ${stopped.events} events)` }] : [];
      this.loaded = v;
      this.overrides = overrides ?? {};
      const run = this.next++;
      this.runs.set(run, v);
      return {
        ok: true,
        run,
        info: {
          name: v.name,
          title: v.name,
          description: '',
          source: '',
          config: { seed: 1, arch: 'x86_64', kernel: '6.8', cpus: 2, ramMiB: 256, vramMiB: 0, cmdline: '', kconfig: {}, patches: {} },
          total: v.total,
          endNs: v.total * 1000,
          marks: [],
          expectations: [],
          findings: v.findings ?? [],
          errors: [...(this.stoppedEarly[v.name] ?? []), ...cancelError],
          phases: v.phases ?? [],
          lockClasses: v.graph?.classes.length ?? 0,
          options: { kconfigOptions: ['CONFIG_SLUB_DEBUG'], kconfigDefaults: { CONFIG_SLUB_DEBUG: true }, patches: [{ name: 'fix-x', description: 'the fix' }] },
        },
      };
    },
    cancel: async (ticket: number): Promise<void> => {
      this.calls.push(`cancel ${ticket}`);
      const i = this.heldWatches.findIndex((w) => w?.ticket === ticket);
      if (i < 0) return;
      this.cancelled.set(ticket, this.lastProgress.get(ticket) ?? { events: 0, step: 0, steps: 1 });
      // it stops where it is: the held open answers now
      this.heldWatches.splice(i, 1);
      this.heldFails.splice(i, 1);
      this.heldOpens.splice(i, 1)[0]?.();
    },
    openLog: async (): Promise<OpenResult> => {
      this.calls.push('openLog');
      throw new Error('the fake engine keeps no imported logs');
    },
    validate: async (text: string): Promise<InputError[]> => {
      try {
        const v = JSON.parse(text) as Partial<FakeScenario>;
        return typeof v.name === 'string' ? [] : [{ path: 'name', message: 'expected a slug, but it is missing' }];
      } catch {
        return [{ path: '', message: 'not valid JSON (line 1, column 1)' }];
      }
    },
    close: async (run: RunId) => {
      this.runs.delete(run);
    },
    view: async <N extends ViewName>(run: RunId, name: N, args: ViewArgs<N>, at: number): Promise<ViewAnswer<N>> => {
      const sc = this.run(run);
      await this.holding([name]);
      return this.answer(sc, name, args, at);
    },
    views: async <const R extends readonly ViewRequest[]>(run: RunId, at: number, requests: R): Promise<ViewAnswers<R>> => {
      const sc = this.run(run);
      await this.holding(requests.map((r) => r.name));
      // closed while held: the worker would not know it either
      this.run(run);
      // as the worker: answer i is the answer of request i's view
      return requests.map((r) => this.answer(sc, r.name, r.args, at)) as ViewAnswers<R>;
    },
    compare: async (a: RunId, b: RunId): Promise<RunComparison> => {
      this.calls.push(`compare ${a} ${b}`);
      return fakeComparison(this.run(a), this.run(b));
    },
    // no SQL engine here: every event's number, or SQLite's message for a text with "error" in it
    query: async (run: RunId, sql: string, opts?: QueryOptions): Promise<QueryAnswer> => {
      this.calls.push(`query ${sql}`);
      const sc = this.run(run);
      const limit = opts?.limit ?? 1000;
      const base: QueryAnswer = { columns: [], rows: [], truncated: null, eventColumn: -1, error: null, buildMs: 0, runMs: 0, limit };
      if (sql.includes('error')) return { ...base, error: 'near "error": syntax error' };
      const n = Math.min(sc.total, limit);
      return { ...base, columns: ['seq'], rows: Array.from({ length: n }, (_, i) => [i]), eventColumn: 0, truncated: sc.total > limit ? 'limit' : null };
    },
  };
}

export function fakeText(name: string, total: number, findings: Partial<Finding>[] = []): string {
  return JSON.stringify({ name, total, findings: findings.map((f) => ({ kind: 'slub.redzone_overwritten', title: 'BUG', step: 1, fields: {}, event: 0, ...f })) });
}
