// The views an imported log's run answers: those that read a recorded run only, with the same
// functions as for simulated runs (src/sim/views). A view that needs a simulated machine is
// answered with an error naming it; the panels asking them are not offered for imported runs.
import { Clock } from '../sim/engine/clock.ts';
import { flattenFinding } from '../sim/scenario/session.ts';
import { dmesgText, formatPrintk, linesBefore } from '../sim/views/dmesg.ts';
import { dmesgLineEvent, dmesgSearch } from '../sim/views/dmesg_search.ts';
import { eventFacets, eventQuery } from '../sim/views/event_query.ts';
import { frameHistory } from '../sim/views/frame_history.ts';
import { functionTrace, tracedFunctions } from '../sim/views/ftrace.ts';
import { shrinkerScans } from '../sim/views/gem.ts';
import { findingLanding, findingStep, stepBoundary } from '../sim/views/landing.ts';
import { convertTime } from '../sim/views/profile.ts';
import { sqlTables } from '../sim/views/sql_tables.ts';
import { suspendPhases } from '../sim/views/suspend_phases.ts';
import { timelineBuckets } from '../sim/views/timeline.ts';
import { timelineLanes } from '../sim/views/timeline_lanes.ts';
import type { ImportedRun } from './importedRun.ts';
import type { ViewAnswer, ViewArgs, ViewName } from './protocol.ts';

type ImportedViews = { readonly [N in ViewName]?: (r: ImportedRun, a: ViewArgs<N>, at: number) => ViewAnswer<N> };

const noMachine = () => null;

export const IMPORTED_VIEWS: ImportedViews = {
  moment: (r, _a, at) => {
    const log = r.rec.log;
    const ns = at > 0 ? log.nsAt(at - 1) : 0;
    return {
      cursor: at,
      ns,
      stamp: `[${Clock.printkStamp(ns)}]`,
      event: at > 0 ? log.get(at - 1) : null,
      dmesgLines: linesBefore(r.rec.dmesg, at),
      findings: r.rec.findings.filter((f) => f.event < at).length,
      counters: {},
      pointers: [],
    };
  },
  dmesg: (r, a, at) => r.rec.dmesg.slice(Math.max(0, a.from), Math.min(linesBefore(r.rec.dmesg, at), a.to)).map((l) => ({ ...l, line: formatPrintk(l) })),
  events: (r, a) => {
    const log = r.rec.log;
    const out = [];
    for (let i = Math.max(0, a.from); i < Math.min(a.to, log.length); i++) out.push(log.get(i));
    return out;
  },
  eventQuery: (r, a) => eventQuery(r.rec.log, a),
  eventFacets: (r) => eventFacets(r.rec.log),
  dmesgSearch: (r, a, at) => dmesgSearch(r.rec.dmesg, a.text, at),
  dmesgLineEvent: (r, a) => dmesgLineEvent(r.rec.dmesg, a.line),
  findingLanding: (r, a) => findingLanding(r.rec, a.finding, noMachine),
  findingStep: (r, a, at) => findingStep(r.rec, at, a.dir, noMachine),
  stepBoundary: (r, a, at) => stepBoundary(r.rec.log, r.total, at, a.dir),
  timeline: (r, a) => timelineBuckets(r.rec, r.total, a.buckets, a.from ?? 0, a.to ?? r.total),
  timelineLanes: (r, a) => timelineLanes(r.rec.log, r.total, a.buckets, a.from ?? 0, a.to ?? r.total),
  frameHistory: (r, a, at) => frameHistory(r.rec, at, a.pfn),
  suspendPhases: (r) => suspendPhases(r.rec, r.total),
  report: (r, _a, at) => ({
    format: 'kernscope-report/1',
    scenario: r.file,
    ok: true,
    events: at,
    findings: r.rec.findings.filter((f) => f.event < at).map(flattenFinding),
    counters: { slab_errors: 0 },
    expectations: [],
    stateHash: '',
    dmesg: dmesgText(r.rec.dmesg, at),
  }),
  functionTrace: (r, a, at) => {
    const t = functionTrace(r.rec, r.total, at, a, (n) => (n < 0 ? 'the log' : `step ${n}`));
    // a log with trace_stat tables and no function_graph lines: its first table is the profile
    const p = r.profiles[0];
    if (t.calls > 0 || p === undefined) return t;
    return { ...t, label: p.source, profile: p.entries.map((e) => ({ ...e, time: convertTime(e.time, p.unit, 'us'), ...(e.avg !== undefined ? { avg: convertTime(e.avg, p.unit, 'us') } : {}) })) };
  },
  tracedFunctions: (r) => {
    const fns = tracedFunctions(r.rec);
    return fns.length > 0 ? fns : (r.profiles[0]?.entries.map((e) => e.fn) ?? []);
  },
  shrinkerScans: (r) => shrinkerScans(r.rec),
  sqlSchema: (r) => sqlTables(r.rec, r.total).map((t) => ({ name: t.name, about: t.about, columns: t.columns.slice(), eventColumn: t.eventColumn, rows: t.size })),
};

export class NotImportedViewError extends Error {
  override name = 'NotImportedViewError';
}

/** A view of an imported run, or an error saying it needs a simulated machine. */
export function importedView<N extends ViewName>(r: ImportedRun, name: N, args: ViewArgs<N>, at: number): ViewAnswer<N> {
  const v = Object.hasOwn(IMPORTED_VIEWS, name) ? (IMPORTED_VIEWS[name] as ((r: ImportedRun, a: ViewArgs<N>, at: number) => ViewAnswer<N>) | undefined) : undefined;
  if (v === undefined) throw new NotImportedViewError(`the view "${String(name)}" reads a simulated machine: ${r.file} is an imported log, which has none`);
  return v(r, args, Math.max(0, Math.min(Math.floor(at), r.total)));
}
