// Executes a validated scenario on the simulated machine, one leaf step at a time,
// with a cursor (repeat frames) that checkpoints can save and restore.
import { eventKind } from '../engine/recorder.ts';
import type { Recorder } from '../engine/recorder.ts';
import { directMapToPhys, hex, physToVirt } from '../kernel/arch/x86/layout.ts';
import type { Kernel, KernelSnapshot } from '../kernel/kernel.ts';
import { bootMachine, type Machine } from '../kernel/machine.ts';
import { pageFaultOops } from '../kernel/mm/fault.ts';
import { allocPagesOp, freePagesOp } from '../kernel/mm/gfp.ts';
import { PAGE_SIZE } from '../kernel/mm/page.ts';
import type { Runnable } from '../engine/timeline.ts';
import type { Scenario } from './parse.ts';
import type { LeafStep, Step } from './schema.ts';

export const EV_MARK = eventKind('mark');
export const EV_EXPECT = eventKind('expect');
export const EV_WRITE = eventKind('mem.write');
export const EV_READ = eventKind('mem.read');

/** What a scenario pointer name refers to. */
export interface Binding {
  /** Physical address in the direct map, or null for an address outside it (or NULL). */
  phys: number | null;
  /** The value when it is outside the direct map; null means NULL or a direct-map address (from phys). */
  raw: bigint | null;
  kind: 'slab' | 'pages' | 'value';
  cache?: string;
  order?: number;
}

/** The pointer's virtual address; computed on demand, BigInt stays off the allocation path. */
export function bindingVa(k: Kernel, b: Binding): bigint {
  if (b.phys !== null) return physToVirt(k.layout, b.phys);
  return b.raw ?? 0n;
}

export interface Expectation {
  step: number;
  event: number;
  pass: boolean;
  message: string;
}

export class ScenarioRuntimeError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

interface Frame {
  steps: readonly Step[];
  /** Index of the next step in `steps`. */
  i: number;
  /** Iterations left after the current one (repeat frames). */
  left: number;
  path: string;
  /** Top-level step index this frame belongs to. */
  top: number;
}

export interface RunnerSnapshot {
  kernel: KernelSnapshot;
  booted: boolean;
  frames: Frame[];
  ptrs: [string, Binding][];
  destroyed: string[];
}

export class ScenarioRunner implements Runnable<RunnerSnapshot> {
  readonly machine: Machine;
  private booted = false;
  private frames: Frame[];
  ptrs = new Map<string, Binding>();
  private destroyed = new Set<string>();
  readonly expectations: Expectation[] = [];
  /** Path of the step being executed, for runtime errors. */
  currentPath = '';

  constructor(
    readonly scenario: Scenario,
    readonly rec: Recorder,
  ) {
    this.machine = bootMachine(scenario.config, rec);
    this.frames = [{ steps: scenario.steps, i: 0, left: 0, path: 'steps', top: -1 }];
  }

  get kernel(): Kernel {
    return this.machine.k;
  }

  snapshot(): RunnerSnapshot {
    return {
      kernel: this.machine.k.snapshot(),
      booted: this.booted,
      frames: this.frames.map((f) => ({ ...f })),
      ptrs: [...this.ptrs],
      destroyed: [...this.destroyed],
    };
  }

  restore(s: RunnerSnapshot): void {
    this.machine.k.restore(s.kernel);
    this.booted = s.booted;
    this.frames = s.frames.map((f) => ({ ...f }));
    this.ptrs = new Map(s.ptrs);
    this.destroyed = new Set(s.destroyed);
  }

  /** The next leaf step and its path, advancing the cursor; null at the end. */
  private next(): { step: LeafStep; path: string; top: number } | null {
    for (;;) {
      const f = this.frames[this.frames.length - 1];
      if (!f) return null;
      if (f.i >= f.steps.length) {
        if (f.left > 0) {
          f.left--;
          f.i = 0;
          continue;
        }
        this.frames.pop();
        continue;
      }
      const idx = f.i++;
      const step = f.steps[idx]!;
      const path = `${f.path}[${idx}]`;
      const top = f.top < 0 ? idx : f.top;
      if (step.op === 'repeat') {
        this.frames.push({ steps: step.steps, i: 0, left: step.times - 1, path: `${path}.steps`, top });
        continue;
      }
      return { step, path, top };
    }
  }

  runStep(): boolean {
    if (!this.booted) {
      this.machine.boot();
      this.booted = true;
      return true;
    }
    const n = this.next();
    if (n === null) return false;
    const { step, path, top } = n;
    this.currentPath = path;
    const ctx = this.rec.ctx;
    ctx.step = top;
    ctx.cpu = step.cpu ?? 0;
    ctx.task = step.task ?? `swapper/${ctx.cpu}`;
    if (ctx.cpu >= this.scenario.config.cpus) throw new ScenarioRuntimeError(`${path}.cpu`, `CPU ${ctx.cpu} does not exist (machine.cpus is ${this.scenario.config.cpus})`);
    this.machine.k.clock.advance(20_000 + this.machine.k.rng.below(80_000));
    this.exec(step, path);
    return true;
  }

