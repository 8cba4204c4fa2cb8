// The simulated laptop of the 2.6.25-git2 paging-request thread (an HP nx6325-like machine: ATI chipset, SATA disk, OHCI/EHCI
// USB, Atheros AR5212 wifi on ath5k, an SD slot on sdhci) and what its drivers print when
// suspended and resumed: the PCI core (pci_disable_device()/pci_enable_device() via ACPI), sd,
// and the MMC host, whose resume re-detects the card from kmmcd.
import { KERN_INFO, KERN_NOTICE } from '../engine/recorder.ts';
import type { Deps } from './modules.ts';
import type { Device } from '../linux/drivers/base/core.ts';
import { mmcRescan, mmcSuspendHost } from '../linux/drivers/mmc/core/core.ts';

export type DeviceKind = 'none' | 'pci' | 'sd' | 'usb' | 'mmc_host' | 'sdhci' | 'mmc_card' | 'net';

export interface DeviceSpec {
  name: string;
  bus: string;
  driver?: string;
  parent?: string;
  kind: DeviceKind;
}

/** Registration order at boot: the PCI scan, then what each driver's probe() adds below its device. */
export const LAPTOP_DEVICES: readonly DeviceSpec[] = [
  { name: '0000:00:00.0', bus: 'pci', kind: 'none' },
  { name: '0000:00:12.0', bus: 'pci', driver: 'ahci', kind: 'pci' },
  { name: '0000:00:13.0', bus: 'pci', driver: 'ohci_hcd', kind: 'pci' },
  { name: '0000:00:13.2', bus: 'pci', driver: 'ehci_hcd', kind: 'pci' },
  { name: '0000:10:00.0', bus: 'pci', driver: 'ath5k_pci', kind: 'pci' },
  { name: '0000:15:00.2', bus: 'pci', driver: 'sdhci', kind: 'sdhci' },
  { name: 'host0', bus: 'scsi', parent: '0000:00:12.0', kind: 'none' },
  { name: 'target0:0:0', bus: 'scsi', parent: 'host0', kind: 'none' },
  { name: '0:0:0:0', bus: 'scsi', driver: 'sd', parent: 'target0:0:0', kind: 'sd' },
  { name: 'usb1', bus: 'usb', driver: 'usb', parent: '0000:00:13.0', kind: 'usb' },
  { name: 'usb2', bus: 'usb', driver: 'usb', parent: '0000:00:13.2', kind: 'usb' },
  { name: 'phy0', bus: 'ieee80211', parent: '0000:10:00.0', kind: 'none' },
  { name: 'wlan0', bus: 'net', parent: '0000:10:00.0', kind: 'net' },
  { name: 'mmc0', bus: 'mmc_host', parent: '0000:15:00.2', kind: 'mmc_host' },
];

/** A discrete GPU behind the PCIe root port, when the machine has VRAM (the nouveau thread's GeForce 9600M GT). */
export const GPU_DEVICE: DeviceSpec = { name: '0000:01:00.0', bus: 'pci', driver: 'nouveau', kind: 'none' };

/** The boot devices of a machine: the laptop, with the GPU in PCI scan order when there is VRAM. */
export function bootDevices(vramMiB: number): readonly DeviceSpec[] {
  if (vramMiB <= 0) return LAPTOP_DEVICES;
  const i = LAPTOP_DEVICES.findIndex((d) => d.name === '0000:10:00.0');
  return [...LAPTOP_DEVICES.slice(0, i), GPU_DEVICE, ...LAPTOP_DEVICES.slice(i)];
}

/** The ACPI interrupt routing of the PCI functions: pin and GSI. */
const PCI_IRQ: Readonly<Record<string, readonly [string, number]>> = {
  '0000:00:12.0': ['A', 22],
  '0000:00:13.0': ['A', 19],
  '0000:00:13.2': ['D', 19],
  '0000:10:00.0': ['A', 17],
  '0000:15:00.2': ['C', 18],
};

// the driver's suspend callback, as suspend_device() reaches it through bus/class/type
export function deviceSuspend(sys: Deps<'devices' | 'traps'>, dev: Device): void {
  const k = sys.k;
  // a driver with dev_pm_ops: pci_pm_suspend() -> pm->suspend()
  const ops = sys.devices.pmOps(dev.name);
  if (ops) {
    ops.suspend();
    return;
  }
  // acpi_pci_irq_disable() printed this in 2.6.25; later kernels say it with dev_dbg() only
  const pciIrqOff = !k.since('2.6.26');
  switch (dev.kind) {
    case 'sd':
      // sd_suspend(), drivers/scsi/sd.c 2.6.25
      k.printk(KERN_NOTICE, `sd ${dev.name}: [sda] Synchronizing SCSI cache`);
      k.printk(KERN_NOTICE, `sd ${dev.name}: [sda] Stopping disk`);
      return;
    case 'sdhci':
      // pci_device_suspend() -> sdhci_suspend() -> mmc_suspend_host(): an SD card is removed, not suspended
      sys.traps.call([{ fn: 'pci_device_suspend' }, { fn: 'sdhci_suspend', module: 'sdhci' }], () => mmcSuspendHost(sys, 'mmc0'));
      if (pciIrqOff) k.printk(KERN_INFO, `ACPI: PCI interrupt for device ${dev.name} disabled`);
      return;
    case 'pci':
      // pci_disable_device() -> acpi_pci_irq_disable(), drivers/acpi/pci_irq.c 2.6.25
      if (pciIrqOff) k.printk(KERN_INFO, `ACPI: PCI interrupt for device ${dev.name} disabled`);
      return;
    default:
      return;
  }
}

// the driver's resume callback, as resume_device() reaches it
export function deviceResume(sys: Deps<'devices' | 'traps'>, dev: Device): void {
  const k = sys.k;
  const ops = sys.devices.pmOps(dev.name);
  if (ops) {
    ops.resume();
    return;
  }
  const irq = (): void => {
    // 5.10 and 6.8 say this with dev_dbg() only
    if (k.since('2.6.26')) return;
    // pci_enable_device() -> acpi_pci_irq_enable(), drivers/acpi/pci_irq.c 2.6.25
    const [pin, gsi] = PCI_IRQ[dev.name] ?? ['A', 16];
    k.printk(KERN_INFO, `ACPI: PCI Interrupt ${dev.name}[${pin}] -> GSI ${gsi} (level, low) -> IRQ ${gsi}`);
  };
  switch (dev.kind) {
    case 'sd':
      // sd_resume(), drivers/scsi/sd.c 2.6.25
      k.printk(KERN_NOTICE, `sd ${dev.name}: [sda] Starting disk`);
      return;
    case 'sdhci':
      irq();
      // sdhci_resume_host() -> mmc_resume_host() -> mmc_detect_change(): kmmcd rescans at once,
      // while the mmc0 host class device below this controller still sleeps (Alan Stern's race)
      mmcRescan(sys, 'mmc0');
      return;
    case 'pci':
      irq();
      return;
    default:
      return;
  }
}
