// Streaming UTF-8 decoding that never throws: invalid sequences become U+FFFD and are counted.
// The Encoding standard's TextDecoder exists in browsers, workers and Node alike; it is looked up
// on globalThis so src/import needs neither the DOM nor the Node type libraries.

interface StreamingDecoder {
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}
type DecoderCtor = new (label: string, options: { fatal: boolean }) => StreamingDecoder;

function platformDecoder(): StreamingDecoder | null {
  const ctor = (globalThis as { TextDecoder?: DecoderCtor }).TextDecoder;
  return ctor ? new ctor('utf-8', { fatal: false }) : null;
}

/** Length of the sequence a lead byte starts, and the smallest code point it may encode; 0 if invalid. */
function lead(b: number): [number, number, number] {
  if (b >= 0xc2 && b <= 0xdf) return [2, b & 0x1f, 0x80];
  if (b >= 0xe0 && b <= 0xef) return [3, b & 0x0f, 0x800];
  if (b >= 0xf0 && b <= 0xf4) return [4, b & 0x07, 0x10000];
  return [0, 0, 0];
}

/** WHATWG UTF-8 decode with replacement, for platforms without TextDecoder. */
export class Utf8FallbackDecoder implements StreamingDecoder {
  private pending: Uint8Array = new Uint8Array(0);

  decode(input: Uint8Array = new Uint8Array(0), options: { stream?: boolean } = {}): string {
    let bytes = input;
    if (this.pending.length > 0) {
      bytes = new Uint8Array(this.pending.length + input.length);
      bytes.set(this.pending);
      bytes.set(input, this.pending.length);
      this.pending = new Uint8Array(0);
    }
    const units: number[] = [];
    let text = '';
    let i = 0;
    while (i < bytes.length) {
      const b = bytes[i]!;
      if (b < 0x80) {
        units.push(b);
        i++;
      } else {
        const [len, bits, min] = lead(b);
        let cp = bits;
        let j = 1;
        for (; j < len && i + j < bytes.length && (bytes[i + j]! & 0xc0) === 0x80; j++) cp = (cp << 6) | (bytes[i + j]! & 0x3f);
        if (len > 0 && j < len && i + j === bytes.length && options.stream) {
          this.pending = bytes.slice(i); // a sequence cut by the chunk boundary
          break;
        }
        if (len === 0 || j < len || cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
          units.push(0xfffd);
          i += Math.max(1, len === 0 ? 1 : j);
          continue;
        }
        if (cp > 0xffff) units.push(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff));
        else units.push(cp);
        i += len;
      }
      if (units.length >= 8192) {
        text += String.fromCharCode(...units);
        units.length = 0;
      }
    }
    return text + String.fromCharCode(...units);
  }
}

/** Decodes byte chunks as they arrive; `replaced` counts the U+FFFD it had to insert. */
export class Utf8Stream {
  private readonly dec: StreamingDecoder;
  replaced = 0;

  constructor(useFallback = false) {
    this.dec = (useFallback ? null : platformDecoder()) ?? new Utf8FallbackDecoder();
  }

  decode(chunk: Uint8Array): string {
    return this.count(this.dec.decode(chunk, { stream: true }));
  }

  end(): string {
    return this.count(this.dec.decode());
  }

  private count(s: string): string {
    let i = s.indexOf('\ufffd');
    while (i >= 0) {
      this.replaced++;
      i = s.indexOf('\ufffd', i + 1);
    }
    return s;
  }
}
