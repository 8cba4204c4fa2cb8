// lib/locking-selftest.c re-expressed: each case runs on a fresh lockdep (like dotest() after
// reset_locks()) and its verdict is debug_locks afterwards: SUCCESS = still on, FAILURE = a
// report turned it off. Expected verdicts are the kernel's, per lock type.
import { describe, expect, it } from 'vitest';
import { lockTest, ops, selftestLocks, type LockTest, type Ops, type SelftestType } from './locking-selftest_testing.ts';

const SUCCESS = true;
const FAILURE = false;

function verdict(fn: (o: Ops, t: LockTest) => void, type: SelftestType = 'spin', irq: 'hard' | 'soft' = 'hard', kconfig: Record<string, boolean> = {}): boolean {
  const t = lockTest(kconfig);
  selftestLocks(t);
  fn(ops(t, type, irq), t);
  return t.m.debugLocks;
}

/** DO_TESTCASE_6R: recursive read locks (rlock) must not trigger, everything else must. */
const SIX_R: [SelftestType, boolean][] = [
  ['spin', FAILURE],
  ['wlock', FAILURE],
  ['rlock', SUCCESS],
  ['mutex', FAILURE],
  ['wsem', FAILURE],
  ['rsem', FAILURE],
];
/** DO_TESTCASE_6: every lock type fails. */
const SIX: [SelftestType, boolean][] = SIX_R.map(([t]) => [t, FAILURE]);
/** DO_TESTCASE_3 / 3RW: spin and wlock fail, rlock passes. */
const THREE: [SelftestType, boolean][] = [
  ['spin', FAILURE],
  ['wlock', FAILURE],
  ['rlock', SUCCESS],
];
/** DO_TESTCASE_2RW: wlock fails, rlock passes. */
const TWO_RW: [SelftestType, boolean][] = [
  ['wlock', FAILURE],
  ['rlock', SUCCESS],
];

const LU2 = (o: Ops, x: string, y: string): void => {
  o.LOCK(x);
  o.LOCK(y);
  o.UNLOCK(y);
  o.UNLOCK(x);
};

const PERMS3 = ['123', '132', '213', '231', '312', '321'];
function permute3(e: [() => void, () => void, () => void], order: string): void {
  for (const c of order) e[Number(c) - 1]!();
}

describe('locking selftest: deadlock families', () => {
  const families: [string, (o: Ops) => void][] = [
    ['A-A deadlock', (o) => (o.LOCK('X1'), o.LOCK('X2'))],
    ['A-B-B-A deadlock', (o) => (LU2(o, 'A', 'B'), LU2(o, 'B', 'A'))],
    ['A-B-B-C-C-A deadlock', (o) => (LU2(o, 'A', 'B'), LU2(o, 'B', 'C'), LU2(o, 'C', 'A'))],
    ['A-B-C-A-B-C deadlock', (o) => (LU2(o, 'A', 'B'), LU2(o, 'C', 'A'), LU2(o, 'B', 'C'))],
    ['A-B-B-C-C-D-D-A deadlock', (o) => (LU2(o, 'A', 'B'), LU2(o, 'B', 'C'), LU2(o, 'C', 'D'), LU2(o, 'D', 'A'))],
    ['A-B-C-D-B-D-D-A deadlock', (o) => (LU2(o, 'A', 'B'), LU2(o, 'C', 'D'), LU2(o, 'B', 'D'), LU2(o, 'D', 'A'))],
    ['A-B-C-D-B-C-D-A deadlock', (o) => (LU2(o, 'A', 'B'), LU2(o, 'C', 'D'), LU2(o, 'B', 'C'), LU2(o, 'D', 'A'))],
  ];
  for (const [name, fn] of families) {
    for (const [type, expected] of SIX_R) {
      it(`${name} / ${type}`, () => expect(verdict(fn, type)).toBe(expected));
    }
  }
  for (const [type, expected] of SIX) {
    it(`double unlock / ${type}`, () => expect(verdict((o) => (o.LOCK('A'), o.UNLOCK('A'), o.UNLOCK('A')), type)).toBe(expected));
    it(`initialize held / ${type}`, () => expect(verdict((o) => (o.LOCK('A'), o.INIT('A')), type)).toBe(expected));
  }
  for (const [type] of SIX) {
    it(`bad unlock order is not an error / ${type}`, () => expect(verdict((o) => (o.LOCK('A'), o.LOCK('B'), o.UNLOCK('A'), o.UNLOCK('B')), type)).toBe(SUCCESS));
  }
});

