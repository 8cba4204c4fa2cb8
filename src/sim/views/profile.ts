// Function profiles in the layout of the kernel's function profiler (kernel/trace/ftrace.c,
// function_stat_show(): trace_stat/function<cpu> with "Function  Hit  Time  Avg  s^2") and their
// comparison: per function the calls and time of two runs and the difference, and the first point
// where the two runs' call sequences part. Pure functions with no simulator dependencies: the
// simulator's function_graph tracer and src/import's ftrace reader both produce a Profile.

export interface ProfileEntry {
  fn: string;
  hits: number;
  /** Total time in `Profile.unit` (inclusive, as with graph-time). */
  time: number;
  avg?: number;
  /** The profiler's s^2 column (variance), when the source has it. */
  s2?: number;
}

export interface CallStep {
  fn: string;
  depth: number;
}

export interface Profile {
  /** Where it came from: a file name, "trace_stat/function0", a scenario and its overrides. */
  source: string;
  unit: 'ns' | 'us' | 'ms' | 's';
  entries: ProfileEntry[];
  /** Function entries in call order (function_graph), when known; capped by the producer. */
  calls?: CallStep[];
}

export interface ProfileSide {
  hits: number;
  time: number;
}

export interface ProfileDiffRow {
  fn: string;
  a: ProfileSide | null;
  b: ProfileSide | null;
  /** b - a; a missing side counts as zero. */
  dHits: number;
  dTime: number;
}

export interface Divergence {
  /** Index in both call sequences of the first step that differs. */
  index: number;
  a: CallStep | null;
  b: CallStep | null;
  /** The steps both runs still shared just before it (at most 5). */
  common: CallStep[];
}

export interface ProfileDiff {
  unit: Profile['unit'];
  rows: ProfileDiffRow[];
  onlyA: string[];
  onlyB: string[];
  divergence: Divergence | null;
}

const SCALE: Record<Profile['unit'], number> = { ns: 1e-3, us: 1, ms: 1e3, s: 1e6 };

/** `time` expressed in another unit. */
export function convertTime(time: number, from: Profile['unit'], to: Profile['unit']): number {
  return (time * SCALE[from]) / SCALE[to];
}

/** Merges entries of the same function (per-CPU files, repeated rows) and sorts by time, largest first. */
export function normalizeProfile(p: Profile): Profile {
  const by = new Map<string, ProfileEntry>();
  for (const e of p.entries) {
    const cur = by.get(e.fn);
    if (cur === undefined) by.set(e.fn, { ...e });
    else {
      cur.hits += e.hits;
      cur.time += e.time;
      cur.avg = cur.hits > 0 ? cur.time / cur.hits : 0;
      delete cur.s2;
    }
  }
  const entries = [...by.values()].sort((x, y) => y.time - x.time || x.fn.localeCompare(y.fn));
  return p.calls === undefined ? { source: p.source, unit: p.unit, entries } : { source: p.source, unit: p.unit, entries, calls: p.calls };
}

/** The first index where two call sequences differ (function or depth), or null if one is a prefix of the other and both are equally long. */
export function firstDivergence(a: readonly CallStep[], b: readonly CallStep[]): Divergence | null {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i]!.fn === b[i]!.fn && a[i]!.depth === b[i]!.depth) i++;
  if (i === a.length && i === b.length) return null;
  return { index: i, a: a[i] ?? null, b: b[i] ?? null, common: a.slice(Math.max(0, i - 5), i) };
}

