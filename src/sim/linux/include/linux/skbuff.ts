// struct sk_buff and struct skb_shared_info (include/linux/skbuff.h 5.15), the parts the page_pool
// recycling path reads.

/** SKB_DATA_ALIGN(sizeof(struct skb_shared_info)) on x86-64: the tail of every head. */
export const SKB_SHINFO_SIZE = 320;
/** sizeof(struct sk_buff), the object size of skbuff_head_cache. */
export const SKB_SIZE = 232;
export const MAX_SKB_FRAGS = 17;

/** skb_frag_t: a page, an offset and a size. */
export interface SkbFrag {
  pfn: number;
  off: number;
  size: number;
}

/** struct skb_shared_info at the end of a head; `id` numbers the head in the run. */
export interface SkbShinfo {
  id: number;
  /** Physical address of skb->head. */
  head: number;
  /** Head in a page fragment (build_skb) rather than kmalloc. */
  headFrag: boolean;
  /** Bytes of the head buffer, the shared info included. */
  size: number;
  dataref: number;
  frags: SkbFrag[];
  /** skb_free_head() ran. */
  freed: boolean;
}

export interface SkBuff {
  name: string;
  /** Physical address of the struct sk_buff in skbuff_head_cache. */
  obj: number;
  /** The head this skb points at (shinfo id). */
  shinfo: number;
  ppRecycle: boolean;
  cloned: boolean;
  len: number;
  /** skb_headlen(): bytes in the linear part. */
  headlen: number;
  /** skb_tailroom(). */
  tailroom: number;
  freed: boolean;
}
