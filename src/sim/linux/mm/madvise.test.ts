// madvise(MADV_PAGEOUT/COLD/DONTNEED) over mTHP folios, and seed 001: the v5 6/6 patch's
// "if (err) continue;" without the PTL, and Ryan Roberts' fix.
import { describe, expect, it } from 'vitest';
import { Clock } from '../../engine/clock.ts';
import { Recorder } from '../../engine/recorder.ts';
import { Timeline } from '../../engine/timeline.ts';
import { LIMITS, parseScenario } from '../../scenario/parse.ts';
import { ScenarioRunner } from '../../scenario/runner.ts';
import { Session, type Report } from '../../scenario/session.ts';
import { PATCH_RELOCK_BEFORE_CONTINUE } from './madvise.ts';

const K = 65536;
const PAGE = 4096;
const FOUR = ['lockdep.bad_unlock_balance', 'rcu.unbalanced', 'sched.sleep_in_atomic', 'sched.scheduling_while_atomic'];

interface Story {
  pinned?: boolean;
  locked?: boolean;
  shared?: boolean;
  /** kswapd holds the anon_vma for read during the madvise (the split's down_write sleeps). */
  contended?: boolean;
  fixed?: boolean;
  advice?: 'pageout' | 'cold';
  /** Length of the pageout/cold range from the start of the mapping (default 7.5 folios). */
  len?: number;
  /** Run on the seed's own machine (arm64, QEMU virt) instead of the x86-64 build. */
  arm64?: boolean;
}

/** The seed's story: 8 × 64 KiB folios, last page of folios 1, 3, 5 freed, pageout of 7.5 folios. */
function story(o: Story = {}): string {
  const folios: Record<string, unknown>[] = [];
  if (o.pinned ?? true) folios.push({ index: 1, pinned: true });
  if (o.locked ?? true) folios.push({ index: 3, locked: true });
  if (o.shared ?? true) folios.push({ index: 5, shared: true });
  const as = { task: 'singlethread', cpu: 3 };
  const steps: unknown[] = [
    { op: 'mmap', as: 'buf', size: 8 * K, folio_order: 4, folios, ...as },
    ...[1, 3, 5].map((f) => ({ op: 'madvise', ptr: 'buf', offset: f * K + 15 * PAGE, len: PAGE, advice: 'dontneed', ...as })),
  ];
  if (o.contended ?? true) steps.push({ op: 'lock', lock: 'anon_vma:buf', mode: 'read', trylock: true, task: 'kswapd0', ip: 'rmap_walk_anon+0x1a0/0x290', stack: ['folio_referenced+0x15c/0x1e0'] });
  steps.push({ op: 'madvise', ptr: 'buf', len: o.len ?? 7 * K + 32768, advice: o.advice ?? 'pageout', ...as });
  if (o.contended ?? true) steps.push({ op: 'unlock', lock: 'anon_vma:buf', task: 'kswapd0' });
  return JSON.stringify({
    format: 'kernscope/1',
    name: 'madvise-test',
    config: { machine: { ...(o.arm64 ? { arch: 'arm64' } : {}), kernel: '6.9-rc2', cpus: 4 }, kconfig: { CONFIG_PROVE_RAW_LOCK_NESTING: true }, patches: o.fixed ? { [PATCH_RELOCK_BEFORE_CONTINUE]: true } : {} },
    steps,
  });
}

function open(text: string): Session {
  const r = Session.open(text);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.session;
}

function lines(r: Report): string[] {
  return r.dmesg.split('\n').map((l) => l.replace(/^\[[\s\d.]+\] /, ''));
}

/** The call-trace frames after `first`, function names with their offsets, up to </TASK>. */
function frames(out: string[], from: number): string[] {
  const s = out.indexOf(' <TASK>', from);
  const e = out.indexOf(' </TASK>', s);
  return out.slice(s + 1, e).map((l) => l.trim());
}

