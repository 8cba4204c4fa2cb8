// Share-link codecs for panel fields: the text in the link and back.
import type { ShareCodec } from './contract.ts';

/** A string, left out when empty. */
export function textParam(key: string): ShareCodec<string> {
  return { key, encode: (v) => (v === '' ? null : v), decode: (t) => t };
}

/** A string or null, left out when null. */
export function optionalText(key: string): ShareCodec<string | null> {
  return { key, encode: (v) => v, decode: (t) => (t === '' ? null : t) };
}

/** A non-negative integer, left out when it is `omit`. */
export function count(key: string, omit: number): ShareCodec<number> {
  return { key, encode: (v) => (v === omit ? null : String(v)), decode: (t) => (/^\d{1,9}$/.test(t) ? Number(t) : null) };
}

/** A non-negative integer or null, in hex ("0x803a") when `hex`. */
export function optionalIndex(key: string, hex = false): ShareCodec<number | null> {
  return {
    key,
    encode: (v) => (v === null ? null : hex ? `0x${v.toString(16)}` : String(v)),
    decode: (t) => (hex ? (/^0x[0-9a-f]{1,12}$/i.test(t) ? parseInt(t, 16) : null) : /^\d{1,9}$/.test(t) ? Number(t) : null),
  };
}
