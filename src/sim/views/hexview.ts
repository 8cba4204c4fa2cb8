// A byte range at the cursor with per-byte provenance, pattern and slab region. Any virtual
// address: the direct map, and through the page tables the model has (translate.ts) the kernel
// image, vmalloc and module space and user address spaces; a non-canonical one is explained.
import { hex } from '../linux/arch/x86/include/asm/pgtable_64_types.ts';
import type { Machine } from '../machine/machine.ts';
import { PAGE_SIZE } from '../linux/include/linux/mm_types.ts';
import type { Recorder } from '../engine/recorder.ts';
import { patternOf } from './patterns.ts';
import { translateRange } from './translate.ts';

export interface HexRegion {
  name: string;
  /** Offsets relative to the view start, [start, end). */
  start: number;
  end: number;
}

export interface HexObject {
  cache: string;
  /** Address the caller's pointer holds. */
  addr: string;
  allocated: boolean;
  objectSize: number;
  size: number;
}

export interface HexView {
  addr: string;
  phys: number | null;
  len: number;
  bytes: Uint8Array;
  /** Per byte: index into `writers`, or -1 when never written since boot. */
  writer: Int32Array;
  /** Per byte: the event that last wrote it, or -1. */
  event: Int32Array;
  writers: string[];
  /** Per byte: pattern name or null. */
  pattern: (string | null)[];
  regions: HexRegion[];
  object: HexObject | null;
  owner: string;
  /** Why nothing could be shown, e.g. an address nothing maps, or one that is not canonical. */
  error: string | null;
  /** How the address was translated when not through the direct map (user, vmalloc, module, kernel image). */
  via?: string;
  /** Why the bytes stop before the length asked (the next page is not mapped). */
  note?: string;
  /** For a non-canonical address: the canonical address it would be with its bad bits fixed. */
  canonical?: string;
}

export function hexView(m: Machine, rec: Recorder, cursor: number, va: bigint, len: number): HexView {
  const k = m.k;
  const want = Math.max(0, Math.min(len, 65536));
  const t = translateRange(m, va, Math.max(1, want));
  const empty: HexView = { addr: hex(va), phys: null, len: 0, bytes: new Uint8Array(0), writer: new Int32Array(0), event: new Int32Array(0), writers: [], pattern: [], regions: [], object: null, owner: '', error: null };
  const first = t.runs[0];
  if (!first) return { ...empty, error: t.why ?? `${hex(va)} is not mapped`, ...(t.canonical !== undefined ? { canonical: hex(t.canonical) } : {}) };
  const extra = { ...(t.via !== null ? { via: t.via } : {}), ...(t.why !== null && want > 0 ? { note: t.why } : {}) };
  // a view of length 0 still says where it is
  const runs = want === 0 ? [] : t.runs;
  len = runs.reduce((n, r) => n + r.len, 0);
  const bytes = new Uint8Array(len);
  const writers: string[] = [];
  const wIdx = new Map<string, number>();
  const writer = new Int32Array(len).fill(-1);
  const event = new Int32Array(len).fill(-1);
  const pattern: (string | null)[] = new Array<string | null>(len).fill(null);
  let object: HexObject | null = null;
  const regions: HexRegion[] = [];
  for (const run of runs) {
    const part = bytes.subarray(run.offset, run.offset + run.len);
    k.mem.read(run.phys, part);
    const prov = rec.provenance(run.phys, run.len, cursor);
    for (let j = 0; j < run.len; j++) {
      const i = run.offset + j;
      const p = prov[j];
      if (p) {
        let w = wIdx.get(p.writer);
        if (w === undefined) {
          w = writers.length;
          writers.push(p.writer);
          wIdx.set(p.writer, w);
        }
        writer[i] = w;
        event[i] = p.event;
      }
      pattern[i] = patternOf(bytes[i]!, p?.writer ?? null)?.name ?? null;
    }
    // every module that owns the byte names it: its object and the regions inside
    for (const info of m.describe(run.phys)) {
      if (info.object && !object) object = { cache: info.object.name, addr: k.va(info.object.phys), allocated: info.object.allocated, objectSize: info.object.objectSize, size: info.object.size };
      for (const r of info.regions) {
        const start = r.start - run.phys;
        const end = r.end - run.phys;
        if (end <= 0 || start >= run.len) continue;
        regions.push({ name: r.name, start: run.offset + Math.max(0, start), end: run.offset + Math.min(run.len, end) });
      }
    }
  }
  return { addr: hex(va), phys: first.phys, len, bytes, writer, event, writers, pattern, regions, object, owner: k.pages.ownerName(k.pages.owner(Math.floor(first.phys / PAGE_SIZE))), error: null, ...extra };
}
