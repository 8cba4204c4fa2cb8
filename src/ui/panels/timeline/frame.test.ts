import { describe, expect, it } from 'vitest';
import { FrameLatest } from './frame.ts';

describe('FrameLatest', () => {
  it('applies only the latest value, once per frame', () => {
    const frames: (() => void)[] = [];
    const applied: number[] = [];
    const f = new FrameLatest<number>(
      (v) => applied.push(v),
      (cb) => frames.push(cb),
      () => {},
    );
    for (let i = 0; i < 10; i++) f.set(i);
    expect(frames).toHaveLength(1);
    expect(f.peek()).toBe(9);
    frames.shift()!();
    expect(applied).toEqual([9]);
    f.set(20);
    f.set(21);
    expect(frames).toHaveLength(1);
    frames.shift()!();
    expect(applied).toEqual([9, 21]);
    f.set(30);
    f.dispose();
    expect(f.peek()).toBeUndefined();
  });
});
