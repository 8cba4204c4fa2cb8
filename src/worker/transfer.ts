// Answers cross to the page with their typed arrays' buffers moved, not copied (Comlink.transfer).
// Only a buffer a typed array spans whole is moved: a view into a larger buffer would detach
// memory the answer does not own.
import * as Comlink from 'comlink';

export function transferables(answer: unknown): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const walk = (v: unknown): void => {
    if (v === null || typeof v !== 'object') return;
    if (ArrayBuffer.isView(v)) {
      const b = v.buffer;
      if (b instanceof ArrayBuffer && v.byteOffset === 0 && v.byteLength === b.byteLength) out.add(b);
      return;
    }
    if (Array.isArray(v)) {
      for (const x of v) walk(x);
      return;
    }
    for (const x of Object.values(v)) walk(x);
  };
  walk(answer);
  return [...out];
}

/** The answer, marked for Comlink to move its buffers. Plain values (a state hash) go as they are: Comlink keys its marks by object. */
export function moved<T>(answer: T): T {
  const buffers = transferables(answer);
  return buffers.length === 0 ? answer : Comlink.transfer(answer, buffers);
}
