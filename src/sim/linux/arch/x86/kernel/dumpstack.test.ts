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
});
