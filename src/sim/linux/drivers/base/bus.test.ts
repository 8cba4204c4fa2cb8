import { describe, expect, it } from 'vitest';
import { bootSys } from '../../../machine/testing.ts';
import { mmcRescan } from '../mmc/core/core.ts';
import { TaskBlocked } from '../../kernel/hung_task.ts';

type T = ReturnType<typeof bootSys>;

// an SD card found while its host mmc0 still sleeps (the resume race of the thread)
function rescanWhileMmc0Sleeps(t: T): string[] {
  t.sys.modules.load('mmc_core', undefined, 0);
  t.sys.devices.slot.push('mmc0:5a61');
  t.sys.devices.sleeping.add('mmc0');
  const from = t.mark();
  mmcRescan(t.sys, 'mmc0');
  t.sys.devices.sleeping.delete('mmc0');
  return t.log(from);
}

describe('device_add() error path and bus_remove_device() (drivers/base/core.c, bus.c 2.6.25-git)', () => {
  it('puts a registered device on its bus klist, and device_del() takes it off', () => {
    const t = bootSys();
    const d = t.sys.devices;
    expect(d.knodeBus.get('mmc0')).not.toBe(0n);
    expect(d.deviceAdd('foo', null, 'platform', 'none')).toBe(0);
    expect(d.knodeBus.get('foo')).toBeGreaterThan(0n);
    d.deviceDel('foo');
    expect(d.knodeBus.has('foo')).toBe(false);
  });

  it("refused by device_pm_add(), bus_remove_device() oopses in klist_del() of the never-attached knode_bus: kmmcd dies", () => {
    const t = bootSys();
    const log = rescanWhileMmc0Sleeps(t);
    const i = log.indexOf('BUG: unable to handle kernel NULL pointer dereference at 0000000000000048');
    expect(i).toBeGreaterThan(log.indexOf('WARNING: at drivers/base/power/main.c:78 device_pm_add+0x6c/0xf0()'));
    expect(log[i + 1]).toBe('IP: [<ffffffff80350f4f>] klist_del+0xf/0x60');
    expect(log).toContain('Oops: 0000 [1] SMP');
    const ct = log.lastIndexOf('Call Trace:');
    expect(log.slice(ct + 1, ct + 4)).toEqual(['  [<ffffffff8038e21b>] bus_remove_device+0x6b/0xb0', '  [<ffffffff8038b5b6>] device_add+0x4d6/0x560', expect.stringMatching(/:mmc_core:mmc_add_card\+0xa2\/0x140$/)]);
    expect(log.slice(ct + 6, ct + 10).map((l) => l.replace(/.*\] /, ''))).toEqual(['run_workqueue+0xf6/0x230', 'worker_thread+0xa7/0x120', 'kthread+0x14d/0x350', 'child_rip+0xa/0x20']);
    expect(log.some((l) => l.includes('whilst initialising SD card'))).toBe(false);
    expect(t.rec.findings.map((f) => f.kind)).toEqual(['pm.device_add_while_sleeping', 'mm.null_deref']);
    expect(t.sys.devices.find('mmc0:5a61')).toBeNull();
    expect(t.sys.devices.stuckWork.get('kmmcd')).toBe('mmc_rescan');
    // the work queued on the dead kmmcd never runs: no rescan, no new card
    const from = t.mark();
    mmcRescan(t.sys, 'mmc0');
    expect(t.log(from)).toEqual([]);
  });

  it('after the oops the next suspend hangs in mmc_suspend_host() flushing kmmcd: a hung task after 120 s', () => {
    const t = bootSys();
    rescanWhileMmc0Sleeps(t);
    const from = t.mark();
    const ns = t.sys.k.clock.ns;
    expect(() => t.sys.pm.enterState()).toThrow(TaskBlocked);
    expect(t.sys.k.clock.ns - ns).toBeGreaterThanOrEqual(120e9);
    const log = t.log(from);
    const i = log.findIndex((l) => /^INFO: task \S+:\d+ blocked for more than 120 seconds\.$/.test(l));
    expect(i).toBeGreaterThan(0);
    expect(log.slice(i + 4, i + 11).map((l) => l.replace(/.*\] /, '').replace(/\+.*/, ''))).toEqual(['schedule_timeout', 'wait_for_common', 'wait_for_completion', 'flush_cpu_workqueue', 'flush_workqueue', ':mmc_core:mmc_flush_scheduled_work', ':mmc_core:mmc_suspend_host']);
    expect(log[i + 2]).toMatch(/ D ffffffff80[0-9a-f]{6} {5}0 /);
    expect(log).toContain('INFO: lockdep is turned off.');
    expect(log).not.toContain('Restarting tasks ... done.');
    expect(t.rec.findings.at(-1)).toMatchObject({ kind: 'sched.hung_task', fields: { waiting_for: 'flush_workqueue(kmmcd): mmc_rescan() never completed' } });
    // the task sleeps for good: the runner refuses its later steps
    expect(t.sys.locking.stuckReason(t.rec.ctx.task)).toMatch(/is blocked since event \d+ on flush_workqueue\(kmmcd\)/);
  });

  it("with Rafael's klist_node_attached() check device_add() returns -EBUSY: error -16, no oops", () => {
    const t = bootSys({ patches: { bus_remove_device_klist_node_attached: true } });
    const log = rescanWhileMmc0Sleeps(t);
    expect(log).toContain('mmc0: error -16 whilst initialising SD card');
    expect(log.some((l) => l.includes('klist_del'))).toBe(false);
    expect(t.sys.devices.stuckWork.size).toBe(0);
    expect(t.sys.devices.knodeBus.has('mmc0:5a61')).toBe(false);
  });

  it('with bus_attach_device() before device_pm_add() klist_del() finds the node on the klist: error -16, no oops', () => {
    const t = bootSys({ patches: { device_add_attach_before_pm: true } });
    const log = rescanWhileMmc0Sleeps(t);
    expect(log).toContain('mmc0: error -16 whilst initialising SD card');
    expect(t.rec.findings.map((f) => f.kind)).toEqual(['pm.device_add_while_sleeping']);
  });
});
