// The worker's engine side, free of worker plumbing so tests can call it directly.
import { Session } from '../sim/scenario/session.ts';
import { hexView } from '../sim/views/hexview.ts';
import { memoryMapTile } from '../sim/views/memmap.ts';
import { frameHistory } from '../sim/views/frame_history.ts';
import { suspendPhases } from '../sim/views/suspend_phases.ts';
import { timelineBuckets } from '../sim/views/timeline.ts';
import { formatPrintk, linesBefore } from '../sim/views/dmesg.ts';
import { bindingVa, EV_MARK } from '../sim/scenario/runner.ts';
import { hex } from '../sim/linux/arch/x86/include/asm/pgtable_64_types.ts';
import { eventKindName } from '../sim/engine/events.ts';
import type { HexView, KernscopeApi, LoadResult, Moment, RunOverrides, SimEvent, TimelineBucket, PrintkLine, Report } from './api.ts';
import type { LockGraphView, TaskView } from './api.ts';
import type { FrameWrite, MemoryMapTile, PhaseRange } from './api.ts';

export class KernscopeCore implements KernscopeApi {
  private session: Session | null = null;

  private s(): Session {
    if (!this.session) throw new Error('no scenario loaded');
    return this.session;
  }

  load(text: string, overrides: RunOverrides = {}): LoadResult {
    const r = Session.open(text, overrides);
    if (!r.ok) return r;
    this.session = r.session;
    const s = r.session;
    const log = s.rec.log;
    const marks: { event: number; label: string }[] = [];
    const markKind = eventKindName(EV_MARK);
    for (const e of log.withPayload()) if (e.kind === markKind && typeof e.payload?.label === 'string') marks.push({ event: e.index, label: e.payload.label });
    return {
      ok: true,
      info: {
        name: s.scenario.name,
        title: s.scenario.title,
        description: s.scenario.description,
        source: s.scenario.source,
        config: s.scenario.config,
        total: s.total,
        endNs: log.length > 0 ? log.nsAt(log.length - 1) : 0,
        marks,
        expectations: s.expectations.map((e) => ({ ...e })),
        findings: s.rec.findings.slice(),
        errors: s.errors.slice(),
      },
    };
  }

  seek(n: number): Moment {
    const s = this.s();
    const cursor = Math.max(0, Math.min(Math.floor(n), s.total));
    s.seek(cursor);
    const log = s.rec.log;
    return {
      cursor,
      ns: cursor > 0 ? log.nsAt(cursor - 1) : 0,
      event: cursor > 0 ? log.get(cursor - 1) : null,
      dmesgLines: linesBefore(s.rec.dmesg, cursor),
      findings: s.findingsBefore(cursor).length,
      slabErrors: s.runner.machine.slub.slabErrors,
      pointers: [...s.runner.ptrs].map(([name, b]) => ({ name, addr: hex(bindingVa(s.runner.kernel, b)), kind: b.kind, ...(b.cache ? { cache: b.cache } : {}) })),
    };
  }

  dmesg(from: number, to: number): (PrintkLine & { line: string })[] {
    const lines = this.s().rec.dmesg;
    return lines.slice(Math.max(0, from), Math.min(lines.length, to)).map((l) => ({ ...l, line: formatPrintk(l) }));
  }

  events(from: number, to: number): SimEvent[] {
    const log = this.s().rec.log;
    const out: SimEvent[] = [];
    for (let i = Math.max(0, from); i < Math.min(to, log.length); i++) out.push(log.get(i));
    return out;
  }

  timeline(buckets: number, from?: number, to?: number): TimelineBucket[] {
    const s = this.s();
    return timelineBuckets(s.rec, s.total, buckets, from ?? 0, to ?? s.total);
  }

  hexView(target: string, len: number): HexView {
    const s = this.s();
    const t = target.trim();
    let va: bigint;
    if (/^0x[0-9a-fA-F]{1,16}$/.test(t)) va = BigInt(t);
    else {
      const b = s.runner.ptrs.get(t);
      if (!b) return { addr: t, phys: null, len: 0, bytes: new Uint8Array(0), writer: new Int32Array(0), event: new Int32Array(0), writers: [], pattern: [], regions: [], object: null, owner: '', error: `"${t}" is neither a 0x address nor a pointer bound at this moment` };
      va = bindingVa(s.runner.kernel, b);
    }
    return hexView(s.runner.machine, s.rec, s.timeline.cursor, va, len);
  }

  lockGraph(at?: number): LockGraphView {
    const s = this.s();
    if (at === undefined) return s.runner.machine.locking.graph();
    const cursor = s.timeline.cursor;
    s.seek(Math.max(0, Math.min(Math.floor(at), s.total)));
    const g = s.runner.machine.locking.graph();
    s.seek(cursor);
    return g;
  }

  heldLocks(): TaskView[] {
    return this.s().runner.machine.locking.heldLocks();
  }

  memoryMap(startPfn: number, count: number): MemoryMapTile {
    const s = this.s();
    return memoryMapTile(s.runner.machine, s.rec, s.timeline.cursor, startPfn, count);
  }

  frameHistory(pfn: number, before?: number): FrameWrite[] {
    const s = this.s();
    const upTo = before === undefined ? s.timeline.cursor : Math.max(0, Math.min(Math.floor(before), s.total));
    return frameHistory(s.rec, upTo, pfn);
  }

  suspendPhases(): PhaseRange[] {
    const s = this.s();
    return suspendPhases(s.rec, s.total);
  }

  report(): Report {
    const s = this.s();
    const cursor = s.timeline.cursor;
    const r = s.report();
    s.seek(cursor);
    return r;
  }

  stateHash(at?: number): string {
    const s = this.s();
    if (at !== undefined) s.seek(Math.max(0, Math.min(Math.floor(at), s.total)));
    return s.runner.kernel.stateHash();
  }
}
