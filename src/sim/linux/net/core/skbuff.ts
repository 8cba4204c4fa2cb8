// net/core/skbuff.c 5.15, the paths page_pool recycling runs through: napi_build_skb(),
// skb_add_rx_frag(), skb_clone(), pskb_expand_head(), skb_release_data(), skb_free_head(),
// kfree_skb()/consume_skb(). skb_release_data() is the thread's tree: it does not clear
// skb->pp_recycle on the cloned path.
import { eventKind } from '../../../engine/recorder.ts';
import type { Slub } from '../../mm/slub.ts';
import type { KmemCache } from '../../mm/slab.ts';
import { PAGE_SIZE } from '../../include/linux/mm_types.ts';
import { SKB_SHINFO_SIZE, SKB_SIZE, type SkBuff, type SkbFrag, type SkbShinfo } from '../../include/linux/skbuff.ts';
import { PP_FLAG_PAGE_FRAG } from '../../include/net/page_pool.ts';
import type { PagePool } from './page_pool.ts';

export const EV_SKB_BUILD = eventKind('skb.build');
export const EV_SKB_FRAG = eventKind('skb.add_rx_frag');
export const EV_SKB_CLONE = eventKind('skb.clone');
export const EV_SKB_EXPAND = eventKind('skb.expand_head');
export const EV_SKB_RELEASE = eventKind('skb.release_data');
export const EV_SKB_FREE = eventKind('skb.free');

export const PATCH_ATOMIC_FRAG_COUNT = 'page_pool_atomic_frag_count';

/** skbuff_head_cache, created on first use (skb_init() at boot in the kernel). */
function headCache(slub: Slub): KmemCache {
  return slub.findCache('skbuff_head_cache') ?? slub.kmemCacheCreate('skbuff_head_cache', SKB_SIZE, 0, ['SLAB_HWCACHE_ALIGN']);
}

function newSkb(pp: PagePool, slub: Slub, name: string, shinfo: number): SkBuff | null {
  const obj = slub.kmemCacheAlloc(headCache(slub));
  if (obj === null) return null;
  const skb: SkBuff = { name, obj, shinfo, ppRecycle: false, cloned: false, len: 0, freed: false };
  pp.st.skbs.push(skb);
  return skb;
}

// napi_build_skb() / build_skb(): the head is the buffer itself, its tail the shared info
export function buildSkb(pp: PagePool, slub: Slub, name: string, buf: { pfn: number; off: number; size: number }): SkBuff | null {
  const id = pp.st.shinfos.length;
  const sh: SkbShinfo = { id, head: buf.pfn * PAGE_SIZE + buf.off, headFrag: true, size: buf.size, dataref: 1, frags: [], freed: false };
  pp.st.shinfos.push(sh);
  const skb = newSkb(pp, slub, name, id);
  if (!skb) return null;
  skb.len = Math.max(0, buf.size - SKB_SHINFO_SIZE);
  pp.k.rec.emit(EV_SKB_BUILD, sh.head, buf.size, { skb: name });
  return skb;
}

// skb_add_rx_frag(): the next frags[] slot
export function skbAddRxFrag(pp: PagePool, skb: SkBuff, frag: SkbFrag): void {
  const sh = pp.st.shinfos[skb.shinfo]!;
  sh.frags.push({ ...frag });
  skb.len += frag.size;
  pp.k.rec.emit(EV_SKB_FRAG, frag.pfn * PAGE_SIZE + frag.off, frag.size, { skb: skb.name, nr_frags: sh.frags.length });
}

// skb_mark_for_recycle(), include/linux/skbuff.h 5.15
export function skbMarkForRecycle(skb: SkBuff): void {
  skb.ppRecycle = true;
}

// skb_clone() / __skb_clone(): a second sk_buff on the same head, dataref++, pp_recycle copied
export function skbClone(pp: PagePool, slub: Slub, skb: SkBuff, name: string): SkBuff | null {
  const n = newSkb(pp, slub, name, skb.shinfo);
  if (!n) return null;
  const sh = pp.st.shinfos[skb.shinfo]!;
  n.len = skb.len;
  n.ppRecycle = skb.ppRecycle;
  n.cloned = skb.cloned = true;
  sh.dataref++;
  pp.k.rec.emit(EV_SKB_CLONE, sh.head, sh.dataref, { skb: skb.name, clone: name });
  return n;
}

