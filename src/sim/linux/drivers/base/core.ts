// struct device registration: device_add() / device_del() of drivers/base/core.c 2.6.25, with the
// device PM lists of drivers/base/power/main.c (see power.ts) and each device's knode_bus (bus.ts)
// kept beside the devices.
import type { Hasher } from '../../../engine/hash.ts';
import { eventKind } from '../../../engine/recorder.ts';
import type { Subsystem } from '../../../machine/subsystem.ts';
import type { Deps } from '../../../machine/modules.ts';
import { bootDevices, type DeviceKind } from '../../../machine/laptop.ts';
import { devicePmAdd, devicePmRemove } from './power/main.ts';
import { busAttachDevice, busRemoveDevice, type KnodeBus } from './bus.ts';
import { TASK_BLOCKED } from '../../include/linux/sched.ts';

export const EV_DEVICE_ADD = eventKind('device.add');
export const EV_DEVICE_DEL = eventKind('device.del');

export interface Device {
  /** dev->bus_id. */
  readonly name: string;
  /** What dev_driver_string() prints: the driver's name, else the bus's or class's. */
  readonly bus: string;
  readonly driver: string | null;
  readonly parent: string | null;
  /** Which driver callbacks run at suspend and resume. */
  readonly kind: DeviceKind;
}

/** The suspend and resume callbacks of a driver's struct dev_pm_ops, as the PCI core calls them. */
export interface DevPmOps {
  suspend(): number;
  resume(): number;
}

export interface DevicesSnapshot {
  devices: readonly Device[];
  dpmActive: readonly string[];
  dpmOff: readonly string[];
  sleeping: readonly string[];
  allSleeping: boolean;
  /** SD cards in the slot ("mmc0:5a61"), registered or not: what a rescan finds. */
  slot: readonly string[];
  knodeBus: readonly (readonly [string, string])[];
  stuckWork: readonly (readonly [string, string])[];
}

export class Devices implements Subsystem<DevicesSnapshot> {
  readonly name = 'devices';
  devices: Device[] = [];
  /** dpm_active: registration order; suspend walks it from the tail. */
  dpmActive: string[] = [];
  /** dpm_off: suspended devices, most recently suspended first (resume order). */
  dpmOff: string[] = [];
  /** dev->power.sleeping of each device. */
  sleeping = new Set<string>();
  /** all_sleeping, drivers/base/power/main.c 2.6.25-git. */
  allSleeping = false;
  /** Cards in the MMC slot, as "mmc0:5a61", whether their device is registered or not. */
  slot: string[] = [];
  /** dev->knode_bus.n_klist of each device device_add() has begun: its bus's klist, or 0 while on none. */
  knodeBus: KnodeBus = new Map();
  /**
   * Workqueues whose worker died in an oops in the middle of a work item, with that work's function: the
   * item never completes (cwq->current_work stays set), later work is queued but never runs.
   */
  stuckWork = new Map<string, string>();

  /** What the PM lists (drivers/base/power/main.c) work on: these devices with the traps. */
  private readonly pm: Deps<'traps' | 'devices'>;
  /** Drivers' dev_pm_ops by device name: bound once when the driver registers, never state. */
  private readonly pmDrivers = new Map<string, DevPmOps>();

  constructor(private readonly sys: Deps<'traps' | 'vmalloc' | 'user' | 'locking'>) {
    this.pm = { ...sys, devices: this };
  }

  snapshot(): DevicesSnapshot {
    const knodeBus = [...this.knodeBus].map(([n, v]) => [n, v.toString(16)] as const);
    return { devices: this.devices.slice(), dpmActive: this.dpmActive.slice(), dpmOff: this.dpmOff.slice(), sleeping: [...this.sleeping], allSleeping: this.allSleeping, slot: this.slot.slice(), knodeBus, stuckWork: [...this.stuckWork] };
  }

  restore(s: DevicesSnapshot): void {
    this.devices = s.devices.slice();
    this.dpmActive = s.dpmActive.slice();
    this.dpmOff = s.dpmOff.slice();
    this.sleeping = new Set(s.sleeping);
    this.allSleeping = s.allSleeping;
    this.slot = s.slot.slice();
    this.knodeBus = new Map(s.knodeBus.map(([n, v]) => [n, BigInt(`0x${v}`)]));
    this.stuckWork = new Map(s.stuckWork);
  }

