// An Engine for tests of the UI logic: scenario texts are small JSON stand-ins
// ({"name", "total", "findings"}), answers are derived from the arguments.
import type { Finding, FrameWrite, HexView, LoadResult, LockGraphView, MemoryMapTile, Moment, PhaseRange, RunOverrides, TaskView, TimelineBucket } from '../worker/api.ts';
import type { Engine } from './engine.ts';

export interface FakeScenario {
  name: string;
  total: number;
  findings?: Finding[];
  /** lockdep's graph at the end; earlier cursors see the classes, edges and cycle of earlier events. */
  graph?: LockGraphView;
  tasks?: TaskView[];
  /** Suspend phases of the run (timeline lanes). */
  phases?: PhaseRange[];
  /** Frames of the machine (the memory map); 1024 by default, all free. */
  nframes?: number;
  /** Frames stray writes hit, with the event of the hit: the map shows those before the cursor. */
  strays?: { pfn: number; event: number }[];
  /** Writes into frames, by pfn. */
  writes?: Record<string, FrameWrite[]>;
}

/** The graph as it stands before event `n`: what was registered or recorded earlier. */
export function graphBefore(g: LockGraphView | undefined, n: number): LockGraphView {
  if (!g) return { debugLocks: true, classes: [], edges: [], cycle: null, chains: { process: 0, softirq: 0, hardirq: 0 } };
  const cycle = g.cycle && g.cycle.event < n ? g.cycle : null;
  return { ...g, debugLocks: cycle === null, classes: g.classes.filter((c) => c.event < n), edges: g.edges.filter((e) => e.event < n), cycle };
}

export class FakeEngine {
  calls: string[] = [];
  loaded: FakeScenario | null = null;
  overrides: RunOverrides = {};
  cursor = 0;
  /** When set, seeks wait for release() — to observe coalescing. */
  hold = false;
  private held: (() => void)[] = [];

  release(): void {
    const h = this.held;
    this.held = [];
    for (const f of h) f();
  }

  get pendingSeeks(): number {
    return this.held.length;
  }

  readonly engine: Engine = {
    load: async (text: string, overrides?: RunOverrides): Promise<LoadResult> => {
      this.calls.push(`load ${JSON.stringify(overrides ?? {})}`);
      let v: FakeScenario;
      try {
        v = JSON.parse(text) as FakeScenario;
      } catch {
        return { ok: false, errors: [{ path: '', message: 'not valid JSON (line 1, column 1)' }] };
      }
      if (typeof v.name !== 'string') return { ok: false, errors: [{ path: 'name', message: 'expected a slug, but it is missing' }] };
      this.loaded = v;
      this.overrides = overrides ?? {};
      const findings = v.findings ?? [];
      return {
        ok: true,
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
          findings,
          errors: [],
        },
      };
    },
    seek: async (n: number): Promise<Moment> => {
      this.calls.push(`seek ${n}`);
      if (this.hold) await new Promise<void>((r) => this.held.push(r));
      this.cursor = n;
      return {
        cursor: n,
        ns: n * 1000,
        event: n > 0 ? { index: n - 1, kind: 'k', ns: 0, step: Math.floor((n - 1) / 10) - 1, cpu: 0, task: 't', a: 0, b: 0, payload: null } : null,
        dmesgLines: n,
        findings: (this.loaded?.findings ?? []).filter((f) => f.event < n).length,
        slabErrors: 0,
        pointers: n > 0 ? [{ name: 'p', addr: '0xffff888000001000', kind: 'slab', cache: 'kmalloc-64' }] : [],
      };
    },
    dmesg: async (from: number, to: number) => Array.from({ length: to - from }, (_, i) => ({ event: from + i, ns: 0, level: 6 as const, text: `l${from + i}`, line: `[    0.000000] l${from + i}` })),
    /** Ten events per step after ten of boot (step -1). */
    events: async (from: number, to: number) =>
      Array.from({ length: Math.max(0, Math.min(to, this.loaded?.total ?? 0) - from) }, (_, i) => ({ index: from + i, kind: 'k', ns: 0, step: Math.floor((from + i) / 10) - 1, cpu: 0, task: 't', a: 0, b: 0, payload: null })),
    timeline: async (buckets: number, from?: number, to?: number): Promise<TimelineBucket[]> => {
      this.calls.push(from === undefined ? `timeline ${buckets}` : `timeline ${buckets} ${from}..${to}`);
      const lo = from ?? 0;
      const hi = to ?? this.loaded?.total ?? 0;
      return hi > lo ? [{ from: lo, to: hi, events: hi - lo, findings: 0, startNs: lo * 1000, endNs: hi * 1000, lines: 0, pokes: 0, strayWrites: 0 }] : [];
    },
    hexView: async (target: string, len: number): Promise<HexView> => {
      this.calls.push(`hex ${target} ${len} @${this.cursor}`);
      return { addr: target, phys: 0, len: 0, bytes: new Uint8Array(0), writer: new Int32Array(0), event: new Int32Array(0), writers: [], pattern: [], regions: [], object: null, owner: '', error: null };
    },
    lockGraph: async (at?: number): Promise<LockGraphView> => {
      this.calls.push(`lockGraph ${at === undefined ? `@${this.cursor}` : `at ${at}`}`);
      return graphBefore(this.loaded?.graph, at ?? this.cursor);
    },
    heldLocks: async (): Promise<TaskView[]> => {
      this.calls.push(`heldLocks @${this.cursor}`);
      return this.loaded?.tasks ?? [];
    },
    memoryMap: async (startPfn: number, count: number): Promise<MemoryMapTile> => {
      this.calls.push(`memoryMap ${startPfn} ${count} @${this.cursor}`);
      const nframes = this.loaded?.nframes ?? 1024;
      const start = Math.max(0, Math.min(startPfn, nframes));
      const n = Math.max(0, Math.min(count, nframes - start));
      const hits = new Map<number, number>();
      for (const h of this.loaded?.strays ?? []) if (h.event < this.cursor) hits.set(h.pfn, (hits.get(h.pfn) ?? 0) + 1);
      const strayFrames = [...hits.keys()].filter((p) => p >= start && p < start + n).sort((a, b) => a - b);
      return {
        startPfn: start,
        count: n,
        nframes,
        pageOffset: '0xffff810000000000',
        owners: new Uint16Array(n),
        flags: new Uint8Array(n).fill(4),
        legend: n > 0 ? [{ id: 0, name: 'free', frames: n }] : [],
        strayFrames,
        strayHits: strayFrames.map((p) => hits.get(p)!),
        strayTotal: hits.size,
      };
    },
    frameHistory: async (pfn: number, before?: number) => {
      this.calls.push(`frameHistory ${pfn} ${before === undefined ? `@${this.cursor}` : `before ${before}`}`);
      const upTo = before ?? this.cursor;
      return (this.loaded?.writes?.[String(pfn)] ?? []).filter((w) => w.event < upTo);
    },
    suspendPhases: async () => {
      this.calls.push('suspendPhases');
      return this.loaded?.phases ?? [];
    },
    report: async () => {
      throw new Error('not in the fake');
    },
    stateHash: async () => '0123456789abcdef',
  };
}

export function fakeText(name: string, total: number, findings: Partial<Finding>[] = []): string {
  return JSON.stringify({ name, total, findings: findings.map((f) => ({ kind: 'slub.redzone_overwritten', title: 'BUG', step: 1, fields: {}, event: 0, ...f })) });
}
