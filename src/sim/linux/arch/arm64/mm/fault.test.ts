import { describe, expect, it } from 'vitest';
import { bootSys } from '../../../../machine/testing.ts';
import { kernelFault } from '../../x86/mm/fault.ts';
import { TaskDied } from '../../x86/kernel/dumpstack.ts';

function fault(t: ReturnType<typeof bootSys>, addr: bigint, write: boolean): string[] {
  const from = t.mark();
  expect(() => kernelFault(t.sys, { addr, write, ip: { fn: 'drm_gem_shmem_free' }, trace: [{ fn: 'panfrost_gem_free_object' }, { fn: 'drm_gem_object_free' }] })).toThrow(TaskDied);
  return t.log(from);
}

describe('die_kernel_fault() on arm64 5.19', () => {
  it('decodes a LIST_POISON2 store as a level 0 translation fault between the address ranges', () => {
    const t = bootSys({ arch: 'arm64' });
    t.rec.ctx.task = 'cc1';
    const log = fault(t, 0xdead000000000108n, true);
    expect(log.slice(0, 12)).toEqual([
      'Unable to handle kernel paging request at virtual address dead000000000108',
      'Mem abort info:',
      '  ESR = 0x0000000096000044',
      '  EC = 0x25: DABT (current EL), IL = 32 bits',
      '  SET = 0, FnV = 0',
      '  EA = 0, S1PTW = 0',
      '  FSC = 0x04: level 0 translation fault',
      'Data abort info:',
      '  ISV = 0, ISS = 0x00000044',
      '  CM = 0, WnR = 1',
      '[dead000000000108] address between user and kernel address ranges',
      'Internal error: Oops: 0000000096000044 [#1] PREEMPT SMP',
    ]);
    expect(log[12]).toBe('Modules linked in:');
    expect(log[13]).toMatch(/^CPU: 0 PID: \d+ Comm: cc1 Not tainted 5\.19\.0-rc3\+ #400$/);
    expect(log[14]).toBe('Hardware name: Pine64 RockPro64 v2.1 (DT)');
    expect(log[15]).toMatch(/^pstate: [0-9a-f]{8} \([nN][zZ][cC][vV] daif -PAN -UAO -TCO -DIT -SSBS BTYPE=--\)$/);
    expect(log).toContain('pc : drm_gem_shmem_free+0x7c/0x198');
    expect(log).toContain('lr : panfrost_gem_free_object+0x118/0x138');
    expect(log.find((l) => l.startsWith('sp : '))).toMatch(/^sp : ffff8000[0-9a-f]{7}0$/);
    expect(log.find((l) => l.startsWith('x29: '))).toMatch(/^x29: [0-9a-f]{16} x28: [0-9a-f]{16} x27: [0-9a-f]{16}$/);
    expect(log.find((l) => l.startsWith('x8 : '))).toMatch(/^x8 : [0-9a-f]{16} x7 : [0-9a-f]{16} x6 : [0-9a-f]{16}$/);
    expect(log.find((l) => l.startsWith('x2 : '))).toMatch(/^x2 : [0-9a-f]{16} x1 : [0-9a-f]{16} x0 : [0-9a-f]{16}$/);
    const ct = log.indexOf('Call trace:');
    expect(log.slice(ct + 1, ct + 4)).toEqual([' drm_gem_shmem_free+0x7c/0x198', ' panfrost_gem_free_object+0x118/0x138', ' drm_gem_object_free+0x40/0x68']);
    expect(log[ct + 4]).toMatch(/^Code: [0-9a-f]{8} [0-9a-f]{8} [0-9a-f]{8} [0-9a-f]{8} \([0-9a-f]{8}\) $/);
    expect(log[ct + 5]).toBe('---[ end trace 0000000000000000 ]---');
    expect(log.some((l) => l.includes('<TASK>') || l.startsWith('RIP') || l.includes('general protection'))).toBe(false);
    expect(t.rec.findings[0]).toMatchObject({ kind: 'mm.paging_request', fields: { fault: 'translation fault', addr: '0xdead000000000108', access: 'write' } });
  });

  it('is a NULL pointer dereference in a kernel thread without an mm, and taints D', () => {
    const t = bootSys({ arch: 'arm64' });
    t.rec.ctx.task = 'kworker/0:1';
    const log = fault(t, 8n, false);
    expect(log[0]).toBe('Unable to handle kernel NULL pointer dereference at virtual address 0000000000000008');
    expect(log).toContain('  ESR = 0x0000000096000004');
    expect(log).toContain('  CM = 0, WnR = 0');
    expect(log).toContain('[0000000000000008] user address but active_mm is swapper');
    expect(log).toContain('Internal error: Oops: 0000000096000004 [#1] PREEMPT SMP');
    expect(t.rec.findings[0]!.kind).toBe('mm.null_deref');
    const again = fault(t, 8n, false);
    expect(again).toContain('Internal error: Oops: 0000000096000004 [#2] PREEMPT SMP');
    expect(again.find((l) => l.startsWith('CPU: '))).toContain('Tainted: G      D');
  });

  it('walks swapper_pg_dir for a linear-map address past the end of RAM', () => {
    const t = bootSys({ arch: 'arm64', ramMiB: 256 });
    const log = fault(t, 0xffff000040000010n, false);
    expect(log).toContain('  FSC = 0x05: level 1 translation fault');
    expect(log.find((l) => l.startsWith('swapper pgtable: '))).toMatch(/^swapper pgtable: 4k pages, 48-bit VAs, pgdp=[0-9a-f]{16}$/);
    expect(log.find((l) => l.startsWith('[ffff000040000010] '))).toMatch(/^\[ffff000040000010\] pgd=[0-9a-f]{16}, p4d=[0-9a-f]{16}, pud=0000000000000000$/);
  });
});
