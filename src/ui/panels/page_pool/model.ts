// What the page_pool panel draws, computed from the view: the ring's slots (empty ones too, up to
// a limit) and the label of a page.
import type { PpPage, PpPool } from './slice.ts';

/** Most ring slots drawn one by one; a larger ring shows its filled slots and the rest as a count. */
export const MAX_SLOTS = 64;

export interface SlotCell {
  index: number;
  page: string | null;
  pfn: number | null;
  twice: boolean;
}

/** The ring as cells: every slot up to MAX_SLOTS, a page twice in it marked. */
export function ringCells(pool: PpPool): { cells: SlotCell[]; more: number } {
  const seen = new Map<string, number>();
  for (const s of pool.ring) seen.set(s.page, (seen.get(s.page) ?? 0) + 1);
  const n = Math.min(pool.poolSize, MAX_SLOTS);
  const cells: SlotCell[] = [];
  for (let i = 0; i < n; i++) {
    const s = pool.ring[i];
    cells.push(s ? { index: i, page: s.page, pfn: s.pfn, twice: (seen.get(s.page) ?? 0) > 1 } : { index: i, page: null, pfn: null, twice: false });
  }
  return { cells, more: Math.max(0, pool.poolSize - n) };
}

/** "pfn 0x3840": how a page is named in cells. */
export function pfnLabel(pfn: number): string {
  return '0x' + pfn.toString(16);
}

/** Why a page stands out, or null. */
export function pageTrouble(p: PpPage): string | null {
  if (p.doubleRecycled) return 'recycled twice';
  if (p.inRing + p.inCache > 1) return 'in the pool twice';
  if (p.pool === null && p.owners.length > 0) return 'left the pool while in use';
  return null;
}
