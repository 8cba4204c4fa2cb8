// What the page_pool panel draws, computed from the view: the ring's slots (empty ones too, up to
// a limit) and the label of a page.
import type { PpPage, PpPool } from './slice.ts';

/** Free ring slots drawn after the filled ones; the rest are a count. */
export const FREE_SLOTS_SHOWN = 8;

export interface SlotCell {
  index: number;
  page: string | null;
  pfn: number | null;
  twice: boolean;
}

/** The ring as cells: the filled slots and a few free ones, a page twice in it marked; `more` free slots not drawn. */
export function ringCells(pool: PpPool): { cells: SlotCell[]; more: number } {
  const seen = new Map<string, number>();
  for (const s of pool.ring) seen.set(s.page, (seen.get(s.page) ?? 0) + 1);
  const n = Math.min(pool.poolSize, pool.ring.length + FREE_SLOTS_SHOWN);
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

/** The pages in trouble first, then the rest in pfn order. */
export function pagesFirstTroubled(pages: readonly PpPage[]): PpPage[] {
  return [...pages.filter((p) => pageTrouble(p) !== null), ...pages.filter((p) => pageTrouble(p) === null)];
}