/** PTE kinds of the mapping, one character per page: P present, S swap, . none, M migration. */
function ptes(s: Session): string {
  const v = s.runner.machine.usermm.view('singlethread')[0]!;
  return v.pages.map((p) => ({ present: 'P', swap: 'S', none: '.', migration: 'M' })[p.pte.kind]).join('');
}

// the x86-64 build of the seed's tree (6.9.0-rc2-00257-g2d9f63c285db): its own offsets, not the arm64 splat's
const SYSCALL_TAIL = [
  'walk_pgd_range+0x2f3/0x6c0',
  '__walk_page_range+0x1b0/0x1d0',
  'walk_page_range+0x1c1/0x250',
  'madvise_pageout+0xd3/0x240',
  'madvise_vma_behavior+0x2b9/0x870',
  'madvise_walk_vmas+0xa5/0x110',
  'do_madvise.part.0+0xdc/0x4a0',
  '__x64_sys_madvise+0x2b/0x40',
  'do_syscall_64+0x82/0x170',
  'entry_SYSCALL_64_after_hwframe+0x76/0x7e',
];

describe('seed 001: madvise(MADV_PAGEOUT) continues after a failed split without the PTL', () => {
  it('reports bad unlock balance, the RCU underflow, sleeping in atomic and scheduling while atomic, in that order', () => {
    const s = open(story());
    const r = s.report();
    expect(r.errors).toBeUndefined();
    expect(r.findings.map((f) => f.kind)).toEqual(FOUR);
    // all four come from the one madvise(MADV_PAGEOUT) step, in event order
    const pageoutStep = 5;
    expect(r.findings.map((f) => f.step)).toEqual([pageoutStep, pageoutStep, pageoutStep, pageoutStep]);
    const ev = r.findings.map((f) => f.event);
    expect([...ev].sort((a, b) => a - b)).toEqual(ev);

    const out = lines(r);
    const at = (t: string): number => out.findIndex((l) => l.includes(t));
    const order = ['WARNING: bad unlock balance detected!', 'at kernel/rcu/tree_plugin.h:431 __rcu_read_unlock+', 'BUG: sleeping function called from invalid context at kernel/locking/rwsem.c:1578', 'BUG: scheduling while atomic: singlethread/100/0x00000000'];
    const idx = order.map(at);
    expect(idx.every((i) => i >= 0)).toBe(true);
    expect([...idx].sort((a, b) => a - b)).toEqual(idx);
  });

  it('prints the seed\'s key lines and call traces', () => {
    const out = lines(open(story()).report());
    const b = out.indexOf('WARNING: bad unlock balance detected!');
    expect(out.slice(b + 3, b + 11).map((l) => l.replace(/[0-9a-f]{16}/g, '<addr>'))).toEqual([
      'singlethread/100 is trying to release lock (ptlock_ptr(ptdesc)) at:',
      '[<<addr>>] madvise_cold_or_pageout_pte_range+0x6bc/0xb90',
      'but there are no more locks to release!',
      '',
      'other info that might help us debug this:',
      '1 lock held by singlethread/100:',
      ' #0: <addr> (&mm->mmap_lock){++++}-{4:4}, at: do_madvise.part.0+0x14e/0x4a0',
      '',
    ]);
    const bad = frames(out, b);
    expect(bad.slice(bad.findIndex((f) => f.startsWith('_raw_spin_unlock+')) + 1)).toEqual(['madvise_cold_or_pageout_pte_range+0x6bc/0xb90', ...SYSCALL_TAIL]);

    const w = out.findIndex((l) => l.includes('tree_plugin.h:431'));
    expect(out[w]).toMatch(/^WARNING: CPU: 3 PID: 100 at kernel\/rcu\/tree_plugin\.h:431 __rcu_read_unlock\+0x[0-9a-f]+\/0x[0-9a-f]+$/);
    const rcu = frames(out, w);
    expect(rcu.slice(rcu.findIndex((f) => !f.startsWith('?')))).toEqual(['madvise_cold_or_pageout_pte_range+0x6d2/0xb90', ...SYSCALL_TAIL]);

    const z = out.indexOf('BUG: sleeping function called from invalid context at kernel/locking/rwsem.c:1578');
    expect(out.slice(z + 1, z + 5)).toEqual(['in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 100, name: singlethread', 'preempt_count: 7fffffff, expected: 0', 'RCU nest depth: -1, expected: 0', 'INFO: lockdep is turned off.']);
    expect(frames(out, z).map((f) => f.replace(/\+.*/, ''))).toEqual(['dump_stack_lvl', '__might_resched', '__might_sleep', 'down_write', 'split_huge_page_to_list_to_order', 'madvise_cold_or_pageout_pte_range', ...SYSCALL_TAIL.map((f) => f.replace(/\+.*/, ''))]);
    expect(frames(out, z).slice(4, 6)).toEqual(['split_huge_page_to_list_to_order+0x33c/0xe80', 'madvise_cold_or_pageout_pte_range+0x6f1/0xb90']);

    const sa = out.indexOf('BUG: scheduling while atomic: singlethread/100/0x00000000');
    expect(frames(out, sa).map((f) => f.replace(/\+.*/, '')).slice(0, 8)).toEqual(['dump_stack_lvl', '__schedule_bug', '__schedule', 'schedule', 'schedule_preempt_disabled', 'rwsem_down_write_slowpath', 'down_write', 'split_huge_page_to_list_to_order']);
  });

  it('the failed split alone is silent: it takes a later partly mapped, splittable folio in the same PTE table to unlock twice', () => {
    // folios 0..6 only: after folio 1's failure the walk runs without the PTL, but folio 3 (locked) and 5 (shared) never reach pte_unmap_unlock()
    const s = open(story({ len: 7 * K }));
    expect(s.report().findings).toEqual([]);
    const t = s.runner.machine.locking.heldLocks().find((x) => x.task === 'singlethread')!;
    expect([t.rcuDepth, t.preemptCount]).toEqual([0, '0x00000000']);
  });

  it('MADV_COLD shares the pmd_entry and the bug', () => {
    const out = lines(open(story({ advice: 'cold' })).report());
    const b = out.indexOf('WARNING: bad unlock balance detected!');
    expect(b).toBeGreaterThan(0);
    expect(frames(out, b)).toContain('madvise_cold+0xab/0x1a0');
    expect(open(story({ advice: 'cold' })).report().findings.map((f) => f.kind)).toEqual(FOUR);
  });

  it('leaves the task with RCU depth -1 and lockdep off; the graph never learns anon_vma -> PTL', () => {
    const s = open(story());
    const lk = s.runner.machine.locking;
    const t = lk.heldLocks().find((x) => x.task === 'singlethread')!;
    expect(t.rcuDepth).toBe(-1);
    expect(t.locks).toEqual([]);
    expect(lk.debugLocks).toBe(false);
    const edges = lk.graph().edges.map((e) => `${e.from} -> ${e.to}`);
    expect(edges).toEqual(['&mm->mmap_lock -> &anon_vma->rwsem', '&mm->mmap_lock -> ptlock_ptr(ptdesc)']);
  });

  it('with madvise_pageout_relock_before_continue the walk is clean and pages out the same folios', () => {
    const bug = open(story());
    const fixed = open(story({ fixed: true }));
    const r = fixed.report();
    expect(r.findings).toEqual([]);
    expect(r.dmesg).not.toContain('BUG:');
    expect(r.dmesg).not.toContain('WARNING:');
    const lk = fixed.runner.machine.locking;
    expect(lk.heldLocks().find((x) => x.task === 'singlethread')).toMatchObject({ rcuDepth: 0, preemptCount: '0x00000000', locks: [] });
    expect(lk.graph().edges.map((e) => `${e.from} -> ${e.to}`)).toContain('&anon_vma->rwsem -> ptlock_ptr(ptdesc)');
    // folio 0, 2, 4, 6 and half of 7 in swap; 1 (split failed), 3 (locked), 5 (shared) mapped, their last page freed
    const f = (c: string, n = 16): string => c.repeat(n);
    const want = f('S') + f('P', 15) + '.' + f('S') + f('P', 15) + '.' + f('S') + f('P', 15) + '.' + f('S') + f('S', 8) + f('P', 8);
    expect(ptes(fixed)).toBe(want);
    expect(ptes(bug)).toBe(want);
  });

  it('shows each step of the walk as its own event: PTL, batch, trylock, unlock, split attempt', () => {
    const s = open(story());
    const kinds: string[] = [];
    for (let i = 0; i < s.rec.log.length; i++) {
      const e = s.rec.log.get(i);
      if (e.step === 5) kinds.push(e.payload && typeof e.payload.fn === 'string' ? `${e.kind}:${e.payload.fn}` : e.kind);
    }
    const i = kinds.indexOf('mm.split_failed:split_huge_page_to_list_to_order');
    expect(kinds.slice(kinds.indexOf('mm.folio_pte_batch:folio_pte_batch', kinds.indexOf('mm.folio_isolate_lru:folio_isolate_lru')), i + 4)).toEqual([
      'mm.folio_pte_batch:folio_pte_batch',
      'mm.folio_trylock:folio_trylock',
      'mm.folio_get:folio_get',
      'mm.pte_unmap_unlock:pte_unmap_unlock',
      'lock.release',
      'rcu.read_unlock',
      'mm.split_folio:split_huge_page_to_list_to_order',
      'lock.acquire',
      'sched.schedule',
      'mm.split_failed:split_huge_page_to_list_to_order',
      'lock.release',
      'mm.folio_unlock:folio_unlock',
      'mm.folio_put:folio_put',
    ]);
    // the buggy walk never re-takes the PTL after that failure: the next PTL event is the second split's unlock
    const next = kinds.slice(i + 4).find((k) => k.startsWith('mm.pte_'));
    expect(next).toBe('mm.pte_unmap_unlock:pte_unmap_unlock');
    const fixed = open(story({ fixed: true }));
    const fk: string[] = [];
    for (let j = 0; j < fixed.rec.log.length; j++) {
      const e = fixed.rec.log.get(j);
      if (e.step === 5 && e.payload && typeof e.payload.fn === 'string') fk.push(`${e.kind}:${e.payload.fn}`);
    }
    expect(fk.slice(fk.indexOf('mm.split_failed:split_huge_page_to_list_to_order')).find((k) => k.startsWith('mm.pte_'))).toBe('mm.pte_offset_map_lock:pte_offset_map_lock');
  });
});

