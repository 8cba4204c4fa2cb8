// What the GPU views ask of a run: the VRAM map at the cursor (every buffer object with its
// placement and its state: resident, evicting, evicted, failed, pinned), one buffer object's
// history (the events that created, moved, evicted, pinned or released it), the evictions of the
// whole run as timeline lanes (one per memory type and LRU priority, from the ttm.evict,
// ttm.eviction_failed and ttm.bo_move events), and the framebuffer the display scans out, as
// RGBA pixels. Read-only use of the TTM and nouveau models.
import type { EventLog } from '../engine/events.ts';
import type { Finding, Recorder } from '../engine/recorder.ts';
import { PAGE_SIZE } from '../engine/cow.ts';
import { EV_BO_INIT, EV_BO_MOVE, EV_BO_RELEASE, EV_EVICT, EV_EVICT_FAILED, EV_LRU_ADD, EV_LRU_DEL, EV_PIN } from '../linux/drivers/gpu/drm/ttm/ttm_bo.ts';
import { EV_RESOURCE_ALLOC, EV_RESOURCE_FREE } from '../linux/drivers/gpu/drm/ttm/ttm_resource.ts';
import { EV_NOUVEAU_MOVE } from '../linux/drivers/gpu/drm/nouveau/nouveau_bo.ts';
import { boPage, EV_SCANOUT } from '../linux/drivers/gpu/drm/nouveau/nouveau_display.ts';
import { FB_HEIGHT, FB_PITCH, FB_WIDTH } from '../linux/drivers/gpu/drm/nouveau/nouveau_fbcon.ts';
import { memTypeName, TTM_PL_VRAM } from '../linux/include/drm/ttm/ttm_placement.ts';
import { VRAM_PROV_BASE } from '../machine/gpu.ts';
import type { Machine } from '../machine/machine.ts';
import { vramView, type VramBo } from './vram.ts';

// ---------------------------------------------------------------- buffer-object states

/** Where a buffer object stands at the cursor, as the VRAM map colors it. */
export type BoState = 'resident' | 'evicting' | 'evicted' | 'failed' | 'pinned';

export const BO_STATES: readonly BoState[] = ['resident', 'pinned', 'evicting', 'evicted', 'failed'];

/** What the log says about one buffer object's evictions up to a moment. */
interface EvictTrack {
  /** The eviction under way (its ttm.evict event), or -1. */
  open: number;
  /** The last eviction's event, or -1. */
  last: number;
  /** The range it was evicted from: [memory type, byte offset, pages]. */
  from: [string, number, number] | null;
  /** Its last move was an eviction (and nothing moved it since). */
  evicted: boolean;
  /** The error of its last eviction when that failed (and nothing moved it since), else null. */
  failed: number | null;
}

/** Per buffer-object id, its evictions in events [0, to). */
function evictTracks(log: EventLog, to: number): Map<number, EvictTrack> {
  const out = new Map<number, EvictTrack>();
  const evict = log.seenKindId(EV_EVICT);
  if (evict < 0) return out;
  const failed = log.seenKindId(EV_EVICT_FAILED);
  const move = log.seenKindId(EV_BO_MOVE);
  const n = Math.min(to, log.length);
  for (let i = 0; i < n; i++) {
    const k = log.kindAt(i);
    if (k !== evict && k !== failed && k !== move) continue;
    const id = log.aAt(i);
    let t = out.get(id);
    if (k === evict) {
      const p = log.payloadAt(i);
      if (!t) out.set(id, (t = { open: -1, last: -1, from: null, evicted: false, failed: null }));
      t.open = i;
      t.last = i;
      t.from = [String(p?.from ?? memTypeName(log.bAt(i))), Number(p?.start ?? -1) * PAGE_SIZE, Number(p?.pages ?? 0)];
      continue;
    }
    if (!t) continue;
    if (k === failed) {
      t.open = -1;
      t.failed = log.bAt(i);
      t.evicted = false;
      continue;
    }
    // ttm.bo_move: an eviction under way ends here; any other move ends what the last one left
    t.evicted = t.open >= 0;
    t.failed = null;
    t.open = -1;
  }
  return out;
}

