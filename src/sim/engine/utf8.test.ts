import { describe, expect, it } from 'vitest';
import { utf8 } from './utf8.ts';

describe('utf8', () => {
  it('encodes like TextEncoder', () => {
    for (const s of ['', 'kmailrc', 'é', '€uro', 'a😀b', '/home/rafael/.kde']) expect(Array.from(utf8(s))).toEqual(Array.from(new TextEncoder().encode(s)));
  });
});
