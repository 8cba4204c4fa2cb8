// What a VRAM view asks of a run at its cursor: the GPU's memory and BAR1, every buffer object
// (placement, range, pinned, on which LRU list), the LRU lists by manager and priority, and VRAM
// bytes with their provenance (VRAM write records live at VRAM_PROV_BASE + offset).
import type { Recorder } from '../engine/recorder.ts';
import { PAGE_SIZE } from '../engine/cow.ts';
import { memTypeName } from '../linux/include/drm/ttm/ttm_placement.ts';
import { ttmBoPinned } from '../linux/drivers/gpu/drm/ttm/ttm_bo.ts';
import { VRAM_PROV_BASE } from '../machine/gpu.ts';
import type { Machine } from '../machine/machine.ts';
import { patternOf } from './patterns.ts';

export interface VramBo {
  id: number;
  name: string;
  owner: string;
  device: string;
  mem: string;
  /** Byte offset in its manager (VRAM offset for VRAM), or -1. */
  offset: number;
  pages: number;
  pinned: boolean;
  /** [memory type, priority] of the LRU list it is on, or null. */
  lru: [string, number] | null;
  /** Above the BAR1 window (VRAM only): the CPU cannot reach it. */
  beyondBar: boolean;
}

export interface VramView {
  vramBytes: number;
  barBytes: number;
  bos: VramBo[];
  /** Per device and memory type, the LRU lists from priority 0, each head first (buffer-object names). */
  lru: { device: string; mem: string; lists: string[][] }[];
}

export function vramView(m: Machine): VramView {
  const t = m.ttm;
  const gpu = m.nouveau.hasGpu ? m.nouveau.gpu : null;
  const bos: VramBo[] = [];
  for (const b of t.glob.bos) {
    if (b.destroyed || b.drv.ghost) continue;
    const dev = t.glob.devices[b.dev]!;
    const vram = b.mem.memType === 2;
    bos.push({
      id: b.id,
      name: b.name,
      owner: b.owner,
      device: dev.name,
      mem: memTypeName(b.mem.memType),
      offset: b.mem.start < 0 ? -1 : b.mem.start * PAGE_SIZE,
      pages: b.numPages,
      pinned: ttmBoPinned(b),
      lru: b.lru ? [memTypeName(b.lru[0]), b.lru[1]] : null,
      beyondBar: gpu !== null && vram && dev.driver === 'nouveau' && (b.mem.start + b.numPages) * PAGE_SIZE > gpu.barBytes,
    });
  }
  const lru: VramView['lru'] = [];
  for (const d of t.glob.devices)
    d.managers.forEach((man) => {
      if (man) lru.push({ device: d.name, mem: memTypeName(man.memType), lists: man.lru.map((l) => l.map((id) => t.bo(id).name)) });
    });
  return { vramBytes: gpu?.vramBytes ?? 0, barBytes: gpu?.barBytes ?? 0, bos, lru };
}

export interface VramBytes {
  offset: number;
  bytes: Uint8Array;
  /** Per byte: the writer's index in `writers`, -1 when nothing wrote it since boot. */
  writer: Int32Array;
  writers: string[];
  pattern: (string | null)[];
  /** The buffer object covering the first byte, if any. */
  bo: string | null;
}

/** VRAM [offset, offset + len) at the cursor (the caller has seeked the session there). */
export function vramBytes(m: Machine, rec: Recorder, cursor: number, offset: number, len: number): VramBytes | null {
  if (!m.nouveau.hasGpu) return null;
  const gpu = m.nouveau.gpu;
  len = Math.max(0, Math.min(len, gpu.vramBytes - offset, 65536));
  const bytes = new Uint8Array(len);
  gpu.vram.read(offset, bytes);
  const prov = rec.provenance(VRAM_PROV_BASE + offset, len, cursor);
  const writers: string[] = [];
  const idx = new Map<string, number>();
  const writer = new Int32Array(len).fill(-1);
  const pattern: (string | null)[] = [];
  for (let i = 0; i < len; i++) {
    const p = prov[i];
    if (p) {
      let w = idx.get(p.writer);
      if (w === undefined) {
        w = writers.length;
        writers.push(p.writer);
        idx.set(p.writer, w);
      }
      writer[i] = w;
    }
    pattern.push(p?.writer.startsWith('VRAM lost') ? 'VRAM lost in S3' : (patternOf(bytes[i]!, p?.writer ?? null)?.name ?? null));
  }
  return { offset, bytes, writer, writers, pattern, bo: m.nouveau.vramOwner(offset)?.name ?? null };
}
