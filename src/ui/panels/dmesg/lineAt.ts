// Which dmesg line a terminal row shows. A long line wraps over several rows (xterm marks the
// continuation rows as wrapped); counting the rows that start a line from the top of the buffer
// gives the line's number among those the terminal was given since it last started over.
export interface BufferLike {
  readonly length: number;
  getLine(y: number): { readonly isWrapped: boolean; translateToString(trimRight?: boolean): string } | undefined;
}

/** The number (0-based, among the lines written) of the line row `y` belongs to, or -1 past the end. */
export function lineOfRow(buffer: BufferLike, y: number): number {
  if (y < 0 || y >= buffer.length) return -1;
  let n = -1;
  for (let i = 0; i <= y; i++) if (!buffer.getLine(i)?.isWrapped) n++;
  return n;
}

/** The printk timestamp ("[   50.444066]") or a program's comm ("testf │") a line starts with: its length in cells, or 0. */
export function lineHandle(text: string): number {
  const stamp = /^\[[ 0-9]+\.[0-9]+\]/.exec(text);
  if (stamp) return stamp[0].length;
  const prog = /^\S+ \u2502/.exec(text);
  return prog ? prog[0].length : 0;
}