  hashInto(h: Hasher): void {
    h.u32(this.devices.length).u32(this.allSleeping ? 1 : 0);
    for (const n of this.dpmActive) h.str(n);
    h.u32(0xd0ff);
    for (const n of this.dpmOff) h.str(n);
    for (const n of [...this.sleeping].sort()) h.str(n);
    for (const c of this.slot) h.str(c);
    // devices whose knode_bus is on no klist (device_add() failed before bus_attach_device()), then stuck work
    for (const [n, v] of this.knodeBus) if (v === 0n) h.str(n);
    for (const [wq, fn] of this.stuckWork) h.str(wq).str(fn);
  }

  /** The step's task sleeps for good (a flush that never returns): the runner refuses its later steps. */
  blockCurrentTask(why: string): void {
    const k = this.sys.k;
    const t = this.sys.locking.tasks.get(k.rec.ctx.task);
    t.state = TASK_BLOCKED;
    t.stateWhy = `blocked since event ${k.rec.current} on ${why}`;
  }

  /** pci_register_driver() of a driver with dev_pm_ops for the device it binds. */
  registerPmOps(device: string, ops: DevPmOps): void {
    this.pmDrivers.set(device, ops);
  }

  /** The bound driver's dev_pm_ops of a registered device, or null. */
  pmOps(device: string): DevPmOps | null {
    return this.find(device) ? (this.pmDrivers.get(device) ?? null) : null;
  }

  find(name: string): Device | null {
    return this.devices.find((d) => d.name === name) ?? null;
  }

  /** Registered SD cards below an MMC host. */
  cardsOf(host: string): string[] {
    return this.devices.filter((d) => d.kind === 'mmc_card' && d.parent === host).map((d) => d.name);
  }

  /** Takes a card out of the slot (after its device is gone). */
  eject(card: string): void {
    this.slot = this.slot.filter((c) => c !== card);
  }

  /** The laptop's devices, registered at boot in bus-probe order. */
  registerBootDevices(): void {
    for (const d of bootDevices(this.sys.k.config.vramMiB)) this.register({ name: d.name, bus: d.bus, driver: d.driver ?? null, parent: d.parent ?? null, kind: d.kind });
  }

  // device_add(), drivers/base/core.c 2.6.25-git: bus_add_device() (knode_bus stays NULL), device_pm_add(),
  // which may refuse, then bus_attach_device(); the refusal's PMError path calls bus_remove_device()
  private register(dev: Device): number {
    const { k, traps } = this.sys;
    this.knodeBus.set(dev.name, 0n);
    // Rafael's first fix in the thread: bus_attach_device() before device_pm_add()
    const attachFirst = k.patch('device_add_attach_before_pm');
    if (attachFirst) busAttachDevice(k, this.knodeBus, dev);
    const err = traps.call({ fn: 'device_add', off: 0x444 }, () => devicePmAdd(this.pm, dev));
    if (err) {
      // PMError: bus_remove_device(dev); an oops there kills the task (TaskDied)
      traps.call({ fn: 'device_add', off: 0x4d6 }, () => busRemoveDevice(this.sys, this.knodeBus, dev));
      this.knodeBus.delete(dev.name);
      return err;
    }
    this.devices.push(dev);
    if (dev.kind === 'mmc_card' && !this.slot.includes(dev.name)) this.slot.push(dev.name);
    if (!attachFirst) busAttachDevice(k, this.knodeBus, dev);
    return 0;
  }

  deviceAdd(name: string, parent: string | null, bus: string, kind: DeviceKind, driver: string | null = null): number {
    const k = this.sys.k;
    k.rec.emit(EV_DEVICE_ADD, this.devices.length, 0, { name, parent: parent ?? '' });
    return this.register({ name, bus, driver, parent, kind });
  }

  // device_del(), drivers/base/core.c 2.6.25 (children first)
  deviceDel(name: string): boolean {
    const k = this.sys.k;
    k.rec.emit(EV_DEVICE_DEL, 0, 0, { name });
    const dev = this.find(name);
    if (!dev) return false;
    for (const c of this.devices.filter((d) => d.parent === name)) this.deviceDel(c.name);
    devicePmRemove(this.pm, dev);
    // bus_remove_device(): the node is on the bus klist, so klist_del() just takes it off
    this.knodeBus.delete(name);
    this.devices = this.devices.filter((d) => d !== dev);
    return true;
  }
}
