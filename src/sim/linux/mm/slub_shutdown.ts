// Destroying a cache: kmem_cache_destroy() -> shutdown_cache() (mm/slab_common.c 6.8) ->
// __kmem_cache_shutdown(), free_partial() and list_slab_objects() (mm/slub.c), then kmem_cache_release().
import { F_LRU_NEXT, F_SLAB_INUSE, F_SLAB_OBJECTS, PAGE_SIZE } from '../include/linux/mm_types.ts';
import { C_ALIVE, C_NODE_STRUCT, C_NR_PARTIAL, C_NR_SLABS, C_PARTIAL_HEAD, C_REFCOUNT, C_STRUCT, type KmemCache, SLAB_RED_ZONE } from './slab.ts';
import { findByName } from './slab_common.ts';
import { flushAll } from './slub_cpu_slab.ts';
import { cacheBase, EV_REPORT, fpop, fpush, type SlubState } from './slub_def.ts';
import { freeStruct } from './slub_free.ts';
import { discardSlab } from './slub_new_slab.ts';
import { removePartial } from './slub_node.ts';
import { dumpStack, err, P, slabErr, warn } from './slub_report.ts';
import { printTracking } from './slub_track.ts';
import { fillMap } from './slub_validate.ts';

// kmem_cache_destroy() -> shutdown_cache() -> __kmem_cache_shutdown(), then kmem_cache_release()
export function shutdownCache(slub: SlubState, s: KmemCache): void {
  const b = cacheBase(slub, s);
  if (!s.alive) return;
  slub.st[b + C_REFCOUNT]--;
  if (slub.st[b + C_REFCOUNT] !== 0) {
    for (let i = slub.aliasNames.length - 1; i >= 0; i--)
      if (slub.aliasAlive[i] && slub.aliasTarget[i] === s.id) {
        slub.aliasAlive[i] = 0;
        break;
      }
    return;
  }
  fpush(slub, '__kmem_cache_shutdown');
  flushAll(slub, s);
  freePartial(slub, s);
  fpop(slub);
  if (slub.st[b + C_NR_PARTIAL] !== 0 || slub.st[b + C_NR_SLABS] !== 0) {
    if (slub.v2625) {
      slub.k.rec.emit(EV_REPORT, s.id, 0);
      const text = `SLUB ${s.name}: kmem_cache_destroy called for cache that still has objects.`;
      err(slub, text);
      dumpStack(slub);
      slub.k.rec.finding('slub.objects_remaining', text, { cache: s.name, addr: '', object: '' });
      return;
    }
    const msg = `kmem_cache_destroy ${s.name}: Slab cache still has objects when called from ${slub.syms.pS(slub.callSite.name, slub.callSite.module)}`;
    warn(slub, s, msg, 'kmem_cache_destroy', 'slub.objects_remaining', { cache: s.name, addr: '', object: '' });
    return;
  }
  // kmem_cache_release(): the node and cache structures go back to their caches
  slub.st[b + C_ALIVE] = 0;
  for (let i = 0; i < slub.aliasNames.length; i++) if (slub.aliasTarget[i] === s.id) slub.aliasAlive[i] = 0;
  const kc = findByName(slub, 'kmem_cache');
  const kcn = findByName(slub, 'kmem_cache_node');
  if (kcn && slub.st[b + C_NODE_STRUCT]! > 0) freeStruct(slub, kcn, slub.st[b + C_NODE_STRUCT]! - 1);
  if (kc && slub.st[b + C_STRUCT]! > 0) freeStruct(slub, kc, slub.st[b + C_STRUCT]! - 1);
  slub.st[b + C_NODE_STRUCT] = slub.st[b + C_STRUCT] = 0;
}

// free_partial(), mm/slub.c 6.8
function freePartial(slub: SlubState, s: KmemCache): void {
  const b = cacheBase(slub, s);
  const discard: number[] = [];
  let cur = slub.st[b + C_PARTIAL_HEAD]!;
  while (cur !== 0) {
    const pfn = cur - 1;
    cur = slub.pages.get(pfn, F_LRU_NEXT);
    if (slub.pages.get(pfn, F_SLAB_INUSE) === 0) {
      removePartial(slub, s, pfn);
      discard.push(pfn);
    } else listSlabObjects(slub, s, pfn);
  }
  for (const pfn of discard) discardSlab(slub, s, pfn);
}

// list_slab_objects(), mm/slub.c 6.8
function listSlabObjects(slub: SlubState, s: KmemCache, pfn: number): void {
  if (slub.v2625) return;
  const objects = slub.pages.get(pfn, F_SLAB_OBJECTS);
  const free = fillMap(slub, s, pfn);
  const used: string[] = [];
  let obj = pfn * PAGE_SIZE + ((s.flags & SLAB_RED_ZONE) !== 0 ? s.redLeftPad : 0);
  for (let i = 0; i < objects; i++, obj += s.size) if (!free[i]) used.push(slub.k.va(obj));
  slabErr(slub, s, pfn, `Objects remaining in ${s.name} on __kmem_cache_shutdown()`, 'slub.objects_remaining', pfn * PAGE_SIZE, { objects: used.length, first: used[0] ?? '' });
  obj = pfn * PAGE_SIZE + ((s.flags & SLAB_RED_ZONE) !== 0 ? s.redLeftPad : 0);
  for (let i = 0; i < objects; i++, obj += s.size) {
    if (free[i]) continue;
    err(slub, `Object 0x${P(slub, obj)} @offset=${obj - pfn * PAGE_SIZE}`);
    printTracking(slub, s, obj);
  }
}
