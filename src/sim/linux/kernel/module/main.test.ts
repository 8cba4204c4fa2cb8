import { describe, expect, it } from 'vitest';
import { coreKernelText, kernelTextAddress } from '../extable.ts';
import { PAGE_SIZE } from '../../include/linux/mm_types.ts';
import { bootSys } from '../../../machine/testing.ts';

describe('modules (kernel/module.c 2.6.25)', () => {
  it('loads module text into vmalloc frames with a LOCK prefix at every .smp_locks site', () => {
    const { sys } = bootSys();
    const m = sys.modules.load('ath5k', 40960, [0x10, 0x1c4, 0x2000]);
    if ('error' in m) throw new Error(m.error);
    expect(m.base).toBe(sys.k.layout.modulesVaddr);
    expect(m.sites).toEqual([0x10, 0x1c4, 0x2000]);
    for (const s of m.sites) expect(sys.k.mem.readByte(sys.vmalloc.vmallocToPhys(m.base + BigInt(s))!)).toBe(0xf0);
    const pfn = Math.floor(sys.vmalloc.vmallocToPhys(m.base)! / PAGE_SIZE);
    expect(sys.k.pages.ownerName(sys.k.pages.owner(pfn))).toBe('module text: ath5k');
    expect(sys.k.modules.moduleTextAddress(m.base + 0x1c4n)).toBe(m);
    expect(kernelTextAddress(sys, m.base + 0x1c4n)).toBe(true);
    expect(coreKernelText(sys, m.base + 0x1c4n)).toBe(false);
    expect(coreKernelText(sys, 0xffffffff802a7b3cn)).toBe(true);
  });

  it('derives a site count from the size, prints modules newest first, and unloads', () => {
    const { sys } = bootSys();
    sys.modules.load('cfg80211');
    const mac = sys.modules.load('mac80211');
    if ('error' in mac) throw new Error(mac.error);
    expect(mac.sites.length).toBe(Math.floor(mac.textSize / 768));
    expect(sys.k.modules.printModules()).toBe('Modules linked in: mac80211 cfg80211');
    expect(sys.alt.modules()).toEqual(['core kernel', 'cfg80211', 'mac80211']);
    expect(sys.modules.unload('cfg80211')).toBe(true);
    expect(sys.k.modules.printModules()).toBe('Modules linked in: mac80211 [last unloaded: cfg80211]');
    expect(sys.alt.modules()).toEqual(['core kernel', 'mac80211']);
    expect(sys.modules.unload('cfg80211')).toBe(false);
    expect('error' in sys.modules.load('mac80211')).toBe(true);
  });
});
