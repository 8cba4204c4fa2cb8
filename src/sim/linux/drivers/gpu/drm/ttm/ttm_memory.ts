// The global accounting of pages TTM hands out, drivers/gpu/drm/ttm/ttm_memory.c 5.10:
// ttm_mem_global_init() (the "Zone  kernel" line: half of low memory) and
// ttm_mem_global_alloc_page() -> ttm_mem_global_alloc_zone() per page populated.
import { KERN_INFO } from '../../../../../engine/recorder.ts';
import { ENOMEM, type Ttm } from './ttm_module.ts';

// ttm_mem_global_init() with ttm_mem_init_kernel_zone(); no dma32 zone below 4 GiB of RAM
export function ttmMemGlobalInit(t: Ttm): void {
  const k = t.k;
  const totalram = k.pages.nframes - k.reservedFrames;
  t.glob.memMax = totalram >> 1;
  k.printk(KERN_INFO, `[TTM] Zone  kernel: Available graphics memory: ${(t.glob.memMax * 4096) >> 10} KiB`);
}

// ttm_mem_global_alloc_page(): accounts one page in its zone, -ENOMEM over the limit
export function ttmMemGlobalAllocPage(t: Ttm): number {
  return t.fg.call('ttm_mem_global_alloc_page', () =>
    t.fg.call('ttm_mem_global_alloc_zone', () => {
      t.k.clock.advance(180);
      if (t.glob.memUsed + 1 > t.glob.memMax) return -ENOMEM;
      t.glob.memUsed++;
      return 0;
    }),
  );
}

// ttm_mem_global_free_page()
export function ttmMemGlobalFreePage(t: Ttm): void {
  if (t.glob.memUsed > 0) t.glob.memUsed--;
}
