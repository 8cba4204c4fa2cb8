// From an imported lockdep report to a scenario that reproduces it: the lock classes, the orders the
// report shows (the dependency chain of print_circular_bug(), the two acquisitions of
// print_deadlock_bug(), the irq contexts of print_usage_bug() / print_irq_inversion_bug() /
// print_bad_irq_dependency()) and the task that triggers the report.
import { baseName } from '../trace/frame.ts';
import { isGeneric } from '../trace/blame.ts';
import type { FieldValue, Frame, ImportedFinding, Trace } from '../types.ts';
import { comm, type GeneratedScenario, type ScenarioStep, site, slug, type StepValue } from './types.ts';

type LockType = 'spinlock' | 'raw_spinlock' | 'rwlock' | 'mutex' | 'rwsem' | 'ww_mutex';

interface TypeGuess {
  type: LockType;
  /** Null when the report's frames name the primitive; otherwise why the type was chosen. */
  inferred: string | null;
}

/** The lock type the acquiring primitive in the frames names; else the wait type `{n:n}` and the name. */
export function lockType(name: string, frames: readonly string[], wait?: string, inIrq = false): TypeGuess {
  const fns = frames.map(baseName).join(' ');
  if (/\bww_mutex_lock|__ww_mutex_lock/.test(fns)) return { type: 'ww_mutex', inferred: null };
  if (/\b(?:__)?mutex_lock|mutex_lock_nested|mutex_lock_killable|mutex_lock_interruptible/.test(fns)) return { type: 'mutex', inferred: null };
  if (/\bdown_write|\bdown_read|rwsem_down/.test(fns)) return { type: 'rwsem', inferred: null };
  if (/_raw_read_lock|_raw_write_lock|\bread_lock|\bwrite_lock/.test(fns)) return { type: 'rwlock', inferred: null };
  if (/_raw_spin_lock|\bspin_lock/.test(fns)) return { type: /raw/.test(name) ? 'raw_spinlock' : 'spinlock', inferred: null };
  if (/fs_reclaim_acquire|lock_map_acquire|might_lock/.test(fns) || wait === '0:0') return { type: 'mutex', inferred: `${name} is a lockdep map, not a lock: modelled as a mutex` };
  if (/mmap_lock|mmap_sem|rwsem|_sem\b|i_rwsem/.test(name)) return { type: 'rwsem', inferred: `${name}: rwsem by its name` };
  if (inIrq) return { type: 'spinlock', inferred: `${name}: taken in interrupt context, so a spinlock` };
  if (wait === '2:2' || wait === '1:1' || /spin|_lock$|lock\)$/.test(name)) return { type: 'spinlock', inferred: `${name}: spinlock by its name or wait type {${wait ?? '?'}}` };
  return { type: 'mutex', inferred: `${name}: the report does not name the primitive; a mutex` };
}

const sites = (frames: readonly Frame[]): { ip: string; stack: string[] } => {
  const real = frames.filter((f) => !f.unreliable);
  const i = Math.max(0, real.findIndex((f) => !isGeneric(f.fn)));
  const [top, ...rest] = real.slice(i);
  return { ip: top !== undefined ? site(top.fn, top.off, top.size) : 'imported_site', stack: rest.slice(0, 8).map((f) => site(f.fn, f.off, f.size)) };
};

function obj(v: FieldValue | undefined): Record<string, FieldValue> | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, FieldValue>) : null;
}

