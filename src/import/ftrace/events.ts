// Timeline events from trace text: function_graph entries and exits (trace_graph_entry() /
// print_graph_function(), kernel/trace/trace_functions_graph.c, from the tracing directory's
// `trace` file and from `trace-cmd report`'s funcgraph_entry/funcgraph_exit), function tracer
// lines (`fn <-caller`, trace_function()), kprobe and kretprobe hits (`probe: (fn+0x0/0x1d0 [mod])`,
// `probe4: (caller+0x1ba/0x510 [ttm] <- fn) arg1=0xfffffff0`) with their `<stack trace>`.

export type TraceEventKind = 'entry' | 'exit' | 'call' | 'function' | 'kprobe' | 'kretprobe' | 'event';

export interface TraceEvent {
  kind: TraceEventKind;
  /** Input line. */
  line: number;
  fn: string;
  ts?: number;
  cpu?: number;
  task?: string;
  pid?: number;
  /** function_graph nesting depth. */
  depth?: number;
  /** Duration in microseconds (function_graph exits and leaf calls). */
  duration?: number;
  /** Function tracer `<-caller`; kretprobe: the return site. */
  caller?: string;
  /** kprobe event name. */
  probe?: string;
  args?: string;
  /** An argument that is an error code: `-EBUSY`. */
  errno?: string;
  /** `=> fn` lines of a `<stack trace>` that followed the event. */
  stack?: string[];
}

const ERRNO: Record<number, string> = { 1: 'EPERM', 2: 'ENOENT', 4: 'EINTR', 5: 'EIO', 11: 'EAGAIN', 12: 'ENOMEM', 14: 'EFAULT', 16: 'EBUSY', 17: 'EEXIST', 19: 'ENODEV', 22: 'EINVAL', 28: 'ENOSPC', 62: 'ETIME', 110: 'ETIMEDOUT', 512: 'ERESTARTSYS' };

/** `arg1=0xfffffff0` read as a 32- or 64-bit negative errno. */
export function errnoOf(args: string): string | undefined {
  for (const m of args.matchAll(/=0x([0-9a-f]+)/g)) {
    const v = BigInt(`0x${m[1]!}`);
    const width = m[1]!.length > 8 ? 64n : 32n;
    const neg = (1n << width) - v;
    if (neg > 0n && neg < 4096n) return `-${ERRNO[Number(neg)] ?? String(neg)}`;
  }
  return undefined;
}

export function toMicros(v: number, unit: string): number {
  return unit === 'ns' ? v / 1000 : unit === 'ms' ? v * 1000 : unit === 's' ? v * 1e6 : v;
}

// trace_print_context(): "comm-pid [cpu] flags timestamp: "
const CONTEXT = /^\s*(.+?)-(\d+)\s+(?:\(\s*[-\d]+\)\s+)?\[(\d{3})\]\s+(?:[.a-zA-Z0-9]{4,6}\s+)?(\d+\.\d+):\s+(.*)$/;

export interface Context {
  task: string;
  pid: number;
  cpu: number;
  ts: number;
  rest: string;
}

export function context(s: string): Context | null {
  const m = CONTEXT.exec(s);
  return m === null ? null : { task: m[1]!.trim(), pid: Number(m[2]), cpu: Number(m[3]), ts: Number(m[4]), rest: m[5]! };
}

/** A function tracer, kprobe or other event line; function_graph lines are parsed by graph.ts. */
export function eventOf(c: Context, line: number): TraceEvent | null {
  const r = c.rest;
  const base = { line, ts: c.ts, cpu: c.cpu, task: c.task, pid: c.pid };
  const fnTracer = /^([A-Za-z_.$][\w.$]*)\s+<-\s*([A-Za-z_.$][\w.$]*(?:\+0x[0-9a-f]+\/0x[0-9a-f]+)?)/.exec(r);
  if (fnTracer !== null) return { ...base, kind: 'function', fn: fnTracer[1]!, caller: fnTracer[2]! };
  const probe = /^([\w.:-]+): \(([A-Za-z_.$][\w.$]*)(\+0x[0-9a-f]+\/0x[0-9a-f]+)?(?: \[[\w.-]+\])?(?:\s*<-\s*([A-Za-z_.$][\w.$]*))?\)\s*(.*)$/.exec(r);
  if (probe !== null) {
    const args = probe[5]!.trim();
    const ev: TraceEvent = probe[4] !== undefined
      ? { ...base, kind: 'kretprobe', fn: probe[4], caller: probe[2]! + (probe[3] ?? ''), probe: probe[1]! }
      : { ...base, kind: 'kprobe', fn: probe[2]!, probe: probe[1]! };
    if (args !== '') {
      ev.args = args;
      const e = errnoOf(args);
      if (e !== undefined) ev.errno = e;
    }
    return ev;
  }
  if (r.startsWith('<stack trace>')) return null;
  const ev = /^([\w:.-]+):\s*(.*)$/.exec(r);
  if (ev !== null && !r.startsWith('funcgraph_')) return { ...base, kind: 'event', fn: ev[1]!, args: ev[2]! };
  return null;
}