export interface VramMapBo extends VramBo {
  state: BoState;
  /** Evicting, evicted or failed: the range the eviction took it from. */
  evictedFrom: { mem: string; offset: number; pages: number } | null;
  /** Its last eviction before the cursor (ttm.evict), or -1. */
  evictEvent: number;
  /** The error of its failed eviction (failed only). */
  error: number | null;
}

export interface VramManagerView {
  device: string;
  mem: string;
  /** Pages the manager has, and has allocated (0 for SYSTEM, which does not count). */
  sizePages: number;
  usedPages: number;
}

export interface VramMap {
  vramBytes: number;
  /** The CPU-visible BAR1 aperture: VRAM [0, barBytes). */
  barBytes: number;
  bos: VramMapBo[];
  managers: VramManagerView[];
  /** Per device and memory type, the LRU lists from priority 0, each head first. */
  lru: { device: string; mem: string; lists: string[][] }[];
  counts: Record<BoState, number>;
  /** The buffer object the display scans out, or the one it will again after resume. */
  scanout: string | null;
}

/** The VRAM map at the cursor (the caller has seeked the session there). */
export function vramMap(m: Machine, rec: Recorder, at: number): VramMap {
  const v = vramView(m);
  const tracks = evictTracks(rec.log, at);
  const counts: Record<BoState, number> = { resident: 0, evicting: 0, evicted: 0, failed: 0, pinned: 0 };
  const bos: VramMapBo[] = v.bos.map((b) => {
    const t = tracks.get(b.id);
    let state: BoState = b.pinned ? 'pinned' : 'resident';
    if (t && t.open >= 0) state = 'evicting';
    else if (t && t.failed !== null) state = 'failed';
    else if (t && t.evicted && t.from && t.from[0] !== b.mem) state = 'evicted';
    counts[state]++;
    const from = t && t.from && state !== 'resident' && state !== 'pinned' ? { mem: t.from[0], offset: t.from[1], pages: t.from[2] } : null;
    return { ...b, state, evictedFrom: from, evictEvent: t?.last ?? -1, error: state === 'failed' ? (t?.failed ?? null) : null };
  });
  const managers: VramManagerView[] = [];
  for (const d of m.ttm.glob.devices)
    d.managers.forEach((man) => {
      if (man) managers.push({ device: d.name, mem: memTypeName(man.memType), sizePages: man.size, usedPages: man.used });
    });
  const st = m.nouveau.hasGpu ? m.nouveau.st : null;
  const shown = st ? (st.scanout >= 0 ? st.scanout : st.savedScanout) : -1;
  return { vramBytes: v.vramBytes, barBytes: v.barBytes, bos, managers, lru: v.lru, counts, scanout: shown >= 0 ? m.ttm.bo(shown).name : null };
}

// ---------------------------------------------------------------- one buffer object's history

export interface BoHistoryRow {
  event: number;
  kind: string;
  /** What happened, in words ("moved VRAM → TT", "eviction failed: -EINVAL"). */
  text: string;
  /** It moved, evicted, pinned, created or released the buffer, or is a finding about it (not LRU or resource bookkeeping). */
  major: boolean;
  /** A failure (failed eviction, fence timeout, garbled scanout). */
  bad: boolean;
  task: string;
}

const ERRNO: Readonly<Record<number, string>> = { [-4]: '-EINTR', [-12]: '-ENOMEM', [-16]: '-EBUSY', [-22]: '-EINVAL', [-28]: '-ENOSPC', [-512]: '-ERESTARTSYS' };

export function errnoName(e: number): string {
  return ERRNO[e] ?? String(e);
}

function hexOff(bytes: number): string {
  return `0x${bytes.toString(16)}`;
}

function mib(pages: number): string {
  const b = pages * PAGE_SIZE;
  return b >= 1 << 20 ? `${(b / (1 << 20)).toFixed(b % (1 << 20) === 0 ? 0 : 2)} MiB` : `${b >> 10} KiB`;
}

const MEM_OF_NUMBER = (v: unknown): string => (typeof v === 'number' ? memTypeName(v) : String(v));

