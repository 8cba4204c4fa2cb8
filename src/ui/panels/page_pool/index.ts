// The page_pool view: each pool's alloc cache and ptr_ring slot by slot, the pages the run handed
// out with their counts and owners, a page recycled twice highlighted. Offered for runs that
// create a page_pool, and shown first for them. Loaded on first use.
import { lazy } from 'react';
import { ask } from '../../../worker/protocol.ts';
import { definePanel, query } from '../contract.ts';
import { PAGE_POOL_FIELDS, type PagePoolSlice } from './slice.ts';

export const pagePoolPanel = definePanel<PagePoolSlice>({
  title: 'page_pool',
  place: 'view',
  component: lazy(() => import('./PagePoolPanel.tsx').then((m) => ({ default: m.PagePoolPanel }))),
  loading: 'page_pool view',
  offered: (info) => info.pagePool === true,
  priority: (info) => (info.pagePool === true ? 4 : 0),
  fields: PAGE_POOL_FIELDS,
  atCursor: query({
    requests: () => [ask('pagePool', {})] as const,
    receive: (_v, [view], _asked, { at }) => ({ now: { cursor: at, view } }),
  }),
});
