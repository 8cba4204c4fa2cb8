import { describe, expect, it } from 'vitest';
import { mmcRescan } from '../../mmc/core/core.ts';
import { bootSys } from '../../../../machine/testing.ts';
import { devicePmAdd } from './main.ts';

function insertCard(t: ReturnType<typeof bootSys>): void {
  t.sys.devices.slot.push('mmc0:5a61');
  mmcRescan(t.sys, 'mmc0');
}

describe('device_pm_add() and the dpm lists (drivers/base/power/main.c 2.6.25-git)', () => {
  it('registers the laptop in probe order and suspends it from the tail', () => {
    const t = bootSys();
    const d = t.sys.devices;
    expect(d.dpmActive[0]).toBe('0000:00:00.0');
    expect(d.dpmActive[d.dpmActive.length - 1]).toBe('mmc0');
    insertCard(t);
    expect(d.dpmActive[d.dpmActive.length - 1]).toBe('mmc0:5a61');
    expect(t.log()).toContain('mmc0: new SD card at address 5a61');
  });

  it('refuses a child of a sleeping parent with a warning and a WARN_ON (the SD card on resume)', () => {
    // with Rafael's bus.c fix the refusal reaches mmc_attach_sd()'s error message (without it: bus.test.ts)
    const t = bootSys({ patches: { bus_remove_device_klist_node_attached: true } });
    // mmc_core without lock sites: nothing but the device-PM warning in this test
    t.sys.modules.load('mmc_core', undefined, 0);
    insertCard(t);
    const from = t.mark();
    t.sys.pm.enterState();
    const log = t.log(from);
    const i = log.indexOf('mmc0: card 5a61 removed');
    expect(log[i + 1]).toBe('MMC: killing requests for dead queue');
    const w = log.indexOf('mmc mmc0:5a61: parent mmc0 is sleeping, will not add');
    expect(log[w - 1]).toBe('mmc0: new SD card at address 5a61');
    expect(log.slice(w + 1, w + 4)).toEqual(['------------[ cut here ]------------', 'WARNING: at drivers/base/power/main.c:78 device_pm_add+0x6c/0xf0()', 'Modules linked in: mmc_core']);
    expect(log[w + 4]).toMatch(/^Pid: \d+, comm: kmmcd Not tainted 2\.6\.25 #401$/);
    expect(log.slice(w + 6, w + 11)).toEqual([
      'Call Trace:',
      ' [<ffffffff80238e6f>] warn_on_slowpath+0x5f/0x90',
      ' [<ffffffff80394c8c>] device_pm_add+0x6c/0xf0',
      ' [<ffffffff8038b524>] device_add+0x444/0x560',
      expect.stringMatching(/^ \[<ffffffff88[0-9a-f]{6}>\] :mmc_core:mmc_add_card\+0xa2\/0x140$/),
    ]);
    expect(log).toContain('mmc0: error -16 whilst initialising SD card');
    expect(t.rec.findings.map((f) => [f.kind, f.title])).toEqual([['pm.device_add_while_sleeping', 'mmc mmc0:5a61: parent mmc0 is sleeping, will not add']]);
    // refused: the card stays unregistered (still in the slot)
    expect(t.sys.devices.find('mmc0:5a61')).toBeNull();
    expect(t.sys.devices.slot).toEqual(['mmc0:5a61']);
  });

  it('6.8 warns and adds the device anyway', () => {
    const t = bootSys({ kernel: '6.8' });
    t.sys.devices.sleeping.add('mmc0');
    expect(devicePmAdd(t.sys, { name: 'mmc0:5a61', bus: 'mmc', driver: null, parent: 'mmc0', kind: 'mmc_card' })).toBe(0);
    expect(t.log().slice(-1)).toEqual(['mmc mmc0:5a61: parent mmc0 should not be sleeping']);
    expect(t.rec.findings[0]).toMatchObject({ kind: 'pm.device_add_while_sleeping', fields: { added: true } });
    expect(t.sys.devices.dpmActive).toContain('mmc0:5a61');
  });

  it('with device_pm_add_warn_only 2.6.25-git still warns, but registers the card', () => {
    const t = bootSys({ patches: { device_pm_add_warn_only: true } });
    t.sys.devices.sleeping.add('mmc0');
    const from = t.mark();
    expect(devicePmAdd(t.sys, { name: 'mmc0:5a61', bus: 'mmc', driver: null, parent: 'mmc0', kind: 'mmc_card' })).toBe(0);
    const log = t.log(from);
    expect(log[0]).toBe('mmc mmc0:5a61: parent mmc0 is sleeping, will not add');
    expect(log).toContain('WARNING: at drivers/base/power/main.c:78 device_pm_add+0x6c/0xf0()');
    expect(t.rec.findings[0]).toMatchObject({ kind: 'pm.device_add_while_sleeping', fields: { added: true } });
    expect(t.sys.devices.dpmActive.slice(-1)).toEqual(['mmc0:5a61']);
  });
});
