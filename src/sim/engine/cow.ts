// Copy-on-write storage for physical frames and their per-frame metadata.
// Frames are grouped in chunks; a checkpoint keeps the chunk array, and the
// first write after it clones only the chunk (and frame) being written.
import type { Hasher } from './hash.ts';

export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 1 << PAGE_SHIFT;
export const CHUNK_SHIFT = 8;
export const FRAMES_PER_CHUNK = 1 << CHUNK_SHIFT;
const CHUNK_MASK = FRAMES_PER_CHUNK - 1;

/** frameEpoch of a frame whose bytes are an immutable page other frames may share: never an epoch, so the first write copies. */
const SHARED = -1;

/** Per-frame metadata columns (struct page fields), stored as Float64 so any u64-ish value below 2^53 fits. */
export const META_FIELDS = 16;

interface Chunk {
  epoch: number;
  frames: (Uint8Array | null)[];
  frameEpoch: Int32Array;
  meta: Float64Array;
}

export interface CowSnapshot {
  chunks: readonly Chunk[];
}

function newChunk(epoch: number, metaFields: number): Chunk {
  return {
    epoch,
    frames: new Array<Uint8Array | null>(FRAMES_PER_CHUNK).fill(null),
    frameEpoch: new Int32Array(FRAMES_PER_CHUNK),
    meta: new Float64Array(FRAMES_PER_CHUNK * metaFields),
  };
}

/** A typed array's copy by new + set(), which V8 does several times faster than slice(). */
function copyOf<T extends Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

export class CowMemory {
  readonly nframes: number;
  private chunks: Chunk[];
  private epoch: number;
  /** Epochs only tell this memory's own generations apart. */
  private nextEpoch = 1;
  /** Bytes copied since this memory was created: what checkpoints cost. */
  copiedBytes = 0;
  /** Staging for 64-bit loads and stores, so they allocate nothing but their BigInt. */
  private readonly scratch = new Uint8Array(8);
  private readonly scratchView = new DataView(this.scratch.buffer);
  /** The page every frame zeroed as a whole shares until it is written (never written itself). */
  private readonly zeroPage = new Uint8Array(PAGE_SIZE);
  /** The chunk every never-written chunk shares (no frames, zero metadata); its epoch 0 is never current. */
  private readonly emptyChunk: Chunk;
  /** The epoch chunks were born in: a chunk first written then is new, not a copy. */
  private readonly firstEpoch: number;

  /** Memory without struct pages (a GPU's VRAM) passes metaFields 0; meta() must not be used then. */
  constructor(nframes: number, metaFields = META_FIELDS) {
    this.nframes = nframes;
    this.epoch = this.nextEpoch++;
    this.firstEpoch = this.epoch;
    this.emptyChunk = newChunk(0, metaFields);
    // chunks are built on their first write, most of RAM never is
    this.chunks = new Array<Chunk>(Math.ceil(nframes / FRAMES_PER_CHUNK)).fill(this.emptyChunk);
  }

  /** Freeze the current contents; later writes copy what they touch. */
  snapshot(): CowSnapshot {
    const snap = { chunks: this.chunks.slice() };
    this.copiedBytes += snap.chunks.length * 8;
    this.epoch = this.nextEpoch++;
    return snap;
  }

  restore(snap: CowSnapshot): void {
    this.chunks = snap.chunks.slice();
    this.epoch = this.nextEpoch++;
  }

  private writableChunk(ci: number): Chunk {
    const c = this.chunks[ci]!;
    if (c.epoch === this.epoch) return c;
    if (c === this.emptyChunk) {
      const fresh = newChunk(this.epoch, c.meta.length / FRAMES_PER_CHUNK);
      // what an eagerly built chunk would have cost to copy after a checkpoint
      if (this.epoch !== this.firstEpoch) this.copiedBytes += FRAMES_PER_CHUNK * (8 + 4) + fresh.meta.byteLength;
      this.chunks[ci] = fresh;
      return fresh;
    }
    const copy: Chunk = {
      epoch: this.epoch,
      frames: c.frames.slice(),
      frameEpoch: copyOf(c.frameEpoch, new Int32Array(c.frameEpoch.length)),
      meta: copyOf(c.meta, new Float64Array(c.meta.length)),
    };
    this.copiedBytes += FRAMES_PER_CHUNK * (8 + 4) + copy.meta.byteLength;
    this.chunks[ci] = copy;
    return copy;
  }

  /** Frame bytes for reading, or null when the frame was never written (all zero). */
  frameRO(pfn: number): Uint8Array | null {
    return this.chunks[pfn >>> CHUNK_SHIFT]!.frames[pfn & CHUNK_MASK]!;
  }

  /** Frame bytes for writing; materializes or copies the frame as needed. */
  frameRW(pfn: number): Uint8Array {
    const c = this.writableChunk(pfn >>> CHUNK_SHIFT);
    const i = pfn & CHUNK_MASK;
    const f = c.frames[i]!;
    if (f !== null && c.frameEpoch[i] === this.epoch) return f;
    const copy = new Uint8Array(PAGE_SIZE);
    if (f !== null) copy.set(f);
    if (f !== null) this.copiedBytes += PAGE_SIZE;
    c.frames[i] = copy;
    c.frameEpoch[i] = this.epoch;
    return copy;
  }

