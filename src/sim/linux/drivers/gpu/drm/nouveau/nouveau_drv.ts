// The driver's message macros, drivers/gpu/drm/nouveau/nouveau_drv.h 5.10: NV_PRINTK() prefixes
// the client's name ("DRM") after dev_printk()'s "nouveau 0000:01:00.0: "; NV_DEBUG() prints at
// info level, but only with drm.debug's DRM_UT_DRIVER bit (drm.debug=2 in the thread).
import { KERN_ERR, KERN_INFO, KERN_WARNING } from '../../../../../engine/recorder.ts';
import type { Kernel } from '../../../../../machine/kernel.ts';
import { GPU_PCI_NAME } from '../../../../../machine/gpu.ts';

export const DRM_UT_DRIVER = 0x02;

/** drm.debug= from the command line (a module parameter of drm.ko). */
export function drmDebug(k: Kernel): number {
  const p = k.params.find((x) => x.name === 'drm.debug');
  if (!p || p.value === null) return 0;
  const v = Number.parseInt(p.value, p.value.startsWith('0x') ? 16 : 10);
  return Number.isFinite(v) ? v : 0;
}

export function nvInfo(k: Kernel, text: string): void {
  k.printk(KERN_INFO, `nouveau ${GPU_PCI_NAME}: DRM: ${text}`);
}

export function nvWarn(k: Kernel, text: string): void {
  k.printk(KERN_WARNING, `nouveau ${GPU_PCI_NAME}: DRM: ${text}`);
}

export function nvError(k: Kernel, text: string): void {
  k.printk(KERN_ERR, `nouveau ${GPU_PCI_NAME}: DRM: ${text}`);
}

export function nvDebug(k: Kernel, text: string): void {
  if ((drmDebug(k) & DRM_UT_DRIVER) !== 0) nvInfo(k, text);
}

/** dev_info() of the nvkm device: "nouveau 0000:01:00.0: <subdev>: ..." */
export function nvdevInfo(k: Kernel, text: string): void {
  k.printk(KERN_INFO, `nouveau ${GPU_PCI_NAME}: ${text}`);
}
