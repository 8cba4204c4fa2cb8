// net/core/skbuff.c 5.15, the paths page_pool recycling runs through: napi_build_skb(),
// napi_alloc_skb(), skb_add_rx_frag(), skb_clone(), pskb_expand_head(), skb_try_coalesce() with
// kfree_skb_partial(), skb_release_data(), skb_free_head(), kfree_skb()/consume_skb().
import { eventKind } from '../../../engine/recorder.ts';
import type { Slub } from '../../mm/slub.ts';
import type { KmemCache } from '../../mm/slab.ts';
import { PAGE_SIZE } from '../../include/linux/mm_types.ts';
import { MAX_SKB_FRAGS, SKB_SHINFO_SIZE, SKB_SIZE, type SkBuff, type SkbFrag, type SkbShinfo } from '../../include/linux/skbuff.ts';
import { PP_FLAG_PAGE_FRAG } from '../../include/net/page_pool.ts';
import { PATCH_ATOMIC_FRAG_COUNT, type PagePool } from './page_pool.ts';

export const EV_SKB_BUILD = eventKind('skb.build');
export const EV_SKB_FRAG = eventKind('skb.add_rx_frag');
export const EV_SKB_CLONE = eventKind('skb.clone');
export const EV_SKB_EXPAND = eventKind('skb.expand_head');
export const EV_SKB_RELEASE = eventKind('skb.release_data');
export const EV_SKB_FREE = eventKind('skb.free');
export const EV_SKB_COALESCE = eventKind('skb.coalesce');

/** NET_SKB_PAD and NET_IP_ALIGN on x86-64 (headroom napi_alloc_skb() reserves). */
const NET_SKB_PAD = 64;
const NET_IP_ALIGN = 0;

export { PATCH_ATOMIC_FRAG_COUNT };

/** skbuff_head_cache, created on first use (skb_init() at boot in the kernel). */
function headCache(slub: Slub): KmemCache {
  return slub.findCache('skbuff_head_cache') ?? slub.kmemCacheCreate('skbuff_head_cache', SKB_SIZE, 0, ['SLAB_HWCACHE_ALIGN']);
}

function newSkb(pp: PagePool, slub: Slub, name: string, shinfo: number): SkBuff | null {
  const obj = slub.kmemCacheAlloc(headCache(slub));
  if (obj === null) return null;
  const skb: SkBuff = { name, obj, shinfo, ppRecycle: false, cloned: false, len: 0, headlen: 0, tailroom: 0, freed: false };
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
  skb.len = skb.headlen = Math.max(0, buf.size - SKB_SHINFO_SIZE);
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
  n.headlen = skb.headlen;
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

// __skb_frag_ref(): get_page(); before the fragment count a pool put drops a page reference, so this is one more to return
function skbFragRef(pp: PagePool, f: SkbFrag): void {
  pp.pageRefAdd(f.pfn, 1);
  if (pp.putsDropPageRefs(f.pfn)) pp.handOut(f.pfn, f.off, f.size);
}

// page_pool_atomic_frag_count: a page_pool fragment gets a fragment count of its own (atomic_long_inc(&page->pp_frag_count))
function ppFragRef(pp: PagePool, f: SkbFrag): boolean {
  const pg = pp.page(f.pfn);
  const pool = pg && pg.magic && pg.pool >= 0 ? pp.st.pools[pg.pool]! : null;
  if (!pool || (pool.flags & PP_FLAG_PAGE_FRAG) === 0) return false;
  // atomic_long_t: LONG_MAX + 1 wraps (5.15's BIAS_MAX is LONG_MAX)
  pg!.fragCount = BigInt.asIntN(64, BigInt(pg!.fragCount) + 1n).toString();
  pp.handOut(f.pfn, f.off, f.size);
  return true;
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
    for (const f of old.frags) skbFragRef(pp, f);
    skbReleaseData(pp, slub, skb);
  } else {
    skbFreeHead(pp, slub, old, skb.ppRecycle, skb.name);
  }
  skb.shinfo = id;
  skb.cloned = false;
  return true;
}

