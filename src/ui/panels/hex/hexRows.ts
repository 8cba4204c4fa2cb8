// Rows of 16 bytes like the kernel's print_hex_dump(DUMP_PREFIX_ADDRESS, 16, 1, ..., ascii=true).
export const ROW_SIZE = 16;

export interface HexRow {
  /** Offset of the row's first byte in the view. */
  offset: number;
  /** Address without 0x, 16 hex digits, as %px prints it. */
  addr: string;
  /** Number of bytes in this row (the last one may be short). */
  count: number;
}

export function hexByte(b: number): string {
  return b.toString(16).padStart(2, '0');
}

/** hex_dump_to_buffer's ASCII column: printable ASCII, else '.'. */
export function asciiChar(b: number): string {
  return b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
}

export function addrPlus(base: string, offset: number): string {
  let v: bigint;
  try {
    v = BigInt(base);
  } catch {
    v = 0n;
  }
  return ((v + BigInt(offset)) & 0xffffffffffffffffn).toString(16).padStart(16, '0');
}

export function hexRows(base: string, len: number): HexRow[] {
  const rows: HexRow[] = [];
  for (let off = 0; off < len; off += ROW_SIZE) rows.push({ offset: off, addr: addrPlus(base, off), count: Math.min(ROW_SIZE, len - off) });
  return rows;
}

/** One row as print_hex_dump's text: "ffff888003a1c040: 6b 6b ... 6b  kkkk...". */
export function formatHexRow(row: HexRow, bytes: Uint8Array, prefix = ''): string {
  const slice = [...bytes.subarray(row.offset, row.offset + row.count)];
  const hex = slice.map(hexByte).join(' ');
  const ascii = slice.map(asciiChar).join('');
  // ascii_column = rowsize * 2 + rowsize / groupsize + 1
  return `${prefix}${row.addr}: ${hex.padEnd(ROW_SIZE * 3 - 1)}  ${ascii}`;
}

export function formatHexDump(base: string, bytes: Uint8Array, prefix = ''): string {
  return hexRows(base, bytes.length)
    .map((r) => formatHexRow(r, bytes, prefix))
    .join('\n');
}