describe('madvise_cold_or_pageout_pte_range', () => {
  it('a split that succeeds re-takes the PTL even without the fix: no report, the small folios are paged out', () => {
    const s = open(story({ pinned: false }));
    expect(s.report().findings).toEqual([]);
    // folio 1 split: its 15 mapped pages became order-0 folios and went to swap
    expect(ptes(s).slice(16, 32)).toBe(`${'S'.repeat(15)}.`);
    expect(s.report().dmesg).not.toContain('BUG:');
  });

  it('locked and shared partly mapped folios are skipped with the PTL held, no split attempted', () => {
    const s = open(story({ pinned: false, locked: true, shared: true }));
    const splits: number[] = [];
    for (let i = 0; i < s.rec.log.length; i++) {
      const e = s.rec.log.get(i);
      if (e.kind === 'mm.split_folio') splits.push(e.a);
      if (e.kind === 'mm.folio_skip') expect(['folio_trylock() failed', 'folio_likely_mapped_shared()']).toContain(e.payload!.why);
    }
    const mm = s.runner.machine.usermm;
    const heads = mm.folioViews('singlethread');
    // folio 1 and folio 7 split; folio 3 (locked) and folio 5 (shared) stay whole and mapped
    expect(splits.length).toBe(2);
    expect(heads.filter((f) => f.order === 4).map((f) => [f.flags, f.mapcount])).toEqual([
      [['locked'], 15],
      [[], 31],
    ]);
    expect(s.report().findings).toEqual([]);
  });

  it('without contention on the anon_vma the split does not schedule: three reports, no "scheduling while atomic"', () => {
    const r = open(story({ contended: false })).report();
    expect(r.findings.map((f) => f.kind)).toEqual(FOUR.slice(0, 3));
  });

  it('MADV_COLD makes fully mapped folios old and inactive and frees nothing', () => {
    const s = open(story({ advice: 'cold', fixed: true }));
    const free = s.runner.kernel.buddy.nrFreePages;
    let first = 0;
    while (s.rec.log.get(first).step !== 5) first++;
    s.seek(first);
    expect(s.runner.kernel.buddy.nrFreePages).toBe(free);
    s.seek(s.total);
    const v = s.runner.machine.usermm.view('singlethread')[0]!;
    // folio 0 is fully mapped: its accessed bits were cleared by mkold_ptes()
    expect(v.pages.slice(0, 16).every((p) => p.pte.kind === 'present' && !p.pte.young)).toBe(true);
    // folio 3 (locked, partly mapped) was skipped and keeps them
    expect(v.pages.slice(48, 63).every((p) => p.pte.kind === 'present' && p.pte.young)).toBe(true);
    expect(ptes(s)).not.toContain('S');
    expect(s.report().findings).toEqual([]);
  });

  it('MADV_DONTNEED of a whole folio frees it; of one page leaves the folio partly mapped', () => {
    const text = JSON.stringify({
      format: 'kernscope/1',
      name: 'dontneed',
      steps: [
        { op: 'mmap', as: 'b', pages: 32, folio_order: 4, task: 'prog' },
        { op: 'madvise', ptr: 'b', len: K, advice: 'dontneed', task: 'prog' },
        { op: 'madvise', ptr: 'b', offset: K + PAGE, len: PAGE, advice: 'dontneed', task: 'prog' },
      ],
    });
    const s = open(text);
    const mm = s.runner.machine.usermm;
    expect(mm.folioViews('prog').map((f) => [f.order, f.mapcount, f.refcount])).toEqual([[4, 15, 15]]);
    expect(ptes2(s, 'prog')).toBe(`${'.'.repeat(16)}P.${'P'.repeat(14)}`);
    expect(s.report().findings).toEqual([]);
  });
});

