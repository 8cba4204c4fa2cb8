import { describe, expect, it } from 'vitest';
import { bootSys } from '../../machine/testing.ts';

describe('CPU hotplug (kernel/cpu.c, arch/x86/kernel/smpboot_64.c 2.6.25)', () => {
  it('boots the secondary CPU after switching the alternatives to UP and back', () => {
    const t = bootSys();
    const log = t.log();
    const up = log.indexOf('SMP alternatives: switching to UP code');
    expect(log.slice(up - 1, up + 4)).toEqual(['lockdep: fixing up alternatives.', 'SMP alternatives: switching to UP code', 'lockdep: fixing up alternatives.', 'SMP alternatives: switching to SMP code', 'Booting processor 1/2 APIC 0x1']);
    expect(log).toContain('Brought up 2 CPUs');
    expect(t.sys.cpus.onlineMask()).toEqual([0, 1]);
  });

  it('takes CPU1 down and up with the 2.6.25 messages', () => {
    const t = bootSys({ kconfig: { CONFIG_PROVE_LOCKING: false } });
    let from = t.mark();
    expect(t.sys.cpus.cpuDown(1)).toBe(0);
    expect(t.log(from)).toEqual(['CPU 1 is now offline', 'SMP alternatives: switching to UP code']);
    expect(t.sys.cpus.onlineMask()).toEqual([0]);
    expect(t.sys.alt.up).toBe(true);
    // the last CPU online: -EBUSY (checked before cpu_online()), nothing printed
    expect(t.sys.cpus.cpuDown(1)).toBe(-16);
    from = t.mark();
    expect(t.sys.cpus.cpuUp(1)).toBe(0);
    const log = t.log(from);
    expect(log.slice(0, 3)).toEqual(['SMP alternatives: switching to SMP code', 'Booting processor 1/2 APIC 0x1', 'Initializing CPU#1']);
    expect(log).toContain('checking TSC synchronization [CPU#0 -> CPU#1]: passed.');
    expect(t.sys.alt.up).toBe(false);
  });

  it('switches to UP code only when the last secondary CPU goes', () => {
    const t = bootSys({ cpus: 4, kconfig: { CONFIG_PROVE_LOCKING: false } });
    const from = t.mark();
    t.sys.cpus.cpuDown(3);
    t.sys.cpus.cpuDown(2);
    expect(t.log(from)).toEqual(['CPU 3 is now offline', 'CPU 2 is now offline']);
    t.sys.cpus.cpuDown(1);
    expect(t.log(from).slice(2)).toEqual(['CPU 1 is now offline', 'SMP alternatives: switching to UP code']);
  });

  it('disables and enables the non-boot CPUs for suspend, 2.6.25 and 6.8', () => {
    const t = bootSys({ kconfig: { CONFIG_PROVE_LOCKING: false } });
    let from = t.mark();
    expect(t.sys.cpus.disableNonbootCpus()).toBe(0);
    t.sys.cpus.enableNonbootCpus();
    const log = t.log(from);
    expect(log.slice(0, 4)).toEqual(['Disabling non-boot CPUs ...', 'CPU 1 is now offline', 'SMP alternatives: switching to UP code', 'CPU1 is down']);
    expect(log.slice(4, 7)).toEqual(['Enabling non-boot CPUs ...', 'SMP alternatives: switching to SMP code', 'Booting processor 1/2 APIC 0x1']);
    expect(log[log.length - 1]).toBe('CPU1 is up');
    const n = bootSys({ kernel: '6.8', cpus: 3 });
    from = n.mark();
    n.sys.cpus.disableNonbootCpus();
    n.sys.cpus.enableNonbootCpus();
    expect(n.log(from)).toEqual([
      'Disabling non-boot CPUs ...',
      'smpboot: CPU 2 is now offline',
      'smpboot: CPU 1 is now offline',
      'Enabling non-boot CPUs ...',
      'smpboot: Booting Node 0 Processor 1 APIC 0x1',
      'CPU1 is up',
      'smpboot: Booting Node 0 Processor 2 APIC 0x2',
      'CPU2 is up',
    ]);
  });

  it('on a one-CPU machine patches once at boot, and a module load then goes astray', () => {
    const t = bootSys({ cpus: 1 });
    expect(t.log()).toContain('SMP alternatives: switching to UP code');
    expect(t.log()).toContainEqual(expect.stringMatching(/^Freeing SMP alternatives: \d+k freed$/));
    t.sys.modules.load('ath5k', 16384, [0x40]);
    expect(t.rec.findings.map((f) => [f.kind, f.fields.pattern])).toEqual([['mm.stray_write', '0x90']]);
  });
});
