// What the GEM view asks of a run at its cursor: every GEM shmem object of Panfrost or VirtIO-GPU
// (residency — pinned, unpinned in the page cache, in swap with its slots —, madvise state and
// reference count as simulated memory holds them), each shrinker list drawn from the list_head
// pointers in memory (where the ring stops coming back to its head), and the shrinker scans, the
// objects they evicted or purged and the direct reclaims of the whole run for the timeline lane.
import type { Recorder } from '../engine/recorder.ts';
import { GEM, SHMEM } from '../linux/include/drm/drm_gem_shmem_helper.ts';
import { EV_DIRECT_RECLAIM } from '../linux/mm/page_alloc_slowpath.ts';
import { EV_SHRINKER_SCAN } from '../linux/mm/shrinker.ts';
import { EV_SHMEM_EVICT, EV_SHMEM_PURGE } from '../linux/drivers/gpu/drm/drm_gem_shmem_helper.ts';
import type { Machine } from '../machine/machine.ts';

/** evicted: drm_gem_shmem_evict() let go of the pages (all still in the page cache); swapped: some of them are in swap. */
export type GemState = 'resident' | 'purgeable' | 'purged' | 'evicted' | 'swapped' | 'freed';

export interface GemObjectView {
  name: string;
  addr: string;
  task: string;
  pages: number;
  resident: number;
  swapped: number;
  /** Pages in the shmem file's page cache that no pages array pins (an evicted object's). */
  cached: number;
  /** The swap slots (swp_entry_t offsets) its swapped pages are in, as ranges: "0x1-0x100 0x10a". */
  slots: string;
  /** shmem->evicted (the v6 series) as memory holds it; null once freed. */
  evicted: boolean | null;
  /** VirtIO-GPU: the host resource id, and whether the host has the pages (attached) or not (detached); null on Panfrost. */
  resourceId: number | null;
  detached: boolean | null;
  /** shmem->madv as memory holds it (null once the struct is freed). */
  madv: number | null;
  refcount: number | null;
  /** shmem->pages_use_count and, with the v6 series, pages_pin_count (null once freed). */
  pagesUse: number | null;
  pins: number | null;
  /** shmem->vmap_use_count, and shmem->vaddr while mapped. */
  vmapUse: number | null;
  vaddr: string | null;
  handle: boolean;
  state: GemState;
  /** The named list its madv_list is on, when a walk from a head reaches it. */
  list: string | null;
}

export interface GemListNode {
  addr: string;
  /** The GEM object whose madv_list this is, or null (a head, or memory no object owns). */
  object: string | null;
  next: string;
  prev: string;
  /** next->prev points back here. */
  consistent: boolean;
}

export interface GemListView {
  name: string;
  addr: string;
  nodes: GemListNode[];
  /** Where the ring breaks: null when it comes back to its head. */
  broken: null | { at: number; why: string };
}

export interface GemView {
  objects: GemObjectView[];
  lists: GemListView[];
  freePages: number;
  watermarks: { min: number; low: number; high: number };
}

const hex = (v: bigint): string => `0x${v.toString(16)}`;

/** A 64-bit load through the direct map that never faults (a view only looks). */
function peek64(m: Machine, va: bigint): bigint | null {
  const off = va - m.k.layout.pageOffset;
  if (off < 0n || off + 8n > BigInt(m.k.ramBytes)) return null;
  const b = new Uint8Array(8);
  m.k.mem.read(Number(off), b);
  return new DataView(b.buffer).getBigUint64(0, true);
}

function peek32(m: Machine, va: bigint): number | null {
  const v = peek64(m, va);
  return v === null ? null : Number(v & 0xffffffffn);
}

