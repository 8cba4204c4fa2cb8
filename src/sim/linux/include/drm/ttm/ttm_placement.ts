// Memory types and placement flags, include/drm/ttm/ttm_placement.h 5.10.

export const TTM_PL_SYSTEM = 0;
export const TTM_PL_TT = 1;
export const TTM_PL_VRAM = 2;
export const TTM_PL_PRIV = 3;
/** TTM_NUM_MEM_TYPES. */
export const TTM_NUM_MEM_TYPES = 8;

export const TTM_PL_FLAG_CACHED = 1 << 16;
export const TTM_PL_FLAG_UNCACHED = 1 << 17;
export const TTM_PL_FLAG_WC = 1 << 18;
export const TTM_PL_FLAG_CONTIGUOUS = 1 << 19;
export const TTM_PL_FLAG_NO_EVICT = 1 << 21;
export const TTM_PL_FLAG_TOPDOWN = 1 << 22;
export const TTM_PL_MASK_CACHING = TTM_PL_FLAG_CACHED | TTM_PL_FLAG_UNCACHED | TTM_PL_FLAG_WC;

/** The names scenarios and reports use for memory types. */
export const MEM_TYPE_NAMES = ['SYSTEM', 'TT', 'VRAM', 'PRIV'] as const;
export type MemTypeName = (typeof MEM_TYPE_NAMES)[number];

export function memTypeName(t: number): string {
  return MEM_TYPE_NAMES[t] ?? `PRIV${t - TTM_PL_PRIV}`;
}

/** struct ttm_place. */
export interface TtmPlace {
  /** First and last (exclusive, 0 = none) page frame allowed. */
  fpfn: number;
  lpfn: number;
  memType: number;
  flags: number;
}

/** struct ttm_placement: the preferred placements, and the ones to use when those are full (evicting). */
export interface TtmPlacement {
  placement: TtmPlace[];
  busy: TtmPlace[];
}

export function place(memType: number, flags = TTM_PL_MASK_CACHING): TtmPlace {
  return { fpfn: 0, lpfn: 0, memType, flags };
}