describe('locking selftest: recursive read-lock', () => {
  const r = (o: Ops) => o;
  it('recursive read-lock: rlock AA1 ok, rsem AA1 fails', () => {
    expect(verdict((o) => (r(o).RL('X1'), o.RL('X1')))).toBe(SUCCESS);
    expect(verdict((o) => (o.LOCK('X1'), o.LOCK('X1')), 'rsem')).toBe(FAILURE);
  });
  it('recursive read-lock #2: rlock AA1B ok, rsem AA1B fails', () => {
    expect(verdict((o) => (o.RL('X1'), o.RL('X2')))).toBe(SUCCESS);
    expect(verdict((o) => (o.LOCK('X1'), o.LOCK('X2')), 'rsem')).toBe(FAILURE);
  });
  it('mixed read-write-lock: rlock AA2 and rsem AA2 fail', () => {
    expect(verdict((o) => (o.RL('X1'), o.WL('X2')))).toBe(FAILURE);
    expect(verdict((_o, t) => (t.m.locking.lock('rwsem_X1', 'read'), t.m.locking.lock('rwsem_X2', 'write')))).toBe(FAILURE);
  });
  it('mixed write-read-lock: rlock AA3 and rsem AA3 fail', () => {
    expect(verdict((o) => (o.WL('X1'), o.RL('X2')))).toBe(FAILURE);
    expect(verdict((_o, t) => (t.m.locking.lock('rwsem_X1', 'write'), t.m.locking.lock('rwsem_X2', 'read')))).toBe(FAILURE);
  });

  const RSL = (t: LockTest, x: string): boolean => t.m.locking.lock(`rwsem_${x}`, 'read');
  const WSL = (t: LockTest, x: string): boolean => t.m.locking.lock(`rwsem_${x}`, 'write');
  const SU = (t: LockTest, x: string): void => t.m.locking.unlock(`rwsem_${x}`);
  const ML = (t: LockTest, x: string): boolean => t.m.locking.lock(`mutex_${x}`);
  const MU = (t: LockTest, x: string): void => t.m.locking.unlock(`mutex_${x}`);

  it('mixed read-lock/lock-write ABBA: rlock fails, rwsem fails', () => {
    expect(verdict((o) => (o.RL('X1'), o.L('Y1'), o.U('Y1'), o.RU('X1'), o.L('Y1'), o.WL('X1'), o.WU('X1'), o.U('Y1')))).toBe(FAILURE);
    expect(verdict((_o, t) => (RSL(t, 'X1'), ML(t, 'Y1'), MU(t, 'Y1'), SU(t, 'X1'), ML(t, 'Y1'), WSL(t, 'X1'), SU(t, 'X1'), MU(t, 'Y1')))).toBe(FAILURE);
  });
  it('mixed read-lock/lock-read ABBA: rlock ok, rwsem fails', () => {
    expect(verdict((o) => (o.RL('X1'), o.L('Y1'), o.U('Y1'), o.RU('X1'), o.L('Y1'), o.RL('X1'), o.RU('X1'), o.U('Y1')))).toBe(SUCCESS);
    expect(verdict((_o, t) => (RSL(t, 'X1'), ML(t, 'Y1'), MU(t, 'Y1'), SU(t, 'X1'), ML(t, 'Y1'), RSL(t, 'X1'), SU(t, 'X1'), MU(t, 'Y1')))).toBe(FAILURE);
  });
  it('mixed write-lock/lock-write ABBA: rlock fails, rwsem fails', () => {
    expect(verdict((o) => (o.WL('X1'), o.L('Y1'), o.U('Y1'), o.WU('X1'), o.L('Y1'), o.WL('X1'), o.WU('X1'), o.U('Y1')))).toBe(FAILURE);
    expect(verdict((_o, t) => (WSL(t, 'X1'), ML(t, 'Y1'), MU(t, 'Y1'), SU(t, 'X1'), ML(t, 'Y1'), WSL(t, 'X1'), SU(t, 'X1'), MU(t, 'Y1')))).toBe(FAILURE);
  });
  it('chain cached mixed R-L/L-W ABBA fails', () => {
    expect(
      verdict((o) => {
        o.RL('X1'), o.L('Y1'), o.U('Y1'), o.RU('X1');
        o.L('Y1'), o.RL('X1'), o.RU('X1'), o.U('Y1');
        o.L('Y1'), o.WL('X1'), o.WU('X1'), o.U('Y1');
      }),
    ).toBe(FAILURE);
  });

  const rr: [string, boolean, (o: Ops) => [() => void, () => void, () => void]][] = [
    ['rlock W1R2/W2R3/W3R1', FAILURE, (o) => [() => (o.WL('X1'), o.RL('Y1'), o.RU('Y1'), o.WU('X1')), () => (o.WL('Y1'), o.RL('Z1'), o.RU('Z1'), o.WU('Y1')), () => (o.WL('Z1'), o.RL('X1'), o.RU('X1'), o.WU('Z1'))]],
    ['rlock W1W2/R2R3/W3R1', FAILURE, (o) => [() => (o.WL('X1'), o.WL('Y1'), o.WU('Y1'), o.WU('X1')), () => (o.RL('Y1'), o.RL('Z1'), o.RU('Z1'), o.RU('Y1')), () => (o.WL('Z1'), o.RL('X1'), o.RU('X1'), o.WU('Z1'))]],
    ['rlock W1W2/R2R3/R3W1', SUCCESS, (o) => [() => (o.WL('X1'), o.WL('Y1'), o.WU('Y1'), o.WU('X1')), () => (o.RL('Y1'), o.RL('Z1'), o.RU('Z1'), o.RU('Y1')), () => (o.RL('Z1'), o.WL('X1'), o.WU('X1'), o.RU('Z1'))]],
    ['rlock W1R2/R2R3/W3W1', SUCCESS, (o) => [() => (o.WL('X1'), o.RL('Y1'), o.RU('Y1'), o.WU('X1')), () => (o.RL('Y1'), o.RL('Z1'), o.RU('Z1'), o.RU('Y1')), () => (o.WL('Z1'), o.WL('X1'), o.WU('X1'), o.WU('Z1'))]],
  ];
  for (const [name, expected, e] of rr) {
    for (const p of PERMS3) it(`${name}/${p}`, () => expect(verdict((o) => permute3(e(o), p))).toBe(expected));
  }
});

