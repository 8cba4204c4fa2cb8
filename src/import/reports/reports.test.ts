// Report parsers on the details the titles do not show: KASAN's access, object and marked shadow
// byte, an oops's registers, Code: bytes and modules, SLUB's dumps and overwritten bytes, lockdep's
// held locks, kmemleak's object, the start lines of each printer.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importText } from '../importer.ts';
import { detectStart } from './detect.ts';

const corpus = (f: string) => importText(readFileSync(join(import.meta.dirname, '../corpus', f), 'utf8')).findings[0]!;

describe('detectStart', () => {
  it('knows each printer’s first line and nothing else', () => {
    const starts: [string, string][] = [
      ['BUG kmalloc-64 (Not tainted): Poison overwritten', 'slub'],
      ['BUG dentry: Padding overwritten. 0x0000000000000000-0x00000000ffffffff', 'slub'],
      ['BUG: KASAN: slab-out-of-bounds in foo+0x1/0x2', 'kasan'],
      ['BUG: KFENCE: use-after-free read in test+0x1/0x2', 'kfence'],
      ['[ INFO: possible circular locking dependency detected ]', 'lockdep'],
      ['WARNING: possible recursive locking detected', 'lockdep'],
      ['WARNING: CPU: 3 PID: 102 at kernel/rcu/tree_plugin.h:431 __rcu_read_unlock+0x74/0x218', 'warning'],
      ['WARNING: at drivers/base/power/main.c:78 device_pm_add+0x6c/0xf0()', 'warning'],
      ['general protection fault, probably for non-canonical address 0xdffffc0000000000: 0000 [#1] PREEMPT SMP KASAN', 'oops'],
      ['kernel BUG at lib/list_debug.c:53!', 'oops'],
      ['Unable to handle kernel paging request at virtual address dead000000000108', 'oops'],
      ['rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:', 'rcu_stall'],
      ['INFO: task kworker/0:1:12 blocked for more than 143 seconds.', 'hung'],
      ['watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [a:1]', 'lockup'],
      ['unreferenced object 0xffff888014f29e00 (size 32):', 'kmemleak'],
      ['UBSAN: shift-out-of-bounds in lib/foo.c:12:3', 'ubsan'],
      ['[TTM] Buffer eviction failed', 'ttm'],
      ['------------[ cut here ]------------', 'cut'],
      ['list_del corruption, ffff88800aee3a30->next is LIST_POISON1 (dead000000000100)', 'list'],
      ['WHAT THE HELL (000a3ff8):', 'checker'],
      ['Padding 0xffff8100201a0000:  6b 6b 6b 6b', 'slub_dump'],
    ];
    for (const [line, type] of starts) expect(detectStart(line), line).toBe(type);
    for (const line of ['INFO: lockdep is turned off.', 'WARNING: /etc/ssh/moduli does not exist, using fixed modulus', 'BUGS fixed', 'Padding is fine', 'kernel: BUG? no']) expect(detectStart(line), line).toBeNull();
  });
});

describe('parsers', () => {
  it('KASAN: the access, the object and its cache, the marked shadow byte', () => {
    const f = corpus('syzkaller/740.txt');
    expect(f.fields).toMatchObject({ bug: 'slab-use-after-free', access: 'Read', size: expect.any(Number), cache: expect.any(String), object: expect.stringMatching(/^0x/) });
    const shadow = f.fields.shadow as { marked?: number }[];
    expect(shadow.some((d) => d.marked !== undefined)).toBe(true);
    expect(f.forensics.find((x) => x.tag === 'kasan-shadow')?.note).toMatch(/KASAN_SLAB_FREE/);
    expect(f.traces.map((t) => t.label)).toEqual(expect.arrayContaining([expect.stringMatching(/^Allocated by task/), expect.stringMatching(/^Freed by task/)]));
  });

  it('oops: registers, Code: bytes with the faulting byte, modules', () => {
    const f = corpus('github/sonic-6866-list-del-bug.txt');
    expect(f.kind).toBe('list.corruption');
    expect(f.fields.registers).toMatchObject({ RAX: '0x0000000000000054', RBX: '0xffff9e136bd57418' });
    expect((f.fields.code as { bytes: string; at: number }).bytes.split(' ')[(f.fields.code as { at: number }).at]).toBe('0f');
    expect(f.fields.pointers).toEqual(['0xffff9e136bd57418', '0x677ac660ffffffff']);
  });

  it('SLUB: the dumps of the i386 example, the byte that broke the red zone', () => {
    const f = corpus('docs/slub-right-redzone-kmalloc-8.txt');
    expect(f.fields).toMatchObject({ cache: 'kmalloc-8', range: ['0xc90f6d28', '0xc90f6d2b'], first_byte: '0x00', expected_byte: '0xcc', object_size: 8 });
    expect(f.fields.overwritten).toEqual([{ region: 'Redzone', addr: '0xc90f6d28', offset: 0, hex: '00' }]);
    expect(f.fields.fixes).toEqual(['FIX kmalloc-8: Restoring Redzone 0xc90f6d28-0xc90f6d2b=0xcc']);
  });

  it('lockdep (2.6 layout in a syslog paste): both locks, the chain so far', () => {
    const f = corpus('github/ceph-teuthology-829-lockdep-old-syslog.txt');
    expect(f.fields.locks).toEqual(['&sb->s_type->i_mutex_key#19', '&pipe->mutex/1']);
    expect(f.fields.holding).toMatchObject({ lock: '&pipe->mutex/1', at: 'pipe_lock+0x1d/0x20' });
  });

  it('kmemleak: the object, its owner and its first bytes', () => {
    const f = corpus('github/irati-stack-112-kmemleak-poison.txt');
    expect(f.fields).toMatchObject({ object: '0xf2abc410', size: 32, comm: 'java', pid: 2960 });
    expect(f.forensics.map((x) => x.tag)).toEqual(['run:POISON_FREE', 'run:POISON_END']);
  });

  it('a soft lockup names the stuck task, a hung task the blocked one', () => {
    expect(corpus('github/thesofproject-5008-soft-lockup-journal.txt').fields).toMatchObject({ cpu: 1, seconds: 45, comm: 'rtcwake', pid: 72543 });
    expect(corpus('github/univention-15012-hung-task.txt').fields).toMatchObject({ comm: 'jbd2/vdt-8', pid: 390, seconds: 120 });
  });
});
