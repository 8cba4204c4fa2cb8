// Executes a validated scenario on the simulated machine, one leaf step at a time,
// with a cursor (repeat frames) that checkpoints can save and restore.
import type { CallSite, Recorder, RecorderContext } from '../engine/recorder.ts';
import { directMapToPhys } from '../linux/arch/x86/include/asm/pgtable_64_types.ts';
import { bindingVa, ScenarioRuntimeError, type Binding } from './binding.ts';
import { TaskDied } from '../linux/arch/x86/kernel/dumpstack.ts';
import { TaskBlocked } from '../linux/kernel/hung_task.ts';
import type { Kernel } from '../machine/kernel.ts';
import { bootMachine, type Machine, type MachineSnapshot } from '../machine/machine.ts';
import type { Runnable } from '../engine/timeline.ts';
import { OP_HANDLERS } from './ops/index.ts';
import type { Scenario } from './parse.ts';
import type { LeafStep, Step } from './schema.ts';

export { EV_MARK, EV_EXPECT } from './ops/control.ts';

export interface Expectation {
  step: number;
  event: number;
  pass: boolean;
  message: string;
}

/** "name [module]" as a call site. */
export function parseCaller(s: string): CallSite {
  const m = /^(\S+)(?: \[(\S+)\])?$/.exec(s);
  return { name: m?.[1] ?? s, module: m?.[2] ?? null };
}

/** A step that names no caller runs as a built-in test function named after its op ("test_kmalloc"). */
export function defaultCaller(op: string): CallSite {
  return { name: `test_${op}`, module: null };
}

/** A step that names no task runs in the KUnit runner's thread, as the test function its caller names. */
export const DEFAULT_TASK = 'kunit_try_catch';

/** Steps that only read what the run recorded: they run whatever state the machine is in. */
const META_OPS: ReadonlySet<string> = new Set(['expect', 'expect_dmesg', 'expect_stdout', 'expect_bytes', 'mark']);

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
  machine: MachineSnapshot;
  booted: boolean;
  frames: Frame[];
  ptrs: [string, Binding][];
  destroyed: string[];
  ctx: RecorderContext;
}

export class ScenarioRunner implements Runnable<RunnerSnapshot> {
  readonly machine: Machine;
  private booted = false;
  private frames: Frame[];
  ptrs = new Map<string, Binding>();
  destroyed = new Set<string>();
  readonly expectations: Expectation[] = [];
  /** Path of the step being executed, for runtime errors. */
  currentPath = '';
  /** Step paths by frame path and index, and call sites by name: a repeat runs the same steps many times over. */
  private readonly paths = new Map<string, string[]>();
  private readonly callers = new Map<string, CallSite>();
  private readonly defaultCallers = new Map<string, CallSite>();

  constructor(
    readonly scenario: Scenario,
    readonly rec: Recorder,
  ) {
    this.machine = bootMachine(scenario.config, rec);
    // boot runs as the idle task: 2.6.25 names every idle task "swapper", 6.8's init_idle() "swapper/<cpu>"
    rec.ctx.task = this.machine.k.since('2.6.26') ? 'swapper/0' : 'swapper';
    this.frames = [{ steps: scenario.steps, i: 0, left: 0, path: 'steps', top: -1 }];
  }

  get kernel(): Kernel {
    return this.machine.k;
  }

  snapshot(): RunnerSnapshot {
    return {
      machine: this.machine.snapshot(),
      booted: this.booted,
      frames: this.frames.map((f) => ({ ...f })),
      ptrs: [...this.ptrs],
      destroyed: [...this.destroyed],
      ctx: { ...this.rec.ctx },
    };
  }

  restore(s: RunnerSnapshot): void {
    this.machine.restore(s.machine);
    this.booted = s.booted;
    this.frames = s.frames.map((f) => ({ ...f }));
    this.ptrs = new Map(s.ptrs);
    this.destroyed = new Set(s.destroyed);
    this.rec.ctx = { ...s.ctx };
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
      let paths = this.paths.get(f.path);
      if (paths === undefined) this.paths.set(f.path, (paths = []));
      const path = (paths[idx] ??= `${f.path}[${idx}]`);
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
    ctx.task = step.task ?? DEFAULT_TASK;
    ctx.caller = step.caller !== undefined ? this.callSite(step.caller) : this.defaultCallSite(step.op);
    if (ctx.cpu >= this.scenario.config.cpus) throw new ScenarioRuntimeError(`${path}.cpu`, `CPU ${ctx.cpu} does not exist (machine.cpus is ${this.scenario.config.cpus})`);
    const meta = META_OPS.has(step.op);
    // after a panic nothing runs, and a task that waits for good runs no more steps (expectations still read the log)
    const halted = this.machine.k.panic.halted;
    if (!meta && halted !== null) throw new ScenarioRuntimeError(path, `the kernel panicked ("${halted}"): no step runs after a panic`);
    const stuck = meta ? null : this.machine.locking.stuckReason(ctx.task);
    if (stuck !== null) throw new ScenarioRuntimeError(`${path}.task`, `task ${stuck}: it runs no more steps; give this step another task`);
    this.machine.k.clock.advance(20_000 + this.machine.k.rng.below(80_000));
    try {
      OP_HANDLERS[step.op]!(this, step, path);
    } catch (e) {
      // the task died in an oops or now waits for good: the op ends, the machine runs on
      if (!(e instanceof TaskDied || e instanceof TaskBlocked)) throw e;
    }
    return true;
  }

  private callSite(s: string): CallSite {
    let c = this.callers.get(s);
    if (c === undefined) this.callers.set(s, (c = parseCaller(s)));
    return c;
  }

  private defaultCallSite(op: string): CallSite {
    let c = this.defaultCallers.get(op);
    if (c === undefined) this.defaultCallers.set(op, (c = defaultCaller(op)));
    return c;
  }

  binding(name: string, path: string): Binding {
    const b = this.ptrs.get(name);
    if (!b) throw new ScenarioRuntimeError(`${path}.ptr`, `pointer "${name}" is not bound`);
    return b;
  }

  cache(name: string, path: string) {
    if (this.destroyed.has(name)) throw new ScenarioRuntimeError(`${path}.cache`, `cache "${name}" was destroyed by an earlier step`);
    const s = this.machine.slub.findCache(name);
    if (!s) throw new ScenarioRuntimeError(`${path}.cache`, `cache "${name}" does not exist`);
    return s;
  }

  bindObject(as: string, phys: number | null, cache: string): void {
    this.ptrs.set(as, { phys, raw: null, kind: 'slab', cache });
  }

  /** Start address of a write/read: ptr (+offset, "freeptr" = the cache's free-pointer offset) or addr. */
  target(step: { ptr?: string | undefined; addr?: string | undefined; offset?: number | 'freeptr' | undefined }, path: string): { va: bigint; phys: number | null } {
    const k = this.machine.k;
    let va: bigint;
    let base: Binding | null = null;
    if (step.ptr !== undefined) {
      base = this.binding(step.ptr, path);
      va = bindingVa(k, base);
    } else va = BigInt(step.addr!);
    let off = 0;
    if (step.offset === 'freeptr') {
      const info = base?.phys != null ? this.machine.slub.slabObject(base.phys) : null;
      if (!info) throw new ScenarioRuntimeError(`${path}.offset`, `"freeptr" needs a ptr to a slab object`);
      off = info.freePointerOffset;
    } else off = step.offset ?? 0;
    va += BigInt(off);
    return { va, phys: directMapToPhys(k.layout, va, k.ramBytes) };
  }
}
