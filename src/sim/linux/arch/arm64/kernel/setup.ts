// What an arm64 kernel prints before the command line: smp_setup_processor_id() and
// setup_machine_fdt() of arch/arm64/kernel/setup.c, the banner of init/main.c, and the zone
// lines of free_area_init() (mm/page_alloc.c, 6.9: mm/mm_init.c) for the board's one memory node.
import { KERN_INFO, KERN_NOTICE, type LogLevel } from '../../../../engine/recorder.ts';
import type { Layout } from '../../../../machine/layout.ts';
import { arm64Board } from '../include/asm/memory.ts';

function mem(a: number): string {
  return '0x' + a.toString(16).padStart(16, '0');
}

// smp_setup_processor_id(), linux_banner, setup_machine_fdt(), efi_init(), zone_sizes_init(), psci_dt_init(): arm64 5.19 and 6.9
export function arm64BootBanner(l: Layout, version: string, ramBytes: number): [LogLevel, string][] {
  const b = arm64Board(l);
  const range = `[mem ${mem(b.memblockStart)}-${mem((l.physBase ?? 0) + ramBytes - 1)}]`;
  return [
    [KERN_INFO, `Booting Linux on physical CPU 0x0000000000 [0x${b.cpu(0).midr.toString(16).padStart(8, '0')}]`],
    [KERN_NOTICE, version],
    [KERN_INFO, `Machine model: ${b.model}`],
    [KERN_INFO, 'efi: UEFI not found.'],
    [KERN_INFO, 'Zone ranges:'],
    [KERN_INFO, `  DMA      ${range}`],
    [KERN_INFO, '  DMA32    empty'],
    [KERN_INFO, '  Normal   empty'],
    [KERN_INFO, 'Movable zone start for each node'],
    [KERN_INFO, 'Early memory node ranges'],
    [KERN_INFO, `  node   0: ${range}`],
    [KERN_INFO, `Initmem setup node 0 ${range}`],
    [KERN_INFO, 'psci: probing for conduit method from DT.'],
    [KERN_INFO, 'psci: PSCIv1.1 detected in firmware.'],
    [KERN_INFO, 'psci: Using standard PSCI v0.2 function IDs'],
    [KERN_INFO, 'psci: SMC Calling Convention v1.2'],
  ];
}
