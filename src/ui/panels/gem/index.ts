// The GEM view: the GEM shmem objects of Panfrost or VirtIO-GPU (pages resident, in the page cache or
// in swap with their slots, madvise state, reference count), the shrinker lists drawn from their
// list_head pointers with where a ring breaks, and the run's direct reclaims, shrinker scans and the
// evictions and purges they did as a lane. Offered for runs with either GPU. Loaded on first use.
import { lazy } from 'react';
import { ask } from '../../../worker/protocol.ts';
import { definePanel, query } from '../contract.ts';
import { hasGemShmemGpu } from './gemModel.ts';
import { GEM_FIELDS, type GemSlice } from './slice.ts';

export const gemPanel = definePanel<GemSlice>({
  title: 'GEM objects',
  place: 'view',
  component: lazy(() => import('./GemPanel.tsx').then((m) => ({ default: m.GemPanel }))),
  loading: 'GEM objects',
  offered: hasGemShmemGpu,
  fields: GEM_FIELDS,
  atCursor: query({
    requests: () => [ask('gem', {})] as const,
    receive: (_f, [gem], _asked, { at }) => ({ now: { cursor: at, gem } }),
  }),
  ofRun: query({
    requests: () => [ask('shrinkerScans', {})] as const,
    receive: (_f, [scans]) => ({ scans }),
  }),
});