  /** Frame bytes for a write that replaces all of them: frameRW() without copying bytes about to go. */
  private replaceFrame(pfn: number, src: Uint8Array | null): void {
    const c = this.writableChunk(pfn >>> CHUNK_SHIFT);
    const i = pfn & CHUNK_MASK;
    const f = c.frames[i]!;
    if (f !== null && c.frameEpoch[i] === this.epoch) {
      if (src === null) f.fill(0);
      else f.set(src);
      return;
    }
    if (f !== null) this.copiedBytes += PAGE_SIZE;
    const fresh = new Uint8Array(PAGE_SIZE);
    if (src !== null) fresh.set(src);
    c.frames[i] = fresh;
    c.frameEpoch[i] = this.epoch;
  }

  /**
   * Frame pfn holds `page` (PAGE_SIZE bytes) from now on, shared with whatever else holds it: the
   * caller never changes `page` again. A later write to the frame copies it first.
   */
  sharePage(pfn: number, page: Uint8Array): void {
    if (page.length !== PAGE_SIZE) throw new RangeError(`a shared page is ${PAGE_SIZE} bytes, not ${page.length}`);
    const c = this.writableChunk(pfn >>> CHUNK_SHIFT);
    const i = pfn & CHUNK_MASK;
    c.frames[i] = page;
    c.frameEpoch[i] = SHARED;
  }

  meta(pfn: number, field: number): number {
    return this.chunks[pfn >>> CHUNK_SHIFT]!.meta[(pfn & CHUNK_MASK) * META_FIELDS + field]!;
  }

  setMeta(pfn: number, field: number, v: number): void {
    const c = this.chunks[pfn >>> CHUNK_SHIFT]!;
    const idx = (pfn & CHUNK_MASK) * META_FIELDS + field;
    if (c.meta[idx] === v) return;
    this.writableChunk(pfn >>> CHUNK_SHIFT).meta[idx] = v;
  }

  readByte(phys: number): number {
    const f = this.frameRO(Math.floor(phys / PAGE_SIZE));
    return f === null ? 0 : f[phys % PAGE_SIZE]!;
  }

  /** Copies len bytes at phys into out (may span frames). */
  read(phys: number, out: Uint8Array, len = out.length): void {
    let done = 0;
    while (done < len) {
      const p = phys + done;
      const pfn = Math.floor(p / PAGE_SIZE);
      const off = p % PAGE_SIZE;
      const n = Math.min(len - done, PAGE_SIZE - off);
      const f = this.frameRO(pfn);
      if (f === null) out.fill(0, done, done + n);
      else if (n <= 16) for (let j = 0; j < n; j++) out[done + j] = f[off + j]!;
      else out.set(f.subarray(off, off + n), done);
      done += n;
    }
  }

  /** Copies the first len bytes of `bytes` to phys (may span frames). */
  write(phys: number, bytes: Uint8Array, len = bytes.length): void {
    let done = 0;
    while (done < len) {
      const p = phys + done;
      const off = p % PAGE_SIZE;
      const n = Math.min(len - done, PAGE_SIZE - off);
      if (n === PAGE_SIZE) this.replaceFrame(Math.floor(p / PAGE_SIZE), n === bytes.length ? bytes : bytes.subarray(done, done + n));
      else if (n <= 16) {
        const f = this.frameRW(Math.floor(p / PAGE_SIZE));
        for (let j = 0; j < n; j++) f[off + j] = bytes[done + j]!;
      } else this.frameRW(Math.floor(p / PAGE_SIZE)).set(bytes.subarray(done, done + n), off);
      done += n;
    }
  }

  fill(phys: number, len: number, value: number): void {
    let done = 0;
    while (done < len) {
      const p = phys + done;
      const pfn = Math.floor(p / PAGE_SIZE);
      const off = p % PAGE_SIZE;
      const n = Math.min(len - done, PAGE_SIZE - off);
      if (value === 0 && this.frameRO(pfn) === null) {
        done += n;
        continue;
      }
      if (n === PAGE_SIZE && value === 0) this.sharePage(pfn, this.zeroPage);
      else if (n === PAGE_SIZE) {
        this.replaceFrame(pfn, null);
        this.frameRW(pfn).fill(value);
      } else this.frameRW(pfn).fill(value, off, off + n);
      done += n;
    }
  }

  /** Little-endian u64 as [lo32, hi32] words. */
  readU64(phys: number): [number, number] {
    const pfn = Math.floor(phys / PAGE_SIZE);
    const off = phys % PAGE_SIZE;
    if (off <= PAGE_SIZE - 8) {
      const f = this.frameRO(pfn);
      if (f === null) return [0, 0];
      const lo = (f[off]! | (f[off + 1]! << 8) | (f[off + 2]! << 16) | (f[off + 3]! << 24)) >>> 0;
      const hi = (f[off + 4]! | (f[off + 5]! << 8) | (f[off + 6]! << 16) | (f[off + 7]! << 24)) >>> 0;
      return [lo, hi];
    }
    const b = new Uint8Array(8);
    this.read(phys, b);
    const dv = new DataView(b.buffer);
    return [dv.getUint32(0, true), dv.getUint32(4, true)];
  }

