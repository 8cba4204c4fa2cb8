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

  push(s: string, line: number): void {
    if (this.stat.active || s.indexOf('Function') >= 0 || s.indexOf('CALLS') >= 0) {
      const done = this.stat.push(s, line, this.profiles.length);
      if (done !== null) this.profiles.push(done);
      if (this.stat.active) return;
    }
    const t = s.trimStart();
    if (t.startsWith('=>')) {
      if (this.last !== null) (this.last.stack ??= []).push(t.slice(2).trim());
      return;
    }
    if (t.startsWith('# tracer:')) {
      this.tracer = t.slice(9).trim();
      return;
    }
    if (t.startsWith('#')) return;
    const g = this.graph.tracingDir(s, line);
    if (g !== null) return this.emit(g);
    if (s.indexOf(']') < 0 || s.indexOf(': ') < 0) return;
    const c = context(s);
    if (c === null) return;
    if (c.rest.startsWith('funcgraph_')) {
      const ev = this.graph.traceCmd(c, line);
      if (ev !== null) this.emit(ev);
      return;
    }
    if (c.rest.startsWith('<stack trace>')) return;
    const ev = eventOf(c, line);
    if (ev !== null) this.emit(ev);
  }

  private emit(e: TraceEvent): void {
    this.events++;
    this.last = e;
    this.onEvent(e);
  }

  end(): void {
    const done = this.stat.finish();
    if (done !== null) this.profiles.push(done);
    if (this.graph.seen > 0) this.profiles.push({ source: `${this.source}: function_graph`, unit: 'us', entries: this.graph.entries(), calls: this.graph.calls });
  }
}
