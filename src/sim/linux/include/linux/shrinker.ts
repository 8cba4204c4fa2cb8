// struct shrinker and struct shrink_control, include/linux/shrinker.h 5.19: what a cache that can
// give memory back under pressure registers with reclaim.

/** SHRINK_STOP (~0UL): scan_objects() cannot make progress now. */
export const SHRINK_STOP = -1;
/** SHRINK_EMPTY (~0UL - 1): count_objects() found nothing at all. */
export const SHRINK_EMPTY = -2;
/** SHRINK_BATCH, mm/vmscan.c. */
export const SHRINK_BATCH = 128;
/** DEFAULT_SEEKS: objects are as costly to recreate as a page read from disk twice. */
export const DEFAULT_SEEKS = 2;

export interface ShrinkControl {
  readonly gfpMask: number;
  readonly nid: number;
  /** How many objects scan_objects() should look at. */
  nrToScan: number;
  nrScanned: number;
  /** The frames above do_shrink_slab(), innermost first, for the stacks of what the callbacks report. */
  readonly stack: readonly string[];
}

export interface Shrinker {
  /** The name the model shows (the callbacks' owner, e.g. "panfrost"). */
  readonly name: string;
  /** The callbacks as kallsyms names them, with the offsets do_shrink_slab() calls them from. */
  readonly countFn: string;
  readonly scanFn: string;
  readonly seeks: number;
  /** 0: SHRINK_BATCH. */
  readonly batch: number;
  countObjects(sc: ShrinkControl): number;
  scanObjects(sc: ShrinkControl): number;
}
