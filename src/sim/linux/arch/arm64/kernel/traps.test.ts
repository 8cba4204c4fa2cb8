import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bootSys } from '../../../../machine/testing.ts';
import { entryFrames } from '../../../../machine/layout.ts';
import { Session } from '../../../../scenario/session.ts';
import { parseScenario } from '../../../../scenario/parse.ts';

describe('an arm64 5.19 machine (RockPro64)', () => {
  it('boots with the seed kernel\'s banner and the board', () => {
    const t = bootSys({ arch: 'arm64' });
    const log = t.log();
    expect(log[0]).toBe('Booting Linux on physical CPU 0x0000000000 [0x410fd034]');
    expect(log[1]).toMatch(/^Linux version 5\.19\.0-rc3\+ \(root@localhost\) \(aarch64-linux-gnu-gcc .*\) #400 SMP PREEMPT .* 2022$/);
    expect(log[2]).toBe('Machine model: Pine64 RockPro64 v2.1');
    expect(log).toContain('Kernel command line: ');
    expect(log.some((l) => l.startsWith('BIOS-e820') || l.startsWith('Command line:'))).toBe(false);
    expect(log.find((l) => l.startsWith('Memory: '))).toMatch(/\(30720K kernel code, /);
    expect(log).toContain('CPU1: Booted secondary processor 0x0000000001 [0x410fd034]');
    expect(log).toContain('SMP: Total of 2 processors activated.');
    const big = bootSys({ arch: 'arm64', cpus: 6 }).log();
    expect(big).toContain('Detected PIPT I-cache on CPU5');
    expect(big).toContain('CPU5: Booted secondary processor 0x0000000101 [0x410fd082]');
    expect(t.m.k.syms.lookup('ww_mutex_lock').addr >> 28n).toBe(0xffff80000n);
  });

  it('prints a WARN in the arm64 layout: pstate, pc/lr/sp, x29..x0, "Call trace:" without trap frames', () => {
    const t = bootSys({ arch: 'arm64' });
    t.rec.ctx.task = 'swapper/0';
    const from = t.mark();
    const title = t.sys.traps.warn('drivers/base/power/main.c', 78, { fn: 'device_pm_add', off: 0x6c }, [{ fn: 'device_add' }, { fn: 'kernel_init' }, { fn: 'ret_from_fork' }]);
    const log = t.log(from);
    expect(title).toMatch(/^WARNING: CPU: 0 PID: \d+ at drivers\/base\/power\/main\.c:78 device_pm_add\+0x6c\/0x[0-9a-f]+$/);
    expect(log[0]).toBe('------------[ cut here ]------------');
    expect(log[2]).toBe('Modules linked in:');
    expect(log[3]).toMatch(/^CPU: 0 PID: \d+ Comm: swapper\/0 Not tainted 5\.19\.0-rc3\+ #400$/);
    expect(log[4]).toBe('Hardware name: Pine64 RockPro64 v2.1 (DT)');
    expect(log[5]).toMatch(/^pstate: [0-9a-f]{8} \(/);
    expect(log[6]).toMatch(/^pc : device_pm_add\+0x6c\//);
    expect(log[7]).toMatch(/^lr : device_add\+/);
    expect(log[9]).toMatch(/^x29: /);
    expect(log[18]).toMatch(/^x2 : .* x0 : /);
    expect(log[19]).toBe('Call trace:');
    expect(log[20]).toMatch(/^ device_pm_add\+0x6c\//);
    expect(log.slice(-3)).toEqual([' kernel_init+0x2c/0x148', ' ret_from_fork+0x10/0x20', '---[ end trace 0000000000000000 ]---']);
    expect(log.some((l) => l.includes('? ') || l.includes('RIP') || l.includes('<TASK>'))).toBe(false);
  });

  it('prints BUG() as "Internal error: Oops - BUG: 00000000f2000800" and kills the task', () => {
    const t = bootSys({ arch: 'arm64' });
    t.rec.ctx.task = 'cc1';
    const from = t.mark();
    expect(() => t.sys.traps.bug('lib/list_debug.c', 62, { fn: '__list_del_entry_valid', off: 0x98 }, [{ fn: 'drm_gem_shmem_free' }])).toThrow();
    const log = t.log(from);
    expect(log.slice(0, 4)).toEqual(['------------[ cut here ]------------', 'kernel BUG at lib/list_debug.c:62!', 'Internal error: Oops - BUG: 00000000f2000800 [#1] PREEMPT SMP', 'Modules linked in:']);
    expect(log.find((l) => l.startsWith('Code: '))).toMatch(/\(d4210000\) $/);
    expect(log.at(-1)).toBe('---[ end trace 0000000000000000 ]---');
  });

  it('gives models the arch\'s entry frames: a user data abort, a kernel thread', () => {
    const l = bootSys({ arch: 'arm64' }).m.k.layout;
    expect(entryFrames(l, 'user_fault')).toEqual(['handle_mm_fault', 'do_page_fault', 'do_translation_fault', 'do_mem_abort', 'el0_da', 'el0t_64_sync_handler', 'el0t_64_sync']);
    expect(entryFrames(l, 'kthread')).toEqual(['kthread', 'ret_from_fork']);
    expect(entryFrames(l, 'init')).toEqual(['kernel_init', 'ret_from_fork']);
    expect(entryFrames(bootSys({ kernel: '6.8' }).m.k.layout, 'kthread')).toEqual(['kthread', 'ret_from_fork', 'ret_from_fork_asm']);
  });

  it('reads a lockdep report like the seed\'s: header, arm64 stacks with the seed\'s sizes, dump_backtrace', () => {
    const abba = JSON.parse(readFileSync(join(__dirname, '../../../../../../scenarios/lockdep-abba.json'), 'utf8')) as { config?: unknown; steps: { stack?: string[] }[] };
    const user = entryFrames(bootSys({ arch: 'arm64' }).m.k.layout, 'user_fault');
    abba.steps[3]!.stack = ['__alloc_pages+0x4e0/0x5b8', ...user];
    const r = Session.open(JSON.stringify({ ...abba, config: { machine: { arch: 'arm64', kernel: '5.19' } } }));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const dmesg = r.session.report().dmesg.split('\n').map((l) => l.replace(/^\[[ 0-9.]+\] /, ''));
    const i = dmesg.indexOf('WARNING: possible circular locking dependency detected');
    expect(dmesg[i + 1]).toBe('5.19.0-rc3+ #400 Not tainted');
    expect(dmesg).toContain('       el0t_64_sync_handler+0x68/0xc0');
    expect(dmesg).toContain('       el0t_64_sync+0x18c/0x190');
    const bt = dmesg.indexOf('stack backtrace:');
    expect(dmesg[bt + 1]).toMatch(/^CPU: 1 PID: \d+ Comm: kworker\/1:2 Not tainted 5\.19\.0-rc3\+ #400$/);
    expect(dmesg[bt + 2]).toBe('Hardware name: Pine64 RockPro64 v2.1 (DT)');
    expect(dmesg.slice(bt + 3, bt + 8)).toEqual(['Call trace:', ' dump_backtrace.part.0+0xe0/0xf0', ' show_stack+0x18/0x40', ' dump_stack_lvl+0x68/0x84', ' dump_stack+0x18/0x34']);
  });

  it('rejects kernels arm64 does not run at config.machine.kernel', () => {
    const r = parseScenario(JSON.stringify({ format: 'kernscope/1', name: 'x', config: { machine: { arch: 'arm64', kernel: '6.8' } }, steps: [] }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toContainEqual({ path: 'config.machine.kernel', message: 'Linux 6.8 is not modeled on arm64: expected "5.19" or "6.9-rc2"' });
    const ok = parseScenario(JSON.stringify({ format: 'kernscope/1', name: 'x', config: { machine: { arch: 'arm64' } }, steps: [] }));
    expect(ok.ok && ok.scenario.config).toMatchObject({ arch: 'arm64', kernel: '5.19' });
  });
});