/** Every event of the run about the buffer objects named `name` (later ones too: the caller dims them), with the findings about them. */
export function boHistory(rec: Recorder, name: string): BoHistoryRow[] {
  const log = rec.log;
  const kinds = new Map<number, string>();
  for (const k of [EV_BO_INIT, EV_BO_MOVE, EV_BO_RELEASE, EV_EVICT, EV_EVICT_FAILED, EV_LRU_ADD, EV_LRU_DEL, EV_PIN, EV_RESOURCE_ALLOC, EV_RESOURCE_FREE, EV_NOUVEAU_MOVE, EV_SCANOUT]) {
    const id = log.seenKindId(k);
    if (id >= 0) kinds.set(id, k);
  }
  const init = log.seenKindId(EV_BO_INIT);
  const ids = new Set<number>();
  const rows: BoHistoryRow[] = [];
  for (let i = 0; i < log.length; i++) {
    const kid = log.kindAt(i);
    const kind = kinds.get(kid);
    if (kind === undefined) continue;
    const p = log.payloadAt(i);
    if (kid === init) {
      if (p?.bo !== name) continue;
      ids.add(log.aAt(i));
    } else if (!ids.has(log.aAt(i))) continue;
    const row = (text: string, major: boolean, bad = false): void => {
      rows.push({ event: i, kind, text, major, bad, task: log.get(i).task });
    };
    switch (kind) {
      case EV_BO_INIT:
        row(`created: ${p?.pages} pages (${mib(Number(p?.pages ?? 0))}) for ${p?.owner}`, true);
        break;
      case EV_RESOURCE_ALLOC:
        row(`asks ${p?.mem} for ${p?.pages} pages`, false);
        break;
      case EV_RESOURCE_FREE:
        row(`gives back its ${p?.mem} range${p?.mem === 'VRAM' ? ` at ${hexOff(Number(p?.start) * PAGE_SIZE)}` : ''}`, false);
        break;
      case EV_LRU_ADD:
        row(`onto the ${p?.mem} LRU list, priority ${p?.priority} (at its tail)`, false);
        break;
      case EV_LRU_DEL:
        row(`off the ${p?.mem} LRU list, priority ${p?.priority}`, false);
        break;
      case EV_BO_MOVE:
        row(p?.from === p?.to ? `placed in ${p?.to}${p?.to === 'VRAM' ? ` at ${hexOff(Number(p?.start) * PAGE_SIZE)}` : ''}` : `moved ${p?.from} → ${p?.to}${p?.to === 'VRAM' ? ` at ${hexOff(Number(p?.start) * PAGE_SIZE)}` : ''}`, true);
        break;
      case EV_NOUVEAU_MOVE:
        row(`nouveau_bo_move(): ${MEM_OF_NUMBER(p?.from)} → ${MEM_OF_NUMBER(p?.to)}${p?.evict ? ' (eviction)' : ''}`, false);
        break;
      case EV_EVICT:
        row(`ttm_bo_evict(): out of ${p?.from} at ${hexOff(Number(p?.start) * PAGE_SIZE)}`, true);
        break;
      case EV_EVICT_FAILED:
        row(`eviction failed: ${errnoName(Number(p?.error))}`, true, true);
        break;
      case EV_PIN:
        row(`pin_count ${p?.pin_count}`, true);
        break;
      case EV_SCANOUT:
        row('scanned out by the display (pinned in VRAM)', true);
        break;
      case EV_BO_RELEASE:
        row(`released (from ${p?.mem})`, true);
        break;
    }
  }
  for (const f of rec.findings) {
    // the failed eviction is its event's row already
    if (f.fields.bo !== name || f.kind === 'ttm.eviction_failed') continue;
    rows.push({ event: f.event, kind: f.kind, text: f.title, major: true, bad: true, task: f.event < log.length ? log.get(f.event).task : '' });
  }
  return rows.sort((a, b) => a.event - b.event);
}

// ---------------------------------------------------------------- eviction lanes

export type EvictionOutcome = 'moved' | 'failed' | 'unfinished';

/** One eviction: from its ttm.evict event to the move that ended it or its failure. */
export interface EvictionSpan {
  bo: string;
  id: number;
  /** Events [from, to): ttm.evict up to and including the event that ended it. */
  from: number;
  to: number;
  outcome: EvictionOutcome;
  /** Where it went (moved only). */
  dest: string | null;
  /** The error of a failed eviction. */
  error: number | null;
  /** A fence wait timed out inside it (gpu.fence_timeout). */
  timedOut: boolean;
}

export interface EvictionLane {
  /** The manager the buffers were evicted from, and the LRU priority they were on. */
  mem: string;
  priority: number;
  spans: EvictionSpan[];
}

