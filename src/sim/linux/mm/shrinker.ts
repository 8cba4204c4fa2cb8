// The shrinker list and shrink_slab() -> do_shrink_slab(), mm/vmscan.c 5.19: how much of a cache
// reclaim asks for at a priority, in batches, with the work it could not do deferred to the next call.
import { eventKind } from '../../engine/recorder.ts';
import type { Kernel } from '../../machine/kernel.ts';
import { SHRINK_BATCH, SHRINK_EMPTY, SHRINK_STOP, type ShrinkControl, type Shrinker } from '../include/linux/shrinker.ts';

export const EV_SHRINK_SLAB = eventKind('mm.shrink_slab');
export const EV_SHRINKER_COUNT = eventKind('mm.shrinker_count');
export const EV_SHRINKER_SCAN = eventKind('mm.shrinker_scan');

export interface ShrinkersSnapshot {
  deferred: number[];
  /** How many shrinkers were registered. */
  registered: number;
}

/** register_shrinker()'s list (shrinker_list) with each shrinker's nr_deferred. */
export class Shrinkers {
  list: Shrinker[] = [];
  // every shrinker this run ever registered, in order: a restore to an earlier moment keeps the
  // ones registered by then, and replaying a registration finds its shrinker here again
  private readonly ever: Shrinker[] = [];
  private deferred: number[] = [];

  constructor(private readonly k: Kernel) {}

  // register_shrinker(): prealloc_shrinker() + list_add_tail(&shrinker->list, &shrinker_list)
  register(s: Shrinker): void {
    if (this.ever.length === this.list.length) this.ever.push(s);
    else this.ever[this.list.length] = s;
    this.list.push(s);
    this.deferred.push(0);
  }

  snapshot(): ShrinkersSnapshot {
    return { deferred: this.deferred.slice(), registered: this.list.length };
  }

  restore(s: ShrinkersSnapshot): void {
    if (s.registered > this.ever.length) throw new Error(`shrinker snapshot names ${s.registered} shrinkers; this run registered ${this.ever.length}`);
    this.list = this.ever.slice(0, s.registered);
    this.deferred = s.deferred.slice();
  }

  nrDeferred(i: number): number {
    return this.deferred[i] ?? 0;
  }

  // shrink_slab(), mm/vmscan.c 5.19 (no memcg): every registered shrinker, in registration order
  shrinkSlab(gfpMask: number, priority: number, stack: readonly string[]): number {
    this.k.rec.emit(EV_SHRINK_SLAB, priority, this.list.length, { fn: 'shrink_slab', priority });
    let freed = 0;
    const inner = ['shrink_slab+0x11c/0x408', ...stack];
    for (let i = 0; i < this.list.length; i++) {
      const sc: ShrinkControl = { gfpMask, nid: 0, nrToScan: 0, nrScanned: 0, stack: ['do_shrink_slab+0x220/0x808', ...inner] };
      const ret = this.doShrinkSlab(i, sc, priority);
      if (ret === SHRINK_EMPTY) continue;
      freed += ret;
    }
    return freed;
  }

  // do_shrink_slab(), mm/vmscan.c 5.19
  private doShrinkSlab(i: number, sc: ShrinkControl, priority: number): number {
    const s = this.list[i]!;
    const freeable = s.countObjects(sc);
    this.k.rec.emit(EV_SHRINKER_COUNT, i, freeable, { fn: s.countFn, shrinker: s.name, freeable });
    if (freeable === 0 || freeable === SHRINK_EMPTY) return freeable;
    // xchg_nr_deferred()
    const nr = this.deferred[i]!;
    this.deferred[i] = 0;
    let delta: number;
    if (s.seeks) {
      delta = Math.floor(Math.floor(freeable / 2 ** priority) * 4 / s.seeks);
    } else {
      delta = Math.floor(freeable / 2);
    }
    let totalScan = Math.floor(nr / 2 ** priority) + delta;
    totalScan = Math.min(totalScan, 2 * freeable);
    const batchSize = s.batch || SHRINK_BATCH;
    let freed = 0;
    let scanned = 0;
    while (totalScan >= batchSize || totalScan >= freeable) {
      const nrToScan = Math.min(batchSize, totalScan);
      sc.nrToScan = nrToScan;
      sc.nrScanned = nrToScan;
      const ret = s.scanObjects(sc);
      this.k.rec.emit(EV_SHRINKER_SCAN, i, ret, { fn: s.scanFn, shrinker: s.name, nr_to_scan: nrToScan, freed: ret === SHRINK_STOP ? 'SHRINK_STOP' : ret, priority });
      if (ret === SHRINK_STOP) break;
      freed += ret;
      totalScan -= sc.nrScanned;
      scanned += sc.nrScanned;
    }
    // the work not done is deferred, at most twice what the cache holds
    const next = Math.min(Math.max(nr + delta - scanned, 0), 2 * freeable);
    this.deferred[i] = (this.deferred[i] ?? 0) + next;
    return freed;
  }
}
