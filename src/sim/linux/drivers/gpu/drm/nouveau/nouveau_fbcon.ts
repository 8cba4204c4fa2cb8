// The framebuffer console on the GPU, drivers/gpu/drm/nouveau/nouveau_fbcon.c 5.10:
// nouveau_fbcon_create() allocates a 1280x800 XRGB8888 buffer in VRAM, pins and maps it, and fbcon
// takes it over; nouveau_fbcon_set_suspend() parks and wakes the console around suspend.
import { KERN_INFO } from '../../../../../engine/recorder.ts';
import { PAGE_SIZE } from '../../../../include/linux/mm_types.ts';
import { GPU_PCI_NAME } from '../../../../../machine/gpu.ts';
import type { NouveauDrm } from './nouveau_drm.ts';
import { NOUVEAU_GEM_DOMAIN_VRAM, nouveauBoPin } from './nouveau_bo.ts';
import { nvInfo } from './nouveau_drv.ts';

export const FB_WIDTH = 1280;
export const FB_HEIGHT = 800;
export const FB_PITCH = FB_WIDTH * 4;

export function nouveauFbconInit(drm: NouveauDrm): number {
  const k = drm.k;
  return drm.ttm.fg.call('nouveau_fbcon_init', () => {
    const r = drm.boNew('fbcon', FB_PITCH * FB_HEIGHT, 'VRAM', 'fbcon', 'console', false);
    if (r.ret) return r.ret;
    const bo = r.bo!;
    const ret = nouveauBoPin(drm, bo, NOUVEAU_GEM_DOMAIN_VRAM, true);
    if (ret) return ret;
    drm.st.fbcon = bo.id;
    nvInfo(k, `allocated ${FB_WIDTH}x${FB_HEIGHT} fb: 0x${(bo.mem.start * PAGE_SIZE).toString(16)}, bo ${drm.ptr(`bo:${bo.id}`)}`);
    k.printk(KERN_INFO, 'fbcon: nouveaudrmfb (fb0) is primary device');
    k.printk(KERN_INFO, `Console: switching to colour frame buffer device ${FB_WIDTH / 8}x${FB_HEIGHT / 16}`);
    k.printk(KERN_INFO, `nouveau ${GPU_PCI_NAME}: fb0: nouveaudrmfb frame buffer device`);
    return 0;
  });
}

// nouveau_fbcon_set_suspend(): fb_set_suspend() under the console lock
export function nouveauFbconSetSuspend(drm: NouveauDrm, state: boolean): void {
  drm.ttm.fg.call('nouveau_fbcon_set_suspend', () => {
    drm.st.fbconSuspended = state;
    drm.k.clock.advance(40_000);
  });
}
