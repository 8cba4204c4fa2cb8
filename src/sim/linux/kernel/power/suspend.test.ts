import { describe, expect, it } from 'vitest';
import { suspendPhases } from '../../../views/suspend_phases.ts';
import { bootSys } from '../../../machine/testing.ts';
import { SUSPEND_PHASES } from './suspend.ts';

describe('suspend to RAM (kernel/power/main.c 2.6.25)', () => {
  it('runs the phases in order, each a range of events', () => {
    const t = bootSys();
    const before = t.rec.log.length;
    t.rec.ctx.task = 'pm-suspend';
    t.sys.pm.enterState();
    const phases = suspendPhases(t.rec);
    expect(phases.map((p) => p.phase)).toEqual(SUSPEND_PHASES.filter((p) => p !== 'done'));
    expect(phases[0]!.from).toBeGreaterThanOrEqual(before);
    for (let i = 1; i < phases.length; i++) expect(phases[i]!.from).toBe(phases[i - 1]!.to);
    // the CPU lanes hold the alternatives switch: one text_poke event per core kernel site
    const cpus = phases.find((p) => p.phase === 'disable_cpus')!;
    expect(cpus.to - cpus.from).toBeGreaterThan(t.sys.alt.sitesOf({ module: null }).length);
    expect(t.sys.pm.cycles).toBe(1);
  });

  it('prints the 2.6.25 messages of seed 002 in order', () => {
    const t = bootSys();
    const from = t.mark();
    t.sys.pm.enterState();
    const log = t.log(from);
    const order = [
      'PM: Syncing filesystems ... done.',
      'Suspending console(s)',
      'sd 0:0:0:0: [sda] Synchronizing SCSI cache',
      'sd 0:0:0:0: [sda] Stopping disk',
      'ACPI: PCI interrupt for device 0000:15:00.2 disabled',
      'ACPI: PCI interrupt for device 0000:00:12.0 disabled',
      'ACPI: Preparing to enter system sleep state S3',
      'Disabling non-boot CPUs ...',
      'CPU 1 is now offline',
      'SMP alternatives: switching to UP code',
      'CPU1 is down',
      'Back to C!',
      'Enabling non-boot CPUs ...',
      'SMP alternatives: switching to SMP code',
      'Booting processor 1/2 APIC 0x1',
      'CPU1 is up',
      'ACPI: Waking up from system sleep state S3',
      'ACPI: PCI Interrupt 0000:00:12.0[A] -> GSI 22 (level, low) -> IRQ 22',
      'sd 0:0:0:0: [sda] Starting disk',
      'Restarting tasks ... done.',
    ];
    let at = -1;
    for (const l of order) {
      const i = log.indexOf(l, at + 1);
      expect(i, l).toBeGreaterThan(at);
      at = i;
    }
    expect(log[1]).toMatch(/^Freezing user space processes \.\.\. \(elapsed 0\.\d\d seconds\) done\.$/);
    expect(log[2]).toMatch(/^Freezing remaining freezable tasks \.\.\. \(elapsed 0\.\d\d seconds\) done\.$/);
  });

  it('prints the 6.8 messages', () => {
    const t = bootSys({ kernel: '6.8' });
    const from = t.mark();
    t.sys.pm.enterState();
    const log = t.log(from);
    expect(log.slice(0, 2)).toEqual(['PM: suspend entry (deep)', 'Filesystems sync: 0.012 seconds']);
    for (const l of ['OOM killer disabled.', 'printk: Suspending console(s) (use no_console_suspend to debug)', 'ACPI: PM: Preparing to enter system sleep state S3', 'smpboot: CPU 1 is now offline', 'ACPI: PM: Low-level resume complete', 'CPU1 is up', 'ACPI: PM: Waking up from system sleep state S3', 'OOM killer enabled.', 'Restarting tasks ... done.']) expect(log).toContain(l);
    expect(log[log.length - 1]).toBe('PM: suspend exit');
  });
});
