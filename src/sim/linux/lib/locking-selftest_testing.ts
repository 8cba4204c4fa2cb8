// Test support for the locking model: a bare kernel (no boot) with the model attached,
// a way to run ops as a given task/CPU, and the selftest vocabulary of lib/locking-selftest.c.
import { Clock } from '../../engine/clock.ts';
import { Recorder } from '../../engine/recorder.ts';
import { DEFAULT_CONFIG } from '../../machine/config.ts';
import type { Kernel } from '../../machine/kernel.ts';
import { bootMachine, type Machine } from '../../machine/machine.ts';
import { lockingModule } from '../../machine/modules/locking.ts';
import type { LockingModel } from '../../machine/locking_model.ts';
import type { LockType } from '../include/linux/lockdep_types.ts';

export interface LockTest {
  k: Kernel;
  /** The machine of the kernel core and the locking model alone (not booted). */
  machine: Machine;
  rec: Recorder;
  m: LockingModel;
  /** dmesg text lines from index `from` on. */
  log(from?: number): string[];
  mark(): number;
  /** Following ops run as this task on this CPU. */
  as(task: string, cpu?: number): void;
  kinds(): string[];
}

export function lockTest(kconfig: Record<string, boolean> = {}): LockTest {
  const rec = new Recorder(new Clock(), 1e7);
  const machine = bootMachine({ ...DEFAULT_CONFIG, ramMiB: 64, kconfig }, rec, [lockingModule]);
  const k = machine.k;
  const m = machine.locking;
  rec.ctx = { step: 0, cpu: 0, task: 'selftest', caller: { name: 'locking_selftest', module: null } };
  return {
    k,
    machine,
    rec,
    m,
    log: (from = 0) => rec.dmesg.slice(from).map((l) => l.text),
    mark: () => rec.dmesg.length,
    as(task, cpu = 0) {
      rec.ctx = { step: rec.ctx.step + 1, cpu, task, caller: rec.ctx.caller };
    },
    kinds: () => rec.findings.map((f) => f.kind),
  };
}

/** lib/locking-selftest.c's locks: lock_A..D, rwlock_A..D, mutex_A..D, rwsem_A..D, and X1/X2, Y1/Y2, Z1/Z2 sharing a class per type. */
export function selftestLocks(t: LockTest): void {
  const l = t.m.locking;
  for (const x of ['A', 'B', 'C', 'D']) {
    l.lockInit(`lock_${x}`, 'spinlock');
    l.lockInit(`rwlock_${x}`, 'rwlock');
    l.lockInit(`mutex_${x}`, 'mutex');
    l.lockInit(`rwsem_${x}`, 'rwsem');
  }
  l.lockInit('raw_lock_A', 'raw_spinlock');
  l.lockInit('raw_lock_B', 'raw_spinlock');
  // init_class_X(): spin_lock_init(lock) etc. inside one function, so every X shares "lock"/"rwlock"/...
  const types: [string, LockType, string][] = [
    ['lock', 'spinlock', 'lock'],
    ['rwlock', 'rwlock', 'rwlock'],
    ['mutex', 'mutex', 'mutex'],
    ['rwsem', 'rwsem', 'rwsem'],
  ];
  for (const cls of ['X', 'Y', 'Z']) {
    for (const [prefix, type, name] of types) {
      for (const n of ['1', '2']) l.lockInit(`${prefix}_${cls}${n}`, type, `&${name}_${cls}`);
    }
  }
}

/** The selftests' per-lock-type vocabulary (locking-selftest-{spin,wlock,rlock,mutex,wsem,rsem}.h). */
export type SelftestType = 'spin' | 'wlock' | 'rlock' | 'mutex' | 'wsem' | 'rsem';

export interface Ops {
  LOCK(x: string): void;
  UNLOCK(x: string): void;
  INIT(x: string): void;
  /** spin_lock(&lock_x) whatever the type. */
  L(x: string): void;
  U(x: string): void;
  WL(x: string): void;
  WU(x: string): void;
  RL(x: string): void;
  RU(x: string): void;
  IRQ_ENTER(): void;
  IRQ_EXIT(): void;
  IRQ_DISABLE(): void;
  IRQ_ENABLE(): void;
}

export function ops(t: LockTest, type: SelftestType, irq: 'hard' | 'soft' = 'hard'): Ops {
  const l = t.m.locking;
  const c = t.m.ctx;
  const name = (x: string): string => {
    switch (type) {
      case 'spin':
        return `lock_${x}`;
      case 'wlock':
      case 'rlock':
        return `rwlock_${x}`;
      case 'mutex':
        return `mutex_${x}`;
      case 'wsem':
      case 'rsem':
        return `rwsem_${x}`;
    }
  };
  const mode = type === 'rlock' || type === 'rsem' ? 'read' : 'write';
  const lockType = ({ spin: 'spinlock', wlock: 'rwlock', rlock: 'rwlock', mutex: 'mutex', wsem: 'rwsem', rsem: 'rwsem' } as const)[type];
  return {
    LOCK: (x) => void l.lock(name(x), mode),
    UNLOCK: (x) => l.unlock(name(x)),
    INIT: (x) => l.lockInit(name(x), lockType, x.length === 2 ? `&${name('').replace(/_$/, '')}_${x[0]}` : undefined),
    L: (x) => void l.lock(`lock_${x}`),
    U: (x) => l.unlock(`lock_${x}`),
    WL: (x) => void l.lock(`rwlock_${x}`, 'write'),
    WU: (x) => l.unlock(`rwlock_${x}`),
    RL: (x) => void l.lock(`rwlock_${x}`, 'read'),
    RU: (x) => l.unlock(`rwlock_${x}`),
    IRQ_ENTER: () => (irq === 'hard' ? c.hardirqEnter() : c.softirqEnter()),
    IRQ_EXIT: () => (irq === 'hard' ? c.hardirqExit() : c.softirqExit()),
    IRQ_DISABLE: () => (irq === 'hard' ? c.localIrqDisable() : c.localBhDisable()),
    IRQ_ENABLE: () => (irq === 'hard' ? c.localIrqEnable() : c.localBhEnable()),
  };
}

/**
 * Layout-preserving normalisation for report comparisons: 16-digit addresses become
 * "<addr>" and derived call-site offsets "+0x../0x.." of the given functions stay, others
 * become "+..". Call sites the test passed in explicitly are kept verbatim.
 */
export function norm(lines: string[], keep: readonly string[] = []): string[] {
  return lines.map((l) =>
    l
      .replace(/\b[0-9a-f]{16}\b/g, '<addr>')
      .replace(/([A-Za-z_.$][\w.$]*)\+0x[0-9a-f]+\/0x[0-9a-f]+/g, (m, f: string) => (keep.includes(m) ? m : `${f}+..`)),
  );
}
