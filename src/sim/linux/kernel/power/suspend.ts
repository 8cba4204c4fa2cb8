// Suspend to RAM: enter_state() -> suspend_prepare() -> suspend_devices_and_enter() of
// kernel/power/main.c 2.6.25 (kernel/power/suspend.c in 6.8), with the ACPI platform ops of
// drivers/acpi/sleep/main.c. Each phase starts with a "pm.phase" event, so the timeline can
// draw one lane per phase; device callbacks and CPU hotplug inside are events of their own.
import type { Hasher } from '../../../engine/hash.ts';
import { eventKind, KERN_DEBUG, KERN_INFO, KERN_WARNING } from '../../../engine/recorder.ts';
import { dpmResume, dpmSuspend } from '../../drivers/base/power/main.ts';
import type { Subsystem } from '../../../machine/subsystem.ts';
import type { Deps } from '../../../machine/modules.ts';
import { freezeProcesses, thawProcesses } from './process.ts';

export const EV_PM_SUSPEND = eventKind('pm.suspend');
export const EV_PM_PHASE = eventKind('pm.phase');

/** The phases, in the order suspend_devices_and_enter() runs them. */
export const SUSPEND_PHASES = [
  'sync',
  'freeze',
  'suspend_console',
  'suspend_devices',
  'platform_prepare',
  'disable_cpus',
  'sleep',
  'enable_cpus',
  'platform_finish',
  'resume_devices',
  'resume_console',
  'thaw',
  'done',
] as const;
export type SuspendPhase = (typeof SUSPEND_PHASES)[number];

export interface SuspendSnapshot {
  cycles: number;
  consoleSuspend: boolean;
}

/** ACPI's sleep messages (drivers/acpi/sleep.c, nvs.c) gained the "ACPI: PM: " prefix after 5.10. */
function acpiPm(sys: Deps, text: string): string {
  const k = sys.k;
  if (k.since('5.12')) return `ACPI: PM: ${text}`;
  return text.startsWith('Saving') || text.startsWith('Restoring') ? `PM: ${text}` : `ACPI: ${text}`;
}

export class Suspend implements Subsystem<SuspendSnapshot> {
  readonly name = 'suspend';
  /** Completed suspend/resume cycles. */
  cycles = 0;

  /** console_suspend_enabled, kernel/printk/printk.c: cleared by no_console_suspend. */
  private consoleSuspend = true;

  constructor(private readonly sys: Deps<'traps' | 'cpus' | 'devices'>) {
    // console_suspend_disable(), __setup("no_console_suspend", ...): a flag set once at boot
    sys.k.setupParam('no_console_suspend', () => ((this.consoleSuspend = false), true));
  }

  snapshot(): SuspendSnapshot {
    return { cycles: this.cycles, consoleSuspend: this.consoleSuspend };
  }

  restore(s: SuspendSnapshot): void {
    this.cycles = s.cycles;
    this.consoleSuspend = s.consoleSuspend;
  }

  hashInto(h: Hasher): void {
    h.u32(this.cycles);
    // hashed only when set, so machines booted without it keep their hashes
    if (!this.consoleSuspend) h.u32(0xc0c0);
  }

  private phase(p: SuspendPhase): void {
    this.sys.k.rec.emit(EV_PM_PHASE, SUSPEND_PHASES.indexOf(p), this.cycles, { phase: p });
  }

  // state_store() -> enter_state(), kernel/power/main.c 2.6.25 (echo mem > /sys/power/state)
  enterState(): void {
    const sys = this.sys;
    const k = sys.k;
    const v68 = k.since('2.6.26');
    k.rec.emit(EV_PM_SUSPEND, this.cycles, 0, { to: 'mem' });
    sys.traps.call([{ fn: 'system_call_after_swapgs' }, { fn: 'sys_write' }, { fn: 'vfs_write' }, { fn: 'sysfs_write_file' }, { fn: 'kobj_attr_store' }, { fn: 'state_store' }, { fn: 'enter_state' }], () => {
      this.phase('sync');
      if (v68) {
        k.printk(KERN_INFO, 'PM: suspend entry (deep)');
        k.clock.advance(12_000_000);
        k.printk(KERN_INFO, 'Filesystems sync: 0.012 seconds');
      } else {
        k.clock.advance(30_000_000);
        k.printk(KERN_INFO, 'PM: Syncing filesystems ... done.');
      }
      // suspend_prepare(): pm_prepare_console(), the PM_SUSPEND_PREPARE notifiers, the freezer
      this.phase('freeze');
      freezeProcesses(sys);
      sys.traps.call({ fn: 'suspend_devices_and_enter' }, () => this.suspendDevicesAndEnter());
      // suspend_finish(): thaw, notifiers, console back
      this.phase('thaw');
      thawProcesses(sys);
      if (v68) k.printk(KERN_INFO, 'PM: suspend exit');
      this.cycles++;
      this.phase('done');
    });
  }

  // suspend_devices_and_enter(), kernel/power/main.c 2.6.25
  private suspendDevicesAndEnter(): void {
    const sys = this.sys;
    const k = sys.k;
    const v68 = k.since('2.6.26');
    this.phase('suspend_console');
    // suspend_console(): nothing with no_console_suspend
    if (this.consoleSuspend) k.printk(v68 ? KERN_INFO : KERN_WARNING, v68 ? 'printk: Suspending console(s) (use no_console_suspend to debug)' : 'Suspending console(s)');
    this.phase('suspend_devices');
    sys.traps.call([{ fn: 'device_suspend' }, { fn: 'dpm_suspend' }], () => dpmSuspend(sys));
    // suspend_ops->prepare(): acpi_pm_prepare() -> acpi_sleep_prepare()
    this.phase('platform_prepare');
    k.printk(KERN_INFO, v68 ? acpiPm(sys, 'Preparing to enter system sleep state S3') : 'ACPI: Preparing to enter system sleep state S3');
    if (v68) k.printk(KERN_INFO, acpiPm(sys, 'Saving platform NVS memory'));
    this.phase('disable_cpus');
    const error = sys.cpus.disableNonbootCpus();
    if (error === 0) {
      // suspend_enter(): device_power_down(), irqs off, acpi_pm_enter() -> do_suspend_lowlevel()
      this.phase('sleep');
      k.clock.advance(2_000_000);
      if (v68) k.printk(KERN_INFO, acpiPm(sys, 'Low-level resume complete'));
      else k.printk(KERN_DEBUG, 'Back to C!');
      if (v68) k.printk(KERN_INFO, acpiPm(sys, 'Restoring platform NVS memory'));
    }
    this.phase('enable_cpus');
    sys.cpus.enableNonbootCpus();
    // suspend_ops->finish(): acpi_pm_finish()
    this.phase('platform_finish');
    k.printk(KERN_INFO, v68 ? acpiPm(sys, 'Waking up from system sleep state S3') : 'ACPI: Waking up from system sleep state S3');
    this.phase('resume_devices');
    sys.traps.call([{ fn: 'device_resume' }, { fn: 'dpm_resume' }], () => dpmResume(sys));
    this.phase('resume_console');
  }
}
