// Every report quoted in the five seed threads (shared/seeds beside the repository, README there) imports with its
// kind, title, lock names and forensics; seed 000's profile tables import and diff; seed 004 has none.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importText, type ImportResult } from './importer.ts';
import type { ImportedFinding } from './types.ts';

// the seed threads live in shared/ beside the repository (as CI lays them out); CI must have them
const SEEDS = join(import.meta.dirname, '..', '..', '..', 'shared', 'seeds');
const SEEDS_REQUIRED = process.env.CI !== undefined;
const seedFile = (prefix: string) => join(SEEDS, readdirSync(SEEDS).find((f) => f.startsWith(prefix))!);
const load = (prefix: string): ImportResult => importText(readFileSync(seedFile(prefix), 'utf8'), { file: prefix });
const reports = (r: ImportResult) => r.findings.filter((f) => f.duplicateOf === undefined);
const tags = (f: ImportedFinding) => f.forensics.map((x) => x.tag);

describe.skipIf(!existsSync(SEEDS) && !SEEDS_REQUIRED)('seed threads', () => {
  it('000: the [TTM] eviction failure in a journalctl paste, its kprobes and the two profile tables', () => {
    const r = load('000');
    expect(reports(r).map((f) => [f.kind, f.title])).toEqual([['ttm.eviction_failed', '[TTM] Buffer eviction failed']]);
    // the kprobe on ttm_resource_manager_force_list_clean with its stack, and three kretprobes returning -EBUSY
    expect(r.events.map((e) => e.kind)).toEqual(['kprobe', 'kretprobe', 'kretprobe', 'kretprobe']);
    expect(r.events[0]!.stack?.slice(0, 3)).toEqual(['ttm_resource_manager_force_list_clean', 'nouveau_do_suspend', 'nouveau_pmops_suspend']);
    expect(r.events.slice(1).map((e) => [e.fn, e.errno])).toEqual([
      ['ttm_bo_wait', '-EBUSY'],
      ['ttm_bo_move_accel_cleanup', '-EBUSY'],
      ['nouveau_bo_move_m2mf.constprop.0', '-EBUSY'],
    ]);
    expect(r.profiles).toHaveLength(2);
    const d = r.profileDiff!;
    const row = (fn: string) => d.rows.find((x) => x.fn === fn)!;
    expect([row('ttm_mem_evict_first').a?.hits, row('ttm_mem_evict_first').b?.hits]).toEqual([10, 119]);
    expect([row('dma_resv_wait_timeout_rcu').a?.hits, row('dma_resv_wait_timeout_rcu').b?.hits]).toEqual([38, 311]);
    // the software-copy fallback ran only in the failing run
    expect(d.onlyA).toEqual(['ttm_bo_move_memcpy', 'memcpy_fromio']);
    expect(row('memcpy_fromio').a).toEqual({ hits: 2256, time: 10367683828 });
  });

  it('001: bad unlock balance, the RCU nest underflow, sleeping and scheduling in atomic context', () => {
    const r = load('001');
    expect(reports(r).map((f) => [f.kind, f.title])).toEqual([
      ['lockdep.bad_unlock_balance', 'WARNING: bad unlock balance in madvise_cold_or_pageout_pte_range'],
      ['rcu.unbalanced', 'WARNING in madvise_cold_or_pageout_pte_range'],
      ['sched.sleep_in_atomic', 'BUG: sleeping function called from invalid context in madvise_cold_or_pageout_pte_range'],
      ['sched.scheduling_while_atomic', 'BUG: scheduling while atomic in madvise_cold_or_pageout_pte_range'],
    ]);
    const [unlock, rcu, sleep] = reports(r);
    // the lock name was wrapped by the mail client onto the next line
    expect(unlock!.fields.releasing).toBe('ptlock_ptr(ptdesc)');
    expect(unlock!.fields.held).toEqual([{ index: 0, lock: '&mm->mmap_lock', addr: '0xffff0000c001f208', usage: '++++', at: 'do_madvise.part.0' }]);
    expect(rcu!.fields).toMatchObject({ src: 'kernel/rcu/tree_plugin.h:431', function: '__rcu_read_unlock' });
    expect(sleep!.fields).toMatchObject({ at: 'kernel/locking/rwsem.c:1578', preempt_count: '0xffffffff', rcu_nest_depth: -1, comm: 'singlethread', tainted: 'G W' });
    expect(sleep!.trace.map((x) => x.fn)).toContain('split_huge_page_to_list_to_order');
  });

  it('002: the oopses, the parent-is-sleeping WARNING, the padding dumps and the checker, and the 0xf0 they share', () => {
    const r = load('002');
    expect(reports(r).map((f) => [f.kind, f.title])).toEqual([
      ['mm.paging_request', 'BUG: unable to handle kernel paging request in __d_lookup'],
      ['mm.null_deref', 'BUG: unable to handle kernel NULL pointer dereference in d_free'],
      ['mm.null_deref', 'BUG: unable to handle kernel NULL pointer dereference in __d_lookup'],
      ['pm.device_add_while_sleeping', 'WARNING in device_pm_add'],
      ['slub.padding_overwritten', 'SLUB: Padding overwritten'],
      ['mm.user_corruption', 'user memory corruption: 0xff00aa00deadccf0 instead of 0xff00aa00deadcc22'],
      ['mm.user_corruption', 'user memory corruption: 0xff00aa00f0adcc22 instead of 0xff00aa00deadcc22'],
      ['mm.user_corruption', 'user memory corruption: 0xff00aa00deadccf0, 0xfff0aa00deadcc22, 0xff00aa00f0adcc22 instead of 0xff00aa00deadcc22'],
      ['slub.padding_overwritten', 'SLUB: Padding overwritten'],
      ['mm.paging_request', 'BUG: unable to handle kernel paging request in __d_lookup'],
    ]);
    const f = reports(r);
    // Rafael's oops: cut by the archive after R14, an all-ones pointer
    expect(f[0]!.truncated).toEqual(['end']);
    expect(f[0]!.fields.address).toBe('0xffffffffffffffff');
    expect(tags(f[0]!)).toContain('all-ones');
    // Zdenek's d_free oops: 2.6.25's decimal kallsyms IP, d_op = 0xf0
    expect(f[1]!.fields.address).toBe('0x0000000000000110');
    expect(f[1]!.forensics.find((x) => x.where === 'RAX')).toMatchObject({ value: '0x00000000000000f0', tag: 'byte:0xf0' });
    // Jiri's oops: the direct-map pointer with 0xf0 in byte 4
    const stray = f[9]!.forensics.find((x) => x.value === '0xffff81f02003f16c')!;
    expect(stray).toMatchObject({ tag: 'byte:0xf0', likely: '0xffff81002003f16c' });
    expect(stray.where).toBe('fault address, RSI, CR2');
    expect(stray.note).toMatch(/byte 4 \(bits 39–32\) is 0xf0 where a valid direct map pointer \(x86-64 2\.6\.x\) has 0x00/);
    expect(f[9]!.fields.registers).toMatchObject({ RSI: '0xffff81f02003f16c', CR2: '0xffff81f02003f16c', RBX: '0xffff81002003f0e0' });
    // the SD card added below a sleeping host: 2.6.25 refused it; its call trace is in the 2.6.25 kallsyms layout
    expect(f[3]!.fields).toMatchObject({ device: 'mmc0:5a61', parent: 'mmc0', refused: true, src: 'drivers/base/power/main.c:78' });
    expect(f[3]!.trace.map((x) => x.fn).slice(0, 4)).toEqual(['warn_on_slowpath', 'device_pm_add', 'device_pm_add', 'device_add']);
    expect(f[3]!.trace[4]).toMatchObject({ fn: 'mmc_add_card', module: 'mmc_core' });
    // Linus's quote of the padding: POISON_FREE where POISON_INUSE belongs, POISON_END, SLUB_RED_ACTIVE
    expect(f[4]!.truncated).toEqual(['start']);
    expect(tags(f[4]!)).toEqual(expect.arrayContaining(['run:POISON_FREE', 'run:POISON_END', 'run:SLUB_RED_ACTIVE']));
    // Zdenek's full dump, wrapped by his mail client after the 14th byte and shortened to the low address bits
    const dumps = f[8]!.fields.dumps as { addr: string; hex: string }[];
    expect(dumps[0]).toEqual({ label: 'Padding', addr: '0xffff8100201a0000', hex: Array(32).fill('6b').join(' ') });
    expect(dumps.some((d) => d.addr === '0xffff8100201a0ba0')).toBe(true);
    // the checker's words: deadccf0 is deadcc22 with 0xf0 in the low byte
    const low = f[5]!.forensics[0]!;
    expect(low).toMatchObject({ value: '0xff00aa00deadccf0', likely: '0xff00aa00deadcc22', tag: 'byte:0xf0' });
    expect(low.note).toMatch(/byte 0 \(bits 7–0\) is 0xf0 where the pattern has 0x22/);
    // how the thread converged: one stray byte in pointers, in d_op and in user memory
    const shared = r.patterns.find((p) => p.tag === 'byte:0xf0')!;
    const indexOf = (x: ImportedFinding) => r.findings.indexOf(x);
    expect(shared.findings).toEqual([f[1], f[5], f[6], f[7], f[9]].map((x) => indexOf(x!)));
    expect(shared.note).toMatch(/^5 reports share a stray byte 0xf0/);
  });

  it('003: the circular dependency quoted twice, with its lock names, chain and CPU table', () => {
    const r = load('003');
    expect(r.findings.map((f) => [f.kind, f.title, f.duplicateOf])).toEqual([
      ['lockdep.circular', 'possible deadlock in drm_gem_shmem_free', undefined],
      ['lockdep.circular', 'possible deadlock in drm_gem_shmem_free', 0],
    ]);
    const f = r.findings[0]!;
    expect(f.fields.locks).toEqual(['reservation_ww_class_mutex', 'fs_reclaim']);
    expect(f.fields.acquiring).toMatchObject({ lock: 'reservation_ww_class_mutex', addr: '0xffff000008d7f1a0', at: 'drm_gem_shmem_free+0x7c/0x198', wait: '3:3' });
    expect(f.fields.holding).toMatchObject({ lock: 'fs_reclaim', at: '__alloc_pages_slowpath.constprop.0+0x4d8/0x1470' });
    expect((f.fields.chain as { index: number; lock: string }[]).map((c) => [c.index, c.lock])).toEqual([
      [1, 'fs_reclaim'],
      [0, 'reservation_ww_class_mutex'],
    ]);
    // the mail client ate the indentation of one line: the table is print_circular_lock_scenario()'s
    expect(f.fields.scenario).toEqual({
      columns: ['CPU0', 'CPU1'],
      steps: [
        { cpu: 0, action: 'lock(fs_reclaim)' },
        { cpu: 1, action: 'lock(reservation_ww_class_mutex)' },
        { cpu: 1, action: 'lock(fs_reclaim)' },
        { cpu: 0, action: 'lock(reservation_ww_class_mutex)' },
      ],
    });
  });

  it('004: a review thread with no report says so', () => {
    const r = load('004');
    expect(r.findings).toEqual([]);
    expect(r.notices).toEqual([{ level: 'info', message: expect.stringMatching(/^no kernel report, trace or profile found in \d+ lines$/) }]);
  });
});
