// The GEM view: Panfrost's GEM objects (pages resident or swapped, madvise state, reference count),
// the shrinker lists drawn from their list_head pointers with where a ring breaks, and the run's
// direct reclaims and shrinker scans as a lane. Offered for runs with the Panfrost GPU. Loaded on first use.
import { lazy } from 'react';
import { ask } from '../../../worker/protocol.ts';
import { definePanel, query } from '../contract.ts';
import { hasPanfrost } from './gemModel.ts';
import { GEM_FIELDS, type GemSlice } from './slice.ts';

export const gemPanel = definePanel<GemSlice>({
  title: 'GEM objects',
  place: 'view',
  component: lazy(() => import('./GemPanel.tsx').then((m) => ({ default: m.GemPanel }))),
  loading: 'GEM objects',
  offered: hasPanfrost,
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