  private binding(name: string, path: string): Binding {
    const b = this.ptrs.get(name);
    if (!b) throw new ScenarioRuntimeError(`${path}.ptr`, `pointer "${name}" is not bound`);
    return b;
  }

  private cache(name: string, path: string) {
    if (this.destroyed.has(name)) throw new ScenarioRuntimeError(`${path}.cache`, `cache "${name}" was destroyed by an earlier step`);
    const s = this.machine.slub.findCache(name);
    if (!s) throw new ScenarioRuntimeError(`${path}.cache`, `cache "${name}" does not exist`);
    return s;
  }

  private bindObject(as: string, phys: number | null, cache: string): void {
    this.ptrs.set(as, { phys, raw: null, kind: 'slab', cache });
  }

  private exec(step: LeafStep, path: string): void {
    const m = this.machine;
    const k = m.k;
    switch (step.op) {
      case 'kmem_cache_create': {
        m.slub.kmemCacheCreate(step.cache, step.size, step.align ?? 8, step.flags ?? []);
        this.destroyed.delete(step.cache);
        return;
      }
      case 'kmem_cache_alloc': {
        const s = this.cache(step.cache, path);
        this.bindObject(step.as, m.slub.kmemCacheAlloc(s), step.cache);
        return;
      }
      case 'kmalloc': {
        const s = step.cache === undefined ? undefined : this.cache(step.cache, path);
        const phys = m.slub.kmalloc(step.size, s);
        this.bindObject(step.as, phys, step.cache ?? 'kmalloc');
        return;
      }
      case 'kmem_cache_free': {
        const b = this.binding(step.ptr, path);
        const s = step.cache === undefined ? null : this.cache(step.cache, path);
        if (b.phys === null) throw new ScenarioRuntimeError(`${path}.ptr`, `pointer "${step.ptr}" is NULL or outside the direct map (${hex(bindingVa(k, b))})`);
        m.slub.kmemCacheFree(s, b.phys);
        return;
      }
      case 'kfree': {
        const b = this.binding(step.ptr, path);
        if (b.phys === null) {
          // kfree(NULL) is a no-op in the kernel; other non-direct-map values are the caller's bug
          if (b.raw !== null && b.raw !== 0n) throw new ScenarioRuntimeError(`${path}.ptr`, `pointer "${step.ptr}" (${hex(b.raw)}) is outside the direct map`);
          return;
        }
        m.slub.kfree(b.phys);
        return;
      }
      case 'validate_slab_cache':
        m.slub.validateSlabCache(this.cache(step.cache, path));
        return;
      case 'kmem_cache_destroy':
        m.slub.kmemCacheDestroy(this.cache(step.cache, path));
        this.destroyed.add(step.cache);
        return;
      case 'alloc_pages': {
        const pfn = allocPagesOp(m, step.order);
        const phys = pfn === null ? null : pfn * PAGE_SIZE;
        this.ptrs.set(step.as, { phys, raw: null, kind: 'pages', order: step.order });
        return;
      }
      case 'free_pages': {
        const b = this.binding(step.ptr, path);
        if (b.kind !== 'pages' || b.phys === null) throw new ScenarioRuntimeError(`${path}.ptr`, `pointer "${step.ptr}" was not allocated by alloc_pages`);
        freePagesOp(m, b.phys / PAGE_SIZE, b.order ?? 0);
        return;
      }
      case 'write':
        this.write(step, path);
        return;
      case 'read':
        this.read(step, path);
        return;
      case 'mark':
        this.rec.emit(EV_MARK, 0, 0, { label: step.label });
        return;
      case 'expect':
        this.expect(step);
        return;
      case 'expect_dmesg':
        this.expectDmesg(step);
        return;
      case 'expect_bytes':
        this.expectBytes(step, path);
        return;
    }
  }

  /** Start address of a write/read: ptr (+offset, "freeptr" = the cache's free-pointer offset) or addr. */
  private target(step: { ptr?: string | undefined; addr?: string | undefined; offset?: number | 'freeptr' | undefined }, path: string): { va: bigint; phys: number | null } {
    const k = this.machine.k;
    let va: bigint;
    let base: Binding | null = null;
    if (step.ptr !== undefined) {
      base = this.binding(step.ptr, path);
      va = bindingVa(k, base);
    } else va = BigInt(step.addr!);
    let off = 0;
    if (step.offset === 'freeptr') {
      const info = base?.phys != null ? this.machine.slub.describe(base.phys) : null;
      if (!info) throw new ScenarioRuntimeError(`${path}.offset`, `"freeptr" needs a ptr to a slab object`);
      off = info.freePointerOffset;
    } else off = step.offset ?? 0;
    va += BigInt(off);
    return { va, phys: directMapToPhys(k.layout, va, k.ramBytes) };
  }

