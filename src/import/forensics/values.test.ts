import { describe, expect, it } from 'vitest';
import { kasanShadowName, namedValue } from './values.ts';

describe('namedValue', () => {
  it('names poison, list poison, -1, error pointers, NULL plus an offset and non-canonical addresses', () => {
    expect(namedValue(0x6b6b6b6b6b6b6b6bn, 8)?.tag).toBe('poison:POISON_FREE');
    expect(namedValue(0x6b6b6b6b6b6b6b73n, 8)?.note).toMatch(/POISON_FREE plus 0x8/);
    expect(namedValue(0x6b6b6b6bn, 4)?.tag).toBe('poison:POISON_FREE');
    expect(namedValue(0xdead000000000100n, 8)?.note).toMatch(/^LIST_POISON1/);
    expect(namedValue(0xdead000000000122n, 8)?.note).toMatch(/^LIST_POISON2/);
    expect(namedValue(0x200200n, 8)?.note).toMatch(/^LIST_POISON2/);
    expect(namedValue(0xffffffffffffffffn, 8)?.tag).toBe('all-ones');
    expect(namedValue(0xfffffffffffffff0n, 8)?.note).toBe('ERR_PTR(-16) (-EBUSY): an error code used as a pointer');
    expect(namedValue(0x110n, 8)?.note).toMatch(/^NULL plus 0x110: a field at offset 272/);
    expect(namedValue(0xdffffc0000000000n, 8)?.tag).toBe('kasan-null');
    expect(namedValue(0x00f0000000000000n, 8)?.tag).toBe('non-canonical');
    expect(namedValue(0xffff888012345678n, 8)).toBeNull();
  });

  it('names KASAN shadow bytes', () => {
    expect(kasanShadowName(0xfb)).toMatch(/^KASAN_SLAB_FREE/);
    expect(kasanShadowName(0x04)).toBe('first 4 of 8 bytes accessible');
  });
});
