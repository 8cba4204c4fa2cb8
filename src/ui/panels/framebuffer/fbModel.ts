// What the Framebuffer view computes from the images: the moments it compares (just before the
// first suspend phase, just after the last resume phase), how much two images differ, and the
// words under an image.
import type { RunInfo } from '../../../worker/protocol.ts';
import type { FramebufferImage } from './slice.ts';

/** Every other pixel of every other line: 640x400 of the 1280x800 framebuffer. */
export const FB_STEP = 2;

/** The events to compare: before the first suspend phase begins, after the last resume phase ends; null without suspend. */
export function compareEvents(info: RunInfo): [number, number] | null {
  const p = info.phases;
  if (p.length === 0) return null;
  return [p[0]!.from, Math.min(info.total, p[p.length - 1]!.to)];
}

/** The share of pixels whose color differs, 0..1 (images of other sizes differ entirely). */
export function pixelDifference(a: FramebufferImage, b: FramebufferImage): number {
  if (a.width !== b.width || a.height !== b.height || a.rgba.length !== b.rgba.length) return 1;
  const n = a.width * a.height;
  if (n === 0) return 0;
  let d = 0;
  for (let i = 0; i < a.rgba.length; i += 4) if (a.rgba[i] !== b.rgba[i] || a.rgba[i + 1] !== b.rgba[i + 1] || a.rgba[i + 2] !== b.rgba[i + 2]) d++;
  return d / n;
}

export function percent(f: number): string {
  if (f === 0) return '0%';
  if (f < 0.001) return '<0.1%';
  return `${(f * 100).toFixed(f < 0.1 ? 1 : 0)}%`;
}

const STATE: Readonly<Record<FramebufferImage['state'], string>> = {
  scanout: 'scanned out',
  off: 'display off (suspended): what it will scan out again',
  console: 'the console’s framebuffer',
  none: 'nothing to scan out',
};

export function stateText(img: FramebufferImage): string {
  return STATE[img.state];
}

/** Where the buffer is: "VRAM 0x1000000", "TT". */
export function placeText(img: FramebufferImage): string {
  if (img.mem === null) return '';
  return img.offset >= 0 ? `${img.mem} 0x${img.offset.toString(16)}` : img.mem;
}

/** Who wrote the pixels, from the sampled pages: "Xorg (rendering)" or "VRAM lost in S3 (...) 30/32, ..." */
export function writersText(img: FramebufferImage): string {
  if (img.writers.length === 0) return '';
  if (img.writers.length === 1) return img.writers[0]!.writer;
  return img.writers.map((w) => `${w.writer} ${w.pages}/${img.sampledPages}`).join(', ');
}