describe('locking selftest: irq-safe / irq-unsafe', () => {
  const hs: ['hard' | 'soft', string][] = [
    ['hard', 'hard'],
    ['soft', 'soft'],
  ];
  // locking an irq-safe lock with irqs enabled
  const irqsafe1 = (o: Ops): [() => void, () => void] => [() => (o.IRQ_ENTER(), o.LOCK('A'), o.UNLOCK('A'), o.IRQ_EXIT()), () => (o.LOCK('A'), o.UNLOCK('A'))];
  // enabling irqs with an irq-safe lock held
  const irqsafe2B = (o: Ops): [() => void, () => void] => [() => (o.IRQ_ENTER(), o.LOCK('A'), o.UNLOCK('A'), o.IRQ_EXIT()), () => (o.IRQ_DISABLE(), o.LOCK('A'), o.IRQ_ENABLE(), o.UNLOCK('A'))];
  for (const [irq] of hs) {
    for (const [type, expected] of THREE) {
      for (const p of ['12', '21']) {
        it(`${irq}-irqs-on + irq-safe-A/${p} / ${type}`, () =>
          expect(verdict((o) => permute3([...irqsafe1(o), () => {}] as [() => void, () => void, () => void], p), type, irq)).toBe(expected));
        it(`${irq}-safe-A + irqs-on/${p} / ${type}`, () =>
          expect(verdict((o) => permute3([...irqsafe2B(o), () => {}] as [() => void, () => void, () => void], p), type, irq)).toBe(expected));
      }
    }
  }
  // sirq-safe-A => hirqs-on: a softirq-safe lock held across local_irq_enable()
  for (const [type, expected] of THREE) {
    for (const p of ['12', '21']) {
      it(`sirq-safe-A => hirqs-on/${p} / ${type}`, () =>
        expect(
          verdict(
            (o, t) => {
              const e1 = (): void => (t.m.ctx.softirqEnter(), o.LOCK('A'), o.UNLOCK('A'), t.m.ctx.softirqExit());
              const e2 = (): void => (t.m.ctx.localIrqDisable(), o.LOCK('A'), t.m.ctx.localIrqEnable(), o.UNLOCK('A'));
              permute3([e1, e2, () => {}], p);
            },
            type,
          ),
        ).toBe(expected));
    }
  }
  const three: [string, (o: Ops) => [() => void, () => void, () => void]][] = [
    // safe-A + unsafe-B #1: acquiring an irq-unsafe lock while holding an irq-safe lock
    ['safe-A + unsafe-B #1', (o) => [() => (o.LOCK('A'), o.LOCK('B'), o.UNLOCK('B'), o.UNLOCK('A')), () => (o.LOCK('B'), o.UNLOCK('B')), () => (o.IRQ_ENTER(), o.LOCK('A'), o.UNLOCK('A'), o.IRQ_EXIT())]],
    // safe-A + unsafe-B #2: a lock turns irq-safe after it took an irq-unsafe lock
    ['safe-A + unsafe-B #2', (o) => [() => (o.IRQ_DISABLE(), o.LOCK('A'), o.LOCK('B'), o.UNLOCK('B'), o.UNLOCK('A'), o.IRQ_ENABLE()), () => (o.LOCK('B'), o.UNLOCK('B')), () => (o.IRQ_ENTER(), o.LOCK('A'), o.UNLOCK('A'), o.IRQ_EXIT())]],
    // irq lock-inversion: write_lock(A) -> B, B irq-unsafe, read_lock(A) in irq
    ['irq lock-inversion', (o) => [() => (o.IRQ_DISABLE(), o.WL('A'), o.LOCK('B'), o.UNLOCK('B'), o.WU('A'), o.IRQ_ENABLE()), () => (o.LOCK('B'), o.UNLOCK('B')), () => (o.IRQ_ENTER(), o.RL('A'), o.RU('A'), o.IRQ_EXIT())]],
  ];
  for (const [name, e] of three) {
    for (const [irq] of hs) {
      for (const [type, expected] of THREE) {
        for (const p of PERMS3) it(`${irq}-${name}/${p} / ${type}`, () => expect(verdict((o) => permute3(e(o), p), type, irq)).toBe(expected));
      }
    }
  }
  const recursion: [string, (o: Ops) => [() => void, () => void, () => void]][] = [
    ['irq read-recursion', (o) => [() => (o.IRQ_DISABLE(), o.WL('A'), o.WU('A'), o.IRQ_ENABLE()), () => (o.RL('A'), o.RU('A')), () => (o.IRQ_ENTER(), o.LOCK('A'), o.L('B'), o.U('B'), o.UNLOCK('A'), o.IRQ_EXIT())]],
    ['irq read-recursion #2', (o) => [() => (o.IRQ_DISABLE(), o.L('B'), o.LOCK('A'), o.UNLOCK('A'), o.U('B'), o.IRQ_ENABLE()), () => (o.RL('A'), o.RU('A')), () => (o.IRQ_ENTER(), o.L('B'), o.U('B'), o.IRQ_EXIT())]],
    ['irq read-recursion #3', (o) => [() => (o.IRQ_DISABLE(), o.WL('B'), o.LOCK('A'), o.UNLOCK('A'), o.WU('B'), o.IRQ_ENABLE()), () => (o.RL('A'), o.RU('A')), () => (o.IRQ_ENTER(), o.RL('B'), o.RU('B'), o.IRQ_EXIT())]],
  ];
  for (const [name, e] of recursion) {
    for (const [irq] of hs) {
      for (const [type, expected] of TWO_RW) {
        for (const p of PERMS3) it(`${irq}-${name}/${p} / ${type}`, () => expect(verdict((o) => permute3(e(o), p), type, irq)).toBe(expected));
      }
    }
  }

  it('hardirq_unsafe_softirq_safe fails (hardirq-safe -> hardirq-unsafe through a chain)', () => {
    expect(
      verdict((o, t) => {
        const c = t.m.ctx;
        const l = t.m.locking;
        l.lock('mutex_A');
        c.localIrqDisable();
        o.L('C'), o.U('C');
        c.localIrqEnable();
        l.unlock('mutex_A');
        c.hardirqEnter(), o.L('A'), o.U('A'), c.hardirqExit();
        c.localIrqDisable(), o.L('A'), o.L('B'), o.U('B'), o.U('A'), c.localIrqEnable();
        c.localIrqDisable(), o.L('B'), o.L('C'), o.U('C'), o.U('B'), c.localIrqEnable();
        c.softirqEnter(), o.L('D'), o.U('D'), c.softirqExit();
        c.localBhDisable(), o.L('D'), o.U('D'), c.localBhEnable();
        c.localIrqDisable(), o.L('C'), o.L('D'), o.U('D'), o.U('C'), c.localIrqEnable();
      }),
    ).toBe(FAILURE);
  });
});