function str(v: FieldValue | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

class Builder {
  readonly steps: ScenarioStep[] = [];
  readonly inferred: string[] = [];
  readonly kconfig: Record<string, boolean> = {};
  private readonly inited = new Set<string>();

  init(lock: string, guess: TypeGuess): void {
    if (this.inited.has(lock)) return;
    this.inited.add(lock);
    if (guess.inferred !== null) this.inferred.push(`lock type of ${lock}: ${guess.inferred}`);
    this.step('lock_init', guess.inferred === null ? { lock, type: guess.type } : { lock, type: guess.type, note: `inferred: ${guess.inferred}` });
  }

  step(op: string, fields: Record<string, StepValue>): void {
    const s: ScenarioStep = { ...fields, op };
    this.steps.push(s);
  }
}

function chainTraces(f: ImportedFinding): Map<number, Trace> {
  const out = new Map<number, Trace>();
  for (const tr of f.traces) {
    const m = /^-> #(\d+) /.exec(tr.label);
    if (m !== null) out.set(Number(m[1]), tr);
  }
  return out;
}

function circular(f: ImportedFinding, b: Builder, task: string): boolean {
  const chain = (Array.isArray(f.fields.chain) ? (f.fields.chain as readonly FieldValue[]) : []).map(obj).filter((c): c is Record<string, FieldValue> => c !== null);
  const byIndex = new Map(chain.map((c) => [Number(c.index), c]));
  const traces = chainTraces(f);
  const acquiring = obj(f.fields.acquiring);
  const holding = obj(f.fields.holding);
  let n = Math.max(-1, ...byIndex.keys());
  let lockOf = (k: number): string | undefined => str(byIndex.get(k)?.lock) ?? (k === 0 ? str(acquiring?.lock) : k === n ? str(holding?.lock) : undefined);
  const complete = n >= 1 && Array.from({ length: n + 1 }, (_, k) => lockOf(k)).every((l) => l !== undefined);
  if (!complete) {
    // a truncated report: of the chain only the two locks of its header survived
    if (acquiring === null || holding === null) return false;
    n = 1;
    byIndex.clear();
    lockOf = (k: number) => (k === 0 ? str(acquiring.lock) : str(holding.lock));
    b.inferred.push('dependency chain: not (all) in the report; the held lock is taken to depend on the new one directly');
  }
  for (let k = 0; k <= n; k++) {
    const lock = lockOf(k);
    if (lock === undefined) return false;
    const frames = traces.get(k)?.frames.map((x) => x.fn) ?? [];
    b.init(lock, lockType(lock, frames, str(byIndex.get(k)?.wait)));
  }
  // -> #k: lock k was taken while lock k-1 was held; each such order ran in some task the report does not name
  for (let k = 1; k <= n; k++) {
    const t = `dep-${k}`;
    const s = sites(traces.get(k)?.frames ?? []);
    const note = `inferred: the report shows where ${lockOf(k)!} was taken with ${lockOf(k - 1)!} held (-> #${k}), not by which task`;
    b.step('lock', { lock: lockOf(k - 1)!, task: t, cpu: 1, note });
    b.step('lock', { lock: lockOf(k)!, task: t, cpu: 1, ip: s.ip, stack: s.stack });
    b.step('unlock', { lock: lockOf(k)!, task: t, cpu: 1 });
    b.step('unlock', { lock: lockOf(k - 1)!, task: t, cpu: 1 });
  }
  b.inferred.push(`tasks dep-1..dep-${n}: the report names only the task that closed the cycle`);
  const heldAt = str(holding?.at);
  const acqAt = str(acquiring?.at);
  const own = sites(traces.get(0)?.frames ?? []);
  b.step('lock', { lock: lockOf(n)!, task, ...(heldAt !== undefined ? { ip: heldAt.replace(/ \[.*$/, '') } : {}) });
  b.step('lock', { lock: lockOf(0)!, task, ip: acqAt !== undefined ? acqAt.replace(/ \[.*$/, '') : own.ip, stack: own.stack });
  b.step('unlock', { lock: lockOf(0)!, task });
  b.step('unlock', { lock: lockOf(n)!, task });
  return true;
}

/** Entering the context a lockdep usage state names ({IN-HARDIRQ-W}, {SOFTIRQ-ON-W}, ...). */
function inContext(b: Builder, state: string, task: string, body: () => void): void {
  if (/^IN-HARDIRQ/.test(state)) {
    b.step('hardirq_enter', { task });
    body();
    b.step('hardirq_exit', { task });
  } else if (/^IN-SOFTIRQ/.test(state)) {
    b.step('softirq_enter', { task });
    body();
    b.step('softirq_exit', { task });
  } else body();
}

const lockUnlock = (b: Builder, lock: string, task: string, ip?: string) => () => {
  b.step('lock', { lock, task, ...(ip !== undefined ? { ip } : {}) });
  b.step('unlock', { lock, task });
};

export function lockdepScenario(f: ImportedFinding): GeneratedScenario | null {
  const b = new Builder();
  const task = comm(str(f.fields.task)?.replace(/\/\d+$/, ''), 'imported');
  const acquiring = obj(f.fields.acquiring);
  const holding = obj(f.fields.holding);
  const acq = str(acquiring?.lock);
  switch (f.kind) {
    case 'lockdep.circular':
      if (!circular(f, b, task)) return null;
      break;
    case 'lockdep.recursive': {
      if (acq === undefined) return null;
      // two instances of one class, as lib/locking-selftest.c's AA tests do: lockdep keys on the class
      const guess = lockType(acq, f.trace.map((x) => x.fn), str(acquiring?.wait));
      b.step('lock_init', { lock: `${acq}#1`, type: guess.type, class: acq, note: 'inferred: two instances of the class; the report shows the class only' });
      b.step('lock_init', { lock: `${acq}#2`, type: guess.type, class: acq });
      if (guess.inferred !== null) b.inferred.push(`lock type of ${acq}: ${guess.inferred}`);
      b.inferred.push(`${acq}: two locks of the class (the report shows one class taken twice)`);
      b.step('lock', { lock: `${acq}#1`, task, ...(str(holding?.at) !== undefined ? { ip: str(holding?.at)! } : {}) });
      b.step('lock', { lock: `${acq}#2`, task, ...(str(acquiring?.at) !== undefined ? { ip: str(acquiring?.at)! } : {}) });
      break;
    }
    case 'lockdep.bad_unlock_balance': {
      const lock = str(f.fields.releasing);
      if (lock === undefined) return null;
      b.init(lock, lockType(lock, [], undefined));
      const at = f.trace.find((x) => x.fn === f.blame) ?? f.trace.find((x) => !x.unreliable && !isGeneric(x.fn));
      b.step('unlock', { lock, task, ...(at !== undefined ? { ip: site(at.fn, at.off, at.size) } : {}) });
      break;
    }
    case 'lockdep.inconsistent_state': {
      const states = Array.isArray(f.fields.states) ? (f.fields.states as readonly FieldValue[]).map(String) : [];
      // hardirq and softirq states only: NMI and INITIAL USE have no op to enter them
      if (acq === undefined || states.length !== 2 || !states.every((st) => /^(?:IN-)?(?:HARD|SOFT)IRQ/.test(st))) return null;
      b.init(acq, lockType(acq, f.trace.map((x) => x.fn), str(acquiring?.wait), true));
      // the first state was registered earlier; the report fires when the lock is taken in the second
      inContext(b, states[0]!, task, lockUnlock(b, acq, task));
      inContext(b, states[1]!, task, lockUnlock(b, acq, task, str(acquiring?.at)));
      break;
    }
    case 'lockdep.irq_inversion':
    case 'lockdep.irq_unsafe_order': {
      const locks = Array.isArray(f.fields.locks) ? (f.fields.locks as readonly FieldValue[]).map(String) : [];
      const safe = f.kind === 'lockdep.irq_unsafe_order' ? str(holding?.lock) : acq;
      const unsafe = f.kind === 'lockdep.irq_unsafe_order' ? acq : locks.find((l) => l !== acq);
      if (safe === undefined || unsafe === undefined) return null;
      const irq = /SOFTIRQ/.test(f.header) ? 'SOFTIRQ' : 'HARDIRQ';
      b.init(safe, lockType(safe, [], undefined, true));
      b.init(unsafe, lockType(unsafe, [], undefined, true));
      b.inferred.push(`the ${irq} context of ${safe} and the irqs-on use of ${unsafe}: from the report's state names, not from its stacks`);
      // safe -> unsafe dependency taken with interrupts off, unsafe used with interrupts on, safe used in the interrupt
      b.step('local_irq_disable', { task: 'dep-1', cpu: 1, note: 'inferred: the order the report complains about' });
      b.step('lock', { lock: safe, task: 'dep-1', cpu: 1 });
      b.step('lock', { lock: unsafe, task: 'dep-1', cpu: 1 });
      b.step('unlock', { lock: unsafe, task: 'dep-1', cpu: 1 });
      b.step('unlock', { lock: safe, task: 'dep-1', cpu: 1 });
      b.step('local_irq_enable', { task: 'dep-1', cpu: 1 });
      lockUnlock(b, unsafe, task)();
      inContext(b, `IN-${irq}-W`, task, lockUnlock(b, safe, task));
      break;
    }
    case 'lockdep.held_lock_freed': {
      const lock = acq ?? str((obj((f.fields.held as readonly FieldValue[] | undefined)?.[0]) ?? {}).lock);
      if (lock === undefined) return null;
      b.init(lock, lockType(lock, [], str(acquiring?.wait)));
      b.inferred.push(`how the memory of ${lock} was freed: re-initialising the held lock stands for freeing it (debug_check_no_locks_freed())`);
      b.step('lock', { lock, task, ...(str(acquiring?.at) !== undefined ? { ip: str(acquiring?.at)! } : {}) });
      b.step('lock_init', { lock, type: lockType(lock, [], str(acquiring?.wait)).type, task, note: 'inferred: the free of the memory that holds the lock' });
      break;
    }
    case 'lockdep.nest_lock_not_held': {
      if (acq === undefined) return null;
      const nest = str(obj(f.fields.nest_lock)?.lock) ?? 'nest_lock';
      if (nest === 'nest_lock') b.inferred.push('the nest lock: its name is not in the report');
      b.init(nest, lockType(nest, [], undefined));
      b.init(acq, lockType(acq, f.trace.map((x) => x.fn), str(acquiring?.wait)));
      b.step('lock', { lock: acq, task, nest_lock: nest, ...(str(acquiring?.at) !== undefined ? { ip: str(acquiring?.at)! } : {}) });
      break;
    }
    case 'lockdep.invalid_wait_context': {
      if (acq === undefined) return null;
      const held = (Array.isArray(f.fields.held) ? (f.fields.held as readonly FieldValue[]) : []).map(obj).find((x) => x !== null);
      const outer = str(held?.lock) ?? 'raw_context';
      b.kconfig.CONFIG_PROVE_RAW_LOCK_NESTING = true;
      b.inferred.push(`the context: a raw spinlock ${outer} held, for the report's context-{2:2}`);
      b.step('lock_init', { lock: outer, type: 'raw_spinlock', note: 'inferred: the context that may not sleep or take a spinlock_t' });
      b.init(acq, { type: 'spinlock', inferred: null });
      b.step('lock', { lock: outer, task });
      b.step('lock', { lock: acq, task, ...(str(acquiring?.at) !== undefined ? { ip: str(acquiring?.at)! } : {}) });
      break;
    }
    default:
      return null;
  }
  b.step('expect', { finding: f.kind, count: 1 });
  const inferredText = b.inferred.length > 0 ? `\n\n**Inferred** (not in the report):\n${b.inferred.map((x) => `- ${x}`).join('\n')}` : '';
  return {
    reproduces: f.kind,
    inferred: b.inferred,
    scenario: {
      format: 'kernscope/1',
      name: slug(`imported-${f.title}`),
      title: `Imported: ${f.title}`,
      description: `Built from the report \`${f.header}\` (input lines ${f.lines.first}-${f.lines.last}): the lock classes and the orders it shows, replayed so lockdep reports it again. Step through it and change the order of the locks to try a fix.${inferredText}`,
      source: `imported report: ${f.title}`,
      ...(Object.keys(b.kconfig).length > 0 ? { config: { kconfig: b.kconfig } } : {}),
      steps: b.steps,
    },
  };
}
