// function_graph output (print_graph_entry_leaf/nested(), print_graph_return(),
// kernel/trace/trace_functions_graph.c) from the tracing directory (" 1)   0.870 us    |    fn();")
// and from `trace-cmd report` ("comm-pid [001] 1317.59: funcgraph_entry:  0.870 us | fn();"): events
// with depth and duration, and per function its calls and inclusive time.
import type { CallStep, ProfileEntry } from '../../sim/views/profile.ts';
import { type Context, type TraceEvent, toMicros } from './events.ts';

// [abstime |] cpu) [comm-pid |] [mark duration unit] | code
const TRACING_DIR = /^\s*(?:(\d+\.\d+)\s*\|\s*)?(\d+)\)\s+(?:(\S+)-(\d+)\s+\|\s+)?(?:[!#*@$+ ]?\s*(\d+(?:\.\d+)?)\s*(ns|us|ms|s)\s*)?\|(\s*)(.*?)\s*$/;
const TRACE_CMD = /^funcgraph_(entry|exit):\s+(?:[!#*@$+]\s*)?(?:(\d+(?:\.\d+)?)\s*(ns|us|ms|s))?\s*\|(\s*)(.*?)\s*$/;

interface Open {
  fn: string;
  depth: number;
}

export class GraphReader {
  private readonly stacks = new Map<number, Open[]>();
  private readonly stats = new Map<string, ProfileEntry>();
  readonly calls: CallStep[] = [];
  seen = 0;

  constructor(private readonly maxCalls = 200_000) {}

  /** A tracing-directory line, or null if it is not one. */
  tracingDir(s: string, line: number): TraceEvent | null {
    if (s.indexOf('|') < 0 || s.indexOf(')') < 0) return null;
    const m = TRACING_DIR.exec(s);
    if (m === null) return null;
    const ctx = { ts: m[1] !== undefined ? Number(m[1]) : undefined, cpu: Number(m[2]), task: m[3], pid: m[4] !== undefined ? Number(m[4]) : undefined };
    return this.code(m[8]!, m[7]!.length, m[5] !== undefined ? toMicros(Number(m[5]), m[6]!) : undefined, ctx, line);
  }

  /** A `trace-cmd report` funcgraph line. */
  traceCmd(c: Context, line: number): TraceEvent | null {
    const m = TRACE_CMD.exec(c.rest);
    if (m === null) return null;
    return this.code(m[5]!, m[4]!.length, m[2] !== undefined ? toMicros(Number(m[2]), m[3]!) : undefined, { ts: c.ts, cpu: c.cpu, task: c.task, pid: c.pid }, line);
  }

  private code(code: string, indent: number, duration: number | undefined, ctx: { ts?: number | undefined; cpu: number; task?: string | undefined; pid?: number | undefined }, line: number): TraceEvent | null {
    const depth = Math.max(0, Math.floor((indent - 1) / 2));
    const stack = this.stacks.get(ctx.cpu) ?? [];
    this.stacks.set(ctx.cpu, stack);
    const base: Omit<TraceEvent, 'kind' | 'fn'> = { line, cpu: ctx.cpu, depth };
    if (ctx.ts !== undefined) base.ts = ctx.ts;
    if (ctx.task !== undefined) base.task = ctx.task;
    if (ctx.pid !== undefined) base.pid = ctx.pid;
    const entry = /^([A-Za-z_.$][\w.$]*)(?: \[[\w.-]+\])?\(\)\s*([{;])/.exec(code);
    if (entry !== null) {
      const fn = entry[1]!;
      this.seen++;
      if (this.calls.length < this.maxCalls) this.calls.push({ fn, depth });
      if (entry[2] === ';') {
        this.add(fn, duration ?? 0);
        const ev: TraceEvent = { ...base, kind: 'call', fn };
        if (duration !== undefined) ev.duration = duration;
        return ev;
      }
      stack.push({ fn, depth });
      return { ...base, kind: 'entry', fn };
    }
    const exit = /^}(?:\s*\/\*\s*([\w.$]+)\s*\*\/)?/.exec(code);
    if (exit !== null) {
      const open = stack.pop();
      const fn = exit[1] ?? open?.fn ?? '?';
      this.add(fn, duration ?? 0);
      const ev: TraceEvent = { ...base, kind: 'exit', fn };
      if (open !== undefined) ev.depth = open.depth;
      if (duration !== undefined) ev.duration = duration;
      return ev;
    }
    return null;
  }

  private add(fn: string, us: number): void {
    const e = this.stats.get(fn);
    if (e === undefined) this.stats.set(fn, { fn, hits: 1, time: us });
    else {
      e.hits++;
      e.time += us;
    }
  }

  entries(): ProfileEntry[] {
    return [...this.stats.values()].map((e) => ({ ...e, avg: e.hits > 0 ? e.time / e.hits : 0 }));
  }
}