describe('locking selftest: queued read locks (CONFIG_QUEUED_RWLOCKS=y: read_lock recursive only in interrupts)', () => {
  const Q = { CONFIG_QUEUED_RWLOCKS: true };
  it('hardirq read-lock/lock-read fails', () => {
    expect(
      verdict(
        (o, t) => {
          const c = t.m.ctx;
          c.hardirqEnter(), o.RL('A'), o.L('B'), o.U('B'), o.RU('A'), c.hardirqExit();
          c.localIrqDisable(), o.L('B'), o.RL('A'), o.RU('A'), o.U('B'), c.localIrqEnable();
        },
        'spin',
        'hard',
        Q,
      ),
    ).toBe(FAILURE);
  });
  it('hardirq lock-read/read-lock passes', () => {
    expect(
      verdict(
        (o, t) => {
          const c = t.m.ctx;
          c.hardirqEnter(), o.L('B'), o.RL('A'), o.RU('A'), o.U('B'), c.hardirqExit();
          c.localIrqDisable(), o.RL('A'), o.L('B'), o.U('B'), o.RU('A'), c.localIrqEnable();
        },
        'spin',
        'hard',
        Q,
      ),
    ).toBe(SUCCESS);
  });
  it('hardirq inversion fails', () => {
    expect(
      verdict(
        (o, t) => {
          const c = t.m.ctx;
          c.hardirqEnter(), o.L('B'), o.U('B'), c.hardirqExit();
          c.localIrqDisable(), o.L('B'), o.RL('A'), o.RU('A'), o.U('B'), c.localIrqEnable();
          o.RL('A'), o.RU('A');
        },
        'spin',
        'hard',
        Q,
      ),
    ).toBe(FAILURE);
  });
});

