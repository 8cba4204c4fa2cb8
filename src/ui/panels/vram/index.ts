// The VRAM view: the GPU's buffer objects at the cursor as blocks by placement and state
// (resident, pinned, evicting, evicted, failed), the BAR1 aperture marked, and the history of the
// buffer clicked. Offered for runs with a GPU, and shown first for them. Loaded on first use.
import { lazy } from 'react';
import { ask, type RequestOf } from '../../../worker/protocol.ts';
import { definePanel, query } from '../contract.ts';
import { hasGpu } from './gpu.ts';
import { VRAM_FIELDS, type VramSlice } from './slice.ts';

export const vramPanel = definePanel<VramSlice>({
  title: 'VRAM',
  place: 'view',
  component: lazy(() => import('./VramPanel.tsx').then((m) => ({ default: m.VramPanel }))),
  loading: 'VRAM map',
  offered: hasGpu,
  priority: (info) => (hasGpu(info) ? 4 : 0),
  fields: VRAM_FIELDS,
  atCursor: query({
    requests: () => [ask('vramMap', {})] as const,
    receive: (_v, [map], _asked, { at }) => ({ now: { cursor: at, map } }),
  }),
  // the buffer's whole story: events after the cursor are listed dimmed
  ofRun: query({
    requests: (v): [] | [RequestOf<'boHistory'>] => (v.bo === null ? [] : [ask('boHistory', { bo: v.bo })]),
    receive: (v, [rows], [req]) => (rows && req && req.args.bo === v.bo ? { history: { bo: req.args.bo, rows } } : {}),
  }),
});
