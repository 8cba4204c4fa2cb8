// Panfrost's own shrinker, drivers/gpu/drm/panfrost/panfrost_gem_shrinker.c 5.19 (before the v6
// series replaced it): count and scan walk pfdev->shrinker_list in simulated memory.
import { GEM, SHMEM } from '../../../../include/drm/drm_gem_shmem_helper.ts';
import { DEFAULT_SEEKS, SHRINK_STOP, type Shrinker } from '../../../../include/linux/shrinker.ts';
import { KERN_INFO } from '../../../../../engine/recorder.ts';
import { pagesLock, shmemIsPurgeable, shmemPurgeLocked } from '../drm_gem_shmem_helper.ts';
import type { GemObject, Panfrost } from './panfrost_device.ts';
import { shrinkerList } from './panfrost_gem.ts';

const entryObject = (p: Panfrost, entry: bigint): GemObject | undefined => p.objects.find((o) => o.va + BigInt(SHMEM.madvList) === entry && !o.freed) ?? p.objects.find((o) => o.va + BigInt(SHMEM.madvList) === entry);

/** How far the scan's own walk may go before kernscope calls it endless: every object ever created, and the head. */
const bound = (p: Panfrost): number => p.objects.length + 1;

export function panfrostShrinker(p: Panfrost): Shrinker {
  return {
    name: 'panfrost',
    countFn: 'panfrost_gem_shrinker_count',
    scanFn: 'panfrost_gem_shrinker_scan',
    seeks: DEFAULT_SEEKS,
    batch: 0,
    // panfrost_gem_shrinker_count(): the purgeable pages on the list
    countObjects(sc) {
      const lk = p.sys.locking.locking;
      const ip = 'panfrost_gem_shrinker_count+0x44/0xe8';
      const stack = ['do_shrink_slab+0xa8/0x808', ...sc.stack.slice(1)];
      if (!lk.lock('pfdev->shrinker_lock', 'write', { ip: 'panfrost_gem_shrinker_count+0x2c/0xe8', stack, trylock: true })) return 0;
      const walk = p.heads.walk(shrinkerList(p), ip, stack);
      if (walk.endless) p.spinForever('panfrost_gem_shrinker_count');
      let count = 0;
      for (const e of walk.entries) {
        const o = entryObject(p, e);
        if (o && shmemIsPurgeable(p, o, ip, stack)) count += p.r32(o.va + BigInt(GEM.size), ip, stack) >>> 12;
      }
      lk.unlock('pfdev->shrinker_lock', { ip: 'panfrost_gem_shrinker_count+0xc4/0xe8', stack });
      return count;
    },
    // panfrost_gem_shrinker_scan(): purge what can be purged, list_del_init() it
    scanObjects(sc) {
      const lk = p.sys.locking.locking;
      const ip = 'panfrost_gem_shrinker_scan+0x70/0x1d8';
      const stack = sc.stack;
      if (!lk.lock('pfdev->shrinker_lock', 'write', { ip: 'panfrost_gem_shrinker_scan+0x34/0x1d8', stack, trylock: true })) return SHRINK_STOP;
      let freed = 0;
      const head = shrinkerList(p);
      // list_for_each_entry_safe(): the next entry is read before the body runs
      let e = p.r64(head, ip, stack);
      let steps = 0;
      while (e !== head) {
        if (freed >= sc.nrToScan) break;
        if (++steps > bound(p)) {
          p.k.rec.finding('list.endless_walk', `kernscope: list walk from 0x${head.toString(16)} in panfrost_gem_shrinker_scan never gets back to the head (more than ${bound(p)} entries)`, { head: `0x${head.toString(16)}`, at: `0x${e.toString(16)}`, reason: 'bound', entries: steps, caller: 'panfrost_gem_shrinker_scan' });
          p.spinForever('panfrost_gem_shrinker_scan');
        }
        const next = p.r64(e, ip, stack);
        const o = entryObject(p, e);
        if (o && shmemIsPurgeable(p, o, ip, stack) && purge(p, o, stack)) {
          freed += p.r32(o.va + BigInt(GEM.size), ip, stack) >>> 12;
          p.heads.delInit(e, 'panfrost_gem_shrinker_scan+0x134/0x1d8', stack);
        }
        e = next;
      }
      lk.unlock('pfdev->shrinker_lock', { ip: 'panfrost_gem_shrinker_scan+0x160/0x1d8', stack });
      p.scans++;
      if (freed > 0) p.k.printk(KERN_INFO, `Purging ${freed * 4096} bytes`);
      return freed;
    },
  };
}

// panfrost_gem_purge(): trylock the mappings and the pages, tear down the GPU mappings, purge
function purge(p: Panfrost, o: GemObject, stack: readonly string[]): boolean {
  const lk = p.sys.locking.locking;
  const inner = ['panfrost_gem_purge+0x4c/0x110', ...stack];
  if (!lk.lock(`mappings:${o.name}`, 'write', { ip: 'panfrost_gem_purge+0x38/0x110', stack, trylock: true })) return false;
  let ok = false;
  if (lk.lock(pagesLock(o), 'write', { ip: 'panfrost_gem_purge+0x4c/0x110', stack, trylock: true })) {
    shmemPurgeLocked(p, o, inner);
    ok = true;
    lk.unlock(pagesLock(o), { ip: 'panfrost_gem_purge+0x90/0x110', stack });
  }
  lk.unlock(`mappings:${o.name}`, { ip: 'panfrost_gem_purge+0xa0/0x110', stack });
  return ok;
}