  /** Little-endian u32. */
  readU32(phys: number): number {
    const pfn = Math.floor(phys / PAGE_SIZE);
    const off = phys - pfn * PAGE_SIZE;
    if (off <= PAGE_SIZE - 4) {
      const f = this.frameRO(pfn);
      if (f === null) return 0;
      return (f[off]! | (f[off + 1]! << 8) | (f[off + 2]! << 16) | (f[off + 3]! << 24)) >>> 0;
    }
    this.read(phys, this.scratch, 4);
    return this.scratchView.getUint32(0, true);
  }

  /** Little-endian u64 as a BigInt. */
  readBigU64(phys: number): bigint {
    const pfn = Math.floor(phys / PAGE_SIZE);
    const off = phys - pfn * PAGE_SIZE;
    if (off <= PAGE_SIZE - 8) {
      const f = this.frameRO(pfn);
      if (f === null) return 0n;
      const hi = (f[off + 4]! | (f[off + 5]! << 8) | (f[off + 6]! << 16) | (f[off + 7]! << 24)) >>> 0;
      const lo = (f[off]! | (f[off + 1]! << 8) | (f[off + 2]! << 16) | (f[off + 3]! << 24)) >>> 0;
      if (hi === 0) return lo === 0 ? 0n : BigInt(lo);
      const s = this.scratch;
      for (let j = 0; j < 8; j++) s[j] = f[off + j]!;
    } else this.read(phys, this.scratch, 8);
    return this.scratchView.getBigUint64(0, true);
  }

  /** Stores v modulo 2^64, little-endian. */
  writeBigU64(phys: number, v: bigint): void {
    const off = phys % PAGE_SIZE;
    if (off <= PAGE_SIZE - 8) {
      // within one frame: no write() loop, and a zero needs no BigInt conversion
      if (v === 0n) return this.writeU64(phys, 0, 0);
      this.scratchView.setBigUint64(0, v, true);
      const f = this.frameRW(Math.floor(phys / PAGE_SIZE));
      const s = this.scratch;
      for (let j = 0; j < 8; j++) f[off + j] = s[j]!;
      return;
    }
    this.scratchView.setBigUint64(0, v, true);
    this.write(phys, this.scratch);
  }

  /** Stores v modulo 2^32, little-endian. */
  writeU32(phys: number, v: number): void {
    const off = phys % PAGE_SIZE;
    if (off <= PAGE_SIZE - 4) {
      const f = this.frameRW(Math.floor(phys / PAGE_SIZE));
      f[off] = v;
      f[off + 1] = v >>> 8;
      f[off + 2] = v >>> 16;
      f[off + 3] = v >>> 24;
      return;
    }
    this.scratchView.setUint32(0, v >>> 0, true);
    this.write(phys, this.scratch, 4);
  }

  writeU64(phys: number, lo: number, hi: number): void {
    const off = phys % PAGE_SIZE;
    if (off <= PAGE_SIZE - 8) {
      const f = this.frameRW(Math.floor(phys / PAGE_SIZE));
      f[off] = lo;
      f[off + 1] = lo >>> 8;
      f[off + 2] = lo >>> 16;
      f[off + 3] = lo >>> 24;
      f[off + 4] = hi;
      f[off + 5] = hi >>> 8;
      f[off + 6] = hi >>> 16;
      f[off + 7] = hi >>> 24;
      return;
    }
    const b = new Uint8Array(8);
    const dv = new DataView(b.buffer);
    dv.setUint32(0, lo >>> 0, true);
    dv.setUint32(4, hi >>> 0, true);
    this.write(phys, b);
  }

  /** The frames that hold bytes (were ever written), in ascending order. */
  materializedPfns(): number[] {
    const out: number[] = [];
    this.chunks.forEach((c, ci) => c.frames.forEach((f, i) => f !== null && out.push(ci * FRAMES_PER_CHUNK + i)));
    return out;
  }

  /** Number of frames that hold bytes (were ever written). */
  materializedFrames(): number {
    let n = 0;
    for (const c of this.chunks) for (const f of c.frames) if (f !== null) n++;
    return n;
  }

  hashInto(h: Hasher): void {
    for (let ci = 0; ci < this.chunks.length; ci++) {
      const c = this.chunks[ci]!;
      for (let i = 0; i < FRAMES_PER_CHUNK; i++) {
        const f = c.frames[i]!;
        if (f === null) continue;
        const w = new Uint32Array(f.buffer, f.byteOffset, PAGE_SIZE / 4);
        let zero = true;
        for (let k = 0; k < w.length; k++) if (w[k] !== 0) { zero = false; break; }
        if (zero) continue;
        h.u32(ci * FRAMES_PER_CHUNK + i).words(w);
      }
      h.u32(0xc0ffee);
      // metadata is hashed as raw words of its Float64 columns
      h.words(new Uint32Array(c.meta.buffer, c.meta.byteOffset, c.meta.length * 2));
    }
  }
}
