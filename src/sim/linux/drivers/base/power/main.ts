// Device power management lists: device_pm_add(), dpm_suspend(), dpm_resume() of
// drivers/base/power/main.c in 2.6.25-git (with commit 58aca23226a1 "PM: Handle device
// registrations during suspend/resume", the one the 2.6.25-git2 paging-request thread argues about) and device_pm_add() of 6.8.
import { eventKind, KERN_WARNING } from '../../../../engine/recorder.ts';
import type { Deps } from '../../../../machine/modules.ts';
import { deviceResume, deviceSuspend } from '../../../../machine/laptop.ts';
import type { Device } from '../core.ts';

export const EV_PM_DEVICE = eventKind('pm.device');

const EBUSY = 16;

/** dev_printk()'s prefix: "<driver or bus> <bus_id>: ". */
export function devName(dev: Device): string {
  return `${dev.driver ?? dev.bus} ${dev.name}`;
}

// device_pm_add(), drivers/base/power/main.c 2.6.25-git (refuses, with a WARN) / 6.8 (warns, adds)
export function devicePmAdd(sys: Deps<'traps' | 'devices'>, dev: Device): number {
  const k = sys.k;
  const d = sys.devices;
  const parentSleeping = dev.parent !== null && d.sleeping.has(dev.parent);
  if (k.since('2.6.26')) {
    if (parentSleeping) {
      const msg = `${devName(dev)}: parent ${dev.parent} should not be sleeping`;
      k.printk(KERN_WARNING, msg);
      k.rec.finding('pm.device_add_while_sleeping', msg, { device: dev.name, parent: dev.parent ?? '', added: true });
    }
    d.dpmActive.push(dev.name);
    return 0;
  }
  if (parentSleeping || d.allSleeping) {
    const msg = parentSleeping ? `${devName(dev)}: parent ${dev.parent} is sleeping, will not add` : `${devName(dev)}: devices are sleeping, will not add`;
    k.printk(KERN_WARNING, msg);
    // WARN_ON(true) at drivers/base/power/main.c:78
    sys.traps.warn('drivers/base/power/main.c', 78, { fn: 'device_pm_add', off: 0x6c }, sys.traps.callers());
    // Rafael's follow-up keeps the message and the WARN but registers the device anyway
    const add = k.patch('device_pm_add_warn_only');
    k.rec.finding('pm.device_add_while_sleeping', msg, { device: dev.name, parent: dev.parent ?? '', added: add });
    if (!add) return -EBUSY;
  }
  d.dpmActive.push(dev.name);
  return 0;
}

// device_pm_remove(), drivers/base/power/main.c 2.6.25
export function devicePmRemove(sys: Deps<'traps' | 'devices'>, dev: Device): void {
  const d = sys.devices;
  d.dpmActive = d.dpmActive.filter((n) => n !== dev.name);
  d.dpmOff = d.dpmOff.filter((n) => n !== dev.name);
  d.sleeping.delete(dev.name);
}

// dpm_suspend(), drivers/base/power/main.c 2.6.25-git: dpm_active from the tail, each to dpm_off
export function dpmSuspend(sys: Deps<'traps' | 'devices'>): number {
  const k = sys.k;
  const d = sys.devices;
  while (d.dpmActive.length > 0) {
    const name = d.dpmActive[d.dpmActive.length - 1]!;
    const dev = d.find(name)!;
    k.rec.emit(EV_PM_DEVICE, d.dpmActive.length - 1, 0, { device: name, phase: 'suspend' });
    d.sleeping.add(name);
    // suspend_device(): class, type, then bus callbacks; the driver's own messages
    sys.traps.call({ fn: 'suspend_device' }, () => deviceSuspend(sys, dev));
    // the callback may have unregistered the device (an MMC card goes away with its host)
    const i = d.dpmActive.indexOf(name);
    if (i >= 0) {
      d.dpmActive.splice(i, 1);
      d.dpmOff.unshift(name);
    }
  }
  d.allSleeping = true;
  return 0;
}

// dpm_resume(), drivers/base/power/main.c 2.6.25-git: dpm_off from the head back to dpm_active
export function dpmResume(sys: Deps<'traps' | 'devices'>): void {
  const k = sys.k;
  const d = sys.devices;
  d.allSleeping = false;
  while (d.dpmOff.length > 0) {
    const name = d.dpmOff.shift()!;
    const dev = d.find(name);
    if (!dev) continue;
    k.rec.emit(EV_PM_DEVICE, d.dpmActive.length, 1, { device: name, phase: 'resume' });
    d.dpmActive.push(name);
    d.sleeping.delete(name);
    sys.traps.call({ fn: 'resume_device' }, () => deviceResume(sys, dev));
  }
}