/** Every eviction of the run, one lane per memory type and LRU priority (VRAM first, priority 0 first). */
export function evictionLanes(rec: Recorder, total = rec.log.length): EvictionLane[] {
  const log = rec.log;
  const evict = log.seenKindId(EV_EVICT);
  if (evict < 0) return [];
  const failed = log.seenKindId(EV_EVICT_FAILED);
  const move = log.seenKindId(EV_BO_MOVE);
  const lruAdd = log.seenKindId(EV_LRU_ADD);
  const lruDel = log.seenKindId(EV_LRU_DEL);
  const n = Math.min(total, log.length);
  /** The LRU priority each buffer was last listed at. */
  const prio = new Map<number, number>();
  const open = new Map<number, EvictionSpan>();
  const spans: { lane: string; span: EvictionSpan }[] = [];
  const laneOf = new Map<string, EvictionLane>();
  for (let i = 0; i < n; i++) {
    const k = log.kindAt(i);
    if (k === lruAdd || k === lruDel) {
      const p = log.payloadAt(i);
      if (typeof p?.priority === 'number') prio.set(log.aAt(i), p.priority);
      continue;
    }
    if (k !== evict && k !== failed && k !== move) continue;
    const id = log.aAt(i);
    if (k === evict) {
      const p = log.payloadAt(i);
      const mem = String(p?.from ?? memTypeName(log.bAt(i)));
      const priority = prio.get(id) ?? 0;
      const key = `${mem}:${priority}`;
      if (!laneOf.has(key)) laneOf.set(key, { mem, priority, spans: [] });
      const span: EvictionSpan = { bo: String(p?.bo ?? id), id, from: i, to: i + 1, outcome: 'unfinished', dest: null, error: null, timedOut: false };
      // an eviction still open when another starts for the same buffer never finished
      open.set(id, span);
      spans.push({ lane: key, span });
      continue;
    }
    const span = open.get(id);
    if (!span) continue;
    open.delete(id);
    span.to = i + 1;
    if (k === failed) {
      span.outcome = 'failed';
      span.error = log.bAt(i);
    } else {
      span.outcome = 'moved';
      span.dest = String(log.payloadAt(i)?.to ?? memTypeName(log.bAt(i)));
    }
  }
  // an unfinished eviction lasts until the next one starts, or the end of the run
  const byStart = spans.map((s) => s.span);
  for (let j = 0; j < byStart.length; j++) {
    const s = byStart[j]!;
    if (s.outcome === 'unfinished') s.to = Math.max(s.from + 1, byStart[j + 1]?.from ?? n);
  }
  markTimeouts(byStart, rec.findings);
  for (const { lane, span } of spans) laneOf.get(lane)!.spans.push(span);
  const order = (mem: string) => (mem === 'VRAM' ? 0 : mem === 'TT' ? 1 : 2);
  return [...laneOf.values()].sort((a, b) => order(a.mem) - order(b.mem) || a.mem.localeCompare(b.mem) || a.priority - b.priority);
}

function markTimeouts(spans: EvictionSpan[], findings: readonly Finding[]): void {
  const byBo = new Map<string, EvictionSpan[]>();
  for (const s of spans) {
    const l = byBo.get(s.bo);
    if (l) l.push(s);
    else byBo.set(s.bo, [s]);
  }
  for (const f of findings) {
    if (f.kind !== 'gpu.fence_timeout' || typeof f.fields.bo !== 'string') continue;
    const s = byBo.get(f.fields.bo)?.find((x) => f.event >= x.from && f.event < x.to);
    if (s) s.timedOut = true;
  }
}

/** What a run with a GPU says about it once: VRAM, BAR and the eviction lanes. */
export interface GpuRunInfo {
  vramBytes: number;
  barBytes: number;
  lanes: EvictionLane[];
}

export function gpuRunInfo(m: Machine, rec: Recorder, total: number): GpuRunInfo | null {
  if (!m.nouveau.hasGpu) return null;
  return { vramBytes: m.nouveau.gpu.vramBytes, barBytes: m.nouveau.gpu.barBytes, lanes: evictionLanes(rec, total) };
}

// ---------------------------------------------------------------- the framebuffer as an image

/** What the display shows: the buffer it scans out, the one it will scan out after resume (heads off), or the console's. */
export type ScanoutState = 'scanout' | 'off' | 'console' | 'none';

