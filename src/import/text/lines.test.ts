import { describe, expect, it } from 'vitest';
import { LineSplitter } from './lines.ts';

function split(chunks: string[], maxLine?: number): [string, number, boolean][] {
  const out: [string, number, boolean][] = [];
  const s = new LineSplitter((src, start, end, n, cut) => out.push([src.slice(start, end), n, cut]), maxLine);
  for (const c of chunks) s.push(c);
  s.end();
  return out;
}

describe('LineSplitter', () => {
  it('ends lines at LF, CRLF and the serial console CR CR LF, across chunk boundaries', () => {
    expect(split(['a\r\nb', 'c\r\r\nd\n', 'e'])).toEqual([
      ['a', 1, false],
      ['bc', 2, false],
      ['d', 3, false],
      ['e', 4, false],
    ]);
  });

  it('keeps maxLine characters of a long line and drops the rest, in bounded memory', () => {
    const huge = 'x'.repeat(10 * 1024 * 1024);
    const out = split(['[ 1.0] BUG: ', huge.slice(0, 5e6), huge.slice(5e6), '\nnext\n'], 100);
    expect(out).toHaveLength(2);
    expect(out[0]![0]).toHaveLength(100);
    expect(out[0]![2]).toBe(true);
    expect(out[1]).toEqual(['next', 2, false]);
  });

  it('counts cut lines', () => {
    const s = new LineSplitter(() => {}, 4);
    s.push('123456\n12\n1234567');
    s.end();
    expect(s.cutLines).toBe(2);
  });
});