describe('locking selftest: nest_lock', () => {
  it('spinlock nest unlocked fails ("Nested lock was not taken")', () => {
    expect(
      verdict((_o, t) => {
        t.m.locking.lockInit('o', 'ww_mutex', 'ww_lockdep_mutex');
        t.m.locking.lock('lock_A', 'write', { nestLock: 'o' });
        t.m.locking.unlock('lock_A');
      }),
    ).toBe(FAILURE);
  });
  it('spinlock nest test passes: X1 serialises Y1 and Y2', () => {
    expect(
      verdict((o, t) => {
        const l = t.m.locking;
        o.L('X1');
        l.lock('lock_Y1', 'write', { nestLock: 'lock_X1' });
        o.L('A');
        l.lock('lock_Y2', 'write', { nestLock: 'lock_X1' });
        o.U('A');
        l.unlock('lock_Y2');
        l.unlock('lock_Y1');
        o.U('X1');
      }),
    ).toBe(SUCCESS);
  });
});

describe('locking selftest: wait contexts (CONFIG_PROVE_RAW_LOCK_NESTING=y)', () => {
  const RAW = { CONFIG_PROVE_RAW_LOCK_NESTING: true };
  type Outer = 'HARDIRQ' | 'SOFTIRQ' | 'RCU' | 'raw_spinlock' | 'spinlock' | 'mutex';
  type Inner = 'RCU' | 'raw_spinlock' | 'spinlock' | 'mutex';
  const enter = (t: LockTest, o: Outer): void => {
    const c = t.m.ctx;
    const l = t.m.locking;
    if (o === 'HARDIRQ') c.hardirqEnter();
    else if (o === 'SOFTIRQ') c.softirqEnter();
    else if (o === 'RCU') c.rcuReadLock();
    else if (o === 'raw_spinlock') l.lock('raw_lock_A');
    else if (o === 'spinlock') l.lock('lock_A');
    else l.lock('mutex_A');
  };
  const inner = (t: LockTest, i: Inner): void => {
    const l = t.m.locking;
    if (i === 'RCU') (t.m.ctx.rcuReadLock(), t.m.ctx.rcuReadUnlock());
    else if (i === 'raw_spinlock') (l.lock('raw_lock_B'), l.unlock('raw_lock_B'));
    else if (i === 'spinlock') (l.lock('lock_B'), l.unlock('lock_B'));
    else (l.lock('mutex_B'), l.unlock('mutex_B'));
  };
  const table: [Outer, [boolean, boolean, boolean, boolean]][] = [
    ['HARDIRQ', [SUCCESS, SUCCESS, SUCCESS, FAILURE]],
    ['SOFTIRQ', [SUCCESS, SUCCESS, SUCCESS, FAILURE]],
    ['RCU', [SUCCESS, SUCCESS, SUCCESS, FAILURE]],
    ['raw_spinlock', [SUCCESS, SUCCESS, FAILURE, FAILURE]],
    ['spinlock', [SUCCESS, SUCCESS, SUCCESS, FAILURE]],
    ['mutex', [SUCCESS, SUCCESS, SUCCESS, SUCCESS]],
  ];
  const inners: Inner[] = ['RCU', 'raw_spinlock', 'spinlock', 'mutex'];
  for (const [outer, expected] of table) {
    inners.forEach((i, n) => {
      it(`${i} in ${outer} context`, () => expect(verdict((_o, t) => (enter(t, outer), inner(t, i)), 'spin', 'hard', RAW)).toBe(expected[n]));
    });
  }
});