export function gemView(m: Machine): GemView {
  const p = m.panfrost;
  const lists: GemListView[] = [];
  const onList = new Map<string, string>();
  const byEntry = new Map<bigint, string>();
  for (const o of p.objects) if (!o.freed || !byEntry.has(o.va + BigInt(SHMEM.madvList))) byEntry.set(o.va + BigInt(SHMEM.madvList), o.name);
  for (const [name, head] of p.heads.heads) {
    const nodes: GemListNode[] = [];
    let broken: GemListView['broken'] = null;
    const seen = new Set<bigint>();
    let cur = head;
    const bound = p.objects.length + 2;
    for (;;) {
      const next = peek64(m, cur);
      const prev = peek64(m, cur + 8n);
      if (next === null || prev === null) {
        broken = { at: nodes.length, why: `${hex(cur)} is not memory the kernel can read` };
        break;
      }
      const back = peek64(m, next + 8n);
      const object = byEntry.get(cur) ?? null;
      if (cur !== head) {
        nodes.push({ addr: hex(cur), object, next: hex(next), prev: hex(prev), consistent: back === cur });
        if (object) onList.set(object, name);
      }
      seen.add(cur);
      if (next === head) break;
      if (seen.has(next)) {
        broken = { at: nodes.length, why: `${hex(next)} comes round again without the head: a cycle the walk never leaves` };
        break;
      }
      if (nodes.length > bound) {
        broken = { at: nodes.length, why: 'longer than every object ever created' };
        break;
      }
      cur = next;
    }
    lists.push({ name, addr: hex(head), nodes, broken });
  }
  const objects = p.objects.map((o): GemObjectView => {
    const madvRaw = o.freed ? null : peek32(m, o.va + BigInt(SHMEM.madv));
    const madv = madvRaw === null ? null : madvRaw | 0;
    const flags = o.freed ? null : peek32(m, o.va + BigInt(SHMEM.evictionEnabled));
    const evicted = flags === null ? null : ((flags >>> 16) & 0xff) !== 0;
    const state: GemState = o.freed ? 'freed' : madv !== null && madv < 0 ? 'purged' : evicted || o.swapped > 0 ? (o.swapped > 0 ? 'swapped' : 'evicted') : madv !== null && madv > 0 ? 'purgeable' : 'resident';
    return {
      name: o.name,
      addr: hex(o.va),
      task: o.task,
      pages: o.pages,
      resident: o.frames.length,
      swapped: o.swapped,
      cached: o.cache.filter((x) => x >= 0).length,
      slots: slotRanges(o.slots),
      evicted,
      resourceId: o.resHandle ? o.resHandle : null,
      detached: o.resHandle ? o.detached : null,
      madv,
      refcount: o.freed ? null : peek32(m, o.va + BigInt(GEM.refcount)),
      pagesUse: o.freed ? null : peek32(m, o.va + BigInt(SHMEM.pagesUseCount)),
      pins: o.freed || !p.generic ? null : peek32(m, o.va + BigInt(SHMEM.pagesPinCount)),
      vmapUse: o.freed ? null : peek32(m, o.va + BigInt(SHMEM.vmapUseCount)),
      vaddr: o.freed ? null : vaddrOf(m, o.va),
      handle: o.handle,
      state,
      list: onList.get(o.name) ?? null,
    };
  });
  return { objects, lists, freePages: m.k.buddy.nrFreePages, watermarks: p.alloc.watermarks() };
}

/** Slots as hex ranges in page order: "0x1-0x100 0x10a". */
export function slotRanges(slots: readonly number[]): string {
  const out: string[] = [];
  let start = -1;
  let prev = -1;
  const flush = (): void => {
    if (start >= 0) out.push(start === prev ? `0x${start.toString(16)}` : `0x${start.toString(16)}-0x${prev.toString(16)}`);
  };
  for (const s of slots) {
    if (s < 0) continue;
    if (start >= 0 && s === prev + 1) {
      prev = s;
      continue;
    }
    flush();
    start = s;
    prev = s;
  }
  flush();
  return out.join(' ');
}

function vaddrOf(m: Machine, va: bigint): string | null {
  const v = peek64(m, va + BigInt(SHMEM.vaddr));
  return v === null || v === 0n ? null : hex(v);
}

export interface ShrinkerScan {
  event: number;
  /** 'scan' (a shrinker's scan_objects()), 'reclaim' (a direct reclaim began), 'evict' or 'purge' (what a scan did to one GEM object). */
  kind: 'scan' | 'reclaim' | 'evict' | 'purge';
  task: string;
  text: string;
}

// every direct reclaim and shrinker scan of the run, and each GEM object a scan evicted or purged, for the timeline lane
export function shrinkerScans(rec: Recorder): ShrinkerScan[] {
  const log = rec.log;
  const scan = log.seenKindId(EV_SHRINKER_SCAN);
  const reclaim = log.seenKindId(EV_DIRECT_RECLAIM);
  const evict = log.seenKindId(EV_SHMEM_EVICT);
  const purge = log.seenKindId(EV_SHMEM_PURGE);
  const out: ShrinkerScan[] = [];
  if (scan < 0 && reclaim < 0) return out;
  for (let i = 0; i < log.length; i++) {
    const kid = log.kindAt(i);
    if (kid < 0 || (kid !== scan && kid !== reclaim && kid !== evict && kid !== purge)) continue;
    const p = log.payloadAt(i);
    const task = log.get(i).task;
    if (kid === evict) out.push({ event: i, kind: 'evict', task, text: `drm_gem_shmem_evict: ${String(p?.bo)}, ${String(p?.pages)} pages let go to the page cache (reclaim writes them to swap)` });
    else if (kid === purge) out.push({ event: i, kind: 'purge', task, text: `drm_gem_shmem_purge: ${String(p?.bo)}, ${String(p?.pages)} pages dropped` });
    else if (kid === scan) out.push({ event: i, kind: 'scan', task, text: `${String(p?.fn)}: nr_to_scan ${String(p?.nr_to_scan)}, freed ${String(p?.freed)} (priority ${String(p?.priority)})` });
    else out.push({ event: i, kind: 'reclaim', task, text: `direct reclaim (${String(p?.gfp)}), ${String(p?.free)} pages free` });
  }
  return out;
}