// skb_cloned(): the head is shared
function skbCloned(pp: PagePool, skb: SkBuff): boolean {
  return skb.cloned && pp.st.shinfos[skb.shinfo]!.dataref !== 1;
}

// skb_frag_ref(): get_page(); with page_pool_atomic_frag_count a page_pool fragment of a recycling skb takes a fragment count instead
function skbFragRef(pp: PagePool, skb: SkBuff, f: SkbFrag): void {
  const pg = pp.page(f.pfn);
  const pool = pg && pg.magic && pg.pool >= 0 ? pp.st.pools[pg.pool]! : null;
  if (pp.k.patch(PATCH_ATOMIC_FRAG_COUNT) && skb.ppRecycle && pool && pool.flags & PP_FLAG_PAGE_FRAG) {
    // atomic_long_inc(&page->pp_frag_count): the new owner holds a fragment reference of its own
    pg!.fragCount = (BigInt(pg!.fragCount) + 1n).toString();
    pp.handOut(f.pfn, f.off, f.size);
    return;
  }
  pp.pageRefAdd(f.pfn, 1);
}

// pskb_expand_head(): a new kmalloc head; a shared old head keeps its frags through page references
export function pskbExpandHead(pp: PagePool, slub: Slub, skb: SkBuff, nhead: number): boolean {
  const old = pp.st.shinfos[skb.shinfo]!;
  const dataLen = Math.max(0, old.size - SKB_SHINFO_SIZE);
  const size = ((nhead + dataLen + 63) & ~63) + SKB_SHINFO_SIZE;
  const data = slub.kmalloc(size);
  if (data === null) return false;
  const id = pp.st.shinfos.length;
  const sh: SkbShinfo = { id, head: data, headFrag: false, size, dataref: 1, frags: old.frags.map((f) => ({ ...f })), freed: false };
  pp.st.shinfos.push(sh);
  pp.k.rec.emit(EV_SKB_EXPAND, data, size, { skb: skb.name, old_head: old.head, cloned: skbCloned(pp, skb) });
  if (skbCloned(pp, skb)) {
    for (const f of old.frags) skbFragRef(pp, skb, f);
    skbReleaseData(pp, slub, skb);
  } else {
    skbFreeHead(pp, slub, old, skb.ppRecycle, skb.name);
  }
  skb.shinfo = id;
  skb.cloned = false;
  return true;
}

// skb_release_data(): the last holder of the head drops its frags and frees it
export function skbReleaseData(pp: PagePool, slub: Slub, skb: SkBuff): void {
  const sh = pp.st.shinfos[skb.shinfo]!;
  if (skb.cloned) {
    sh.dataref--;
    pp.k.rec.emit(EV_SKB_RELEASE, sh.head, sh.dataref, { skb: skb.name });
    if (sh.dataref !== 0) return;
  } else {
    sh.dataref = 0;
    pp.k.rec.emit(EV_SKB_RELEASE, sh.head, 0, { skb: skb.name });
  }
  // __skb_frag_unref(): page_pool pages of a recycling skb go back to their pool
  for (const f of sh.frags) {
    if (skb.ppRecycle && pp.returnSkbPage(f.pfn, skb.name, f.off)) continue;
    pp.putPage(f.pfn, 0);
  }
  skbFreeHead(pp, slub, sh, skb.ppRecycle, skb.name);
}

// skb_free_head(): a page-fragment head goes back to its pool (pp_recycle) or through put_page
function skbFreeHead(pp: PagePool, slub: Slub, sh: SkbShinfo, recycle: boolean, who: string): void {
  sh.freed = true;
  if (sh.headFrag) {
    const pfn = Math.floor(sh.head / PAGE_SIZE);
    if (recycle && pp.returnSkbPage(pfn, who, sh.head % PAGE_SIZE)) return;
    pp.putPage(pfn, 0);
    return;
  }
  slub.kfree(sh.head);
}

// kfree_skb() / consume_skb(): skb_release_all(), then the sk_buff back to skbuff_head_cache
export function kfreeSkb(pp: PagePool, slub: Slub, skb: SkBuff, consume: boolean): void {
  pp.k.rec.emit(EV_SKB_FREE, skb.obj, consume ? 1 : 0, { skb: skb.name });
  // the skb owns nothing from here on: its own release is not "another owner"
  skb.freed = true;
  skbReleaseData(pp, slub, skb);
  slub.kmemCacheFree(headCache(slub), skb.obj);
}
