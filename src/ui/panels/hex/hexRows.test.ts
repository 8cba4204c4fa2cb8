import { describe, expect, it } from 'vitest';
import { addrPlus, asciiChar, formatHexDump, formatHexRow, hexRows } from './hexRows.ts';

describe('hexRows', () => {
  it('cuts a range into rows of 16 with a short last row', () => {
    const rows = hexRows('0xffff888003a1c040', 40);
    expect(rows.map((r) => [r.offset, r.count])).toEqual([
      [0, 16],
      [16, 16],
      [32, 8],
    ]);
    expect(rows[1]!.addr).toBe('ffff888003a1c050');
  });

  it('adds offsets across a carry and wraps at 64 bits', () => {
    expect(addrPlus('0xffff8880000000f8', 8)).toBe('ffff888000000100');
    expect(addrPlus('0xffffffffffffffff', 1)).toBe('0000000000000000');
  });
});

describe('formatHexRow', () => {
  it('prints like print_hex_dump with DUMP_PREFIX_ADDRESS', () => {
    const bytes = new Uint8Array(16).fill(0x6b);
    bytes[15] = 0xa5;
    const [row] = hexRows('0xffff888003a1c040', 16);
    expect(formatHexRow(row!, bytes, 'Object ')).toBe('Object ffff888003a1c040: 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b a5  kkkkkkkkkkkkkkk.');
  });

  it('pads a short row so the ASCII column stays aligned', () => {
    const bytes = Uint8Array.from([0xcc, 0xcc, 0x41]);
    const text = formatHexDump('0x1000', bytes);
    expect(text).toBe(`0000000000001000: cc cc 41${' '.repeat(47 - 8)}  ..A`);
    expect(text.indexOf('..A')).toBe(18 + 49);
  });

  it('shows only printable ASCII', () => {
    expect([0x00, 0x1f, 0x20, 0x7e, 0x7f, 0xff].map(asciiChar).join('')).toBe('.. ~..');
  });
});
