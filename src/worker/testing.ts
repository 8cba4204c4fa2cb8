// What the worker's tests share: a clock that slices deterministically, and a run of many small steps.
import type { SliceClock } from './slicer.ts';

/** A clock that moves one ms each time it is read, calling `onYield` between slices or chunks. */
export function tickingClock(onYield: () => void = () => {}): SliceClock & { yields: number } {
  let t = 0;
  const c = {
    yields: 0,
    now: () => t++,
    yield: async () => {
      c.yields++;
      onYield();
    },
  };
  return c;
}

/** A scenario of many small steps: a slab churned `times` times, then a red-zone overwrite. */
export function churnScenario(times: number): string {
  return JSON.stringify({
    format: 'kernscope/1',
    name: 'churn',
    config: { cmdline: 'slub_debug=FZPU' },
    steps: [
      { op: 'kmem_cache_create', cache: 'churn', size: 64 },
      { op: 'repeat', times, steps: [{ op: 'kmem_cache_alloc', cache: 'churn', as: 'p' }, { op: 'kmem_cache_free', ptr: 'p' }] },
      { op: 'kmalloc', size: 32, as: 'q' },
      { op: 'write', ptr: 'q', offset: 32, hex: 'aa' },
      { op: 'kfree', ptr: 'q' },
    ],
  });
}
