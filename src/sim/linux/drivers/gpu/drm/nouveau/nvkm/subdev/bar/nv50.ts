// BAR1, the CPU's window on VRAM, drivers/gpu/drm/nouveau/nvkm/subdev/bar/nv50.c 5.10. The real
// NV50 maps each buffer into BAR1 through the BAR's own page tables (nvkm_bar_bar1_vmm()); the
// model simplifies BAR1 to a window on the first barMiB of VRAM, so a buffer above it cannot be
// mapped for the CPU: nvkm_mem_map() fails, and nouveau_ttm_io_mem_reserve() returns -EINVAL.

const EINVAL = 22;

/** The bus offset of VRAM [start, start + bytes) through BAR1, or -EINVAL when the window does not reach it. */
export function nv50Bar1Map(barBytes: number, start: number, bytes: number): number {
  if (start < 0 || start + bytes > barBytes) return -EINVAL;
  return start;
}