function ptes2(s: Session, task: string): string {
  return s.runner.machine.usermm.view(task)[0]!.pages.map((p) => ({ present: 'P', swap: 'S', none: '.', migration: 'M' })[p.pte.kind]).join('');
}

describe('determinism and time travel', () => {
  it('two runs give the same events, dmesg and state hash', () => {
    const a = open(story()).report();
    const b = open(story()).report();
    expect(b.stateHash).toBe(a.stateHash);
    expect(b.dmesg).toBe(a.dmesg);
    expect(b.events).toBe(a.events);
  });

  it('seeking anywhere inside the walk (from close checkpoints) gives the state of a fresh replay', () => {
    const parsed = parseScenario(story());
    if (!parsed.ok) throw new Error('bad scenario');
    const mk = (interval: number) => {
      const rec = new Recorder(new Clock(), LIMITS.events);
      const runner = new ScenarioRunner(parsed.scenario, rec);
      const tl = new Timeline(runner, rec, { checkpointInterval: interval });
      tl.record();
      return { runner, tl };
    };
    // checkpoints at every step boundary: seeks restore the mm model from them (before and after the walk)
    const near = mk(1);
    const far = mk(1 << 30);
    expect(near.tl.checkpoints.length).toBeGreaterThanOrEqual(8);
    for (let n = 0; n <= near.tl.total; n += 13) {
      near.tl.seek(n);
      far.tl.seek(0);
      far.tl.seek(n);
      expect(near.runner.machine.stateHash(), `event ${n}`).toBe(far.runner.machine.stateHash());
    }
    near.tl.seek(near.tl.total);
    expect(near.runner.machine.usermm.view('singlethread')).toEqual(open(story()).runner.machine.usermm.view('singlethread'));
  });
});

