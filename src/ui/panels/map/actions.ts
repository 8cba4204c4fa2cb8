// What the memory map's controls do.
import type { FrameWrite } from '../../../worker/protocol.ts';
import type { Controller } from '../../controller/controller.ts';
import { focusPatch } from '../hex/focus.ts';
import { byteFocus } from './frames.ts';

/** The frames the map has on screen (it asks for those only). */
export function setMapRange(c: Controller, start: number, count: number): void {
  const r = c.panel('map').range;
  if (r && r.start === start && r.count === count) return;
  c.patchPanel('map', { range: { start, count } });
}

/** Picks a frame and lists every write of the run into it; null closes the list. */
export function selectFrame(c: Controller, pfn: number | null): void {
  if (pfn === c.panel('map').frame) return;
  c.patchPanel('map', { frame: pfn, writes: null });
}

/** Goes to just after a write into the frame and shows its byte in the hex view. */
export function openFrameWrite(c: Controller, pfn: number, w: FrameWrite): void {
  const info = c.run().info;
  const tile = c.panel('map').tile;
  if (!info || !tile) return;
  const focus = byteFocus(tile.pageOffset, pfn, w.offset, Math.max(256, c.panel('hex').len));
  c.apply({ cursor: Math.max(0, Math.min(info.total, w.event + 1)), panels: { hex: focusPatch(focus) }, view: 'hex' });
}