/** Per function: hits and time of a and b (b's time in a's unit) and the difference b - a. Rows follow a's order, then functions only b has. */
export function diffProfiles(pa: Profile, pb: Profile): ProfileDiff {
  const a = normalizeProfile(pa);
  const b = normalizeProfile(pb);
  const bBy = new Map(b.entries.map((e) => [e.fn, e]));
  const aBy = new Map(a.entries.map((e) => [e.fn, e]));
  const rows: ProfileDiffRow[] = [];
  const side = (e: ProfileEntry | undefined, unit: Profile['unit']): ProfileSide | null => (e === undefined ? null : { hits: e.hits, time: convertTime(e.time, unit, a.unit) });
  for (const e of a.entries) {
    const sa = side(e, a.unit);
    const sb = side(bBy.get(e.fn), b.unit);
    rows.push({ fn: e.fn, a: sa, b: sb, dHits: (sb?.hits ?? 0) - (sa?.hits ?? 0), dTime: (sb?.time ?? 0) - (sa?.time ?? 0) });
  }
  for (const e of b.entries) {
    if (aBy.has(e.fn)) continue;
    const sb = side(e, b.unit);
    rows.push({ fn: e.fn, a: null, b: sb, dHits: sb?.hits ?? 0, dTime: sb?.time ?? 0 });
  }
  const called = (s: ProfileSide | null) => s !== null && s.hits > 0;
  return {
    unit: a.unit,
    rows,
    onlyA: rows.filter((r) => called(r.a) && !called(r.b)).map((r) => r.fn),
    onlyB: rows.filter((r) => called(r.b) && !called(r.a)).map((r) => r.fn),
    divergence: a.calls !== undefined && b.calls !== undefined ? firstDivergence(a.calls, b.calls) : null,
  };
}

function fmtTime(t: number, unit: Profile['unit']): string {
  return `${t.toFixed(3)} ${unit}`;
}

/** The profile as trace_stat/function<cpu> prints it. */
export function formatProfile(p: Profile): string {
  const w = Math.max(30, ...p.entries.map((e) => e.fn.length));
  const lines = [`  ${'Function'.padEnd(w)}  ${'Hit'.padStart(8)}    ${'Time'.padEnd(18)}${'Avg'.padEnd(18)}s^2`, `  ${'--------'.padEnd(w)}  ${'---'.padStart(8)}    ${'----'.padEnd(18)}${'---'.padEnd(18)}---`];
  for (const e of p.entries) {
    const avg = e.avg ?? (e.hits > 0 ? e.time / e.hits : 0);
    lines.push(`  ${e.fn.padEnd(w)}  ${String(e.hits).padStart(8)}    ${fmtTime(e.time, p.unit).padEnd(18)}${fmtTime(avg, p.unit).padEnd(18)}${fmtTime(e.s2 ?? 0, p.unit)}`);
  }
  return lines.join('\n') + '\n';
}

/** The diff as a table: function, calls a → b, time a → b, difference. */
export function formatProfileDiff(d: ProfileDiff, labels: [string, string] = ['a', 'b']): string {
  const w = Math.max(30, ...d.rows.map((r) => r.fn.length));
  const n = (s: ProfileSide | null, k: 'hits' | 'time') => (s === null ? '-' : k === 'hits' ? String(s.hits) : s.time.toFixed(0));
  const lines = [`${'Function'.padEnd(w)}  ${`calls ${labels[0]}`.padStart(10)}  ${`calls ${labels[1]}`.padStart(10)}  ${`time ${labels[0]} (${d.unit})`.padStart(16)}  ${`time ${labels[1]} (${d.unit})`.padStart(16)}  ${'Δtime'.padStart(14)}`];
  for (const r of d.rows) lines.push(`${r.fn.padEnd(w)}  ${n(r.a, 'hits').padStart(10)}  ${n(r.b, 'hits').padStart(10)}  ${n(r.a, 'time').padStart(16)}  ${n(r.b, 'time').padStart(16)}  ${r.dTime.toFixed(0).padStart(14)}`);
  if (d.divergence !== null) {
    const dv = d.divergence;
    const step = (s: CallStep | null) => (s === null ? '(end)' : `${'  '.repeat(s.depth)}${s.fn}`);
    lines.push(`first divergence at call ${dv.index}: ${labels[0]}: ${step(dv.a).trim()}  ${labels[1]}: ${step(dv.b).trim()}`);
  }
  return lines.join('\n') + '\n';
}
