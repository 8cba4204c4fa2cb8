// UTF-8 bytes of a string (what a C string holds), without the host's TextEncoder: src/sim builds
// against plain ES2022, where no encoder exists.
export function utf8(s: string): Uint8Array {
  // most names are ASCII: one byte per UTF-16 unit, no intermediate array
  const n = s.length;
  const a = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return utf8Wide(s);
    a[i] = c;
  }
  return a;
}

function utf8Wide(s: string): Uint8Array {
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  return Uint8Array.from(out);
}
