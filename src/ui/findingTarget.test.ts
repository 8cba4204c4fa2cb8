import { describe, expect, it } from 'vitest';
import type { Finding } from '../worker/protocol.ts';
import { findingFocus, rangeIn } from './findingTarget.ts';

const f = (fields: Finding['fields']): Finding => ({ kind: 'slub.redzone_overwritten', title: 'BUG', step: 1, event: 5, fields });

describe('findingFocus', () => {
  it('starts at the object and picks out the reported byte', () => {
    expect(findingFocus(f({ addr: '0xffff8880037c0048', object: '0xffff8880037c0008' }), 256)).toEqual({ target: '0xffff8880037c0008', pin: 64, len: 256 });
  });

  it('grows the length to reach the byte', () => {
    expect(findingFocus(f({ addr: '0xffff888000001400', object: '0xffff888000001000' }), 256)).toEqual({ target: '0xffff888000001000', pin: 1024, len: 1040 });
  });

  it('uses the byte row when it lies before the object or there is no object', () => {
    expect(findingFocus(f({ addr: '0xffff888000000ffa', object: '0xffff888000001000' }), 64)).toEqual({ target: '0xffff888000000ff0', pin: 10, len: 64 });
    expect(findingFocus(f({ addr: '0xffff888000000ffa', object: '' }), 64)?.target).toBe('0xffff888000000ff0');
  });

  it('ignores empty or non-address fields', () => {
    expect(findingFocus(f({ addr: '', object: '' }), 64)).toBeNull();
    expect(findingFocus(f({ cache: 'x' }), 64)).toBeNull();
    expect(findingFocus(f({ addr: '', object: '0xffff888000001000' }), 64)).toEqual({ target: '0xffff888000001000', pin: null, len: 64 });
  });
});

describe('rangeIn', () => {
  it('gives the offsets of a corrupted range in the view, clipped to it', () => {
    const focus = { target: '0xffff888000002040', pin: 64, len: 128 };
    expect(rangeIn(focus, { start: '0xffff888000002080', end: '0xffff888000002081' })).toEqual([64, 65]);
    expect(rangeIn(focus, { start: '0xffff888000002000', end: '0xffff888000002041' })).toEqual([0, 1]);
    expect(rangeIn(focus, { start: '0xffff8880000020b0', end: '0xffff888000003000' })).toEqual([112, 127]);
    expect(rangeIn(focus, { start: '0xffff888000003000', end: '0xffff888000003001' })).toBeNull();
    expect(rangeIn(focus, null)).toBeNull();
  });
});