describe('scenario input', () => {
  const base = (steps: unknown[]): string => JSON.stringify({ format: 'kernscope/1', name: 'x', steps: [{ op: 'mmap', as: 'buf', pages: 32, folio_order: 4, task: 'prog' }, ...steps] });

  it('madvise on a range that is not mapped stops the run with the step path', () => {
    const s = open(base([{ op: 'madvise', ptr: 'buf', offset: 16 * PAGE, len: 32 * PAGE, advice: 'pageout', task: 'prog' }]));
    expect(s.errors).toEqual([{ path: 'steps[1].len', message: expect.stringContaining('is not mapped in prog\'s address space (the kernel returns -ENOMEM)') }]);
    expect(s.report().findings).toEqual([]);
  });

  it('madvise as another task, or on a pointer that is not a mapping, is an input error', () => {
    expect(open(base([{ op: 'madvise', ptr: 'buf', len: PAGE, advice: 'cold', task: 'other' }])).errors[0]!.path).toBe('steps[1].task');
    const s = open(base([{ op: 'kmalloc', size: 64, as: 'obj' }, { op: 'madvise', ptr: 'obj', len: PAGE, advice: 'cold', task: 'prog' }]));
    expect(s.errors[0]).toMatchObject({ path: 'steps[2].ptr', message: expect.stringContaining('not a user mapping') });
  });

  it('the schema checks sizes, orders, folio indexes and alignment before anything runs', () => {
    const r = parseScenario(
      JSON.stringify({
        format: 'kernscope/1',
        name: 'x',
        steps: [
          { op: 'mmap', as: 'a', size: 5000, folio_order: 1 },
          { op: 'mmap', as: 'b', pages: 32, folio_order: 4, folios: [{ index: 2, pinned: true }] },
          { op: 'madvise', ptr: 'b', offset: 100, len: 4096, advice: 'pageout' },
          { op: 'madvise', ptr: 'b', len: 4096, advice: 'free' },
        ],
      }),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.path)).toEqual(['steps[0].folio_order', 'steps[0].size', 'steps[1].folios[0].index', 'steps[2].offset', 'steps[3].advice']);
  });
});

