// Trace text in a log: function_graph (tracing directory and trace-cmd report), function tracer
// and kprobe lines with their `<stack trace>`, and profile tables, fed line by line. Events go to a
// callback as they are read (the caller decides how many to keep); profiles are kept whole.
import type { Profile } from '../../sim/views/profile.ts';
import { context, eventOf, type TraceEvent } from './events.ts';
import { GraphReader } from './graph.ts';
import { StatReader } from './stat.ts';

export class FtraceReader {
  private readonly graph = new GraphReader();
  private readonly stat: StatReader;
  private last: TraceEvent | null = null;
  readonly profiles: Profile[] = [];
  events = 0;
  tracer: string | null = null;

  constructor(
    private readonly source: string,
    private readonly onEvent: (e: TraceEvent) => void,
  ) {
    this.stat = new StatReader(source);
  }

  /** Reads one line; true when it was trace text (a profile row, an event, a header, a stack line). */
  push(s: string, line: number): boolean {
    if (this.stat.active || s.indexOf('Function') >= 0 || s.indexOf('CALLS') >= 0) {
      const done = this.stat.push(s, line, this.profiles.length);
      if (done !== null) this.profiles.push(done);
      if (this.stat.active || done !== null) return true;
    }
    const t = s.trimStart();
    if (t.startsWith('=>')) {
      if (this.last !== null) (this.last.stack ??= []).push(t.slice(2).trim());
      return this.last !== null;
    }
    if (t.startsWith('# tracer:')) {
      this.tracer = t.slice(9).trim();
      return true;
    }
    if (t.startsWith('#')) return true;
    const g = this.graph.tracingDir(s, line);
    if (g !== null) return this.emit(g);
    if (s.indexOf(']') < 0 || s.indexOf(': ') < 0) return false;
    const c = context(s);
    if (c === null) return false;
    if (c.rest.startsWith('funcgraph_')) {
      const ev = this.graph.traceCmd(c, line);
      return ev !== null ? this.emit(ev) : true;
    }
    if (c.rest.startsWith('<stack trace>')) return true;
    const ev = eventOf(c, line);
    return ev !== null ? this.emit(ev) : false;
  }

  private emit(e: TraceEvent): true {
    this.events++;
    this.last = e;
    this.onEvent(e);
    return true;
  }

  end(): void {
    const done = this.stat.finish();
    if (done !== null) this.profiles.push(done);
    if (this.graph.seen > 0) this.profiles.push({ source: `${this.source}: function_graph`, unit: 'us', entries: this.graph.entries(), calls: this.graph.calls });
  }
}