export interface FramebufferImage {
  /** The moment it shows (events before it applied). */
  at: number;
  state: ScanoutState;
  bo: string | null;
  mem: string | null;
  /** Its VRAM offset in bytes, or -1 outside VRAM. */
  offset: number;
  /** Above the BAR1 window (VRAM only). */
  beyondBar: boolean;
  /** The framebuffer's size in pixels (XRGB8888), and the image's: every `step`-th pixel of every `step`-th line. */
  fbWidth: number;
  fbHeight: number;
  step: number;
  width: number;
  height: number;
  /** width * height RGBA pixels. */
  rgba: Uint8Array;
  /** Who last wrote the pixels: writers of a sample of pages, most pages first. */
  writers: { writer: string; pages: number }[];
  sampledPages: number;
}

const SAMPLES = 32;

function noImage(at: number, step: number): FramebufferImage {
  return { at, state: 'none', bo: null, mem: null, offset: -1, beyondBar: false, fbWidth: 0, fbHeight: 0, step, width: 0, height: 0, rgba: new Uint8Array(0), writers: [], sampledPages: 0 };
}

/** The framebuffer at the cursor (the caller has seeked the session there), every `step`-th pixel. */
export function framebufferImage(m: Machine, rec: Recorder, at: number, stepArg: number): FramebufferImage {
  const step = Math.max(1, Math.min(8, Math.floor(stepArg) || 1));
  if (!m.nouveau.hasGpu) return noImage(at, step);
  const drm = m.nouveau;
  const st = drm.st;
  const [id, state]: [number, ScanoutState] = st.scanout >= 0 ? [st.scanout, 'scanout'] : st.savedScanout >= 0 ? [st.savedScanout, 'off'] : st.fbcon >= 0 ? [st.fbcon, 'console'] : [-1, 'none'];
  if (id < 0) return noImage(at, step);
  const bo = m.ttm.bo(id);
  const fbHeight = Math.min(FB_HEIGHT, Math.floor((bo.numPages * PAGE_SIZE) / FB_PITCH));
  const width = Math.ceil(FB_WIDTH / step);
  const height = Math.ceil(fbHeight / step);
  const rgba = new Uint8Array(width * height * 4);
  let pageIdx = -1;
  let page: Uint8Array | null = null;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const off = y * step * FB_PITCH + x * step * 4;
      const pi = Math.floor(off / PAGE_SIZE);
      if (pi !== pageIdx) {
        pageIdx = pi;
        page = boPage(drm, bo, pi);
      }
      const o = (y * width + x) * 4;
      const po = off % PAGE_SIZE;
      // XRGB8888, little endian: B G R X
      if (page) {
        rgba[o] = page[po + 2]!;
        rgba[o + 1] = page[po + 1]!;
        rgba[o + 2] = page[po]!;
      }
      rgba[o + 3] = 255;
    }
  }
  const vram = bo.mem.memType === TTM_PL_VRAM && bo.mem.start >= 0;
  const fbPages = Math.ceil((fbHeight * FB_PITCH) / PAGE_SIZE);
  const count = new Map<string, number>();
  const samples = Math.min(SAMPLES, fbPages);
  for (let s = 0; s < samples; s++) {
    const i = Math.floor((s * fbPages) / samples);
    let addr = -1;
    if (vram) addr = VRAM_PROV_BASE + (bo.mem.start + i) * PAGE_SIZE;
    else {
      const pfn = bo.ttm?.pages[i] ?? -1;
      if (pfn >= 0) addr = pfn * PAGE_SIZE;
    }
    const w = addr < 0 ? 'not populated' : (rec.provenance(addr, 1, at)[0]?.writer ?? 'nothing since boot');
    count.set(w, (count.get(w) ?? 0) + 1);
  }
  const writers = [...count].map(([writer, pages]) => ({ writer, pages })).sort((a, b) => b.pages - a.pages || a.writer.localeCompare(b.writer));
  const beyondBar = vram && (bo.mem.start + bo.numPages) * PAGE_SIZE > drm.gpu.barBytes;
  return { at, state, bo: bo.name, mem: memTypeName(bo.mem.memType), offset: vram ? bo.mem.start * PAGE_SIZE : -1, beyondBar, fbWidth: FB_WIDTH, fbHeight, step, width, height, rgba, writers, sampledPages: samples };
}
