import { describe, expect, it } from 'vitest';
import { Utf8FallbackDecoder, Utf8Stream } from './utf8.ts';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('Utf8Stream', () => {
  for (const fallback of [false, true]) {
    describe(fallback ? 'without TextDecoder' : 'with TextDecoder', () => {
      it('joins a multi-byte character cut between two chunks', () => {
        const u = new Utf8Stream(fallback);
        // "Bächler" with ä (c3 a4) split across chunks, and a 4-byte emoji split 1+3
        expect(u.decode(bytes(0x42, 0xc3)) + u.decode(bytes(0xa4, 0x63, 0xf0)) + u.decode(bytes(0x9f, 0x98, 0x80)) + u.end()).toBe('Bäc😀');
        expect(u.replaced).toBe(0);
      });

      it('replaces invalid sequences and counts them', () => {
        const u = new Utf8Stream(fallback);
        const s = u.decode(bytes(0x61, 0xff, 0x62, 0xc3, 0x28, 0x63)) + u.end();
        expect(s).toBe('a\ufffdb\ufffd(c');
        expect(u.replaced).toBe(2);
      });

      it('reports a sequence cut by the end of the input', () => {
        const u = new Utf8Stream(fallback);
        expect(u.decode(bytes(0x61, 0xe2, 0x82)) + u.end()).toBe('a\ufffd');
        expect(u.replaced).toBe(1);
      });
    });
  }

  it('the fallback decodes like the platform on Latin-1 serial noise', () => {
    const noise = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256);
    expect(new Utf8FallbackDecoder().decode(noise)).toBe(new TextDecoder().decode(noise));
  });
});