  private write(step: Extract<LeafStep, { op: 'write' }>, path: string): void {
    const k = this.machine.k;
    const t = this.target(step, path);
    let bytes: Uint8Array;
    if (step.bytes) bytes = Uint8Array.from(step.bytes);
    else if (step.hex) bytes = Uint8Array.from(step.hex.trim().split(/\s+/).flatMap((h) => h.match(/../g) ?? []).map((h) => parseInt(h, 16)));
    else if (step.u64) {
      bytes = new Uint8Array(8);
      new DataView(bytes.buffer).setBigUint64(0, BigInt(step.u64), true);
    } else {
      bytes = new Uint8Array(1);
      bytes[0] = (t.phys === null ? 0 : k.mem.readByte(t.phys)) ^ step.xor!;
    }
    this.rec.emit(EV_WRITE, t.phys ?? -1, bytes.length, { addr: hex(t.va), hex: [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ') });
    if (t.phys === null || t.phys + bytes.length > k.ramBytes) {
      pageFaultOops(k, t.phys === null ? t.va : t.va + BigInt(k.ramBytes - t.phys), true, `scenario_write+0x0/0x20`);
      return;
    }
    k.memWrite(t.phys, bytes, `write (${path}${step.note ? `: ${step.note}` : ''})`);
  }

  private read(step: Extract<LeafStep, { op: 'read' }>, path: string): void {
    const k = this.machine.k;
    const t = this.target(step, path);
    if (t.phys === null || t.phys + step.len > k.ramBytes) {
      this.rec.emit(EV_READ, -1, step.len, { addr: hex(t.va) });
      pageFaultOops(k, t.phys === null ? t.va : t.va + BigInt(k.ramBytes - t.phys), false, `scenario_read+0x0/0x20`);
      if (step.as) this.ptrs.set(step.as, { phys: null, raw: null, kind: 'value' });
      return;
    }
    const buf = new Uint8Array(step.len);
    k.mem.read(t.phys, buf);
    this.rec.emit(EV_READ, t.phys, step.len, { addr: hex(t.va), hex: [...buf.subarray(0, 64)].map((b) => b.toString(16).padStart(2, '0')).join(' ') });
    if (step.as) {
      const w = new Uint8Array(8);
      w.set(buf.subarray(0, 8));
      const v = new DataView(w.buffer).getBigUint64(0, true);
      const phys = directMapToPhys(k.layout, v, k.ramBytes);
      this.ptrs.set(step.as, { phys, raw: phys === null ? v : null, kind: 'value' });
    }
  }

  private expectBytes(step: Extract<LeafStep, { op: 'expect_bytes' }>, path: string): void {
    const k = this.machine.k;
    const t = this.target(step, path);
    let want: number[];
    if (step.hex) want = step.hex.trim().split(/\s+/).flatMap((h) => h.match(/../g) ?? []).map((h) => parseInt(h, 16));
    else if (step.bytes) want = step.bytes;
    else want = new Array<number>(step.len!).fill(step.fill!);
    const got = new Uint8Array(want.length);
    if (t.phys !== null && t.phys + want.length <= k.ramBytes) k.mem.read(t.phys, got);
    const hx = (b: ArrayLike<number>): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
    const short = (b: ArrayLike<number>): string => (b.length > 24 ? `${hx(Array.from(b).slice(0, 24))} ...` : hx(b));
    const bad = t.phys === null ? 0 : want.findIndex((b, i) => got[i] !== b);
    const pass = t.phys !== null && bad < 0;
    const where = `${want.length} bytes at ${hex(t.va)}`;
    const message = t.phys === null ? `${where}: not in the direct map` : pass ? `${where} are ${short(want)}` : `${where}: expected ${short(want)}, found ${short(got)} (first difference at +${bad})`;
    const ev = this.rec.emit(EV_EXPECT, pass ? 1 : 0, 0, { pass, message });
    if (!this.rec.replaying) this.expectations.push({ step: this.rec.ctx.step, event: ev, pass, message });
  }

  /** Outcome of a count/none/at-least-one assertion over `found` matches of `what`. */
  private judge(what: string, found: number, count: number | undefined, none: true | undefined): void {
    let pass: boolean;
    let message: string;
    if (none) {
      pass = found === 0;
      message = `expected no ${what}, found ${found}`;
    } else if (count !== undefined) {
      pass = found === count;
      message = `expected ${count} × ${what}, found ${found}`;
    } else {
      pass = found > 0;
      message = `expected at least one ${what}, found ${found}`;
    }
    const ev = this.rec.emit(EV_EXPECT, pass ? 1 : 0, found, { pass, message });
    if (!this.rec.replaying) this.expectations.push({ step: this.rec.ctx.step, event: ev, pass, message });
  }

  // expectations read the recorded outputs; replays skip the counting (they never change state)
  private expect(step: Extract<LeafStep, { op: 'expect' }>): void {
    const found = this.rec.replaying ? 0 : this.rec.findings.filter((f) => f.kind === step.finding).length;
    this.judge(`${step.finding} finding`, found, step.count, step.none);
  }

  private expectDmesg(step: Extract<LeafStep, { op: 'expect_dmesg' }>): void {
    const found = this.rec.replaying ? 0 : this.rec.dmesg.filter((l) => l.text.includes(step.text)).length;
    this.judge(`dmesg line containing ${JSON.stringify(step.text)}`, found, step.count, step.none);
  }
}
