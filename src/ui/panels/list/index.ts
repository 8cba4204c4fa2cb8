// The List view: a kernel list at the cursor read from simulated memory, drawn as a ring of nodes
// with next and prev arrows and the place where it breaks. Offered for runs that name list heads
// (list_head_init steps, models). Loaded on first use.
import { lazy } from 'react';
import { ask } from '../../../worker/protocol.ts';
import { definePanel, query } from '../contract.ts';
import { LIST_FIELDS, type ListSlice } from './slice.ts';

export const listPanel = definePanel<ListSlice>({
  title: 'List',
  place: 'view',
  component: lazy(() => import('./ListPanel.tsx').then((m) => ({ default: m.ListPanel }))),
  loading: 'list',
  offered: (info) => (info.listHeads?.length ?? 0) > 0,
  // shown first when a list check or an endless walk is what the run is about
  priority: (info) => (info.findings.some((f) => f.kind.startsWith('list.')) ? 5 : 0),
  fields: LIST_FIELDS,
  atCursor: query({
    requests: (l, { info }) => [ask('listRing', { head: l.head ?? info.listHeads?.[0] ?? '' })] as const,
    receive: (_l, [ring], _asked, { at }) => ({ now: { cursor: at, ring } }),
  }),
});
