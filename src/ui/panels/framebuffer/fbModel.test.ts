import { describe, expect, it } from 'vitest';
import type { RunInfo } from '../../../worker/protocol.ts';
import { compareEvents, percent, pixelDifference, placeText, stateText, writersText } from './fbModel.ts';
import type { FramebufferImage } from './slice.ts';

function img(pixels: number[][], extra: Partial<FramebufferImage> = {}): FramebufferImage {
  const rgba = new Uint8Array(pixels.length * 4);
  pixels.forEach((p, i) => rgba.set([...p, 255], i * 4));
  return { at: 0, state: 'scanout', bo: 'xorg-front', mem: 'VRAM', offset: 0x3f9000, beyondBar: false, fbWidth: 1280, fbHeight: 800, step: 2, width: pixels.length, height: 1, rgba, writers: [{ writer: 'Xorg (rendering)', pages: 32 }], sampledPages: 32, ...extra };
}

describe('the framebuffer view', () => {
  it('compares the moment before the first suspend phase with the one after the last', () => {
    const info = { total: 100, phases: [{ from: 10 }, { from: 20, to: 30 }, { from: 30, to: 60 }] } as unknown as RunInfo;
    expect(compareEvents(info)).toEqual([10, 60]);
    expect(compareEvents({ total: 100, phases: [] } as unknown as RunInfo)).toBeNull();
  });

  it('counts the pixels whose color changed', () => {
    const a = img([[1, 2, 3], [4, 5, 6], [7, 8, 9], [0, 0, 0]]);
    const b = img([[1, 2, 3], [4, 5, 7], [7, 8, 9], [1, 0, 0]]);
    expect(pixelDifference(a, a)).toBe(0);
    expect(pixelDifference(a, b)).toBe(0.5);
    expect(pixelDifference(a, img([[1, 2, 3]]))).toBe(1);
    expect(percent(0)).toBe('0%');
    expect(percent(0.5)).toBe('50%');
    expect(percent(0.0004)).toBe('<0.1%');
    expect(percent(0.034)).toBe('3.4%');
  });

  it('says where the buffer is, what the display does with it and who wrote the pixels', () => {
    const a = img([[0, 0, 0]]);
    expect(placeText(a)).toBe('VRAM 0x3f9000');
    expect(placeText({ ...a, mem: 'TT', offset: -1 })).toBe('TT');
    expect(stateText(a)).toBe('scanned out');
    expect(stateText({ ...a, state: 'off' })).toMatch(/^display off/);
    expect(writersText(a)).toBe('Xorg (rendering)');
    expect(writersText({ ...a, writers: [{ writer: 'VRAM lost in S3 (power-on garbage)', pages: 30 }, { writer: 'Xorg (rendering)', pages: 2 }] })).toBe('VRAM lost in S3 (power-on garbage) 30/32, Xorg (rendering) 2/32');
  });
});
