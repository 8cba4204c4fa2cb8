// A byte range at the cursor with per-byte provenance, pattern and slab region.
import { directMapToPhys, hex } from '../linux/arch/x86/include/asm/pgtable_64_types.ts';
import type { Machine } from '../machine/machine.ts';
import { PAGE_SIZE } from '../linux/include/linux/mm_types.ts';
import type { Recorder } from '../engine/recorder.ts';
import { patternOf } from './patterns.ts';

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
  /** Why nothing could be shown, e.g. an address outside the direct map. */
  error: string | null;
}

export function hexView(m: Machine, rec: Recorder, cursor: number, va: bigint, len: number): HexView {
  const k = m.k;
  const phys = directMapToPhys(k.layout, va, k.ramBytes);
  const empty: HexView = { addr: hex(va), phys, len: 0, bytes: new Uint8Array(0), writer: new Int32Array(0), event: new Int32Array(0), writers: [], pattern: [], regions: [], object: null, owner: '', error: null };
  if (phys === null) return { ...empty, error: `${hex(va)} is not in the direct map (${hex(k.layout.pageOffset)} + ${k.config.ramMiB} MiB)` };
  len = Math.max(0, Math.min(len, k.ramBytes - phys, 65536));
  const bytes = new Uint8Array(len);
  k.mem.read(phys, bytes);
  const prov = rec.provenance(phys, len, cursor);
  const writers: string[] = [];
  const wIdx = new Map<string, number>();
  const writer = new Int32Array(len).fill(-1);
  const event = new Int32Array(len).fill(-1);
  const pattern: (string | null)[] = [];
  for (let i = 0; i < len; i++) {
    const p = prov[i];
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
    pattern.push(patternOf(bytes[i]!, p?.writer ?? null)?.name ?? null);
  }
  let object: HexObject | null = null;
  const regions: HexRegion[] = [];
  // every module that owns the byte names it: its object and the regions inside
  for (const info of m.describe(phys)) {
    if (info.object && !object) object = { cache: info.object.name, addr: k.va(info.object.phys), allocated: info.object.allocated, objectSize: info.object.objectSize, size: info.object.size };
    for (const r of info.regions) {
      const start = r.start - phys;
      const end = r.end - phys;
      if (end <= 0 || start >= len) continue;
      regions.push({ name: r.name, start: Math.max(0, start), end: Math.min(len, end) });
    }
  }
  return { addr: hex(va), phys, len, bytes, writer, event, writers, pattern, regions, object, owner: k.pages.ownerName(k.pages.owner(Math.floor(phys / PAGE_SIZE))), error: null };
}