describe('seed 001 on its own machine: arm64 6.9.0-rc2-00257-g2d9f63c285db in QEMU virt', () => {
  const out = lines(open(story({ arm64: true })).report());
  /** The frames of the "Call trace:" after line `from`, up to the next line that is not a frame. */
  const trace = (from: number): string[] => {
    const s = out.indexOf('Call trace:', from);
    const e = out.findIndex((l, i) => i > s && !l.startsWith(' '));
    return out.slice(s + 1, e).map((l) => l.trim());
  };
  const TAIL = [
    'walk_pgd_range+0x388/0x7d8',
    '__walk_page_range+0x1e0/0x1f0',
    'walk_page_range+0x1f0/0x2c8',
    'madvise_pageout+0xf8/0x280',
    'madvise_vma_behavior+0x310/0x9b8',
    'madvise_walk_vmas+0xc0/0x128',
    'do_madvise.part.0+0xf8/0x518',
    '__arm64_sys_madvise+0x68/0x88',
    'invoke_syscall+0x50/0x128',
    'el0_svc_common.constprop.0+0x48/0xf8',
    'do_el0_svc+0x28/0x40',
    'el0_svc+0x50/0x150',
    'el0t_64_sync_handler+0x13c/0x158',
    'el0t_64_sync+0x1a4/0x1a8',
  ];
  const DUMP = ['dump_backtrace+0x9c/0x100', 'show_stack+0x20/0x38', 'dump_stack_lvl+0xec/0x150', 'dump_stack+0x18/0x28'];

  it('prints the bad unlock balance as the seed does: its release, KASLR address, offsets and arm64 call trace', () => {
    const b = out.indexOf('WARNING: bad unlock balance detected!');
    expect(out[b + 1]).toBe('6.9.0-rc2-00257-g2d9f63c285db #128 Not tainted');
    expect(out[b + 4]).toBe('[<ffffb03155fe302c>] madvise_cold_or_pageout_pte_range+0x80c/0xea0');
    expect(out[b + 9]).toMatch(/^ #0: ffff0000[0-9a-f]{8} \(&mm->mmap_lock\)\{\+\+\+\+\}-\{4:4\}, at: do_madvise\.part\.0\+0x178\/0x518$/);
    expect(out).toContain('Hardware name: linux,dummy-virt (DT)');
    expect(trace(b)).toEqual([...DUMP, 'print_unlock_imbalance_bug+0x130/0x148', 'lock_release+0x2e0/0x360', '_raw_spin_unlock+0x2c/0x78', 'madvise_cold_or_pageout_pte_range+0x80c/0xea0', ...TAIL]);
  });

  it('prints the RCU WARN with the brk\'s registers: pc, lr, sp, pmr_save, x29..x0', () => {
    const w = out.findIndex((l) => l.includes('tree_plugin.h:431'));
    expect(out[w]).toBe('WARNING: CPU: 3 PID: 100 at kernel/rcu/tree_plugin.h:431 __rcu_read_unlock+0x74/0x218');
    const regs = out.slice(w + 4, w + 9);
    expect(regs[0]).toMatch(/^pstate: [0-9a-f]{8} \([nN][zZ][cC][vV] daif \+PAN -UAO \+TCO \+DIT -SSBS BTYPE=--\)$/);
    expect(regs.slice(1, 3)).toEqual(['pc : __rcu_read_unlock+0x74/0x218', 'lr : madvise_cold_or_pageout_pte_range+0x828/0xea0']);
    expect(regs[3]).toMatch(/^sp : ffff8000[0-9a-f]{8}$/);
    expect(regs[4]).toBe('pmr_save: 000000e0');
    expect(trace(w)).toEqual(['__rcu_read_unlock+0x74/0x218', 'madvise_cold_or_pageout_pte_range+0x828/0xea0', ...TAIL]);
  });

  it('reads preempt_count as ffffffff (need_resched is not folded into the count) and names both down_write() calls', () => {
    const z = out.indexOf('BUG: sleeping function called from invalid context at kernel/locking/rwsem.c:1578');
    expect(out.slice(z + 1, z + 4)).toEqual(['in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 100, name: singlethread', 'preempt_count: ffffffff, expected: 0', 'RCU nest depth: -1, expected: 0']);
    expect(trace(z)).toEqual([...DUMP, '__might_resched+0x158/0x278', '__might_sleep+0x50/0xa0', 'down_write+0x30/0x1a8', 'split_huge_page_to_list_to_order+0x3c8/0x1130', 'madvise_cold_or_pageout_pte_range+0x84c/0xea0', ...TAIL]);
    const sa = out.indexOf('BUG: scheduling while atomic: singlethread/100/0x00000000');
    expect(trace(sa).slice(4, 11)).toEqual(['__schedule_bug+0x80/0xe0', '__schedule+0xb1c/0xc00', 'schedule+0x58/0x170', 'schedule_preempt_disabled+0x2c/0x50', 'rwsem_down_write_slowpath+0x1ac/0x718', 'down_write+0xf8/0x1a8', 'split_huge_page_to_list_to_order+0x3c8/0x1130']);
  });

  it('boots as the seed\'s QEMU virt guest: RAM from 1 GiB, "max" CPUs', () => {
    expect(out[0]).toBe('Booting Linux on physical CPU 0x0000000000 [0x000f0510]');
    expect(out).toContain('Machine model: linux,dummy-virt');
    expect(out).toContain('  DMA      [mem 0x0000000040000000-0x000000004fffffff]');
    expect(out).toContain('CPU3: Booted secondary processor 0x0000000003 [0x000f0510]');
  });
});
