// include/net/page_pool.h and the page_pool words of struct page (include/linux/mm_types.h), 5.15.

/** PP_FLAG_DMA_MAP: the pool maps each page for DMA and keeps the address in struct page. */
export const PP_FLAG_DMA_MAP = 1 << 0;
/** PP_FLAG_DMA_SYNC_DEV: sync for the device before a recycled page is handed out again. */
export const PP_FLAG_DMA_SYNC_DEV = 1 << 1;
/** PP_FLAG_PAGE_FRAG: pages are split into fragments counted in page->pp_frag_count (5.15). */
export const PP_FLAG_PAGE_FRAG = 1 << 2;
/**
 * PP_FLAG_PAGECNT_BIAS of the "page_pool: add page recycling support based on elevated refcnt" RFC
 * (BIT(2) there too; a bit of its own here so the two designs never read as each other).
 */
export const PP_FLAG_PAGECNT_BIAS = 1 << 3;
export const PP_FLAG_ALL = PP_FLAG_DMA_MAP | PP_FLAG_DMA_SYNC_DEV | PP_FLAG_PAGE_FRAG;
export const PP_FLAG_NAMES: readonly [number, string][] = [
  [PP_FLAG_DMA_MAP, 'PP_FLAG_DMA_MAP'],
  [PP_FLAG_DMA_SYNC_DEV, 'PP_FLAG_DMA_SYNC_DEV'],
  [PP_FLAG_PAGE_FRAG, 'PP_FLAG_PAGE_FRAG'],
  [PP_FLAG_PAGECNT_BIAS, 'PP_FLAG_PAGECNT_BIAS'],
];

export const PP_ALLOC_CACHE_SIZE = 128;
export const PP_ALLOC_CACHE_REFILL = 64;
/** ptr_ring size limit of page_pool_init() (pool_size > 32768 is -E2BIG). */
export const PP_RING_MAX = 32768;

/** PP_SIGNATURE = 0x40 + POISON_POINTER_DELTA (0xdead000000000000 on x86-64). */
export const PP_SIGNATURE = 0xdead000000000040n;
/** BIAS_MAX of net/core/page_pool.c 5.15: LONG_MAX. */
export const BIAS_MAX = 0x7fffffffffffffffn;

/** Offsets of the page_pool words in 5.15's struct page on 64-bit (the union after flags). */
export const PAGE_PP_MAGIC_OFFSET = 8;
export const PAGE_PP_OFFSET = 16;
export const PAGE_DMA_ADDR_OFFSET = 32;
export const PAGE_PP_FRAG_COUNT_OFFSET = 40;
/** sizeof(struct page) on x86-64: vmemmap strides. */
export const STRUCT_PAGE_SIZE = 64;

/** USHRT_MAX: the references a driver takes at once for pagecnt_bias batching (ixgbe, i40e, hns3). */
export const USHRT_MAX = 0xffff;

export const DMA_DIRS = ['DMA_BIDIRECTIONAL', 'DMA_TO_DEVICE', 'DMA_FROM_DEVICE'] as const;
export type DmaDir = (typeof DMA_DIRS)[number];

/** struct page_pool_params plus the state of struct page_pool the model keeps. */
export interface PagePoolState {
  name: string;
  order: number;
  poolSize: number;
  flags: number;
  nid: number;
  dmaDir: DmaDir;
  maxLen: number;
  /** p.frag_size of the elevated-refcnt RFC (0: none). */
  fragSize: number;
  /** pool->alloc.cache[], pfns; the top is the end. */
  cache: number[];
  /** pool->ring (ptr_ring), pfns in produce order. */
  ring: number[];
  /** pool->frag_page (pfn, -1: none), frag_offset, frag_users. */
  fragPage: number;
  fragOffset: number;
  fragUsers: number;
  holdCnt: number;
  releaseCnt: number;
  destroyed: boolean;
}

/** The page_pool words of one struct page, and the driver's pagecnt_bias when it batches references. */
export interface PpPageState {
  pfn: number;
  /** page->pp_magic holds PP_SIGNATURE. */
  magic: boolean;
  /** page->pp: pool index, -1 when NULL. */
  pool: number;
  /** page->dma_addr (0: unmapped). */
  dma: number;
  /** page->pp_frag_count, as a decimal (a long). */
  fragCount: string;
  /** The driver's pagecnt_bias for this page, 0 when it does not batch. */
  bias: number;
  /** page->pp_info->pagecnt_bias of the elevated-refcnt RFC (0: no pp_info or no PP_FLAG_PAGECNT_BIAS). */
  ppBias: number;
}

export function ppFlagNames(flags: number): string[] {
  return PP_FLAG_NAMES.filter(([b]) => (flags & b) !== 0).map(([, n]) => n);
}
