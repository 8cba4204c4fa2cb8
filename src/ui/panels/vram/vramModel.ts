// What the VRAM view says in words, computed from the map at the cursor: the buffers worth a look,
// the LRU lists with the buffer each would give up next, the line under the map.
import { sizeText, type BoState, type VramMap, type VramMapBo } from './gpu.ts';

const RANK: Readonly<Record<BoState, number>> = { failed: 0, evicting: 1, evicted: 2, pinned: 3, resident: 4 };

/** Most buffers the side list shows. */
export const LIST_MAX = 200;

/** Failed, evicting, evicted and pinned buffers, in that order (evictions in the order they happened). */
export function attentionList(map: VramMap, max = LIST_MAX): { shown: VramMapBo[]; more: number } {
  const all = map.bos
    .filter((b) => b.state !== 'resident')
    .sort((a, b) => RANK[a.state] - RANK[b.state] || a.evictEvent - b.evictEvent || a.offset - b.offset || a.id - b.id);
  return { shown: all.slice(0, max), more: Math.max(0, all.length - max) };
}

export interface LruLine {
  key: string;
  label: string;
  count: number;
  /** The head: what ttm_mem_evict_first() takes next. */
  head: string | null;
}

/** The non-empty LRU lists, by memory type and priority. */
export function lruSummary(map: VramMap): LruLine[] {
  const devices = new Set(map.lru.map((l) => l.device));
  const out: LruLine[] = [];
  for (const l of map.lru)
    l.lists.forEach((list, prio) => {
      if (list.length === 0) return;
      const dev = devices.size > 1 ? `${l.device} ` : '';
      out.push({ key: `${l.device}:${l.mem}:${prio}`, label: `${dev}${l.mem} LRU[${prio}]`, count: list.length, head: list[0] ?? null });
    });
  return out;
}

/** The line under the map for a buffer. */
export function boLine(b: VramMapBo): string {
  const where = b.mem === 'VRAM' && b.offset >= 0 ? `VRAM 0x${b.offset.toString(16)}–0x${(b.offset + b.pages * 4096 - 1).toString(16)}` : b.mem;
  return `${where} · ${sizeText(b.pages * 4096)} · ${b.owner}`;
}