// skb_release_data(), 5.15 (5.14-rc1 where it differs): the last holder of the head drops its frags and frees it; every other holder loses pp_recycle
export function skbReleaseData(pp: PagePool, slub: Slub, skb: SkBuff): void {
  const sh = pp.st.shinfos[skb.shinfo]!;
  if (skb.cloned) {
    sh.dataref--;
    pp.k.rec.emit(EV_SKB_RELEASE, sh.head, sh.dataref, { skb: skb.name });
    if (sh.dataref !== 0) {
      // the clone keeps the head: only the last holder may recycle (2cc3aeb5b8cc clears the copied bit; 5.14-rc1 keeps it)
      if (pp.clearsClonedRecycle()) skb.ppRecycle = false;
      return;
    }
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
  if (pp.clearsClonedRecycle()) skb.ppRecycle = false;
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

// napi_alloc_skb(): a small head (up to SKB_WITH_OVERHEAD(1024)) comes from kmalloc, the headers copied into it
export function napiAllocSkb(pp: PagePool, slub: Slub, name: string, len: number): SkBuff | null {
  const size = ((len + NET_SKB_PAD + NET_IP_ALIGN + 63) & ~63) + SKB_SHINFO_SIZE;
  const data = slub.kmalloc(size);
  if (data === null) return null;
  const id = pp.st.shinfos.length;
  pp.st.shinfos.push({ id, head: data, headFrag: false, size, dataref: 1, frags: [], freed: false });
  const skb = newSkb(pp, slub, name, id);
  if (!skb) return null;
  skb.len = skb.headlen = len;
  skb.tailroom = size - SKB_SHINFO_SIZE - NET_SKB_PAD - NET_IP_ALIGN - len;
  pp.k.rec.emit(EV_SKB_BUILD, data, size, { skb: name });
  return skb;
}

// skb_try_coalesce(), 5.15: from's data joins to's frags; a shared head's frags are referenced with get_page()
export function skbTryCoalesce(pp: PagePool, to: SkBuff, from: SkBuff): { ok: boolean; why: string } {
  if (skbCloned(pp, to)) return { ok: false, why: 'to is cloned' };
  const patched = pp.k.patch(PATCH_ATOMIC_FRAG_COUNT);
  if (to.ppRecycle !== from.ppRecycle) return { ok: false, why: 'pp_recycle differs' };
  const len = from.len;
  if (len <= to.tailroom) {
    to.tailroom -= len;
    to.len += len;
    to.headlen += len;
    return { ok: true, why: 'copied into tailroom' };
  }
  if (from.headlen !== 0) return { ok: false, why: 'from has a linear part' };
  const fsh = pp.st.shinfos[from.shinfo]!;
  const tsh = pp.st.shinfos[to.shinfo]!;
  if (tsh.frags.length + fsh.frags.length > MAX_SKB_FRAGS) return { ok: false, why: 'too many frags' };
  const cloned = skbCloned(pp, from);
  for (const f of fsh.frags) {
    tsh.frags.push({ ...f });
    if (!cloned) continue;
    // a recycling skb's page_pool fragment takes a fragment count of its own (skb_pp_frag_ref())
    if (patched && from.ppRecycle && ppFragRef(pp, f)) continue;
    skbFragRef(pp, f);
  }
  if (!cloned) fsh.frags = [];
  to.len += len;
  pp.k.rec.emit(EV_SKB_COALESCE, tsh.head, tsh.frags.length, { to: to.name, from: from.name, cloned });
  return { ok: true, why: cloned ? 'frags referenced' : 'frags moved' };
}

// kfree_skb_partial(from, false) = __kfree_skb(): the sk_buff and its reference to the head
export function kfreeSkbPartial(pp: PagePool, slub: Slub, skb: SkBuff): void {
  kfreeSkb(pp, slub, skb, true);
}

// skb_pull(): the headers are consumed from the linear part
export function skbPull(skb: SkBuff, len: number): void {
  skb.headlen -= len;
  skb.len -= len;
}

// kfree_skb() / consume_skb(): skb_release_all(), then the sk_buff back to skbuff_head_cache
export function kfreeSkb(pp: PagePool, slub: Slub, skb: SkBuff, consume: boolean): void {
  pp.k.rec.emit(EV_SKB_FREE, skb.obj, consume ? 1 : 0, { skb: skb.name });
  // the skb owns nothing from here on: its own release is not "another owner"
  skb.freed = true;
  skbReleaseData(pp, slub, skb);
  slub.kmemCacheFree(headCache(slub), skb.obj);
}
