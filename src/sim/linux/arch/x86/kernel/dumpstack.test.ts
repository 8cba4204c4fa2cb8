import { describe, expect, it } from 'vitest';
import { bootSys } from '../../../../machine/testing.ts';
import { kernelFault } from '../mm/fault.ts';
import { TaskDied } from './dumpstack.ts';

function oops(t: ReturnType<typeof bootSys>, addr: bigint): void {
  expect(() => kernelFault(t.sys, { addr, write: false, ip: { fn: 'd_free', off: 0x18 }, trace: [{ fn: 'prune_dcache' }, { fn: 'kswapd' }] })).toThrow(TaskDied);
}

describe('die() (arch/x86/kernel/traps_64.c 2.6.25, dumpstack.c 6.8)', () => {
  it('counts oopses, taints D and keeps one end-trace id per boot in 2.6.25', () => {
    const t = bootSys();
    t.rec.ctx.task = 'kswapd0';
    oops(t, 0x110n);
    const from = t.mark();
    oops(t, 0x110n);
    const log = t.log();
    expect(log).toContain('BUG: unable to handle kernel NULL pointer dereference at 0000000000000110');
    expect(log).toContain('Oops: 0000 [1] SMP');
    expect(t.log(from)).toContain('Oops: 0000 [2] SMP');
    expect(t.log(from)).toContainEqual(expect.stringMatching(/^Pid: \d+, comm: kswapd0 Tainted: G {6}D  2\.6\.25 #401$/));
    const ends = log.filter((l) => l.startsWith('---[ end trace '));
    expect(ends).toHaveLength(2);
    expect(ends[0]).toBe(ends[1]);
    expect(ends[0]).not.toBe('---[ end trace 0000000000000000 ]---');
    expect(log).toContain('CR2: 0000000000000110');
    expect(t.rec.findings.map((f) => f.kind)).toEqual(['mm.null_deref', 'mm.null_deref']);
  });

  it('prints the 6.8 layout, a general protection fault for a non-canonical address', () => {
    const t = bootSys({ kernel: '6.8' });
    const from = t.mark();
    oops(t, 0xfff0810023444c98n);
    const log = t.log(from);
    expect(log[0]).toBe('general protection fault, probably for non-canonical address 0xfff0810023444c98: 0000 [#1] PREEMPT SMP NOPTI');
    expect(log[1]).toBe('CPU: 0 PID: 0 Comm: swapper/0 Not tainted 6.8.12-amd64 #1');
    expect(log).toContain(' <TASK>');
    expect(log).toContain('---[ end trace 0000000000000000 ]---');
    expect(t.rec.findings[0]).toMatchObject({ kind: 'mm.paging_request', fields: { fault: 'general protection', addr: '0xfff0810023444c98' } });
  });

  it('a store the scenario makes at an unmapped address oopses in the 2.6.25 layout and the run goes on', async () => {
    const { Session } = await import('../../../../scenario/session.ts');
    const r = Session.open(JSON.stringify({ format: 'kernscope/1', name: 't', config: { machine: { kernel: '2.6.25' } }, steps: [{ op: 'write', addr: '0xffff81f02003f16c', bytes: [1] }, { op: 'mark', label: 'still running' }, { op: 'expect', finding: 'mm.paging_request', count: 1 }] }));
    if (!r.ok) throw new Error('invalid');
    const rep = r.session.report();
    expect(rep.ok).toBe(true);
    expect(rep.dmesg).toContain('BUG: unable to handle kernel paging request at ffff81f02003f16c');
    expect(rep.dmesg).toContain('Oops: 0002 [1] SMP');
  });

  it('prints PREEMPT and SMP as the configuration builds the kernel, in each version\'s format', () => {
    const line = (o: Parameters<typeof bootSys>[0]): string => {
      const t = bootSys(o);
      const from = t.mark();
      oops(t, 0x110n);
      return t.log(from).find((l) => l.startsWith('Oops: '))!;
    };
    expect(line({})).toBe('Oops: 0000 [1] SMP');
    expect(line({ kconfig: { CONFIG_PREEMPT: true } })).toBe('Oops: 0000 [1] PREEMPT SMP');
    expect(line({ kconfig: { CONFIG_PREEMPT: true, CONFIG_SMP: false, CONFIG_DEBUG_PAGEALLOC: true } })).toBe('Oops: 0000 [1] PREEMPT DEBUG_PAGEALLOC');
    expect(line({ kernel: '6.8' })).toBe('Oops: 0000 [#1] PREEMPT SMP NOPTI');
    expect(line({ kernel: '6.8', kconfig: { CONFIG_PREEMPT_DYNAMIC: false } })).toBe('Oops: 0000 [#1] SMP NOPTI');
    // Debian 11's 5.10 is PREEMPT_VOLUNTARY
    expect(line({ kernel: '5.10' })).toBe('Oops: 0000 [#1] SMP NOPTI');
    // the version line says the same
    const t = bootSys({ kconfig: { CONFIG_PREEMPT: true } });
    expect(t.log()[0]).toMatch(/^Linux version 2\.6\.25 \(root@localhost\) \(gcc version 4\.2\.1 \(SUSE Linux\)\) #401 SMP PREEMPT /);
    expect(bootSys({ kernel: '6.8' }).log()[0]).toBe('Linux version 6.8.12-amd64 (debian-kernel@lists.debian.org) (x86_64-linux-gnu-gcc-13 (Debian 13.2.0-25) 13.2.0, GNU ld (GNU Binutils for Debian) 2.42) #1 SMP PREEMPT_DYNAMIC Debian 6.8.12-1 (2024-05-31)');
  });

  it('puts the faulting address in the register the instruction dereferences, and a frame pointer in RBP', () => {
    const t = bootSys();
    t.rec.ctx.task = 'kswapd0';
    const from = t.mark();
    // d_free+0x18 loads d_op->d_release through the dentry in RBX (Zdenek's oops: NULL + 0x110)
    expect(() => kernelFault(t.sys, { addr: 0x110n, write: false, ip: { fn: 'd_free', off: 0x18 }, trace: [{ fn: 'prune_dcache' }], regs: { bx: 0xffff8100202723d8n, ax: 0xf0n } })).toThrow(TaskDied);
    const log = t.log(from);
    // no register held a pointer a page below 0x110 but RAX's 0xf0: mov 0x20(%rax),%rax
    expect(log).toContainEqual(expect.stringMatching(/^RAX: 00000000000000f0 RBX: ffff8100202723d8 /));
    const code = log.find((l) => l.startsWith('Code: '))!;
    expect(code).toContain('<48> 8b 40 20');
    expect(code.split(' ').length - 1).toBe(64);
    expect(code.split(' ').indexOf('<48>')).toBe(1 + 43);
    // RBP: the frame above RSP, whose last two words on the stack are the caller's RBP and the return address
    const rsp = BigInt('0x' + /^RSP: 0018:([0-9a-f]{16})/.exec(log.find((l) => l.startsWith('RSP: '))!)![1]!);
    const rbp = BigInt('0x' + /^RBP: ([0-9a-f]{16})/.exec(log.find((l) => l.startsWith('RBP: '))!)![1]!);
    expect(rbp > rsp && rbp - rsp < 0x100n).toBe(true);
    const stack = log.slice(log.findIndex((l) => l.startsWith('Stack: ')), log.indexOf('Call Trace:')).join(' ').replace('Stack:', '').trim().split(/\s+/);
    const i = Number(rbp - rsp) / 8;
    if (i + 1 < stack.length) {
      expect(BigInt('0x' + stack[i]!) > rbp).toBe(true);
      expect(log).toContain(`  [<${stack[i + 1]}>] prune_dcache+0x${t.sys.traps.syms.lookup('prune_dcache').callOffset.toString(16)}/0x${t.sys.traps.syms.lookup('prune_dcache').size.toString(16)}`);
    }
    // 6.8 (Debian's ORC build) has no frame pointer: RBP is just a register
    const u = bootSys({ kernel: '6.8' });
    const f2 = u.mark();
    oops(u, 0x110n);
    expect(u.log(f2).find((l) => l.startsWith('Code: '))).toMatch(/^Code: ([0-9a-f]{2} ){42}<48> 8b 00( [0-9a-f]{2}){19}$/);
  });
});
