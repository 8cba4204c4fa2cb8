// A device on its bus's klist: bus_attach_device() and bus_remove_device() of drivers/base/bus.c
// 2.6.25 as far as dev->knode_bus goes (sysfs links and driver binding are not modeled).
import { fnv32 } from '../../../engine/hash.ts';
import type { Kernel } from '../../../machine/kernel.ts';
import type { Deps } from '../../../machine/modules.ts';
import { klistDel, klistNodeAttached, klistNodeSize, klistSize } from '../../lib/klist.ts';
import type { Device } from './core.ts';

/** Each device's knode_bus.n_klist by name: the bus klist it is on, 0 while on none. */
export type KnodeBus = Map<string, bigint>;

/** offsetof(struct device, knode_bus), 2.6.25: after klist_children, knode_parent and knode_driver. */
export function knodeBusOffset(k: Kernel): number {
  return klistSize(k) + 2 * klistNodeSize(k);
}

/** Where a device's struct device is: an MMC card's inside its kzalloc'ed struct mmc_card (after card->host). */
export function deviceAddr(k: Kernel, dev: Device): bigint {
  const h = fnv32(`struct device ${dev.name}`);
  const phys = BigInt((0x00800000 + (h % Math.max(1, k.ramBytes / 2 - 0x00800000))) & ~0x3ff);
  return k.layout.pageOffset + phys + (dev.kind === 'mmc_card' ? 8n : 0n);
}

/** &bus->p->klist_devices of a bus type (its struct bus_type_private is kzalloc'ed at bus_register()). */
function busKlist(k: Kernel, bus: string): bigint {
  return k.layout.pageOffset + BigInt((0x00400000 + ((fnv32(`bus_type_private ${bus}`) % 0x3ff000) & ~0x7f)) >>> 0) + 0x40n;
}

// bus_attach_device(), drivers/base/bus.c 2.6.25: device_attach(), then klist_add_tail(&dev->knode_bus, ...)
export function busAttachDevice(k: Kernel, knodeBus: KnodeBus, dev: Device): void {
  knodeBus.set(dev.name, busKlist(k, dev.bus));
}

// bus_remove_device(), drivers/base/bus.c 2.6.25: klist_del(&dev->knode_bus) whether or not bus_attach_device()
// ever added it; with Rafael's fix only if klist_node_attached()
export function busRemoveDevice(sys: Deps<'traps' | 'vmalloc' | 'user'>, knodeBus: KnodeBus, dev: Device): void {
  const k = sys.k;
  const node = { addr: deviceAddr(k, dev) + BigInt(knodeBusOffset(k)), nKlist: knodeBus.get(dev.name) ?? 0n };
  if (k.patch('bus_remove_device_klist_node_attached') && !klistNodeAttached(node)) return;
  const n = sys.traps.call({ fn: 'bus_remove_device', off: 0x6b }, () => klistDel(sys, node, sys.traps.callers()));
  knodeBus.set(dev.name, n);
}
