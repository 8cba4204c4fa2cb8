// The Framebuffer view's state: the image at the cursor, and the images just before suspend and
// just after resume that it is compared with.
import type { ViewAnswer } from '../../../worker/protocol.ts';
import { field, type Fields } from '../contract.ts';

export type FramebufferImage = ViewAnswer<'framebuffer'>;

export interface FramebufferSlice {
  now: FramebufferImage | null;
  /** Before suspend and after resume, when the run suspends (asked once per run). */
  compare: FramebufferImage[] | null;
}

export const FRAMEBUFFER_FIELDS: Fields<FramebufferSlice> = {
  // a re-run keeps the old picture on screen until its own arrives
  now: field<FramebufferImage | null>(null, 'scenario'),
  compare: field<FramebufferImage[] | null>(null, 'run'),
};
