import { describe, expect, it } from 'vitest';
import { bootSys } from '../../machine/testing.ts';
import { TaskDied } from '../arch/x86/kernel/dumpstack.ts';
import { klistDel, klistDelText, klistNodeAttached, klistNodeSize, klistPutOffset, KLIST_DEL_PUT_LOAD } from './klist.ts';
import { knodeBusOffset } from '../drivers/base/bus.ts';

describe('klist_del() of lib/klist.c 2.6.25', () => {
  it('puts k->put after a spinlock_t as big as the build makes it', () => {
    expect(klistPutOffset(bootSys().sys.k)).toBe(0x48);
    expect(klistPutOffset(bootSys({ kconfig: { CONFIG_PROVE_LOCKING: false } }).sys.k)).toBe(0x20);
    expect(klistPutOffset(bootSys({ kconfig: { CONFIG_PROVE_LOCKING: false, CONFIG_DEBUG_SPINLOCK: true } }).sys.k)).toBe(0x30);
  });

  it('sizes struct klist_node and places struct device.knode_bus after klist_children, knode_parent and knode_driver', () => {
    const k = bootSys().sys.k;
    expect(klistNodeSize(k)).toBe(0x60);
    expect(knodeBusOffset(k)).toBe(0x50 + 2 * 0x60);
    expect(klistNodeSize(bootSys({ kconfig: { CONFIG_PROVE_LOCKING: false } }).sys.k)).toBe(0x38);
  });

  it('takes an attached node off its klist: n_klist becomes NULL, nothing printed', () => {
    const t = bootSys();
    const from = t.mark();
    const n = { addr: 0xffff810002000130n, nKlist: 0xffff810000400040n };
    expect(klistNodeAttached(n)).toBe(true);
    expect(klistDel(t.sys, n, [])).toBe(0n);
    expect(t.log(from)).toEqual([]);
  });

  it('oopses on the load of k->put through the NULL n_klist of a node no klist holds', () => {
    const t = bootSys();
    const n = { addr: 0xffff810002000130n, nKlist: 0n };
    expect(klistNodeAttached(n)).toBe(false);
    t.rec.ctx.task = 'kmmcd';
    const from = t.mark();
    expect(() => klistDel(t.sys, n, [{ fn: 'bus_remove_device', off: 0x6b }, { fn: 'device_add', off: 0x4d6 }])).toThrow(TaskDied);
    const log = t.log(from);
    expect(log.slice(0, 2)).toEqual(['BUG: unable to handle kernel NULL pointer dereference at 0000000000000048', 'IP: [<ffffffff80350f4f>] klist_del+0xf/0x60']);
    expect(log).toContain('Oops: 0000 [1] SMP');
    expect(log.find((l) => l.startsWith('RAX:'))).toMatch(/RBX: 0000000000000000/);
    expect(log.find((l) => l.startsWith('RDX:'))).toMatch(/RDI: ffff810002000130$/);
    expect(log.find((l) => l.startsWith('Code:'))).toMatch(/ 48 8b 1f 49 89 fc <4c> 8b 6b 48 48 89 df e8 /);
    expect(log).toContain('  [<ffffffff8038e21b>] bus_remove_device+0x6b/0xb0');
    expect(t.rec.findings.find((f) => f.kind === 'mm.null_deref')).toMatchObject({ fields: { addr: '0x0000000000000048', ip: 'klist_del+0xf/0x60', task: 'kmmcd' } });
  });

  it('encodes the load with the offset of this build (disp8 or disp32)', () => {
    expect(klistDelText(0x48).slice(KLIST_DEL_PUT_LOAD, KLIST_DEL_PUT_LOAD + 4)).toEqual([0x4c, 0x8b, 0x6b, 0x48]);
    expect(klistDelText(0x90).slice(KLIST_DEL_PUT_LOAD, KLIST_DEL_PUT_LOAD + 7)).toEqual([0x4c, 0x8b, 0xab, 0x90, 0, 0, 0]);
    expect(klistDelText(0x48)).toHaveLength(0x60);
  });
});
