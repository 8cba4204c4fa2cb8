// What the VRAM view's controls do.
import type { Controller } from '../../controller/controller.ts';

/** Picks a buffer object (its history is listed); null closes it. */
export function selectBo(c: Controller, bo: string | null): void {
  if (c.panel('vram').bo === bo) return;
  c.patchPanel('vram', { bo, history: null });
}

/** Picks a buffer object and shows the VRAM view. */
export function showBo(c: Controller, bo: string): void {
  selectBo(c, bo);
  c.layout.show('vram');
}
