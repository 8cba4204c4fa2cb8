import { describe, expect, it } from 'vitest';
import { addBookmark, bookmarkParam, removeBookmark, renameBookmark } from './bookmarks.ts';

describe('bookmarks', () => {
  it('keep event order, one per event, and travel in a compact parameter', () => {
    let l = addBookmark([], 4031, 'oops, here');
    l = addBookmark(l, 120);
    l = addBookmark(l, 4031, 'the oops');
    expect(l).toEqual([
      { event: 120, name: 'event 120' },
      { event: 4031, name: 'the oops' },
    ]);
    l = renameBookmark(l, 120, 'after alloc*, 100%.x');
    const text = bookmarkParam.encode(l)!;
    expect(text).toBe('120.after alloc%2A, 100%25.x*4031.the oops');
    expect(bookmarkParam.decode(text)).toEqual(l);
    expect(bookmarkParam.encode(removeBookmark(removeBookmark(l, 120), 4031))).toBeNull();
  });

  it('ignore a corrupt parameter', () => {
    for (const bad of ['', 'x', '12', '-1.a', '1.%E0%A4%A', '1.a**2.b', '9999999999.a', '1~a']) expect(bookmarkParam.decode(bad)).toBeNull();
  });
});
