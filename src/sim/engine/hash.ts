// 64-bit FNV-1a style hash kept as two 32-bit lanes; stable across Node and browsers.
export class Hasher {
  private h1 = 0x811c9dc5;
  private h2 = 0x01000193;

  u32(v: number): this {
    this.h1 = Math.imul(this.h1 ^ (v >>> 0), 0x01000193) >>> 0;
    this.h2 = Math.imul(this.h2 ^ ((v >>> 0) + 0x9e3779b9), 0x5bd1e995) >>> 0;
    this.h2 = (this.h2 ^ (this.h2 >>> 15)) >>> 0;
    return this;
  }

  num(v: number): this {
    if (Number.isInteger(v) && Math.abs(v) < 2 ** 53) {
      this.u32(v % 0x100000000);
      return this.u32(Math.floor(v / 0x100000000));
    }
    return this.str(String(v));
  }

  str(s: string): this {
    this.u32(s.length);
    for (let i = 0; i < s.length; i++) this.u32(s.charCodeAt(i));
    return this;
  }

  words(a: Uint32Array | Int32Array): this {
    let h1 = this.h1;
    let h2 = this.h2;
    for (let i = 0; i < a.length; i++) {
      const v = a[i]! >>> 0;
      h1 = Math.imul(h1 ^ v, 0x01000193) >>> 0;
      h2 = Math.imul(h2 ^ ((v + 0x9e3779b9) >>> 0), 0x5bd1e995) >>> 0;
      h2 = (h2 ^ (h2 >>> 15)) >>> 0;
    }
    this.h1 = h1;
    this.h2 = h2;
    return this;
  }

  /** Any JSON-like value; object keys in insertion order, which the simulator keeps deterministic. */
  value(v: unknown): this {
    if (v === null || v === undefined) return this.u32(0xdead);
    if (typeof v === 'number') return this.num(v);
    if (typeof v === 'string') return this.str(v);
    if (typeof v === 'boolean') return this.u32(v ? 1 : 2);
    if (typeof v === 'bigint') return this.str(v.toString(16));
    if (Array.isArray(v)) {
      this.u32(v.length);
      for (const x of v) this.value(x);
      return this;
    }
    if (v instanceof Int32Array || v instanceof Uint32Array) return this.words(v);
    if (v instanceof Map) {
      this.u32(v.size);
      for (const [k, x] of v) this.value(k).value(x);
      return this;
    }
    if (typeof v === 'object') {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) this.str(k).value(x);
      return this;
    }
    return this;
  }

  hex(): string {
    return this.h1.toString(16).padStart(8, '0') + this.h2.toString(16).padStart(8, '0');
  }
}

/** 32-bit FNV-1a of a string: the stable name hash the models derive made-up addresses and bytes from. */
export function fnv32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
