// The function_graph tracer's records (kernel/trace/trace_functions_graph.c 5.10): every kernel
// function a model wraps in FuncGraph.call() is an entry event and a return event, so the tracer's
// listing, its durations and the trace_stat function profile can be rebuilt from any range of the
// run. Both carry the function's number in b (numbered per run in first-call order); the entry
// carries its name too (payload fn), the return its return value (a, as an integer).
import { eventKind, type EventPayload } from '../../../engine/events.ts';
import type { Kernel } from '../../../machine/kernel.ts';

export const EV_FUNC_ENTRY = eventKind('ftrace.entry');
export const EV_FUNC_EXIT = eventKind('ftrace.exit');

/** What one traced call costs the CPU besides its body (the fentry call and return), ns. */
const CALL_NS = 40;

export class FuncGraph {
  /** One payload object and number per function name: the log keeps references, not copies. Not state. */
  private readonly payloads = new Map<string, { p: EventPayload; id: number }>();

  constructor(readonly k: Kernel) {}

  private payload(fn: string): { p: EventPayload; id: number } {
    let p = this.payloads.get(fn);
    if (!p) {
      p = { p: { fn }, id: this.payloads.size };
      this.payloads.set(fn, p);
    }
    return p;
  }

  /** Runs a modeled kernel function between its entry and return records. */
  call<T>(fn: string, body: () => T, ret?: (r: T) => number): T {
    const k = this.k;
    const p = this.payload(fn);
    k.rec.emit(EV_FUNC_ENTRY, 0, p.id, p.p);
    k.clock.advance(CALL_NS);
    const r = body();
    k.rec.emit(EV_FUNC_EXIT, ret ? ret(r) : typeof r === 'number' ? r : 0, p.id);
    return r;
  }
}
