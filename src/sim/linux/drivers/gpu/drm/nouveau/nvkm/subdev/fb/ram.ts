// VRAM of an NV50-family board, drivers/gpu/drm/nouveau/nvkm/subdev/fb/ram.c and ramnv50.c 5.10:
// nvkm_ram_ctor() sets up the heap with a reserved head (VGA memory, PRAMIN) and tail (the VBIOS
// image and the instance memory at the top), and prints "fb: 512 MiB DDR2"; nvkm_ram_get()
// allocates contiguous VRAM from the bottom of the heap (nvkm_mm_head).
import { KERN_INFO } from '../../../../../../../../engine/recorder.ts';
import type { Kernel } from '../../../../../../../../machine/kernel.ts';
import type { TtmManager } from '../../../../../../../include/drm/ttm/ttm_bo_api.ts';
import { nvkmMmFree, nvkmMmHead } from '../../core/mm.ts';

/** Pages reserved at the bottom (VGA, PRAMIN's window) and at the top (VBIOS, instmem). */
export const RSVD_HEAD_PAGES = 16;
export const RSVD_TAIL_PAGES = 256;

// nvkm_ram_ctor(): the heap, and the line nvkm_fb prints
export function nvkmRamCtor(k: Kernel, pci: string, vramMiB: number): void {
  k.printk(KERN_INFO, `nouveau ${pci}: fb: ${vramMiB} MiB DDR2`);
}

// nvkm_ram_get(): contiguous VRAM for a buffer, from the bottom
export function nvkmRamGet(man: TtmManager, pages: number, owner: number): number {
  return nvkmMmHead(man.nodes, RSVD_HEAD_PAGES, man.size - RSVD_TAIL_PAGES, pages, 1, owner);
}

export function nvkmRamPut(man: TtmManager, start: number): boolean {
  return nvkmMmFree(man.nodes, start);
}
